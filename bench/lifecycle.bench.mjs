#!/usr/bin/env node
// Whole lifecycles through GraphQL, side by side with a bare Temporal workflow of the same
// shape on the same Temporal server, in the same run:
//   (a) simple: a small programme (CHECK → one REVIEW → COMMITMENT) the bench publishes;
//       submitApplication, then decideReview APPROVE → COMPLETED
//   (b) 3x1: the operations of docs/examples/3x1-jerez.steps.json, in order
//   (c) bare: bench/bare/bare.workflow.ts, run by its own worker in this process, with the
//       Updates, local activities, timers and payload sizes the engine's own history shows,
//       driven by a Temporal client the way the API drives the engine (update-with-start, then
//       one Update per step, each awaited)
// Prints throughput, p50 and p99 for each, the engine next to the bare figure, and the ratio.
//
// Scale (env): BENCH_CONCURRENCY (16), BENCH_SIMPLE_LIFECYCLES (320), BENCH_3X1_LIFECYCLES (64),
// BENCH_WARMUP (lifecycles run first and not measured; = concurrency), BENCH_REPEATS (1: engine
// and bare alternate this many times; the median run is reported), BENCH_LIFECYCLES
// (simple,3x1), BENCH_SIDES (engine,bare). Stack: see bench/lib/stack.mjs (DATABASE_URL,
// TEMPORAL_ADDRESS, API_URL); worker settings: WORKER_* and DATABASE_POOL_SIZE as in the README.
import pg from 'pg';
import { ms, num, table } from './lib/client.mjs';
import { bareLifecycle, engineShape, prepareLifecycles, runLifecycles } from './lib/lifecycles.mjs';
import { openStack, rssMiB } from './lib/stack.mjs';
import {
  describeShape,
  engineWorkerCapacity,
  fetchShape,
  startBareWorker,
  temporalClient,
} from './lib/temporal.mjs';

const CONCURRENCY = num('BENCH_CONCURRENCY', 16);
const TOTAL = {
  simple: num('BENCH_SIMPLE_LIFECYCLES', 320),
  '3x1': num('BENCH_3X1_LIFECYCLES', 64),
};
const WARMUP = num('BENCH_WARMUP', CONCURRENCY);
const REPEATS = Math.max(1, num('BENCH_REPEATS', 1));
const WHICH = (process.env.BENCH_LIFECYCLES ?? 'simple,3x1').split(',').filter(Boolean);
const SIDES = (process.env.BENCH_SIDES ?? 'engine,bare').split(',').filter(Boolean);
const LABEL = { simple: '(a) simple lifecycle', '3x1': '(b) 3x1 lifecycle' };

const stack = await openStack();
let failed = false;
try {
  const life = await prepareLifecycles(stack);
  const temporal = await temporalClient(stack);
  const capacity = engineWorkerCapacity(stack.external.api ? process.env : stack.appEnv);
  console.log(
    `\nTemporal ${stack.temporalAddress}${stack.external.temporal ? '' : ' (dev server, SQLite WAL)'}; ` +
      `API ${stack.apiUrl}; worker capacity ${JSON.stringify(capacity)}; ` +
      `DATABASE_POOL_SIZE ${process.env.DATABASE_POOL_SIZE ?? 'default'}; concurrency ${CONCURRENCY}`,
  );
  const bare = SIDES.includes('bare') ? await startBareWorker(stack, capacity) : null;
  const runs = {};
  // CPU spent per lifecycle by each process of the stack (where the bench started them).
  const processes = {
    bench: { pid: 'self' },
    api: { pid: stack.pids.api },
    worker: { pid: stack.pids.worker },
    temporal: { pid: stack.pids.temporal },
    postgres: { pid: stack.pids.postgres, tree: true },
  };
  const shapes = {};
  const engineIds = [];

  const show = (label, r, updates) => {
    console.log(
      `  ${label.padEnd(30)} ${r.completed}/${r.completed + r.errors.length} in ${r.seconds.toFixed(1)} s: ` +
        `${r.perSecond.toFixed(2)} lifecycles/s, ${r.updatesPerSecond.toFixed(1)} Updates/s; ` +
        `lifecycle p50 ${ms(r.lifecycle.p50)} p99 ${ms(r.lifecycle.p99)}; Update p50 ${ms(r.update.p50)} p99 ${ms(r.update.p99)}` +
        (updates ? '' : ''),
    );
    for (const e of r.errors.slice(0, 3)) console.log(`    error: ${e.message}`);
    if (r.errors.length) failed = true;
  };

  for (let round = 0; round < REPEATS; round++) {
    for (const which of WHICH) {
      const L = which === 'simple' ? life.simple : life.full;
      console.log(
        `\n${LABEL[which]}, round ${round + 1}/${REPEATS}: ${TOTAL[which]} lifecycles, ${CONCURRENCY} at a time`,
      );
      runs[which] ??= { engine: [], bare: [] };
      if (SIDES.includes('engine') || !shapes[which]) {
        const measured = SIDES.includes('engine') ? TOTAL[which] : 1;
        const r = await runLifecycles({
          total: measured,
          concurrency: CONCURRENCY,
          warmup: SIDES.includes('engine') ? WARMUP : 0,
          run: L.engine,
          updatesPerLifecycle: L.updates,
          processes,
        });
        shapes[which] ??= await engineShape(temporal.client, r.firstIds[0] ?? r.ids[0]);
        if (SIDES.includes('engine')) {
          runs[which].engine.push(r);
          engineIds.push(...r.ids);
          show('engine (GraphQL)', r);
        }
        if (round === 0) console.log(`  engine history: ${describeShape(shapes[which])}`);
      }
      if (bare) {
        const shape = shapes[which];
        const r = await runLifecycles({
          total: TOTAL[which],
          concurrency: CONCURRENCY,
          warmup: WARMUP,
          run: bareLifecycle(
            temporal.client,
            bare.taskQueue,
            shape,
            `${which}-${round}-${Date.now()}`,
          ),
          updatesPerLifecycle: shape.updates,
          processes,
        });
        runs[which].bare.push(r);
        show('bare Temporal', r);
        if (round === 0) {
          const b = await fetchShape(temporal.client, r.firstIds[0] ?? r.ids[0]);
          console.log(`  bare history:   ${describeShape(b)}`);
          const same =
            b.updates === shape.updates &&
            b.localActivities === shape.localActivities &&
            b.timers === shape.timers &&
            b.activities === shape.activities;
          if (!same) {
            console.log("  !! the bare workflow does not have the engine's shape");
            failed = true;
          }
        }
      }
    }
  }

  // The median run of each side (by throughput).
  const median = (xs) =>
    [...xs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor((xs.length - 1) / 2)];
  console.log(
    `\nEngine vs bare Temporal (same server, same run; ${REPEATS > 1 ? `median of ${REPEATS} rounds` : 'one round'}; concurrency ${CONCURRENCY}):`,
  );
  const rows = [];
  for (const which of WHICH) {
    const e = runs[which].engine.length ? median(runs[which].engine) : null;
    const b = runs[which].bare.length ? median(runs[which].bare) : null;
    const ratio = (x, y, f) => (x !== undefined && y !== undefined && y > 0 ? f(x / y) : '');
    const pct = (v) => `${(v * 100).toFixed(0)}% of bare`;
    const times = (v) => `${v.toFixed(1)}×`;
    rows.push([
      `${LABEL[which]}: lifecycles/s`,
      e?.perSecond.toFixed(2) ?? '',
      b?.perSecond.toFixed(2) ?? '',
      ratio(e?.perSecond, b?.perSecond, pct),
    ]);
    rows.push([
      '  Updates/s',
      e?.updatesPerSecond.toFixed(1) ?? '',
      b?.updatesPerSecond.toFixed(1) ?? '',
      ratio(e?.updatesPerSecond, b?.updatesPerSecond, pct),
    ]);
    rows.push([
      '  lifecycle p50',
      ms(e?.lifecycle.p50),
      ms(b?.lifecycle.p50),
      ratio(e?.lifecycle.p50, b?.lifecycle.p50, times),
    ]);
    rows.push([
      '  lifecycle p99',
      ms(e?.lifecycle.p99),
      ms(b?.lifecycle.p99),
      ratio(e?.lifecycle.p99, b?.lifecycle.p99, times),
    ]);
    rows.push([
      '  Update p50',
      ms(e?.update.p50),
      ms(b?.update.p50),
      ratio(e?.update.p50, b?.update.p50, times),
    ]);
    rows.push([
      '  Update p99',
      ms(e?.update.p99),
      ms(b?.update.p99),
      ratio(e?.update.p99, b?.update.p99, times),
    ]);
    if (e?.read.n)
      rows.push([
        '  reads p50 / p99 (engine only)',
        `${ms(e.read.p50)} / ${ms(e.read.p99)}`,
        '',
        '',
      ]);
  }
  table(['', 'engine', 'bare', 'ratio'], rows);

  const cpuRows = [];
  for (const which of WHICH)
    for (const side of ['engine', 'bare']) {
      const r = runs[which][side].length ? median(runs[which][side]) : null;
      if (!r || !Object.keys(r.cpuPerLifecycle).length) continue;
      const c = r.cpuPerLifecycle;
      const cell = (k) =>
        c[k] === undefined || Number.isNaN(c[k]) ? '' : (c[k] * 1000).toFixed(0);
      const total = Object.values(c)
        .filter((v) => !Number.isNaN(v))
        .reduce((a, b) => a + b, 0);
      cpuRows.push([
        `${LABEL[which]}, ${side}`,
        cell('bench'),
        side === 'engine' ? cell('api') : '',
        side === 'engine' ? cell('worker') : '',
        cell('temporal'),
        cell('postgres'),
        (total * 1000).toFixed(0),
        ((total * r.completed) / r.seconds).toFixed(2),
      ]);
    }
  if (cpuRows.length) {
    console.log(
      '\nCPU ms per lifecycle, by process (the bench process is the client; for bare it also runs the bare worker), and cores kept busy:',
    );
    table(['', 'bench', 'API', 'worker', 'Temporal', 'PostgreSQL', 'total', 'cores'], cpuRows);
  }

  if (runs['3x1']?.engine.length && runs['3x1']?.bare.length) {
    const e = median(runs['3x1'].engine);
    const b = median(runs['3x1'].bare);
    console.log(
      '\n(b) step by step, p50 / p99 (the bare Update with the same index has the same local activities and timers):',
    );
    const bareSteps = [...b.byStep.values()];
    let k = 0;
    table(
      ['step', 'engine', 'bare', 'local activities'],
      [...e.byStep].map(([name, p]) => {
        const isRead = /Programme$|Application$/.test(name);
        const bp = isRead ? null : bareSteps[k];
        const la = isRead ? '' : String(shapes['3x1'].steps[k]?.localActivities ?? '');
        if (!isRead) k++;
        return [
          name,
          `${ms(p.p50)} / ${ms(p.p99)}`,
          bp ? `${ms(bp.p50)} / ${ms(bp.p99)}` : '—',
          la,
        ];
      }),
    );
    const perYear = 1636;
    const busiest = e.perSecond;
    console.log(
      `\n3x1 peak year (1,636 lifecycles): ${(perYear / busiest).toFixed(0)} s of lifecycles at ${busiest.toFixed(2)}/s ` +
        `(${((perYear * life.full.updates) / 3600 / 24 / 365).toFixed(4)} Updates/s on average over the year).`,
    );
  }
  if (life.stats.selfMoved)
    console.log(
      `\nstages that moved by themselves (waited for by subscription): ${life.stats.selfMoved}`,
    );

  if (stack.databaseUrl && engineIds.length) {
    const db = new pg.Client(stack.databaseUrl);
    await db.connect();
    const { rows: byStatus } = await db.query(
      'SELECT status, count(*)::int AS n FROM application WHERE id = ANY($1::uuid[]) GROUP BY status',
      [engineIds],
    );
    await db.end();
    const summary = byStatus.map((r) => `${r.n} ${r.status}`).join(', ');
    const complete =
      byStatus.length === 1 &&
      byStatus[0].status === 'COMPLETED' &&
      byStatus[0].n === engineIds.length;
    console.log(
      `verified in PostgreSQL: ${engineIds.length} measured engine lifecycles → ${summary}${complete ? '' : '  !! expected all COMPLETED'}`,
    );
    if (!complete) failed = true;
  }
  if (!stack.external.api)
    console.log(
      `memory at the end: API ${rssMiB(stack.pids.api)?.toFixed(0)} MiB, worker ${rssMiB(stack.pids.worker)?.toFixed(0)} MiB`,
    );
  life.close();
  await bare?.stop();
  await temporal.close();
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
