#!/usr/bin/env node
// `npm start`: one command from a fresh clone to a running system. Installs what is missing,
// starts PostgreSQL (embedded, unless DATABASE_URL is set) and the Temporal dev server (unless
// TEMPORAL_ADDRESS is set), migrates, loads the demo data, runs the API and a worker, and
// stops everything cleanly on Ctrl-C. Data persists in .codev/ between runs (CODEV_STATE_DIR
// puts it elsewhere).
// The API and the worker are supervised (scripts/lib/supervisor.mjs): one that dies once the
// stack is up — an exit code or a signal — is started again, after 1 s, 2 s, 4 s … up to 30 s
// while it keeps dying. Ctrl-C or SIGTERM stops them, then Temporal, then PostgreSQL, and then
// whatever may be left below this process, within seconds.
// `npm start -- --temporal=server` (or CODEV_TEMPORAL=server) runs the real Temporal server on
// the same PostgreSQL instead of the dev server: see scripts/lib/temporal-real-server.mjs.
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/dependencies.mjs';
import nodeHeap from './lib/node-heap.cjs';
import { busyPorts, describeBusyPorts } from './lib/ports.mjs';
import { descendants, endDescendants, isAlive } from './lib/process-tree.mjs';
import { describeExit, Supervisor } from './lib/supervisor.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = process.env.CODEV_STATE_DIR ?? join(root, '.codev');
const t0 = Date.now();
const say = (m) => console.log(`[codev ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
/** The state directory as the messages show it: `.codev/…` for the usual one. */
const shown = (path) => (path.startsWith(root) ? relative(root, path) : path);

ensureDependencies(root, say);
// Everything below may use installed packages.
const { build, bundlePath } = await import('./lib/build.mjs');
const { ensureTemporalCli } = await import('./lib/temporal-cli.mjs');
const { startEmbeddedPostgres } = await import('./lib/embedded-postgres.mjs');
const { startTemporalDevServer } = await import('./lib/temporal-server.mjs');
const { requestedShards, startTemporalRealServer, temporalProfile } =
  await import('./lib/temporal-real-server.mjs');
const realServer = temporalProfile() === 'server' && !process.env.TEMPORAL_ADDRESS;
const ports = {
  api: Number(process.env.PORT ?? 3000),
  postgres: Number(process.env.CODEV_PG_PORT ?? 54320),
  temporal: Number(process.env.CODEV_TEMPORAL_PORT ?? 7233),
  temporalUi: Number(process.env.CODEV_TEMPORAL_UI_PORT ?? 8233),
};

// Every port this start will listen on must be free, before anything is built or started: a
// second `npm start` says which port is taken and by what, instead of failing halfway. (The
// real server checks its own ports, which follow CODEV_TEMPORAL_PORT.)
{
  // The API's interface (HOST), or every one: something on any of them would answer our
  // health checks on `localhost` in its place.
  const apiHost = process.env.HOST ?? '::';
  const wanted = [{ port: ports.api, host: apiHost, what: 'the API', variable: 'PORT' }];
  if (!process.env.DATABASE_URL)
    wanted.push({
      port: ports.postgres,
      host: '127.0.0.1',
      what: 'PostgreSQL',
      variable: 'CODEV_PG_PORT',
    });
  if (!process.env.TEMPORAL_ADDRESS && !realServer)
    wanted.push(
      {
        port: ports.temporal,
        host: '127.0.0.1',
        what: 'the Temporal dev server',
        variable: 'CODEV_TEMPORAL_PORT',
      },
      {
        port: ports.temporalUi,
        host: '127.0.0.1',
        what: 'the Temporal UI',
        variable: 'CODEV_TEMPORAL_UI_PORT',
      },
    );
  const busy = await busyPorts(wanted);
  if (busy.length) {
    const isOurs = (args) => args.includes(root) || args.includes('scripts/start.mjs');
    console.error(`npm start failed: ${describeBusyPorts(busy, { isOurs })}`);
    process.exit(1);
  }
}

// The workflows running in .codev's Temporal history must replay on today's code. Data written
// by an engine whose workflows cannot (a change of epoch, never a patched change) is moved aside.
const ENGINE_EPOCH = '2';
const epochFile = join(stateDir, 'engine-epoch');
/** The running stack's addresses, while it runs (scripts/mint-token.mjs reads it). */
const stackFile = join(stateDir, 'stack.json');
if (existsSync(stateDir) && readdirSync(stateDir).some((f) => f !== 'jwt-secret')) {
  const found = existsSync(epochFile) ? readFileSync(epochFile, 'utf8').trim() : '1';
  if (found !== ENGINE_EPOCH) {
    const aside = `${stateDir}.epoch-${found}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(stateDir, aside);
    say(
      `The data in ${shown(stateDir)} was written by an earlier engine (epoch ${found}); moved to ${aside}.`,
    );
  }
}
mkdirSync(stateDir, { recursive: true });
writeFileSync(epochFile, ENGINE_EPOCH);
/** The servers' stop functions, in the order they started; shutdown() runs them in reverse. */
const stops = [];
let stopping = false;
/** Set once the stack has come up (or failed to within the wait): from then on, deaths restart. */
let started = false;
const supervisor = new Supervisor({ log: say });

/**
 * Stops everything and exits: the API, the worker and any CLI still running (SIGTERM, SIGKILL
 * after 5 s), then the servers in reverse order (each given 10 s), then anything left below this
 * process. Each step is bounded, so a child that already died — with Ctrl-C the whole terminal
 * process group gets SIGINT, so PostgreSQL and Temporal often stop on their own first — never
 * holds the rest up.
 */
async function shutdown(code = 0, why = '') {
  if (stopping) return;
  stopping = true;
  rmSync(stackFile, { force: true });
  say(`Stopping${why ? ` (${why})` : ''}…`);
  await supervisor.stop({ timeoutMs: 5_000 });
  for (const { name, stop } of stops.reverse()) {
    let timer;
    const done = await Promise.race([
      stop().then(
        () => true,
        (e) => (say(`${name} did not stop cleanly: ${e instanceof Error ? e.message : e}`), true),
      ),
      new Promise((r) => (timer = setTimeout(() => r(false), 10_000))),
    ]);
    clearTimeout(timer);
    if (!done) say(`${name} still stopping after 10 s: killing it.`);
  }
  const left = await endDescendants(process.pid);
  if (left.length)
    say(`Ended ${left.length} process(es) left behind: ${left.map((p) => p.pid).join(', ')}.`);
  say(code === 0 ? 'Stopped.' : `Stopped (exit code ${code}).`);
  process.exit(code);
}
// embedded-postgres registers exit hooks (on these signals, and on beforeExit with a 10 s
// forced exit) that stop the database and exit, racing our shutdown; ours stops the API and
// worker first, then the servers, and says when it is done.
// A second Ctrl-C kills everything at once; "second" means a second or more later, since one
// Ctrl-C under `npm start` arrives twice (from the terminal, and forwarded by npm).
let firstSignalAt = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit'])
  process.removeAllListeners(signal);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (!stopping) {
      firstSignalAt = Date.now();
      return void shutdown(0, signal);
    }
    if (!firstSignalAt) {
      firstSignalAt = Date.now();
      return say('Already stopping; Ctrl-C again kills everything at once.');
    }
    if (Date.now() - firstSignalAt < 1_000) return;
    say(`${signal} again: killing everything now.`);
    for (const p of descendants(process.pid).reverse()) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    say('Stopped (killed).');
    process.exit(130);
  });
}

function localSecret() {
  const file = join(stateDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

try {
  build(root, say);
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    WORKFLOW_BUNDLE_PATH: process.env.WORKFLOW_BUNDLE_PATH ?? bundlePath(root),
    JWT_SECRET: process.env.JWT_SECRET ?? (process.env.JWT_JWKS_URL ? undefined : localSecret()),
  };
  let temporalUi = process.env.TEMPORAL_UI_URL ?? '(external Temporal: see its own UI)';

  // The real server keeps its histories on PostgreSQL, so it starts once PostgreSQL is up; its
  // applications get a database of their own (their rows belong with that server's histories).
  const pgDataDir = join(stateDir, 'postgres');
  const pgLog = [];
  // Settled both ways, so that whichever did start is stopped by shutdown() if the other failed.
  const servers = await Promise.allSettled([
    env.DATABASE_URL
      ? null
      : startEmbeddedPostgres({
          dataDir: pgDataDir,
          port: ports.postgres,
          database: realServer ? 'codev_server' : 'codev',
          persistent: true,
          log: (line) => pgLog.push(line) > 40 && pgLog.shift(),
        }).catch((e) => {
          // embedded-postgres rejects with nothing when the server exits before it is ready.
          throw new Error(
            e instanceof Error
              ? e.message
              : `PostgreSQL stopped before accepting connections; it said:\n${pgLog.join('').trim()}`,
          );
        }),
    env.TEMPORAL_ADDRESS || realServer
      ? null
      : startTemporalDevServer({
          cli: ensureTemporalCli(root, say),
          dbFile: join(stateDir, 'temporal.sqlite'),
          port: ports.temporal,
          uiPort: ports.temporalUi,
          namespace: env.TEMPORAL_NAMESPACE ?? 'default',
        }),
  ]);
  const [database, temporal] = servers.map((r) => (r.status === 'fulfilled' ? r.value : null));
  if (database) {
    // With Ctrl-C PostgreSQL gets SIGINT from the terminal too and may be gone before we stop
    // it; embedded-postgres would then wait forever for an exit that already happened.
    const pid = Number(readFileSync(join(pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    stops.push({
      name: 'PostgreSQL',
      stop: async () => {
        if (isAlive(pid)) await database.stop();
      },
    });
    env.DATABASE_URL = database.url;
    say(`PostgreSQL (embedded) up on port ${ports.postgres}, data in ${shown(pgDataDir)}`);
  }
  if (temporal) {
    stops.push({ name: 'the Temporal dev server', stop: temporal.stop });
    env.TEMPORAL_ADDRESS = temporal.address;
    temporalUi = temporal.uiUrl;
    say(
      `Temporal dev server up at ${temporal.address}, history in ` +
        shown(join(stateDir, 'temporal.sqlite')),
    );
  }
  const failed = servers.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  if (realServer) {
    const server = await startTemporalRealServer({
      root,
      stateDir: join(stateDir, 'temporal-server'),
      postgresUrl: env.DATABASE_URL,
      port: ports.temporal,
      shards: requestedShards(),
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      log: say,
    });
    // stopped before PostgreSQL: stops run in reverse
    stops.push({ name: 'the Temporal server', stop: server.stop });
    env.TEMPORAL_ADDRESS = server.address;
    temporalUi = server.uiUrl;
    say(
      `Temporal server ${server.address} up (${server.shards} history shards, on PostgreSQL), ` +
        `log in ${shown(join(stateDir, 'temporal-server', 'server.log'))}`,
    );
  }

  const nodeSpec = (script, args = [], flags = []) => ({
    command: process.execPath,
    args: [...flags, join(root, script), ...args],
    options: { env, stdio: 'inherit' },
  });
  /** A CLI run to its end under the supervisor (so a Ctrl-C meanwhile stops it too). */
  const runToEnd = async (name, script, args = []) => {
    const exit = await supervisor.add(name, { ...nodeSpec(script, args), restart: false }).exited();
    return exit && !exit.expected && exit.code === 0;
  };
  if (!(await runToEnd('migrate', 'dist/libs/persistence/src/cli/migrate.js')))
    throw new Error('migrations failed');
  if (!(await runToEnd('seed-demo', 'dist/apps/api/src/cli/seed-demo.js', [join(root, 'demo')])))
    throw new Error('demo data failed to load');
  if (
    !(await runToEnd('load-programmes', 'dist/apps/api/src/cli/load-programmes.js', [
      join(root, 'programmes'),
      join(root, 'directives'),
    ]))
  )
    throw new Error('programme definitions failed to load');

  // Supervised: restarted whenever they die once the stack is up. Before that, an exit code
  // is a failure to start (a wrong setting, a broken build) that a restart would only repeat.
  const restart = (exit) => started || exit.signal !== null;
  supervisor.on('exit', (exit) => {
    if (stopping || exit.expected || exit.restartInMs !== null) return;
    if (exit.name === 'api' || exit.name === 'worker')
      void shutdown(exit.code || 1, `${exit.name} ${describeExit(exit)} before the stack was up`);
  });
  // Bounded heaps, as `npm run start:api` and `start:worker` run them (scripts/lib/node-heap.cjs).
  const heap = nodeHeap.heapFlags(root);
  supervisor.add('api', { ...nodeSpec('dist/apps/api/src/main.js', [], heap), restart });
  supervisor.add('worker', { ...nodeSpec('dist/apps/worker/src/main.js', [], heap), restart });

  const port = ports.api;
  const healthy = await waitForHealth(`http://localhost:${port}/health`, 120_000);
  if (stopping) await new Promise(() => {}); // shutdown() is exiting
  started = true;
  // Where this stack is, for the scripts that talk to it (npm run token reads its database).
  writeFileSync(
    stackFile,
    JSON.stringify(
      {
        pid: process.pid,
        apiUrl: `http://localhost:${port}`,
        databaseUrl: env.DATABASE_URL,
        temporalAddress: env.TEMPORAL_ADDRESS,
      },
      null,
      2,
    ),
    { mode: 0o600 },
  );
  // The Madrid 2008 call, replayed once on today's clock so a newcomer sees a whole call run
  // (publication to final resolution, ~30 s); later starts only print its outcome.
  if (healthy && process.env.CODEV_DEMO_CALL !== '0')
    supervisor.add('demo-call', {
      ...nodeSpec('dist/apps/api/src/cli/run-demo-call.js', [root, 'demo/madrid-2008-call.json']),
      restart: false,
    });
  say(
    healthy
      ? 'All healthy.'
      : 'Started, but /health is not green yet: see http://localhost:' + port + '/health',
  );
  console.log(`
  GraphQL API     http://localhost:${port}/graphql   (open it in a browser: GraphiQL)
  Health          http://localhost:${port}/health
  IATI (Madrid)   http://localhost:${port}/iati/programmes/es-codesarrollo/activities.xml
  Portfolio       http://localhost:${port}/portfolio
  Temporal UI     ${temporalUi}

  A token for the demo administrator:   npm run token -- --admin
  Tokens for the demo organisations:    npm run token -- --list
  Press Ctrl-C to stop everything.
`);
} catch (e) {
  if (!stopping) {
    console.error(`npm start failed: ${e instanceof Error ? e.message : String(e)}`);
    await shutdown(1);
  }
}

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
