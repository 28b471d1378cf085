import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The API and the worker as production runs them: the project's own build (`scripts/build.mjs`:
 * tsc, tsc-alias, the pre-built workflow bundle, into dist/; nothing to do when dist/ is newer
 * than the sources), then `node dist/apps/api/src/main.js` and `node dist/apps/worker/src/main.js`
 * in OS processes of their own, configured only by their environment. A test can run several of
 * each against one database and one Temporal, kill any of them with SIGKILL, and start more.
 */
const ROOT = join(__dirname, '..', '..');
// The heap bounds production runs the API and worker with (package.json config.heap).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { heapFlags } = require('../../scripts/lib/node-heap.cjs') as {
  heapFlags: (root: string, env: NodeJS.ProcessEnv) => string[];
};
export const DIST = join(ROOT, 'dist');
export const BUNDLE = join(DIST, 'workflow-bundle.js');

/** Runs the project's build (incremental; a no-op when dist/ is current). */
export async function buildServices(): Promise<{ ms: number }> {
  const started = Date.now();
  const { code, output } = await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
    ...process.env,
  });
  if (code !== 0)
    throw new Error(`the project's build failed (exit ${code}):\n${output.slice(-6000)}`);
  if (!existsSync(BUNDLE)) throw new Error(`the build left no workflow bundle at ${BUNDLE}`);
  return { ms: Date.now() - started };
}

/** The environment every process of one deployment shares. */
export interface ServiceEnvironment {
  DATABASE_URL: string;
  TEMPORAL_ADDRESS: string;
  TEMPORAL_TASK_QUEUE: string;
  JWT_SECRET: string;
  TEMPORAL_NAMESPACE?: string;
  DATABASE_POOL_SIZE?: string;
}

export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  /** The API's base URL (`http://127.0.0.1:<port>`); empty for a worker. */
  readonly url: string;
  /** The API answers GraphQL; the worker polls its task queue. */
  ready: Promise<void>;
  exited: Promise<number | NodeJS.Signals | null>;
  /** SIGKILL: gone at once, whatever it was doing. */
  kill(): Promise<void>;
  /** SIGTERM: the process's own graceful shutdown. */
  stop(): Promise<void>;
  output(): string;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A node script preloaded into every child: it exits when the test process is gone. */
let watchdogDir: string | undefined;
function watchdog(): string {
  if (!watchdogDir) {
    watchdogDir = mkdtempSync(join(tmpdir(), 'codev-watchdog-'));
    writeFileSync(
      join(watchdogDir, 'watchdog.js'),
      `const parent = Number(process.env.CODEV_TEST_PARENT);
setInterval(() => { try { process.kill(parent, 0); } catch { process.exit(70); } }, 500).unref();\n`,
    );
  }
  return join(watchdogDir, 'watchdog.js');
}

function baseEnv(env: ServiceEnvironment): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    TEMPORAL_NAMESPACE: 'default',
    DATABASE_POOL_SIZE: '4',
    WORKFLOW_BUNDLE_PATH: BUNDLE,
    CODEV_TEST_PARENT: String(process.pid),
    RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  };
}

function start(name: string, script: string, env: NodeJS.ProcessEnv, url = '') {
  const flags = [...heapFlags(ROOT, env), '--require', watchdog()];
  const child = spawn(process.execPath, [...flags, join(DIST, script)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const echo = process.env.CODEV_TEST_LOGS === '1';
  let out = '';
  const take = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-100_000);
    if (echo) process.stderr.write(`[${name} ${child.pid}] ${chunk.toString()}`);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(signal ?? code);
    }),
  );
  const signal = async (s: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(s);
    await exited;
  };
  return {
    child,
    exited,
    handle: (ready: Promise<void>): ServiceProcess => ({
      name,
      pid: child.pid!,
      url,
      ready,
      exited,
      kill: () => signal('SIGKILL'),
      stop: () => signal('SIGTERM'),
      output: () => out,
    }),
  };
}

/** Fails `ready` if the process exits first, or after `timeoutMs`, with what it printed. */
function readiness(
  name: string,
  exited: Promise<unknown>,
  check: () => Promise<boolean>,
  output: () => string,
  timeoutMs = 120_000,
): Promise<void> {
  let gone = false;
  const ready = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (!gone) {
      if (await check().catch(() => false)) return;
      if (Date.now() > deadline)
        throw new Error(
          `${name} not ready after ${timeoutMs} ms (still running: ${!gone}); it printed:\n` +
            output().slice(-4000),
        );
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${name} exited before it was ready:\n${output().slice(-4000)}`);
  })();
  void exited.then(() => (gone = true));
  ready.catch(() => undefined); // observed by whoever awaits it
  return ready;
}

/** `node dist/apps/api/src/main.js` on a free port of its own. */
export async function spawnApi(name: string, env: ServiceEnvironment): Promise<ServiceProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const p = start(name, 'apps/api/src/main.js', { ...baseEnv(env), PORT: String(port) }, url);
  let out = () => '';
  const check = async () => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    return res.ok;
  };
  const handle = p.handle(readiness(name, p.exited, check, () => out()));
  out = handle.output;
  return handle;
}

/** `node dist/apps/worker/src/main.js`; ready once Temporal lists it among the task queue's pollers. */
export function spawnWorker(name: string, env: ServiceEnvironment): ServiceProcess {
  const p = start(name, 'apps/worker/src/main.js', baseEnv(env));
  let out = () => '';
  const check = async () =>
    (await pollerIdentities(env)).some((id) => id.startsWith(`${p.child.pid}@`));
  const handle = p.handle(readiness(name, p.exited, check, () => out()));
  out = handle.output;
  return handle;
}

/** Runs one of the project's CLIs (`dist/...js`) to the end, e.g. the demo loader. */
export async function runCli(
  script: string,
  args: string[],
  env: ServiceEnvironment,
): Promise<string> {
  const { code, output } = await run(
    process.execPath,
    ['--require', watchdog(), join(DIST, script), ...args],
    baseEnv(env),
  );
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} failed (exit ${code}):\n${output}`);
  return output;
}

/** SIGKILLs every process these helpers started that still runs. */
export async function killAllServices(): Promise<void> {
  await Promise.all(
    [...live].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  if (watchdogDir) rmSync(watchdogDir, { recursive: true, force: true });
  watchdogDir = undefined;
}

let connection: Promise<Connection> | undefined;
async function pollerIdentities(env: ServiceEnvironment): Promise<string[]> {
  connection ??= Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const response = await (
    await connection
  ).workflowService.describeTaskQueue({
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: {
      name: env.TEMPORAL_TASK_QUEUE,
      kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
    },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return (response.pollers ?? []).map((p) => p.identity ?? '');
}

/** Closes the Temporal connection the readiness checks opened. */
export async function closeServiceConnections(): Promise<void> {
  const c = connection;
  connection = undefined;
  if (c) await (await c).close();
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-100_000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-100_000)));
    child.once('error', reject);
    child.once('exit', (code) => {
      live.delete(child);
      resolve({ code, output });
    });
  });
}

/** A port nothing listens on now: taken from the kernel, then freed. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
