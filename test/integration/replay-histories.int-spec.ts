import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { workflowBundleOptions } from '@codev/temporal';
import { historyFromJson } from '../histories/history-json';

const ROOT = join(__dirname, '..', '..');
const HISTORIES = join(ROOT, 'test', 'histories');
const REGENERATE = 'run `npm run histories:record` (see docs/versioning.md)';

type History = temporal.api.history.v1.History;

/** What a history is of: its workflow type and the input it was started with. */
function startOf(history: History): { workflowType: string; input: Record<string, unknown> } {
  const started = history.events[0]?.workflowExecutionStartedEventAttributes;
  if (!started) throw new Error('the history does not begin with its start');
  const [payload] = started.input?.payloads ?? [];
  return {
    workflowType: started.workflowType?.name ?? '',
    input: payload ? defaultPayloadConverter.fromPayload(payload) : {},
  };
}

const keysIn = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({
      file: `${dir}/${f}`,
      key: (parse(readFileSync(join(ROOT, dir, f), 'utf8')) as { key: string }).key,
    }));

/**
 * The recorded histories (test/histories/*.json, made by `npm run histories:record`) replayed
 * against today's workflow code: a change to the workflows or to what the interpreter decides
 * that would take a running application or call down another path fails here, naming the file.
 */
describe('recorded workflow histories', () => {
  const files = readdirSync(HISTORIES)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const histories = new Map<string, History>();
  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    for (const file of files)
      histories.set(file, await historyFromJson(readFileSync(join(HISTORIES, file), 'utf8')));
    bundle = await bundleWorkflowCode({ ...workflowBundleOptions(ROOT), logger: silent });
  }, 120_000);

  it('cover every programme, every call and the work plans of agreements', () => {
    const applications = new Map<string, string[]>(); // programme key → files
    const calls = new Map<string, string[]>(); // call key → files
    let workPlans = 0;
    const add = (m: Map<string, string[]>, key: string, file: string) =>
      m.set(key, [...(m.get(key) ?? []), file]);
    for (const [file, history] of histories) {
      const { workflowType, input } = startOf(history);
      if (workflowType === 'applicationWorkflow')
        add(applications, (input.definition as { key: string }).key, file);
      else if (workflowType === 'callWorkflow')
        add(calls, (input.record as { key: string }).key, file);
      else if (workflowType === 'workPlanWorkflow') workPlans++;
      else throw new Error(`${file}: a history of an unknown workflow type "${workflowType}"`);
    }
    const missing = [
      ...keysIn('programmes')
        .filter(({ key }) => !applications.has(key))
        .map(({ file }) => `${file}: no recorded application history`),
      ...keysIn('calls')
        .filter(({ key }) => !calls.has(key))
        .map(({ file }) => `${file}: no recorded call history`),
      ...(workPlans ? [] : ['agreements: no recorded work plan history']),
    ];
    if (missing.length) throw new Error(`${missing.join('\n')}\n${REGENERATE}`);
  });

  it('replay against the workflow code as it is now', async () => {
    expect(files.length).toBeGreaterThan(0);
    const failures: string[] = [];
    const replayed = Worker.runReplayHistories(
      { workflowBundle: bundle, replayName: 'recorded-histories' },
      // The file name stands in for the workflow id, so a failure names the file.
      files.map((file) => ({ workflowId: file, history: histories.get(file)! })),
    );
    for await (const { workflowId, error } of replayed)
      if (error) failures.push(`${workflowId}: ${error.name}: ${error.message}`);
    if (failures.length)
      throw new Error(
        `${failures.join('\n')}\nA workflow change broke replay: put it behind patched() — or, for a deliberate new baseline with no execution left on the old code, ${REGENERATE}.`,
      );
  }, 120_000);
});

const noop = () => undefined;
const silent = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
