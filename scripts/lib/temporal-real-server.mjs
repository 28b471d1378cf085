// The real Temporal server (go.temporal.io/server, the same binary a production cluster runs)
// on the project's PostgreSQL, with several history shards: `npm start -- --temporal=server`.
//
// - ensureTemporalServer: finds `temporal-server` and `temporal-sql-tool`, building them with
//   `go install` (pinned version) into .tools/bin when they are nowhere.
// - startTemporalRealServer: creates the `temporal` and `temporal_visibility` databases, sets up
//   and updates their schemas with the SQL tool (the schemas embedded in the tool are those of
//   the same server version), writes the server's config, starts all four services (frontend,
//   history, matching, worker) in one process, waits for the frontend, registers the namespace
//   (and any custom search attributes asked for), and returns how to stop it.
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { isExecutable, onPath } from './executables.mjs';
import { isPortOpen, waitForPort } from './net.mjs';
import { SEARCH_ATTRIBUTE_FLAGS } from './search-attributes.mjs';
import dynamicConfig from './temporal-dynamic-config.cjs';

export const TEMPORAL_SERVER_VERSION = '1.29.1';
const SERVER_MODULE = `go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}`;
const SQL_TOOL_MODULE = `go.temporal.io/server/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`;
/** `go install` names binaries after their folder (`server`, `sql`); these are the names
 * Temporal's own images use, and the ones kept in .tools/bin. */
const SERVER_BIN = 'temporal-server';
const SQL_TOOL_BIN = 'temporal-sql-tool';

export const DEFAULT_HISTORY_SHARDS = 4;
const STORE_DATABASE = 'temporal';
const VISIBILITY_DATABASE = 'temporal_visibility';
/** Schemas embedded in temporal-sql-tool (the `schema/` tree of the server module). */
const STORE_SCHEMA = 'postgresql/v12/temporal';
const VISIBILITY_SCHEMA = 'postgresql/v12/visibility';

/** The engine's search attributes (name → indexed value type), as the dev server registers
 * them (search-attributes.mjs): registered at every start when missing, so the server lists
 * applications by programme, version, jurisdiction, status and call. */
export const CODEV_SEARCH_ATTRIBUTES = Object.fromEntries(
  SEARCH_ATTRIBUTE_FLAGS.map((flag) => {
    const [name, type] = flag.split('=');
    return [name, type.toUpperCase()];
  }),
);

/**
 * Which Temporal `npm start` runs: `dev` (the CLI dev server, default) or `server` (this file).
 * From `--temporal=server` / `--temporal server`, else CODEV_TEMPORAL.
 */
export function temporalProfile(argv = process.argv.slice(2), env = process.env) {
  let value = env.CODEV_TEMPORAL;
  argv.forEach((arg, i) => {
    if (arg.startsWith('--temporal=')) value = arg.slice('--temporal='.length);
    else if (arg === '--temporal') value = argv[i + 1];
  });
  value = (value ?? 'dev').trim().toLowerCase();
  if (value === 'dev' || value === 'server') return value;
  throw new Error(`--temporal / CODEV_TEMPORAL must be "dev" or "server", not "${value}"`);
}

/** numHistoryShards for a new cluster: --temporal-shards=N, else CODEV_TEMPORAL_SHARDS, else 4. */
export function requestedShards(argv = process.argv.slice(2), env = process.env) {
  let value = env.CODEV_TEMPORAL_SHARDS;
  argv.forEach((arg, i) => {
    if (arg.startsWith('--temporal-shards=')) value = arg.slice('--temporal-shards='.length);
    else if (arg === '--temporal-shards') value = argv[i + 1];
  });
  if (value === undefined || value === '') return DEFAULT_HISTORY_SHARDS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 16384)
    throw new Error(
      `the number of history shards must be an integer from 1 to 16384, not "${value}"`,
    );
  return n;
}

function versionOf(binary) {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.match(/version\s+(\S+)/)?.[1];
}

function pinned(binary) {
  return binary && isExecutable(binary) && versionOf(binary) === TEMPORAL_SERVER_VERSION;
}

/**
 * `{ server, sqlTool }`: TEMPORAL_SERVER_PATH / TEMPORAL_SQL_TOOL_PATH, else the pinned version
 * on PATH or in .tools/bin, else built there with `go install` (several minutes the first time;
 * later builds come from Go's caches).
 */
export async function ensureTemporalServer(root, log = console.log) {
  const binDir = join(root, '.tools', 'bin');
  const pick = (envName, name) => {
    const fromEnv = process.env[envName];
    if (fromEnv) {
      if (!isExecutable(fromEnv))
        throw new Error(`${envName}=${fromEnv} is not an executable file`);
      return fromEnv;
    }
    return [onPath(name), join(binDir, name)].find(pinned);
  };
  let server = pick('TEMPORAL_SERVER_PATH', SERVER_BIN);
  let sqlTool = pick('TEMPORAL_SQL_TOOL_PATH', SQL_TOOL_BIN);
  if (server && sqlTool) return { server, sqlTool };

  const go =
    onPath('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go)
    throw new Error(
      `The real Temporal server needs Go to build it (go install ${SERVER_MODULE}), or ` +
        `${SERVER_BIN} and ${SQL_TOOL_BIN} ${TEMPORAL_SERVER_VERSION} on PATH ` +
        '(TEMPORAL_SERVER_PATH / TEMPORAL_SQL_TOOL_PATH), or TEMPORAL_ADDRESS set to a running cluster.',
    );
  const staging = join(root, '.tools', `temporal-server-${TEMPORAL_SERVER_VERSION}.build`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  mkdirSync(binDir, { recursive: true });
  const modules = [...(server ? [] : [SERVER_MODULE]), ...(sqlTool ? [] : [SQL_TOOL_MODULE])];
  log(
    `Building the Temporal server ${TEMPORAL_SERVER_VERSION} with go install ${modules.join(' ')} ` +
      '(several minutes the first time; progress every 15 s)…',
  );
  const started = Date.now();
  await new Promise((resolve, reject) => {
    // -v names each package as it is compiled: counted for the progress lines.
    const child = spawn(go, ['install', '-v', '-ldflags=-s -w', ...modules], {
      env: { ...process.env, GOBIN: staging, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let packages = 0;
    let tail = '';
    const take = (chunk) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) {
        if (line.startsWith('go: downloading')) continue;
        if (line.trim()) packages += 1;
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setInterval(
      () =>
        log(
          `  …still building the Temporal server: ${Math.round((Date.now() - started) / 1000)} s, ` +
            `${packages} packages compiled`,
        ),
      15_000,
    );
    child.once('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.once('exit', (code) => {
      clearInterval(timer);
      if (code === 0) resolve();
      else reject(new Error(`go install failed (exit ${code}):\n${tail}`));
    });
  });
  for (const [built, name] of [
    ['server', SERVER_BIN],
    ['sql', SQL_TOOL_BIN],
  ]) {
    if (existsSync(join(staging, built))) renameSync(join(staging, built), join(binDir, name));
  }
  rmSync(staging, { recursive: true, force: true });
  log(`Temporal server built in ${Math.round((Date.now() - started) / 1000)} s, in .tools/bin.`);
  server ??= join(binDir, SERVER_BIN);
  sqlTool ??= join(binDir, SQL_TOOL_BIN);
  for (const binary of [server, sqlTool])
    if (!pinned(binary)) throw new Error(`${binary} is not Temporal ${TEMPORAL_SERVER_VERSION}`);
  return { server, sqlTool };
}

/** host, port, user, password, TLS of a postgres:// URL (the database in it is not used). */
function postgresServer(url) {
  const u = new URL(url);
  const sslmode = u.searchParams.get('sslmode') ?? '';
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    tls: ['require', 'verify-ca', 'verify-full'].includes(sslmode),
  };
}

async function withClient(server, database, fn) {
  const client = new pg.Client({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database,
    ssl: server.tls ? { rejectUnauthorized: false } : undefined,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The shard count a cluster was created with, from its cluster metadata (a protobuf
 * `ClusterMetadata`, field 2 `history_shard_count`), or undefined for a new cluster. */
async function persistedShardCount(server) {
  const rows = await withClient(server, STORE_DATABASE, async (c) => {
    const { rows: exists } = await c.query(`SELECT to_regclass('cluster_metadata_info') AS t`);
    if (!exists[0].t) return [];
    return (await c.query(`SELECT data, data_encoding FROM cluster_metadata_info LIMIT 1`)).rows;
  });
  if (!rows.length || String(rows[0].data_encoding).toLowerCase() !== 'proto3') return undefined;
  const buf = rows[0].data;
  let i = 0;
  const varint = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = buf[i++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const [field, wire] = [Math.floor(key / 8), key & 7];
    if (field === 2 && wire === 0) return varint();
    if (wire === 0) varint();
    else if (wire === 1) i += 8;
    else if (wire === 2) {
      const length = varint(); // read first: `i += varint()` would add to the old i
      i += length;
    } else if (wire === 5) i += 4;
    else return undefined;
  }
  return undefined;
}

/** The two databases, created when missing; their schemas set up and brought to this version. */
async function prepareDatabases({ server, sqlTool, plugin, log }) {
  await withClient(server, 'postgres', async (c) => {
    for (const name of [STORE_DATABASE, VISIBILITY_DATABASE]) {
      const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) {
        log(`Creating the database ${name}…`);
        await c.query(`CREATE DATABASE "${name}"`);
      }
    }
  });
  const env = {
    ...process.env,
    SQL_PLUGIN: plugin,
    SQL_HOST: server.host,
    SQL_PORT: String(server.port),
    SQL_USER: server.user,
    SQL_PASSWORD: server.password,
    ...(server.tls ? { SQL_TLS: 'true', SQL_TLS_DISABLE_HOST_VERIFICATION: 'true' } : {}),
  };
  for (const [database, schema] of [
    [STORE_DATABASE, STORE_SCHEMA],
    [VISIBILITY_DATABASE, VISIBILITY_SCHEMA],
  ]) {
    for (const args of [
      ['setup-schema', '-v', '0.0'], // the version tables only; a no-op once they exist
      ['update-schema', '--schema-name', schema], // every versioned step not applied yet
    ]) {
      const r = spawnSync(sqlTool, ['--db', database, ...args], { env, encoding: 'utf8' });
      if (r.status !== 0)
        throw new Error(
          `temporal-sql-tool --db ${database} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`,
        );
    }
  }
}

/** The server's static config (the YAML `temporal-server start` reads). */
function serverConfig({ server, plugin, shards, port, logFile, dynamicConfigFile, maxConns }) {
  const store = (databaseName, conns) => ({
    sql: {
      pluginName: plugin,
      databaseName,
      connectAddr: `${server.host}:${server.port}`,
      connectProtocol: 'tcp',
      user: server.user,
      password: server.password,
      // Each of the four services opens its own pool: 4 × (store + visibility) connections.
      maxConns: conns,
      maxIdleConns: conns,
      maxConnLifetime: '1h',
      ...(server.tls ? { tls: { enabled: true, enableHostVerification: false } } : {}),
    },
  });
  // Every port is relative to the frontend's, so another CODEV_TEMPORAL_PORT moves them all.
  const service = (grpc, membership, extra = {}) => ({
    rpc: {
      grpcPort: port + grpc,
      membershipPort: port + membership,
      bindOnLocalHost: true,
      ...extra,
    },
  });
  return {
    log: { stdout: false, level: 'warn', outputFile: logFile },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: shards,
      datastores: {
        'postgres-default': store(STORE_DATABASE, maxConns),
        'postgres-visibility': store(VISIBILITY_DATABASE, Math.max(2, Math.ceil(maxConns / 4))),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      pprof: { port: 0 },
    },
    services: {
      frontend: service(0, -300, { httpPort: port + 10 }),
      history: service(1, -299),
      matching: service(2, -298),
      worker: service(6, -294),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${port}`,
          httpAddress: `127.0.0.1:${port + 10}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: {
      archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

/** Dynamic config: what the CLI dev server sets too (a larger mutable-state cache, more
 * visibility RPS), and search attributes visible as soon as they are added. */
const DYNAMIC_CONFIG = {
  'history.hostLevelCacheMaxSize': [{ value: 8192 }],
  'frontend.namespaceRPS.visibility': [{ value: 100 }],
  'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
  ...Object.fromEntries(
    Object.entries(dynamicConfig.DYNAMIC_CONFIG).map(([key, value]) => [key, [{ value }]]),
  ),
};

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A server an earlier run left behind (its parent was killed): stopped before we start ours. */
async function stopLeftover(pidFile, serverBinary, log) {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  rmSync(pidFile, { force: true });
  if (!pid || !alive(pid)) return;
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (!cmdline.includes(serverBinary)) return;
  log(`Stopping a Temporal server left running by an earlier start (pid ${pid})…`);
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 150 && alive(pid); i++) await new Promise((r) => setTimeout(r, 200));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

function tailOf(file, chars = 3000) {
  try {
    return readFileSync(file, 'utf8').slice(-chars);
  } catch {
    return '';
  }
}

/** Registers the namespace when missing, adds missing search attributes, and returns once the
 * frontend serves the namespace (its namespace cache refreshes every 2 s). */
async function prepareNamespace({ address, namespace, retentionDays, searchAttributes, log }) {
  const { Connection } = await import('@temporalio/client');
  const connection = await Connection.connect({ address, connectTimeout: 10_000 });
  try {
    const service = connection.workflowService;
    let created = false;
    try {
      await service.describeNamespace({ namespace });
    } catch (e) {
      if (e?.code !== 5) throw e; // NOT_FOUND
      log(`Registering the namespace "${namespace}"…`);
      try {
        await service.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: { seconds: retentionDays * 86_400 },
        });
        created = true;
      } catch (err) {
        if (err?.code !== 6) throw err; // ALREADY_EXISTS: registered meanwhile
      }
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await service.listWorkflowExecutions({ namespace, pageSize: 1 });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    // History and matching keep namespace caches of their own, refreshed on the same period.
    if (created) await new Promise((r) => setTimeout(r, 2_500));
    // Once the frontend serves the namespace: the operator service asks it of its cache.
    const wanted = Object.entries(searchAttributes);
    if (wanted.length) {
      const proto = await import('@temporalio/proto'); // CommonJS: its exports under default
      const { IndexedValueType } = (proto.temporal ?? proto.default.temporal).api.enums.v1;
      const { customAttributes = {} } = await connection.operatorService.listSearchAttributes({
        namespace,
      });
      const missing = Object.fromEntries(
        wanted
          .filter(([name]) => !(name in customAttributes))
          .map(([name, type]) => [name, IndexedValueType[`INDEXED_VALUE_TYPE_${type}`]]),
      );
      if (Object.keys(missing).length) {
        log(`Adding search attributes ${Object.keys(missing).join(', ')}…`);
        await connection.operatorService.addSearchAttributes({
          namespace,
          searchAttributes: missing,
        });
      }
    }
  } finally {
    await connection.close();
  }
}

/**
 * Starts the real Temporal server as a child process in a process group of its own (so a
 * terminal's Ctrl-C reaches `npm start`, which stops it in order, after the API and worker and
 * before PostgreSQL) and returns `{ address, uiUrl, shards, stop() }`.
 *
 * @param {object} options
 * @param {string} options.root       the project root (binaries in .tools/bin)
 * @param {string} options.stateDir   where its config, log and pid file go (e.g. .codev/temporal-server)
 * @param {string} options.postgresUrl a postgres:// URL of the server to keep its databases on;
 *                                     its user must be allowed to create databases
 * @param {number} [options.port]     the frontend's gRPC port (default 7233); the other services
 *                                     use ports at fixed offsets from it (7234, 7235, 7239, 7243, 6933–6939)
 * @param {number} [options.shards]   numHistoryShards of a new cluster (fixed once created)
 * @param {string} [options.namespace]
 */
export async function startTemporalRealServer({
  root,
  stateDir,
  postgresUrl,
  port = 7233,
  shards = DEFAULT_HISTORY_SHARDS,
  namespace = 'default',
  plugin = process.env.CODEV_TEMPORAL_SQL_PLUGIN ?? 'postgres12_pgx',
  maxConns = Number(process.env.CODEV_TEMPORAL_SQL_MAX_CONNS ?? 10),
  retentionDays = 3,
  searchAttributes = CODEV_SEARCH_ATTRIBUTES,
  log = console.log,
}) {
  // The cluster's membership table keeps its services' ports as smallint: the server dies at
  // start ("greater than maximum value for int2") with any above 32767.
  if (!Number.isInteger(port) || port - 300 < 1024 || port + 10 > 32_767)
    throw new Error(
      `the Temporal server's frontend port must be between 1324 and 32757 (its services take ` +
        `ports from 300 below it to 10 above it, and the server stores them as smallint); got ${port}`,
    );
  const { server: serverBinary, sqlTool } = await ensureTemporalServer(root, log);
  const pg = postgresServer(postgresUrl);
  mkdirSync(join(stateDir, 'config'), { recursive: true });
  const pidFile = join(stateDir, 'server.pid');
  const logFile = join(stateDir, 'server.log');
  await stopLeftover(pidFile, serverBinary, log);
  for (const p of [port, port + 1, port + 2, port + 6, port + 10]) {
    if (await isPortOpen(p))
      throw new Error(
        `port ${p} is taken: is another Temporal running? (CODEV_TEMPORAL_PORT moves the server's ports)`,
      );
  }

  await prepareDatabases({ server: pg, sqlTool, plugin, log });
  const persisted = await persistedShardCount(pg);
  if (persisted !== undefined && persisted !== shards) {
    log(
      `This Temporal cluster was created with ${persisted} history shards; the number is fixed ` +
        `at creation, so ${shards} is ignored (drop the temporal databases to start over).`,
    );
  }
  const numHistoryShards = persisted ?? shards;
  const dynamicConfigFile = join(stateDir, 'dynamicconfig.yaml');
  writeFileSync(dynamicConfigFile, stringify(DYNAMIC_CONFIG));
  writeFileSync(
    join(stateDir, 'config', 'codev.yaml'),
    `# Written by scripts/lib/temporal-real-server.mjs at every start; edits are overwritten.\n` +
      stringify(
        serverConfig({
          server: pg,
          plugin,
          shards: numHistoryShards,
          port,
          logFile,
          dynamicConfigFile,
          maxConns,
        }),
      ),
    { mode: 0o600 },
  );

  const out = openSync(logFile, 'a');
  const child = spawn(
    serverBinary,
    ['--root', stateDir, '--config', 'config', '--env', 'codev', '--allow-no-auth', 'start'],
    { detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  writeFileSync(pidFile, String(child.pid));
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      rmSync(pidFile, { force: true });
      resolve(signal ?? code);
    }),
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM'); // the server's own graceful stop
    let timer;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 30_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const address = `127.0.0.1:${port}`;
  try {
    await Promise.race([
      (async () => {
        await waitForPort(port, { timeoutMs: 90_000 });
        await prepareNamespace({ address, namespace, retentionDays, searchAttributes, log });
      })(),
      exited.then((code) => {
        throw new Error(
          `the Temporal server exited (${code}) before serving; the end of ${logFile}:\n${tailOf(logFile)}`,
        );
      }),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    address,
    shards: numHistoryShards,
    logFile,
    uiUrl: `(none in the server profile: temporal workflow list --address ${address})`,
    stop,
  };
}
