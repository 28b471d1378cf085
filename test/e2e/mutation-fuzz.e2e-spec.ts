import * as fc from 'fast-check';
import {
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import { JEREZ_PARTIES, potableWaterInJerez, submitAs, useDemoWorld } from '../support/demo-world';
import { mutationRequest, schemaMutations, WRITTEN_TABLES } from '../support/schema-mutations';
import { mintToken } from '../support/tokens';

/**
 * Every mutation of the schema, called with random arguments (fast-check, from the schema's
 * own types) by a caller holding every role: the API never answers 5xx or
 * INTERNAL_SERVER_ERROR, and a refused mutation writes nothing. Ids come from the demo world
 * as well as at random, so steps reach real workflows and services reach real rows.
 */
const world = useDemoWorld();
const mutations = schemaMutations();
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);

/** Strings that have broken APIs before: blanks, control characters, huge and odd numbers, bad dates. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u200b',
  '\ud800',
  'x'.repeat(10_001),
  '0',
  '-1',
  '1e18',
  '0.0000001',
  '10000000000000000000000000',
  '1000000.00',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '2026-12-04',
  '2026-12-04T25:61:00',
  'mx-3x1',
  'MX-ZAC-020',
  'covam-validation',
  'technical-file',
  'coplade-review',
  'national-review',
  'execution',
  'handover',
  'APPROVE',
  'migrants',
  'federal',
  'POTABLE_WATER',
  'https://docs.example.org/p.pdf',
  'javascript:alert(1)',
  'key: [unclosed',
  '{"key": 1}',
  "'; DROP TABLE application; --",
  '../../etc/passwd',
];

/** What the pools of plausible values draw on: the demo world's rows. */
interface Pools {
  application: string;
  organisations: string[];
}

/** A value a client meaning well might send for a field of this name, so calls get past the door. */
function plausible(name: string, pools: Pools): fc.Arbitrary<unknown> {
  const today = new Date().toISOString().slice(0, 10);
  const rules: [RegExp, fc.Arbitrary<unknown>][] = [
    [/^applicationId$/, fc.constant(pools.application)],
    [/organisationId$/i, fc.constantFrom(...pools.organisations)],
    [
      /^stageId$/,
      fc.constantFrom('covam-validation', 'technical-file', 'coplade-review', 'execution'),
    ],
    [/^reference$/, fc.constantFrom('R-1', 'D-1')],
    [/amount$|^rate$/i, fc.constantFrom('1000.00', '1', '0.50', '17.25')],
    [/On$|date$/i, fc.constantFrom(today, '2026-01-15')],
    [/uri$|url$/i, fc.constant('https://docs.example.org/p.pdf')],
    [/type$/i, fc.constantFrom('TECHNICAL_FILE', 'PROGRESS_REPORT', 'PROJECT_PROPOSAL')],
    [/key$/i, fc.constantFrom('mx-3x1', 'es-madrid-2008')],
    [/role$/i, fc.constantFrom('migrants', 'federal', 'state-planning')],
    [/^from$|^to$|currency$/i, fc.constantFrom('MXN', 'USD', 'EUR')],
  ];
  return rules.find(([re]) => re.test(name))?.[1] ?? fc.constantFrom('Motivo razonable', 'ok');
}

function arbitraryOf(
  type: GraphQLInputType,
  name: string,
  pools: Pools,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return required(type.ofType, name, pools, depth);
  return fc.option(required(type, name, pools, depth), { nil: null, freq: 4 });
}

function required(
  type: GraphQLInputType,
  name: string,
  pools: Pools,
  depth: number,
): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return required(type.ofType, name, pools, depth);
  if (isListType(type))
    return fc.array(arbitraryOf(type.ofType, name, pools, depth + 1), {
      maxLength: depth > 1 ? 1 : 3,
    });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.value));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    return fc.record(
      Object.fromEntries(
        fields.map((f) => [f.name, arbitraryOf(f.type, f.name, pools, depth + 1)]),
      ),
      {
        requiredKeys: fields
          .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
          .map((f) => f.name),
      },
    );
  }
  const odd = (arbitrary: fc.Arbitrary<unknown>) =>
    fc.oneof({ arbitrary: plausible(name, pools), weight: 4 }, { arbitrary, weight: 1 });
  switch (getNamedType(type).name) {
    case 'ID':
      return odd(
        fc.oneof(fc.constantFrom(...pools.organisations), fc.uuid(), fc.constantFrom('x', '')),
      );
    case 'Int':
      return fc.oneof(fc.constantFrom(1, 2), fc.integer(), fc.constantFrom(0, -1, 2 ** 31 - 1));
    case 'Float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('2026-02-30T00:00:00Z', 'yesterday'),
      );
    case 'JSON':
      return fc.jsonValue({ maxDepth: 2 });
    default:
      return odd(
        fc.oneof(
          fc.constantFrom(...NASTY),
          fc.string({ maxLength: 30 }),
          fc.string({
            unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
            maxLength: 8,
          }),
        ),
      );
  }
}

async function post(url: string, body: unknown, token: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: {
    data?: Record<string, unknown> | null;
    errors?: { extensions?: { code?: string } }[];
  };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    json = {};
  }
  return { status: res.status, text, json };
}

describe('every mutation, fuzzed', () => {
  it(
    'never answers 5xx or INTERNAL_SERVER_ERROR, and writes nothing when it refuses',
    async () => {
      const { stack, orgs } = world;
      // One 3x1 application in flight, so that steps reach a real workflow, each party
      // represented by a caller holding every role.
      const application = await submitAs(
        stack,
        orgs,
        potableWaterInJerez(orgs),
        JEREZ_PARTIES.migrants,
      );
      const partyIds = [...new Set(Object.values(JEREZ_PARTIES).map((n) => orgs.get(n)!))];
      const pools: Pools = { application, organisations: partyIds };
      const tokens = partyIds.map((org, i) =>
        mintToken({
          sub: `fuzzer-${i}`,
          org,
          roles: ['platform-admin', 'org-admin', 'programme-designer', 'member', 'evaluator'],
        }),
      );
      const tally = new Map<string, number>();
      const counts = async () =>
        (await stack.db.dataSource.query(
          `SELECT ${WRITTEN_TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`,
        )) as Record<string, number>[];
      const faults: string[] = [];
      for (const field of mutations) {
        const args = field.args;
        const arbitrary = fc.record(
          Object.fromEntries(args.map((a) => [a.name, arbitraryOf(a.type, a.name, pools)])),
          {
            requiredKeys: args
              .filter((a) => isNonNullType(a.type) && a.defaultValue === undefined)
              .map((a) => a.name),
          },
        );
        await fc.assert(
          fc.asyncProperty(arbitrary, fc.constantFrom(...tokens), async (values, token) => {
            const sent = args.filter((a) => a.name in values);
            const { query } = mutationRequest(field, () => null, sent);
            const before = await counts();
            const res = await post(stack.url, { query, variables: values }, token);
            const codes = (res.json.errors ?? []).map((e) => e.extensions?.code);
            const outcome = codes.length ? String(codes[0]) : 'OK';
            tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
            const where = `${field.name}(${JSON.stringify(values).slice(0, 300)})`;
            if (res.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR')) {
              faults.push(`${where} → ${res.status} ${res.text.slice(0, 300)}`);
              return;
            }
            if (res.json.errors && !res.json.data?.[field.name]) {
              const after = await counts();
              if (JSON.stringify(after) !== JSON.stringify(before))
                faults.push(`${where} was refused (${codes.join(',')}) but wrote rows`);
            }
          }),
          { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261204) },
        );
      }
      process.stdout.write(`fuzzed outcomes: ${JSON.stringify(Object.fromEntries(tally))}\n`);
      expect(faults).toEqual([]);
      // The generator reaches past the door: some calls are accepted, some refused by rules.
      expect(tally.get('OK') ?? 0).toBeGreaterThan(0);
      expect((tally.get('FORBIDDEN') ?? 0) + (tally.get('CONFLICT') ?? 0)).toBeGreaterThan(0);
    },
    15 * 60_000,
  );
});
