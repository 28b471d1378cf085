#!/usr/bin/env node
// Lists at national scale: 100,000 organisations over 2,500 municipalities, read page by page
// through the real API over HTTP. Prints latency percentiles for first pages, deep keyset
// pages and filtered lists, each page resolving its jurisdictions (DataLoader: one batch query).
// Scale (env): BENCH_ORGANISATIONS (100000), BENCH_ROUNDS (200 sequential requests a list).
// Stack: see bench/lib/stack.mjs.
import pg from 'pg';
import { graphql, ms, num, percentiles } from './lib/client.mjs';
import { openStack } from './lib/stack.mjs';

const ORGANISATIONS = num('BENCH_ORGANISATIONS', 100_000);
const ROUNDS = num('BENCH_ROUNDS', 200);

// Migrated only: the bench seeds its own jurisdictions and organisations (use a scratch
// database if DATABASE_URL is set).
const stack = await openStack({ seed: 'migrate' });
let failed = false;
try {
  const client = new pg.Client(stack.databaseUrl);
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
  console.log(
    `seeded 2,533 jurisdictions and ${ORGANISATIONS.toLocaleString('en')} organisations in ${Date.now() - t} ms`,
  );

  const gql = graphql(stack.apiUrl);
  const call = (query, variables = {}) => gql(query, variables);
  const PAGE = `query($after: String, $kind: OrganisationKind, $origin: String) {
    organisations(first: 50, after: $after, kind: $kind, originJurisdictionCode: $origin) {
      edges { node { id name kind jurisdiction { code } originJurisdiction { code parent { code } } } }
      pageInfo { hasNextPage endCursor } } }`;

  // A cursor deep in the list: walk with large pages once.
  let deepCursor = null;
  for (let seen = 0; seen < ORGANISATIONS * 0.9; seen += 200) {
    const d = await call(
      'query($a: String) { organisations(first: 200, after: $a) { pageInfo { endCursor } } }',
      { a: deepCursor },
    );
    deepCursor = d.organisations.pageInfo.endCursor;
  }
  const {
    rows: [{ code: someOrigin }],
  } = await client.query(`SELECT code FROM jurisdiction WHERE code LIKE 'MX-S7-%' LIMIT 1`);
  await client.end();

  async function measure(name, variables) {
    for (let i = 0; i < 10; i++) await call(PAGE, variables); // warm up
    const times = [];
    const start = process.hrtime.bigint();
    for (let i = 0; i < ROUNDS; i++) {
      const t = process.hrtime.bigint();
      await call(PAGE, variables);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const perSecond = ROUNDS / (Number(process.hrtime.bigint() - start) / 1e9);
    const p = percentiles(times);
    console.log(
      `${name.padEnd(44)} ${perSecond.toFixed(0).padStart(5)} req/s   p50 ${ms(p.p50).padStart(7)}   p99 ${ms(p.p99).padStart(7)}`,
    );
  }
  console.log(
    `\n50 organisations a page with their jurisdictions, ${ROUNDS} requests each, sequential:`,
  );
  await measure('first page', {});
  await measure('page after 90% of the list (keyset)', { after: deepCursor });
  await measure('filtered by kind (NGO)', { kind: 'NGO' });
  await measure(`filtered by community of origin (${someOrigin})`, { origin: someOrigin });
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
