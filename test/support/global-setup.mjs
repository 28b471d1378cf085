// Starts one ephemeral PostgreSQL and one Temporal dev server for the whole jest run; suites
// create their own databases and task queues on them, so they stay independent.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres.mjs';
import { freePort } from '../../scripts/lib/net.mjs';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../scripts/lib/search-attributes.mjs';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export default async function globalSetup() {
  const cli = ensureTemporalCli(root);
  const scratch = mkdtempSync(join(tmpdir(), 'codev-test-'));
  const [postgres, temporal] = await Promise.all([
    startEmbeddedPostgres({
      dataDir: join(scratch, 'pg'),
      port: await freePort(),
      database: 'codev_test',
      persistent: false,
    }),
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: cli },
        ip: '127.0.0.1',
        ui: false,
        extraArgs: SEARCH_ATTRIBUTE_FLAGS.flatMap((a) => ['--search-attribute', a]),
      },
    }),
  ]);
  process.env.CODEV_TEST_PG_ADMIN_URL = postgres.adminUrl;
  process.env.TEMPORAL_ADDRESS = temporal.address;
  process.env.TEMPORAL_CLI_PATH = cli;
  globalThis.__codevStack = { postgres, temporal, scratch };
}
