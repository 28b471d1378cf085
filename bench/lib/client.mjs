// What the benches share on the client side: GraphQL over HTTP and graphql-ws, tokens,
// the demo organisations, percentiles, a pool of concurrent clients and a memory sampler.
import { createClient } from 'graphql-ws';
import jwt from 'jsonwebtoken';
import { readdirSync, readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { rssMiB } from './stack.mjs';

export const num = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name}=${v} is not a number`);
  return n;
};

export class GraphqlError extends Error {
  constructor(errors) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
    this.errors = errors;
  }
}

/** A GraphQL client over HTTP: `gql(query, variables, token, operationName)` answers data or throws. */
export function graphql(apiUrl) {
  const url = `${apiUrl}/graphql`;
  return async function gql(query, variables = {}, token, operationName) {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) }),
    });
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    }
    if (body.errors) throw new GraphqlError(body.errors);
    return body.data;
  };
}

/**
 * Subscriptions over graphql-ws. `until(query, variables, predicate, read)` resolves with the
 * first pushed value that satisfies the predicate; after subscribing it reads once (`read`), so
 * a change made before the subscription took hold is not missed, and once more if nothing came
 * within `settleMs` (the server does not acknowledge a subscription).
 */
export function subscriptions(apiUrl, token) {
  const client = createClient({
    url: `${apiUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    until(query, variables, predicate, read, { timeoutMs = 60_000, settleMs = 2000 } = {}) {
      return new Promise((resolve, reject) => {
        let done = false;
        const finish = (fn, value) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          clearTimeout(again);
          stop();
          fn(value);
        };
        const timer = setTimeout(
          () => finish(reject, new Error(`subscription: nothing matched in ${timeoutMs} ms`)),
          timeoutMs,
        );
        const stop = client.subscribe(
          { query, variables },
          {
            next: (result) => {
              if (result.errors) return finish(reject, new GraphqlError(result.errors));
              const value = Object.values(result.data)[0];
              if (predicate(value)) finish(resolve, value);
            },
            error: (e) => finish(reject, e instanceof Error ? e : new Error(JSON.stringify(e))),
            complete: () => undefined,
          },
        );
        const check = () =>
          read().then(
            (value) => value && predicate(value) && finish(resolve, value),
            (e) => finish(reject, e),
          );
        void check();
        const again = setTimeout(check, settleMs);
      });
    },
    dispose: () => client.dispose(),
  };
}

export function minter(secret) {
  const cache = new Map();
  return (claims) => {
    const key = JSON.stringify(claims);
    if (!cache.has(key))
      cache.set(
        key,
        jwt.sign({ roles: [], ...claims }, secret, {
          algorithm: 'HS256',
          expiresIn: '12h',
          issuer: process.env.JWT_ISSUER ?? 'codev-local',
          audience: process.env.JWT_AUDIENCE ?? 'codev-api',
        }),
      );
    return cache.get(key);
  };
}

/** The registered organisations by name, read through the API (no database access needed). */
export async function organisationsByName(gql) {
  const byName = new Map();
  let after = null;
  for (;;) {
    const d = await gql(
      'query($a: String) { organisations(first: 200, after: $a) { edges { node { id name kind } } pageInfo { hasNextPage endCursor } } }',
      { a: after },
    );
    for (const { node } of d.organisations.edges) byName.set(node.name, node);
    if (!d.organisations.pageInfo.hasNextPage) return byName;
    after = d.organisations.pageInfo.endCursor;
  }
}

export function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;
  return {
    n: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** Runs `total` jobs, `concurrency` at a time; each job gets its index. Returns the wall time in seconds. */
export async function pool(concurrency, total, job) {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) await job(next++);
    }),
  );
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export const since = (start) => Number(process.hrtime.bigint() - start) / 1e6;
export const ms = (v) =>
  Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : Math.round(v)} ms` : 'n/a';

/** Samples the resident memory of named processes every `everyMs` until stopped. */
export function sampleMemory(pids, everyMs = 250) {
  const peaks = {};
  const last = {};
  const take = () => {
    for (const [name, pid] of Object.entries(pids)) {
      const v = pid === 'self' ? process.memoryUsage.rss() / 2 ** 20 : rssMiB(pid);
      if (v === null) continue;
      last[name] = v;
      peaks[name] = Math.max(peaks[name] ?? 0, v);
    }
  };
  take();
  const first = { ...last };
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { first, peaks, last };
    },
  };
}

/** Prints rows as an aligned table. */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) =>
    '  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');
  console.log(line(all[0]));
  console.log('  ' + widths.map((w) => '-'.repeat(w)).join('   '));
  for (const r of all.slice(1)) console.log(line(r));
}

const CLK_TCK = 100;
/** CPU seconds a process has used (user + system), with its reaped children's where `withChildren`. */
function cpuSeconds(pid, withChildren) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks =
      Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
    return { ticks, ppid: Number(f[1]) };
  } catch {
    return null;
  }
}

/** CPU seconds of a process and all its live children (PostgreSQL's backends), and of reaped ones. */
function treeCpuSeconds(pid) {
  const self = cpuSeconds(pid, true);
  if (!self) return null;
  let ticks = self.ticks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === pid) continue;
    const child = cpuSeconds(Number(entry), false);
    if (child?.ppid === pid) ticks += child.ticks;
  }
  return ticks / CLK_TCK;
}

/**
 * Measures the CPU time each named process spends between start and stop ('self' is this
 * process; `tree: true` counts a process with its children, as PostgreSQL's backends).
 */
export function cpuMeter(processes) {
  const read = () =>
    Object.fromEntries(
      Object.entries(processes)
        .filter(([, p]) => p.pid)
        .map(([name, p]) => [
          name,
          p.pid === 'self'
            ? (process.cpuUsage().user + process.cpuUsage().system) / 1e6
            : p.tree
              ? treeCpuSeconds(p.pid)
              : (cpuSeconds(p.pid, false)?.ticks ?? NaN) / CLK_TCK,
        ]),
    );
  const before = read();
  return {
    stop() {
      const after = read();
      return Object.fromEntries(Object.keys(before).map((k) => [k, after[k] - before[k]]));
    },
  };
}
