import { bundleWorkflowCode } from '@temporalio/worker';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workflowBundleOptions } from '@codev/temporal';

/**
 * The real worker (`apps/worker/src/main.ts`, unchanged) in an OS process of its own, so a test
 * can kill it with SIGKILL — no drain, no shutdown hook, open transactions and unsent workflow
 * task completions simply lost — and start another.
 *
 * How the TypeScript runs: a require hook compiles each `.ts` file with @swc/core as it is
 * loaded, with the very options jest uses for the suites (legacy decorators with metadata,
 * ES2022, CommonJS) plus tsconfig's `paths`, which swc rewrites to relative requires. No build
 * step: a worker is up in about two seconds, always runs the sources as they are now, and does
 * not touch `dist/` (a full `tsc` + `tsc-alias` build takes ~20 s here and would race with
 * whoever else builds; it also fails on anyone's transient type error). swc is a declared
 * devDependency, already the suites' compiler; the hook is `require.extensions`, the mechanism
 * ts-node and pirates use. The workflow bundle is built once per suite (`prepareWorkflowBundle`)
 * and handed to every worker with WORKFLOW_BUNDLE_PATH, as in production.
 */
const ROOT = join(__dirname, '..', '..');

const HOOK = `
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const swc = require('@swc/core');
const root = process.env.CODEV_WORKER_ROOT;
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).compilerOptions;
const options = (filename) => ({
  filename,
  swcrc: false,
  configFile: false,
  sourceMaps: 'inline',
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
    baseUrl: root,
    paths,
  },
  module: { type: 'commonjs' },
});
require.extensions['.ts'] = (module, filename) =>
  module._compile(swc.transformSync(readFileSync(filename, 'utf8'), options(filename)).code, filename);
// Never outlive the test process that started this worker.
const parent = Number(process.env.CODEV_WORKER_PARENT);
setInterval(() => {
  try { process.kill(parent, 0); } catch { process.exit(70); }
}, 500).unref();
require(join(root, 'apps/worker/src/main.ts'));
`;

export interface WorkerProcess {
  readonly pid: number;
  /** Resolves when the worker has connected and polls its task queue. */
  ready: Promise<void>;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** SIGKILL: the process dies at once, whatever it was doing. */
  kill(): Promise<void>;
  /** SIGTERM: Temporal's graceful shutdown. */
  stop(): Promise<void>;
  /** What it printed, for failure messages. */
  output(): string;
}

export interface WorkerProcessOptions {
  /** host:port of Temporal as this worker sees it (e.g. a `TemporalLink` in front of it). */
  temporalAddress?: string;
  bundlePath: string;
}

/** Builds the workflow bundle from the sources once; workers load it from the file returned. */
export async function prepareWorkflowBundle(): Promise<{ path: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'codev-bundle-'));
  const quiet = () => undefined;
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions(ROOT),
    logger: { trace: quiet, debug: quiet, info: quiet, log: quiet, warn: quiet, error: quiet },
  });
  const path = join(dir, 'workflow-bundle.js');
  writeFileSync(path, code);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const live = new Set<ChildProcess>();

/** Starts the real worker in its own process, with the environment the test stack set up. */
export function spawnWorker(options: WorkerProcessOptions): WorkerProcess {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    DATABASE_URL: required('DATABASE_URL'),
    DATABASE_POOL_SIZE: '4',
    TEMPORAL_ADDRESS: options.temporalAddress ?? required('TEMPORAL_ADDRESS'),
    TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? 'default',
    TEMPORAL_TASK_QUEUE: required('TEMPORAL_TASK_QUEUE'),
    JWT_SECRET: required('JWT_SECRET'),
    WORKFLOW_BUNDLE_PATH: options.bundlePath,
    // info, because readiness is read from the worker's "Polling task queue" line.
    LOG_LEVEL: 'info',
    CODEV_WORKER_ROOT: ROOT,
    CODEV_WORKER_PARENT: String(process.pid),
  };
  const child = spawn(process.execPath, ['--enable-source-maps', '-e', HOOK], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const echo = process.env.CODEV_TEST_LOGS === '1';
  let out = '';
  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      rejectReady(
        new Error(
          `worker ${child.pid} exited (${signal ?? code}) before polling:\n${out.slice(-4000)}`,
        ),
      );
      resolve(signal ?? code);
    }),
  );
  ready.catch(() => undefined); // observed by whoever awaits it
  const take = (chunk: Buffer) => {
    const text = chunk.toString();
    out = (out + text).slice(-100_000);
    if (echo) process.stderr.write(`[worker ${child.pid}] ${text}`);
    if (out.includes('Polling task queue')) resolveReady();
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    pid: child.pid!,
    ready: withTimeout(
      ready,
      30_000,
      () => `worker ${child.pid} not polling after 30 s:\n${out.slice(-4000)}`,
    ),
    exited,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    output: () => out,
  };
}

/** Kills every worker process this test process started and that still runs. */
export async function killAllWorkers(): Promise<void> {
  await Promise.all(
    [...live].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is unset: start the test stack first`);
  return value;
}

function withTimeout<T>(p: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message())), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A TCP relay between a worker and Temporal whose worker → Temporal direction can be held.
 * Holding it lets a worker receive a workflow task, run its local activity to the database's
 * commit, and then fail to tell Temporal: the window between "the effects are written" and
 * "the workflow's history says so", which a SIGKILL then makes permanent.
 */
export class TemporalLink {
  private server!: Server;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket; held: Buffer[] }>();
  private holding = false;
  address = '';

  static async open(target: string): Promise<TemporalLink> {
    const link = new TemporalLink();
    const [host, port] = [
      target.slice(0, target.lastIndexOf(':')),
      Number(target.slice(target.lastIndexOf(':') + 1)),
    ];
    link.server = createServer((client) => {
      const upstream = new Socket();
      const pair = { client, upstream, held: [] as Buffer[] };
      link.pairs.add(pair);
      upstream.connect(port, host);
      client.on('data', (chunk) => {
        if (link.holding) pair.held.push(chunk);
        else upstream.write(chunk);
      });
      upstream.on('data', (chunk) => client.write(chunk));
      const close = () => {
        link.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    await new Promise<void>((resolve) => link.server.listen(0, '127.0.0.1', resolve));
    const address = link.server.address();
    link.address = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return link;
  }

  /** From now on nothing the worker sends reaches Temporal (Temporal's replies still arrive). */
  hold(): void {
    this.holding = true;
  }

  /** Drops what was held and every connection: the worker's unsent messages are lost. */
  cut(): void {
    for (const pair of [...this.pairs]) {
      pair.held.length = 0;
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
    this.holding = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
