import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applicationWorkflowId } from '@codev/engine/contract/application.contract';
import { TemporalClientProvider, workflowBundleOptions } from '@codev/temporal';
import { historyFromJson } from '../histories/history-json';
import { loadDemoWorld, potableWaterInJerez, SUBMIT, tokenFor } from '../support/demo-world';
import { gql } from '../support/graphql-client';
import { driveToCompletion } from '../support/procedure-driver';
import { startTestStack, TestStack } from '../support/test-stack';

// docs/versioning.md, proved: a change to the application workflow that adds a command (here a
// timer once the procedure is over, test/fixtures/workflows/application-*.workflow.ts) keeps
// the recorded executions replaying only behind patched(); executions started after it record
// the patch, and deprecatePatch() is the next step once none from before it is left.

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'workflows');
type History = temporal.api.history.v1.IHistory;

const variants = {
  patched: 'application-patched.workflow.ts',
  unpatched: 'application-unpatched.workflow.ts',
  deprecated: 'application-patch-deprecated.workflow.ts',
} as const;
const bundles = {} as Record<keyof typeof variants, WorkflowBundleWithSourceMap>;
/** An mx-3x1 application recorded before the change (test/histories/). */
let before: History;

const replay = (variant: keyof typeof variants, history: History) =>
  Worker.runReplayHistory(
    { workflowBundle: bundles[variant], replayName: `versioning-${variant}` },
    history,
  );

beforeAll(async () => {
  before = await historyFromJson(
    readFileSync(join(ROOT, 'test', 'histories', 'mx-3x1.application.json'), 'utf8'),
  );
  for (const [variant, file] of Object.entries(variants))
    bundles[variant as keyof typeof variants] = await bundleWorkflowCode({
      ...workflowBundleOptions(ROOT),
      workflowsPath: join(FIXTURES, file),
      logger: silent,
    });
}, 180_000);

describe('a workflow change that adds a command', () => {
  it('behind patched(), replays the executions recorded before it', async () => {
    await expect(replay('patched', before)).resolves.toBeUndefined();
  });

  it('without patched(), breaks their replay with a DeterminismViolationError', async () => {
    await expect(replay('unpatched', before)).rejects.toThrow(DeterminismViolationError);
  });

  describe('an execution started under the patched code', () => {
    let stack: TestStack;
    let bundleDir: string;
    let after: History;

    beforeAll(async () => {
      // The real API and worker, the worker running the patched workflow as a production
      // deployment would run a pre-built bundle.
      stack = await startTestStack();
      bundleDir = mkdtempSync(join(tmpdir(), 'codev-patched-'));
      writeFileSync(join(bundleDir, 'workflow-bundle.js'), bundles.patched.code);
      process.env.WORKFLOW_BUNDLE_PATH = join(bundleDir, 'workflow-bundle.js');
      await stack.startWorker();
      const orgs = await loadDemoWorld(stack);
      const res = await gql<{ submitApplication: { id: string } }>(
        stack.url,
        SUBMIT,
        { input: potableWaterInJerez(orgs) },
        tokenFor(orgs, 'Club Jerezano de Los Ángeles'),
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      const id = res.data!.submitApplication.id;
      await driveToCompletion(stack.url, id);
      const handle = stack.app
        .get(TemporalClientProvider)
        .client.workflow.getHandle(applicationWorkflowId(id));
      await handle.result();
      after = await handle.fetchHistory();
    }, 180_000);
    afterAll(async () => {
      delete process.env.WORKFLOW_BUNDLE_PATH;
      await stack?.close();
      if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
    });

    it('takes the change and records the patch', () => {
      // Patch markers carry their patch's id; the engine's own patches have theirs.
      const patches = after.events!.flatMap((e) => {
        const m = e.markerRecordedEventAttributes;
        if (m?.markerName !== 'core_patch') return [];
        const data = m.details?.['patch-data']?.payloads?.[0]?.data;
        return [(JSON.parse(Buffer.from(data ?? []).toString()) as { id: string }).id];
      });
      expect(patches.filter((id) => id === 'application-closing-timer')).toHaveLength(1);
      expect(
        after.events!.some(
          (e) => Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? 0) === 1,
        ),
      ).toBe(true);
    });

    it('replays under the patched code, and under deprecatePatch() once nothing from before is left', async () => {
      await expect(replay('patched', after)).resolves.toBeUndefined();
      await expect(replay('deprecated', after)).resolves.toBeUndefined();
      // deprecatePatch() comes only after the old executions: it cannot replay them.
      await expect(replay('deprecated', before)).rejects.toThrow(DeterminismViolationError);
    });
  });
});

const noop = () => undefined;
const silent = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
