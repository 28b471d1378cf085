#!/usr/bin/env node
// (d) A burst of call submissions into one open call through GraphQL, against the bare rate of
// starting workflows on the same Temporal server (update-with-start of a trivial workflow,
// bench/bare/bare.workflow.ts, run by a worker in this process). Checks 0 errors and 0 lost or
// duplicated submissions (the answers, the rows in PostgreSQL and the workflows Temporal
// lists), and samples the resident memory of the API and worker processes during the burst.
//
// Scale (env): BENCH_BURST_SUBMISSIONS (10000), BENCH_BURST_CONCURRENCY (64),
// BENCH_CALL_OPEN_SECONDS (3600: the call's window; against a running stack the call closes and
// runs its completeness check after that), BENCH_SIDES (engine,bare). Stack: see bench/lib/stack.mjs.
import { createRequire } from 'node:module';
import pg from 'pg';
import { burst, openCall } from './lib/calls.mjs';
import { ms, num, percentiles, pool, sampleMemory, since, table } from './lib/client.mjs';
import { openStack } from './lib/stack.mjs';
import { engineWorkerCapacity, startBareWorker, temporalClient } from './lib/temporal.mjs';

const require = createRequire(import.meta.url);
const { WithStartWorkflowOperation } = require('@temporalio/client');

const N = num('BENCH_BURST_SUBMISSIONS', 10_000);
const CONCURRENCY = num('BENCH_BURST_CONCURRENCY', 64);
const OPEN_SECONDS = num('BENCH_CALL_OPEN_SECONDS', 3600);
const SIDES = (process.env.BENCH_SIDES ?? 'engine,bare').split(',').filter(Boolean);

/** Lists the ids of workflows matching a visibility query, until `expected` show up or time runs out. */
async function listWorkflows(client, query, expected, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ids = [];
    for await (const w of client.workflow.list({ query, pageSize: 1000 })) ids.push(w.workflowId);
    if (ids.length >= expected || Date.now() > deadline) return ids;
    await new Promise((r) => setTimeout(r, 1000)); // visibility is eventually consistent
  }
}

const stack = await openStack();
let failed = false;
const check = (ok, message) => {
  console.log(`  ${ok ? 'ok' : '!!'} ${message}`);
  if (!ok) failed = true;
};
try {
  const temporal = await temporalClient(stack);
  const results = {};
  console.log(
    `\nTemporal ${stack.temporalAddress}; API ${stack.apiUrl}; ${N} submissions, ${CONCURRENCY} at a time`,
  );

  if (SIDES.includes('engine')) {
    const call = await openCall(stack, { openSeconds: OPEN_SECONDS });
    console.log(`\n(d) burst into call ${call.key} (open)`);
    const r = await burst(stack, call, { total: N, concurrency: CONCURRENCY });
    const { ids, errors, seconds, p, memory: mem, startedAt } = r;
    results.engine = r;
    console.log(
      `  ${ids.length}/${N} accepted in ${seconds.toFixed(1)} s: ${r.perSecond.toFixed(1)} submissions/s; p50 ${ms(p.p50)}, p99 ${ms(p.p99)}, max ${ms(p.max)}`,
    );
    const rss = (name) =>
      mem.peaks[name]
        ? `${mem.first[name].toFixed(0)} → peak ${mem.peaks[name].toFixed(0)} MiB (end ${mem.last[name].toFixed(0)})`
        : 'n/a (set BENCH_API_PID / BENCH_WORKER_PID)';
    console.log(`  RSS during the burst: API ${rss('api')}; worker ${rss('worker')}`);
    if (mem.peaks.temporal) console.log(`  (Temporal dev server: ${rss('temporal')})`);

    console.log('  checks:');
    check(
      errors.length === 0,
      `${errors.length} errors${errors.length ? `: ${[...new Set(errors.map((e) => e.message))].slice(0, 3).join(' | ')}` : ''}`,
    );
    const distinct = new Set(ids);
    check(
      distinct.size === ids.length,
      `${distinct.size} distinct application ids answered for ${ids.length} accepted submissions`,
    );
    if (stack.databaseUrl) {
      const db = new pg.Client(stack.databaseUrl);
      await db.connect();
      const {
        rows: [row],
      } = await db.query('SELECT id FROM call WHERE key = $1', [call.key]);
      const { rows } = await db.query(
        'SELECT a.id, a.title FROM application a WHERE a.call_id = $1',
        [row.id],
      );
      const {
        rows: [{ entries }],
      } = await db.query(
        'SELECT count(*)::int AS entries FROM selection_entry WHERE call_id = $1',
        [row.id],
      );
      await db.end();
      const rowIds = new Set(rows.map((r) => r.id));
      const titles = new Set(rows.map((r) => r.title));
      const lost = [...distinct].filter((id) => !rowIds.has(id));
      const extra = rows.filter((r) => !distinct.has(r.id));
      check(
        rows.length === N && titles.size === N,
        `PostgreSQL: ${rows.length} application rows in the call, ${titles.size} distinct submissions (expected ${N} and ${N})`,
      );
      check(entries === N, `PostgreSQL: ${entries} entries in the call's list`);
      check(
        lost.length === 0 && extra.length === 0,
        `PostgreSQL: ${lost.length} answered but missing, ${extra.length} present but never answered`,
      );
    } else console.log('  (no DATABASE_URL: rows not counted)');
    const query = `WorkflowType = 'applicationWorkflow' AND TaskQueue = '${stack.taskQueue}' AND StartTime >= '${startedAt.toISOString()}'`;
    const listed = await listWorkflows(temporal.client, query, N);
    const expected = new Set([...distinct].map((id) => `application-${id}`));
    const listedSet = new Set(listed);
    const missing = [...expected].filter((w) => !listedSet.has(w));
    const extra = listed.filter((w) => !expected.has(w));
    check(
      listed.length === listedSet.size,
      `Temporal: ${listed.length - listedSet.size} workflow ids listed twice`,
    );
    check(
      missing.length === 0 && extra.length === 0 && listedSet.size === N,
      `Temporal: ${listedSet.size} application workflows started (expected ${N}), ${missing.length} missing, ${extra.length} never answered`,
    );
  }

  if (SIDES.includes('bare')) {
    const bare = await startBareWorker(
      stack,
      engineWorkerCapacity(stack.external.api ? process.env : stack.appEnv),
    );
    const run = `${Date.now()}`;
    const startOne = (i) =>
      temporal.client.workflow.executeUpdateWithStart('bareSubmit', {
        args: [`submission ${i}`],
        updateId: `submit:${i}`,
        startWorkflowOperation: new WithStartWorkflowOperation('bareTrivialWorkflow', {
          workflowId: `bench-trivial-${run}-${i}`,
          taskQueue: bare.taskQueue,
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      });
    await pool(CONCURRENCY, Math.min(N, CONCURRENCY * 2), (i) => startOne(`warm-${i}`));
    const latencies = [];
    const errors = [];
    const memory = sampleMemory({ bench: 'self' });
    const seconds = await pool(CONCURRENCY, N, async (i) => {
      const t = process.hrtime.bigint();
      try {
        await startOne(i);
        latencies.push(since(t));
      } catch (e) {
        errors.push(e);
      }
    });
    const mem = memory.stop();
    const p = percentiles(latencies);
    results.bare = { perSecond: latencies.length / seconds, p, seconds };
    console.log(`\n(d) bare: update-with-start of a trivial workflow`);
    console.log(
      `  ${latencies.length}/${N} in ${seconds.toFixed(1)} s: ${(latencies.length / seconds).toFixed(1)} starts/s; p50 ${ms(p.p50)}, p99 ${ms(p.p99)}; bench process (client and bare worker) RSS peak ${mem.peaks.bench.toFixed(0)} MiB`,
    );
    check(
      errors.length === 0,
      `${errors.length} errors${errors.length ? `: ${errors[0].message}` : ''}`,
    );
    await bare.stop();
  }

  if (results.engine && results.bare) {
    const e = results.engine;
    const b = results.bare;
    console.log(
      `\nBurst, engine vs bare Temporal (same server, same run; ${CONCURRENCY} at a time):`,
    );
    table(
      ['', 'engine', 'bare', 'ratio'],
      [
        [
          'submissions/s',
          e.perSecond.toFixed(1),
          b.perSecond.toFixed(1),
          `${((e.perSecond / b.perSecond) * 100).toFixed(0)}% of bare`,
        ],
        ['p50', ms(e.p.p50), ms(b.p.p50), `${(e.p.p50 / b.p.p50).toFixed(1)}×`],
        ['p99', ms(e.p.p99), ms(b.p.p99), `${(e.p.p99 / b.p.p99).toFixed(1)}×`],
      ],
    );
  }
  await temporal.close();
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
