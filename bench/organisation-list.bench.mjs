#!/usr/bin/env node
// Lists at national scale: 100,000 organisations over 2,500 municipalities, read page by page
// through the real API over HTTP. Prints latency percentiles for first pages, deep keyset
// pages and filtered lists, each page resolving its jurisdictions (DataLoader: one batch query).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { build } from '../scripts/lib/build.mjs';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-postgres.mjs';
import { freePort } from '../scripts/lib/net.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

build(root);
const require = createRequire(import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), 'codev-bench-'));
const db = await startEmbeddedPostgres({ dataDir: join(scratch, 'pg'), port: await freePort(), database: 'bench', persistent: false });
let app;
try {
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: '127.0.0.1:7233', // connected lazily; lists never touch Temporal
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: 'silent',
  });
  const { spawnSync } = await import('node:child_process');
  spawnSync(process.execPath, [join(root, 'dist/libs/persistence/src/cli/migrate.js')], { stdio: 'inherit', env: process.env });

  const client = new pg.Client(db.url);
  await client.connect();
  let t = Date.now();
  await client.query(`
    INSERT INTO jurisdiction (code, name, kind, country_code) VALUES ('MX', 'México', 'COUNTRY', 'MX');
    INSERT INTO jurisdiction (code, name, kind, country_code, parent_id)
      SELECT 'MX-S' || s, 'Estado ' || s, 'SUBDIVISION', 'MX', (SELECT id FROM jurisdiction WHERE code = 'MX')
      FROM generate_series(1, 32) s;
    INSERT INTO jurisdiction (code, name, kind, country_code, parent_id)
      SELECT 'MX-S' || (m % 32 + 1) || '-' || m, 'Municipio ' || m, 'MUNICIPALITY', 'MX',
             (SELECT id FROM jurisdiction WHERE code = 'MX-S' || (m % 32 + 1))
      FROM generate_series(1, 2500) m;`);
  await client.query(`
    WITH munis AS (SELECT id, row_number() OVER (ORDER BY code) AS n FROM jurisdiction WHERE kind = 'MUNICIPALITY')
    INSERT INTO organisation (name, name_key, kind, country_of_residence, jurisdiction_id, origin_jurisdiction_id, created_by)
    SELECT 'Club ' || i, 'club ' || i,
           CASE WHEN i % 4 = 0 THEN 'NGO' ELSE 'MIGRANT_CLUB' END,
           CASE WHEN i % 4 = 0 THEN 'MX' ELSE 'US' END,
           CASE WHEN i % 4 = 0 THEN m.id END,
           CASE WHEN i % 4 = 0 THEN NULL ELSE m.id END,
           'bench'
    FROM generate_series(1, ${ORGANISATIONS}) i JOIN munis m ON m.n = i % 2500 + 1`);
  await client.query('ANALYZE');
  console.log(`seeded 2,533 jurisdictions and ${ORGANISATIONS.toLocaleString('en')} organisations in ${Date.now() - t} ms`);

  const { NestFactory } = require('@nestjs/core');
  const { AppModule } = require(join(root, 'dist/apps/api/src/app.module.js'));
  app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${app.getHttpServer().address().port}/graphql`;

  const call = async (query, variables = {}) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = await res.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const PAGE = `query($after: String, $kind: OrganisationKind, $origin: String) {
    organisations(first: 50, after: $after, kind: $kind, originJurisdictionCode: $origin) {
      edges { node { id name kind jurisdiction { code } originJurisdiction { code parent { code } } } }
      pageInfo { hasNextPage endCursor } } }`;

  // A cursor deep in the list: walk with large pages once.
  let deepCursor = null;
  for (let seen = 0; seen < ORGANISATIONS * 0.9; seen += 200) {
    const d = await call('query($a: String) { organisations(first: 200, after: $a) { pageInfo { endCursor } } }', { a: deepCursor });
    deepCursor = d.organisations.pageInfo.endCursor;
  }
  const { rows: [{ code: someOrigin }] } = await client.query(`SELECT code FROM jurisdiction WHERE code LIKE 'MX-S7-%' LIMIT 1`);
  await client.end();

  async function measure(name, variables) {
    for (let i = 0; i < 10; i++) await call(PAGE, variables); // warm up
    const times = [];
    for (let i = 0; i < ROUNDS; i++) {
      const start = process.hrtime.bigint();
      await call(PAGE, variables);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const pct = (p) => times[Math.min(times.length - 1, Math.floor(times.length * p))].toFixed(2);
    console.log(`${name.padEnd(44)} p50 ${pct(0.5).padStart(7)} ms   p95 ${pct(0.95).padStart(7)} ms   p99 ${pct(0.99).padStart(7)} ms`);
  }
  console.log(`\n50 organisations a page with their jurisdictions, ${ROUNDS} requests each, sequential:`);
  await measure('first page', {});
  await measure('page after 90% of the list (keyset)', { after: deepCursor });
  await measure('filtered by kind (NGO)', { kind: 'NGO' });
  await measure(`filtered by community of origin (${someOrigin})`, { origin: someOrigin });
} finally {
  await app?.close();
  await db.stop();
  rmSync(scratch, { recursive: true, force: true });
}
