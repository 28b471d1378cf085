// Starts one ephemeral PostgreSQL and one Temporal for the whole jest run; suites create their
// own databases and task queues on them, so they stay independent. The Temporal is the CLI dev
// server, or with CODEV_TEST_TEMPORAL=server (the scale-out run) the real server on that
// PostgreSQL, as `npm start -- --temporal=server` runs it: the production shape.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres.mjs';
import { freePort } from '../../scripts/lib/net.mjs';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../scripts/lib/search-attributes.mjs';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli.mjs';
import dynamicConfig from '../../scripts/lib/temporal-dynamic-config.cjs';
import { startTemporalRealServer } from '../../scripts/lib/temporal-real-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The dev server, with the Prometheus endpoint on a known port so a suite can read what the
 * server did (eager dispatch). */
async function startDevServer(cli) {
  const metricsPort = await freePort();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli },
      ip: '127.0.0.1',
      ui: false,
      extraArgs: [
        ...SEARCH_ATTRIBUTE_FLAGS.flatMap((a) => ['--search-attribute', a]),
        ...dynamicConfig.devServerFlags(),
        '--metrics-port',
        String(metricsPort),
      ],
    },
  });
  process.env.TEMPORAL_METRICS_URL = `http://127.0.0.1:${metricsPort}/metrics`;
  return { address: env.address, teardown: () => env.teardown() };
}

/** The real server. Its services take ports at fixed offsets from the frontend's, and
 * membership ports must fit a smallint: the frontend's is drawn from 20,000–32,000, below the
 * ephemeral range, where the whole set is free in practice (the start checks it is). */
async function startRealServer(postgres, scratch) {
  const server = await startTemporalRealServer({
    root,
    stateDir: join(scratch, 'temporal-server'),
    postgresUrl: postgres.adminUrl,
    port: 20_000 + Math.floor(Math.random() * 12_000),
    log: () => {},
  });
  return { address: server.address, teardown: server.stop };
}

export default async function globalSetup() {
  const cli = ensureTemporalCli(root);
  const scratch = mkdtempSync(join(tmpdir(), 'codev-test-'));
  const real = process.env.CODEV_TEST_TEMPORAL === 'server';
  const startingPostgres = startEmbeddedPostgres({
    dataDir: join(scratch, 'pg'),
    port: await freePort(),
    database: 'codev_test',
    persistent: false,
  });
  const [postgres, temporal] = await Promise.all([
    startingPostgres,
    real ? startingPostgres.then((pg) => startRealServer(pg, scratch)) : startDevServer(cli),
  ]).catch(async (e) => {
    await startingPostgres.then((pg) => pg.stop()).catch(() => {});
    throw e;
  });
  process.env.CODEV_TEST_PG_ADMIN_URL = postgres.adminUrl;
  process.env.TEMPORAL_ADDRESS = temporal.address;
  process.env.TEMPORAL_CLI_PATH = cli;
  globalThis.__codevStack = { postgres, temporal, scratch };
}
