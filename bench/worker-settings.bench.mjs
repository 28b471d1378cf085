#!/usr/bin/env node
// Chooses the worker's settings by measurement: runs the engine's lifecycles (a) and (b) with
// the API and worker restarted under each setting, on one stack (same PostgreSQL, same Temporal
// server), one setting changed at a time from a baseline; the baseline runs first and last, so
// the drift of a busy machine shows. Prints lifecycles/s, Update p50/p99, and, for a burst of
// call submissions that leaves its workflows open (where the workflow cache fills), the rate
// and the worker's peak RSS.
//
// Scale (env): BENCH_CONCURRENCY (16), BENCH_SIMPLE_LIFECYCLES (160), BENCH_3X1_LIFECYCLES (32),
// BENCH_WARMUP (= concurrency), BENCH_SWEEP_BURST (1000 call submissions, 64 at a time; 0: none),
// BENCH_SWEEP_ROUNDS (1: the whole list runs this many times, interleaved; the table shows each
// setting's median round by (b)'s throughput).
// BENCH_WORKER_SETTINGS: a JSON array of
// { "name": …, "env": { "WORKER_…": "…", "DATABASE_POOL_SIZE": "…" }, "api": {…}, "worker": {…} }
// replaces the default list (env goes to both processes; api / worker to one of them).
import { burst, openCall } from './lib/calls.mjs';
import { ms, num, table } from './lib/client.mjs';
import { prepareLifecycles, runLifecycles } from './lib/lifecycles.mjs';
import { openStack, rssMiB } from './lib/stack.mjs';

const CONCURRENCY = num('BENCH_CONCURRENCY', 16);
const SIMPLE = num('BENCH_SIMPLE_LIFECYCLES', 160);
const FULL = num('BENCH_3X1_LIFECYCLES', 32);
const WARMUP = num('BENCH_WARMUP', CONCURRENCY);
const BURST = num('BENCH_SWEEP_BURST', 1000);
const ROUNDS = Math.max(1, num('BENCH_SWEEP_ROUNDS', 1));

const base = {
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '40',
  WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: '100',
  WORKER_MAX_CACHED_WORKFLOWS: '500',
  DATABASE_POOL_SIZE: '10',
};
const variant = (name, change, split = {}) => ({ name, env: { ...base, ...change }, ...split });
const SETTINGS = process.env.BENCH_WORKER_SETTINGS
  ? JSON.parse(process.env.BENCH_WORKER_SETTINGS)
  : [
      variant('baseline: 40 WFT / 100 LA / 500 cached / pool 10', {}),
      variant('workflow tasks 4', { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '4' }),
      variant('workflow tasks 8', { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8' }),
      variant('workflow tasks 16', { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '16' }),
      variant('local activities 4', { WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: '4' }),
      variant('local activities 10 (= worker pool)', {
        WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: '10',
      }),
      variant('local activities 32', { WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: '32' }),
      variant('cached workflows 50', { WORKER_MAX_CACHED_WORKFLOWS: '50' }),
      variant('cached workflows 2000', { WORKER_MAX_CACHED_WORKFLOWS: '2000' }),
      variant('DB pool 4 (API and worker)', { DATABASE_POOL_SIZE: '4' }),
      variant('DB pool 20 (API and worker)', { DATABASE_POOL_SIZE: '20' }),
      variant('API DB pool 20, worker 10', {}, { api: { DATABASE_POOL_SIZE: '20' } }),
      variant('baseline again', {}),
    ];

const stack = await openStack({ apps: false });
let failed = false;
try {
  if (stack.external.api)
    throw new Error('the settings bench restarts the API and worker: run it without API_URL');
  const results = SETTINGS.map(() => []);
  for (let round = 0; round < ROUNDS; round++)
    for (const [i, s] of SETTINGS.entries()) {
      await stack.startApps({ ...s.env, api: s.api ?? {}, worker: s.worker ?? {} });
      const life = await prepareLifecycles(stack);
      const a = await runLifecycles({
        total: SIMPLE,
        concurrency: CONCURRENCY,
        warmup: WARMUP,
        run: life.simple.engine,
        updatesPerLifecycle: life.simple.updates,
      });
      const b = await runLifecycles({
        total: FULL,
        concurrency: CONCURRENCY,
        warmup: WARMUP,
        run: life.full.engine,
        updatesPerLifecycle: life.full.updates,
      });
      const rss = rssMiB(stack.pids.worker);
      life.close();
      const d = BURST
        ? await burst(stack, await openCall(stack, { openSeconds: 3600 }), {
            total: BURST,
            concurrency: 64,
          })
        : null;
      await stack.stopApps();
      const errors = [...a.errors, ...b.errors, ...(d?.errors ?? [])];
      if (errors.length) failed = true;
      const row = [
        s.name,
        a.perSecond.toFixed(2),
        `${ms(a.update.p50)} / ${ms(a.update.p99)}`,
        b.perSecond.toFixed(3),
        b.updatesPerSecond.toFixed(1),
        `${ms(b.update.p50)} / ${ms(b.update.p99)}`,
        `${rss?.toFixed(0) ?? '?'} MiB`,
        d ? d.perSecond.toFixed(1) : '',
        d ? `${ms(d.p.p50)} / ${ms(d.p.p99)}` : '',
        d ? `${d.memory.peaks.worker?.toFixed(0) ?? '?'} MiB` : '',
        String(errors.length),
      ];
      results[i].push({ row, key: b.perSecond });
      console.log(
        `[round ${round + 1}/${ROUNDS}, ${i + 1}/${SETTINGS.length}] ${row.join('  ')}${errors.length ? `  (${errors[0].message})` : ''}`,
      );
    }
  const rows = results.map(
    (rs) => [...rs].sort((x, y) => x.key - y.key)[Math.floor((rs.length - 1) / 2)].row,
  );
  console.log(
    `\nWorker settings, engine only${ROUNDS > 1 ? `, median of ${ROUNDS} interleaved rounds` : ''}, concurrency ${CONCURRENCY} (${SIMPLE} simple and ${FULL} 3x1 lifecycles each${BURST ? `, then a burst of ${BURST} call submissions, 64 at a time` : ''}):`,
  );
  table(
    [
      'setting',
      '(a)/s',
      '(a) Update p50 / p99',
      '(b)/s',
      '(b) Updates/s',
      '(b) Update p50 / p99',
      'worker RSS after',
      'burst/s',
      'burst p50 / p99',
      'worker RSS peak',
      'errors',
    ],
    rows,
  );
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
