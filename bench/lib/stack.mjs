// The stack a bench runs against: its own ephemeral one (embedded PostgreSQL, the Temporal
// dev server with its WAL pragmas, and the real API and worker processes built from dist/),
// or services already running, named by the environment:
//   DATABASE_URL      a PostgreSQL to use (migrated and seeded by the bench unless API_URL is set)
//   TEMPORAL_ADDRESS  a Temporal frontend to use (TEMPORAL_NAMESPACE, default "default")
//   API_URL           a running API (http://host:port); its worker must be running too. Tokens
//                     are minted with JWT_SECRET (or .codev/jwt-secret, as `npm start` keeps it)
//                     and the engine's task queue is TEMPORAL_TASK_QUEUE (default "codev").
//                     BENCH_API_PID / BENCH_WORKER_PID let the burst bench report their memory.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, bundlePath } from '../../scripts/lib/build.mjs';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres.mjs';
import { freePort } from '../../scripts/lib/net.mjs';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli.mjs';
import { startTemporalDevServer } from '../../scripts/lib/temporal-server.mjs';
import nodeHeap from '../../scripts/lib/node-heap.cjs';

const { heapFlags } = nodeHeap;

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const say = (m) => console.log(`[bench] ${m}`);

/**
 * Forwards a child's output, leaving out the Temporal runtime's own INFO lines (worker state
 * changes), which it prints whatever LOG_LEVEL says.
 */
function forwardLogs(from, to) {
  let skipping = false;
  let rest = '';
  from.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) {
      const level = /^\d{4}-\d\d-\d\dT[\d:.]+Z \[(\w+)\]/.exec(line)?.[1];
      if (level) skipping = ['INFO', 'DEBUG', 'TRACE'].includes(level);
      else if (!/^\s|^}/.test(line)) skipping = false;
      if (!skipping) to.write(line + '\n');
    }
  });
}

/** Resident memory of a process in MiB, or null where it cannot be read. */
export function rssMiB(pid) {
  if (!pid) return null;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

async function waitForHealth(url, children, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`${dead.spawnargs.at(-1)} exited (${dead.exitCode})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} is not healthy after ${timeoutMs} ms`);
}

/**
 * Opens the stack. `apps: false` starts no API or worker yet (`startApps` does, and may be
 * called again after `stopApps` with other settings). `temporal: false` starts no Temporal
 * server (lists never touch it). `seed: false` skips migrations, demo parties and programmes.
 */
export async function openStack({
  temporal: needTemporal = true,
  apps = true,
  seed = true,
  appEnv = {},
} = {}) {
  const external = {
    database: !!process.env.DATABASE_URL,
    temporal: !!process.env.TEMPORAL_ADDRESS,
    api: !!process.env.API_URL,
  };
  if (!external.api) build(root, say);
  const scratch = mkdtempSync(join(tmpdir(), 'codev-bench-'));
  const stops = [];
  const stack = {
    external,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue:
      process.env.TEMPORAL_TASK_QUEUE ??
      (external.api ? 'codev' : `bench-${randomBytes(4).toString('hex')}`),
    secret: null,
    databaseUrl: process.env.DATABASE_URL ?? null,
    temporalAddress: process.env.TEMPORAL_ADDRESS ?? null,
    apiUrl: process.env.API_URL?.replace(/\/+$/, '') ?? null,
    pids: {
      api: Number(process.env.BENCH_API_PID) || null,
      worker: Number(process.env.BENCH_WORKER_PID) || null,
      temporal: null,
      postgres: null,
    },
    children: [],
    appEnv: {},
    /** Starts the API and the worker; `api`/`worker` hold settings for one of them, the rest for both. */
    async startApps({ api: apiEnv = {}, worker: workerEnv = {}, ...both } = {}) {
      if (external.api) throw new Error('API_URL is set: the bench does not start the API');
      const port = await freePort();
      const started = [];
      const appEnv = { ...stack.appEnv, ...both };
      const bounds = heapFlags(root, appEnv).join(' ');
      const own = appEnv.NODE_OPTIONS ? `NODE_OPTIONS=${appEnv.NODE_OPTIONS}` : '';
      say(`API and worker heaps: ${[bounds, own].filter(Boolean).join('; ') || "Node's defaults"}`);
      for (const [name, script, extra] of [
        ['api', 'dist/apps/api/src/main.js', { ...both, ...apiEnv, PORT: String(port) }],
        ['worker', 'dist/apps/worker/src/main.js', { ...both, ...workerEnv }],
      ]) {
        // BENCH_CPU_PROF=<dir>: each process writes a V8 CPU profile there when it stops
        // (bench/cpu-profile-summary.mjs reads it).
        const prof = process.env.BENCH_CPU_PROF
          ? [
              '--cpu-prof',
              `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`,
              `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`,
            ]
          : [];
        // The heap bounds production runs with (package.json config.heap; CODEV_NODE_HEAP=unbounded: none).
        const heap = heapFlags(root, { ...stack.appEnv, ...extra });
        const child = spawn(process.execPath, [...heap, ...prof, join(root, script)], {
          env: { ...stack.appEnv, ...extra },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        forwardLogs(child.stdout, process.stdout);
        forwardLogs(child.stderr, process.stderr);
        stack.pids[name] = child.pid;
        stack.children.push(child);
        started.push(child);
      }
      stack.apiUrl = `http://127.0.0.1:${port}`;
      // Healthy means PostgreSQL and Temporal answer and a worker polls the task queue.
      await waitForHealth(`${stack.apiUrl}/health`, started);
    },
    async stopApps() {
      const children = stack.children.splice(0);
      await Promise.all(
        children
          .filter((c) => c.exitCode === null && c.signalCode === null)
          .map(
            (c) =>
              new Promise((resolve) => {
                const kill = setTimeout(() => c.kill('SIGKILL'), 15_000);
                c.once('exit', () => {
                  clearTimeout(kill);
                  resolve();
                });
                c.kill('SIGTERM');
              }),
          ),
      );
    },
    async stop() {
      await stack.stopApps();
      for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
      rmSync(scratch, { recursive: true, force: true });
    },
  };

  try {
    const [db, temporal] = await Promise.all([
      external.database
        ? null
        : startEmbeddedPostgres({
            dataDir: join(scratch, 'pg'),
            port: await freePort(),
            database: 'bench',
            persistent: false,
          }),
      external.temporal || !needTemporal
        ? null
        : startTemporalDevServer({
            cli: ensureTemporalCli(root, say),
            port: await freePort(),
            uiPort: await freePort(),
            namespace: stack.namespace,
          }),
    ]);
    // embedded-postgres hooks these signals to stop the database and exit at once, racing the
    // API and worker it would leave behind: ours stops them first, then the servers.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.removeAllListeners(signal);
      process.once(signal, () => void stack.stop().finally(() => process.exit(130)));
    }
    if (db) {
      stops.push(db.stop);
      stack.databaseUrl = db.url;
      const pid = spawnSync('pgrep', ['-f', `postgres.*${join(scratch, 'pg')}`], {
        encoding: 'utf8',
      })
        .stdout.trim()
        .split('\n')[0];
      stack.pids.postgres = Number(pid) || null;
    }
    if (temporal) {
      stops.push(temporal.stop);
      stack.temporalAddress = temporal.address;
      const port = temporal.address.split(':')[1];
      const pid = spawnSync('pgrep', ['-f', `start-dev.*--port ${port}`], { encoding: 'utf8' })
        .stdout.trim()
        .split('\n')[0];
      stack.pids.temporal = Number(pid) || null;
    }
    if (!needTemporal && !stack.temporalAddress) stack.temporalAddress = '127.0.0.1:7233'; // connected lazily, never used

    if (external.api) {
      const file = join(root, '.codev', 'jwt-secret');
      stack.secret =
        process.env.JWT_SECRET ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : null);
      if (!stack.secret)
        throw new Error('API_URL is set: set JWT_SECRET to the secret that API checks tokens with');
      say(`using the running API at ${stack.apiUrl} (task queue ${stack.taskQueue})`);
    } else {
      stack.secret = process.env.JWT_SECRET ?? randomBytes(24).toString('hex');
      stack.appEnv = {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: stack.databaseUrl,
        TEMPORAL_ADDRESS: stack.temporalAddress,
        TEMPORAL_NAMESPACE: stack.namespace,
        TEMPORAL_TASK_QUEUE: stack.taskQueue,
        WORKFLOW_BUNDLE_PATH: process.env.WORKFLOW_BUNDLE_PATH ?? bundlePath(root),
        JWT_SECRET: stack.secret,
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
        // The bench is one client sending as fast as the engine answers: no rate limit.
        RATE_LIMIT_PER_MINUTE: process.env.RATE_LIMIT_PER_MINUTE ?? '0',
      };
      if (seed) {
        // `seed: 'migrate'` only migrates: the bench seeds its own data.
        const node = (script, args = []) => {
          const r = spawnSync(process.execPath, [join(root, script), ...args], {
            env: stack.appEnv,
            stdio: ['ignore', 'ignore', 'inherit'],
          });
          if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status})`);
        };
        node('dist/libs/persistence/src/cli/migrate.js');
        if (seed !== 'migrate') {
          node('dist/apps/api/src/cli/seed-demo.js', [join(root, 'demo')]);
          node('dist/apps/api/src/cli/load-programmes.js', [
            join(root, 'programmes'),
            join(root, 'directives'),
          ]);
        }
      }
      if (apps) await stack.startApps(appEnv);
    }
    return stack;
  } catch (e) {
    await stack.stop();
    throw e;
  }
}
