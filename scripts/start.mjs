#!/usr/bin/env node
// `npm start`: one command from a fresh clone to a running system. Installs what is missing,
// starts PostgreSQL (embedded, unless DATABASE_URL is set) and the Temporal dev server (unless
// TEMPORAL_ADDRESS is set), migrates, loads the demo data, runs the API and a worker, and
// stops everything cleanly on Ctrl-C. Data persists in .codev/ between runs.
// `npm start -- --temporal=server` (or CODEV_TEMPORAL=server) runs the real Temporal server on
// the same PostgreSQL instead of the dev server: see scripts/lib/temporal-real-server.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/dependencies.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = join(root, '.codev');
const t0 = Date.now();
const say = (m) => console.log(`[codev ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

ensureDependencies(root, say);
// Everything below may use installed packages.
const { build, bundlePath } = await import('./lib/build.mjs');
const { ensureTemporalCli } = await import('./lib/temporal-cli.mjs');
const { startEmbeddedPostgres } = await import('./lib/embedded-postgres.mjs');
const { startTemporalDevServer } = await import('./lib/temporal-server.mjs');
const { requestedShards, startTemporalRealServer, temporalProfile } =
  await import('./lib/temporal-real-server.mjs');

// The workflows running in .codev's Temporal history must replay on today's code. Data written
// by an engine whose workflows cannot (a change of epoch, never a patched change) is moved aside.
const ENGINE_EPOCH = '2';
const epochFile = join(stateDir, 'engine-epoch');
if (existsSync(stateDir) && readdirSync(stateDir).some((f) => f !== 'jwt-secret')) {
  const found = existsSync(epochFile) ? readFileSync(epochFile, 'utf8').trim() : '1';
  if (found !== ENGINE_EPOCH) {
    const aside = `${stateDir}.epoch-${found}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(stateDir, aside);
    say(`The data in .codev was written by an earlier engine (epoch ${found}); moved to ${aside}.`);
  }
}
mkdirSync(stateDir, { recursive: true });
writeFileSync(epochFile, ENGINE_EPOCH);
const stops = [];
const children = [];
let stopping = false;

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  say('Stopping…');
  await Promise.all(
    children
      .filter((c) => c.exitCode === null)
      .map(
        (c) =>
          new Promise((resolve) => {
            c.once('exit', resolve);
            c.kill('SIGTERM');
          }),
      ),
  );
  for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
  say('Stopped.');
  process.exit(code);
}
// embedded-postgres registers an exit hook that stops the database and exits on these
// signals, racing our shutdown; ours stops the API and worker first, then the servers.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown(0));
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
  const realServer = temporalProfile() === 'server' && !env.TEMPORAL_ADDRESS;
  const [database, temporal] = await Promise.all([
    env.DATABASE_URL
      ? null
      : startEmbeddedPostgres({
          dataDir: join(stateDir, 'postgres'),
          port: Number(process.env.CODEV_PG_PORT ?? 54320),
          database: realServer ? 'codev_server' : 'codev',
          persistent: true,
        }),
    env.TEMPORAL_ADDRESS || realServer
      ? null
      : startTemporalDevServer({
          cli: ensureTemporalCli(root, say),
          dbFile: join(stateDir, 'temporal.sqlite'),
          port: Number(process.env.CODEV_TEMPORAL_PORT ?? 7233),
          uiPort: Number(process.env.CODEV_TEMPORAL_UI_PORT ?? 8233),
          namespace: env.TEMPORAL_NAMESPACE ?? 'default',
        }),
  ]);
  if (database) {
    stops.push(database.stop);
    env.DATABASE_URL = database.url;
    say(`PostgreSQL (embedded) up, data in .codev/postgres`);
  }
  if (temporal) {
    stops.push(temporal.stop);
    env.TEMPORAL_ADDRESS = temporal.address;
    temporalUi = temporal.uiUrl;
    say(`Temporal dev server up at ${temporal.address}, history in .codev/temporal.sqlite`);
  }
  if (realServer) {
    const server = await startTemporalRealServer({
      root,
      stateDir: join(stateDir, 'temporal-server'),
      postgresUrl: env.DATABASE_URL,
      port: Number(process.env.CODEV_TEMPORAL_PORT ?? 7233),
      shards: requestedShards(),
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      log: say,
    });
    stops.push(server.stop); // stopped before PostgreSQL: stops run in reverse
    env.TEMPORAL_ADDRESS = server.address;
    temporalUi = server.uiUrl;
    say(
      `Temporal server ${server.address} up (${server.shards} history shards, on PostgreSQL), ` +
        'log in .codev/temporal-server/server.log',
    );
  }

  const node = (script, args = []) =>
    spawnSync(process.execPath, [join(root, script), ...args], { env, stdio: 'inherit' });
  if (node('dist/libs/persistence/src/cli/migrate.js').status !== 0)
    throw new Error('migrations failed');
  if (node('dist/apps/api/src/cli/seed-demo.js', [join(root, 'demo')]).status !== 0)
    throw new Error('demo data failed to load');
  if (
    node('dist/apps/api/src/cli/load-programmes.js', [
      join(root, 'programmes'),
      join(root, 'directives'),
    ]).status !== 0
  )
    throw new Error('programme definitions failed to load');

  for (const [name, script] of [
    ['api', 'dist/apps/api/src/main.js'],
    ['worker', 'dist/apps/worker/src/main.js'],
  ]) {
    const child = spawn(process.execPath, [join(root, script)], { env, stdio: 'inherit' });
    child.once('exit', (code) => {
      if (!stopping) {
        say(`${name} exited with code ${code}; stopping everything.`);
        void shutdown(code || 1);
      }
    });
    children.push(child);
  }

  const port = Number(env.PORT ?? 3000);
  const healthy = await waitForHealth(`http://localhost:${port}/health`, 120_000);
  if (stopping) await new Promise(() => {}); // a child died; shutdown() is exiting
  // The Madrid 2008 call, replayed once on today's clock so a newcomer sees a whole call run
  // (publication to final resolution, ~30 s); later starts only print its outcome.
  if (healthy) {
    const demo = spawn(
      process.execPath,
      [join(root, 'dist/apps/api/src/cli/run-demo-call.js'), root, 'demo/madrid-2008-call.json'],
      { env, stdio: 'inherit' },
    );
    stops.unshift(async () => {
      if (demo.exitCode === null) demo.kill('SIGTERM');
    });
  }
  say(
    healthy
      ? 'All healthy.'
      : 'Started, but /health is not green yet: see http://localhost:' + port + '/health',
  );
  console.log(`
  GraphQL API     http://localhost:${port}/graphql
  Health          http://localhost:${port}/health
  IATI (3x1)      http://localhost:${port}/iati/programmes/mx-3x1/activities.xml
  Temporal UI     ${temporalUi}

  A token for the demo administrator:   npm run token -- --admin
  Tokens for the demo organisations:    npm run token -- --list
  Press Ctrl-C to stop everything.
`);
} catch (e) {
  console.error(`npm start failed: ${e instanceof Error ? e.message : e}`);
  await shutdown(1);
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
