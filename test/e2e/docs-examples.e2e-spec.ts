import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDemoWorld, tokenFor, waitForApplication } from '../support/demo-world';
import { startTestStack, TestStack } from '../support/test-stack';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'docs', 'examples');

interface Step {
  note?: string;
  operation: string;
  as?: string;
  /** The roles of the token (`member` unless given). */
  roles?: string[];
  variables?: Record<string, unknown>;
  waitForStage?: string;
  waitForStatus?: string;
  capture?: Record<string, string>;
  expect?: Record<string, unknown>;
}

const at = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);

function substitute(
  value: unknown,
  values: Map<string, string>,
  orgs: Map<string, string>,
): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /\{\{(org:|file:|daysAgo:)?([^}]+)\}\}/g,
      (_all, prefix: string | undefined, name: string) => {
        if (prefix === 'file:') return readFileSync(join(ROOT, name), 'utf8');
        // A date some days back: a lender reporting a disbursement late.
        if (prefix === 'daysAgo:')
          return new Date(Date.now() - Number(name) * 86_400_000).toISOString().slice(0, 10);
        const found = prefix ? orgs.get(name) : values.get(name);
        if (!found) throw new Error(`no value for placeholder ${_all}`);
        return found;
      },
    );
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, values, orgs));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substitute(v, values, orgs)]),
    );
  }
  return value;
}

let stack: TestStack;
let orgs: Map<string, string>;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  orgs = await loadDemoWorld(stack);
});
afterAll(() => stack?.close());

const walkthroughs = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.steps.json'))
  .map((f) => f.replace(/\.steps\.json$/, ''));

describe('docs/examples walkthroughs', () => {
  it('exist', () =>
    expect(walkthroughs).toEqual(
      expect.arrayContaining([
        '3x1-jerez',
        'linked-pilot-nador',
        'micro-credit-thies',
        'savings-thies',
      ]),
    ));

  it.each(walkthroughs)('%s runs from start to end as written', async (name) => {
    const document = readFileSync(join(EXAMPLES, `${name}.graphql`), 'utf8');
    const steps = JSON.parse(readFileSync(join(EXAMPLES, `${name}.steps.json`), 'utf8')) as Step[];
    const values = new Map<string, string>([['today', new Date().toISOString().slice(0, 10)]]);
    for (const [i, step] of steps.entries()) {
      const applicationId = values.get('applicationId');
      if (step.waitForStage && applicationId) {
        await waitForApplication(stack, applicationId, (a) =>
          a.activeStages.includes(step.waitForStage!),
        );
      }
      if (step.waitForStatus && applicationId) {
        await waitForApplication(stack, applicationId, (a) => a.status === step.waitForStatus);
      }
      const res = await fetch(`${stack.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(step.as ? { authorization: `Bearer ${tokenFor(orgs, step.as, step.roles)}` } : {}),
        },
        body: JSON.stringify({
          query: document,
          operationName: step.operation,
          variables: substitute(step.variables ?? {}, values, orgs),
        }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
      if (body.errors)
        throw new Error(
          `step ${i + 1} (${step.operation} as ${step.as ?? 'anyone'}) failed: ${JSON.stringify(body.errors)}`,
        );
      // EXAMPLES_PRINT=1 prints each answer, for writing a walkthrough's prose.
      if (process.env.EXAMPLES_PRINT === '1')
        process.stdout.write(`${name} ${i + 1} ${step.operation}: ${JSON.stringify(body.data)}\n`);
      for (const [key, path] of Object.entries(step.capture ?? {}))
        values.set(key, String(at(body.data, path)));
      for (const [path, expected] of Object.entries(step.expect ?? {}))
        expect(at(body.data, path)).toEqual(expected);
    }
  });
});
