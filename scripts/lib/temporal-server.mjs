// Runs the Temporal CLI dev server (SQLite file, web UI) as a child process.
import { spawn } from 'node:child_process';
import { waitForPort } from './net.mjs';
import { SEARCH_ATTRIBUTE_FLAGS } from './search-attributes.mjs';
import dynamicConfig from './temporal-dynamic-config.cjs';

export async function startTemporalDevServer({
  cli,
  dbFile,
  port,
  uiPort,
  namespace,
  log = () => {},
}) {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    // SQLite in WAL mode, synced at checkpoints: several times the throughput of the default.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    ...SEARCH_ATTRIBUTE_FLAGS.flatMap((a) => ['--search-attribute', a]),
    ...dynamicConfig.devServerFlags(),
  ];
  if (dbFile) args.push('--db-filename', dbFile);
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => log(d.toString()));
  child.stderr.on('data', (d) => log(d.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await Promise.race([
    waitForPort(port, { timeoutMs: 60_000 }),
    exited.then((code) => {
      throw new Error(`Temporal dev server exited with code ${code} before listening on ${port}`);
    }),
  ]);
  return {
    address: `127.0.0.1:${port}`,
    uiUrl: `http://localhost:${uiPort}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
