#!/usr/bin/env node
// A national programme's years of projects: 6,121 applications (3x1, 2002–2006, SEDESOL's
// figure) over 26 states and 373 municipalities, each with its history and ledger postings,
// read through the real API; then submissions through the API, each starting its workflow on
// a real Temporal dev server. Prints latency percentiles and throughput.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { build } from '../scripts/lib/build.mjs';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-postgres.mjs';
import { freePort } from '../scripts/lib/net.mjs';
import { ensureTemporalCli } from '../scripts/lib/temporal-cli.mjs';
import { startTemporalDevServer } from '../scripts/lib/temporal-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 6121);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const SECRET = 'bench-secret-bench-secret-bench-secret';

build(root);
const require = createRequire(import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), 'codev-bench-'));
const [db, temporal] = await Promise.all([
  startEmbeddedPostgres({ dataDir: join(scratch, 'pg'), port: await freePort(), database: 'bench', persistent: false }),
  startTemporalDevServer({ cli: ensureTemporalCli(root), port: await freePort(), uiPort: await freePort(), namespace: 'default' }),
]);
let app;
try {
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: 'bench',
    JWT_SECRET: SECRET,
    LOG_LEVEL: 'silent',
  });
  const run = (script, args = []) => spawnSync(process.execPath, [join(root, script), ...args], { stdio: 'inherit', env: process.env });
  run('dist/libs/persistence/src/cli/migrate.js');
  run('dist/apps/api/src/cli/seed-demo.js', [join(root, 'demo')]);
  run('dist/apps/api/src/cli/load-programmes.js', [join(root, 'programmes')]);

  const client = new pg.Client(db.url);
  await client.connect();
  let t = Date.now();
  // 26 states and 373 municipalities under MX, as in 2006.
  await client.query(`
    INSERT INTO jurisdiction (code, name, kind, country_code, parent_id)
      SELECT 'MX-B' || s, 'Estado ' || s, 'SUBDIVISION', 'MX', (SELECT id FROM jurisdiction WHERE code = 'MX')
      FROM generate_series(1, 26) s;
    INSERT INTO jurisdiction (code, name, kind, country_code, parent_id)
      SELECT 'MX-B' || (m % 26 + 1) || '-' || m, 'Municipio ' || m, 'MUNICIPALITY', 'MX', (SELECT id FROM jurisdiction WHERE code = 'MX-B' || (m % 26 + 1))
      FROM generate_series(1, 373) m;`);
  const sectors = ['URBANISATION', 'ELECTRIFICATION', 'COMMUNITY_DEVELOPMENT_CENTRE', 'STREET_PAVING', 'POTABLE_WATER', 'SEWERAGE',
    'EDUCATION_INFRASTRUCTURE', 'ROADS', 'SPORTS_FACILITIES', 'INCOME_GENERATING', 'HEALTH_CENTRE', 'OTHER'];
  await client.query(`
    WITH v AS (SELECT v.id, v.programme_id FROM programme_version v JOIN programme p ON p.id = v.programme_id WHERE p.key = 'mx-3x1' AND v.status = 'PUBLISHED'),
         munis AS (SELECT id, code, row_number() OVER (ORDER BY code) AS n FROM jurisdiction WHERE code LIKE 'MX-B%-%'),
         club AS (SELECT id FROM organisation WHERE kind = 'MIGRANT_CLUB' LIMIT 1)
    INSERT INTO application (programme_id, programme_version_id, title, sector, applicant_id, project_jurisdiction_id, country_code,
                             subdivision_code, municipality_code, total_amount, currency, funding_split, status, active_stages,
                             workflow_id, submitted_by, submitted_at, submitted_year)
    SELECT v.programme_id, v.id, 'Obra ' || i, ($2::text[])[i % 12 + 1], club.id, m.id, 'MX',
           regexp_replace(m.code, '-[0-9]+$', ''), m.code, 1000000, 'MXN',
           '{"currency":"MXN","total":"1000000.00","lines":[{"role":"migrants","amount":"250000.00"},{"role":"municipal","amount":"250000.00"},{"role":"state","amount":"250000.00"},{"role":"federal","amount":"250000.00"}]}',
           (ARRAY['COMPLETED','COMPLETED','COMPLETED','REJECTED','IN_EXECUTION'])[i % 5 + 1], '{}',
           'bench-' || i, 'bench', make_timestamptz(2002 + i % 5, 1 + i % 12, 1 + i % 28, 12, 0, 0), 2002 + i % 5
    FROM generate_series(1, $1::int) i CROSS JOIN v CROSS JOIN club JOIN munis m ON m.n = i % 373 + 1`, [APPLICATIONS, sectors]);
  await client.query(`
    INSERT INTO application_event (application_id, event_key, stage_id, kind, actor_role, reason, detail)
    SELECT a.id, 'e' || k, 'covam-validation', 'VOTE', 'state', 'reason ' || k, '{}'
    FROM application a CROSS JOIN generate_series(1, 20) k`);
  await client.query(`
    INSERT INTO ledger_transaction (idempotency_key, kind, application_id, description)
      SELECT a.id || ':commit', 'COMMITMENT', a.id, 'bench' FROM application a;
    INSERT INTO ledger_posting (transaction_id, account, application_id, party_role, amount, currency)
      SELECT t.id, 'application:' || t.application_id || ':committed:' || r, t.application_id, r, 250000, 'MXN'
      FROM ledger_transaction t CROSS JOIN unnest(ARRAY['migrants','municipal','state','federal']) r
      UNION ALL
      SELECT t.id, 'funder:' || r || ':commitments', t.application_id, r, -250000, 'MXN'
      FROM ledger_transaction t CROSS JOIN unnest(ARRAY['migrants','municipal','state','federal']) r;
    ANALYZE;`);
  console.log(`seeded ${APPLICATIONS.toLocaleString('en')} applications, ${(APPLICATIONS * 20).toLocaleString('en')} events and ${(APPLICATIONS * 8).toLocaleString('en')} postings in ${Date.now() - t} ms`);

  const { NestFactory } = require('@nestjs/core');
  const { AppModule } = require(join(root, 'dist/apps/api/src/app.module.js'));
  app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${app.getHttpServer().address().port}/graphql`;
  const call = async (query, variables = {}, token) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const LIST = `query($status: ApplicationStatus, $sub: String, $mun: String, $sector: String, $year: Int, $after: String) {
    applications(first: 50, programmeKey: "mx-3x1", status: $status, subdivisionCode: $sub, municipalityCode: $mun, sector: $sector, year: $year, after: $after) {
      edges { node { id title status totalAmount applicant { name } projectJurisdiction { name } ledger { role committed } } }
      pageInfo { endCursor } } }`;
  const { rows: [{ id: oneId }] } = await client.query(`SELECT id FROM application ORDER BY random() LIMIT 1`);

  async function measure(name, fn) {
    for (let i = 0; i < 5; i++) await fn();
    const times = [];
    for (let i = 0; i < ROUNDS; i++) {
      const start = process.hrtime.bigint();
      await fn();
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const pct = (p) => times[Math.min(times.length - 1, Math.floor(times.length * p))].toFixed(2);
    console.log(`${name.padEnd(58)} p50 ${pct(0.5).padStart(7)} ms   p95 ${pct(0.95).padStart(7)} ms`);
  }
  console.log(`\nreads, ${ROUNDS} sequential requests each (50 a page, with applicant, place and ledger):`);
  await measure('applications, first page', () => call(LIST));
  await measure('applications of one state (MX-B7)', () => call(LIST, { sub: 'MX-B7' }));
  await measure('applications of one municipality', () => call(LIST, { mun: 'MX-B8-7' }));
  await measure('POTABLE_WATER projects of 2005', () => call(LIST, { sector: 'POTABLE_WATER', year: 2005 }));
  await measure('one application with 20-event history and ledger', () =>
    call(`query($id: ID!) { application(id: $id) { status history { kind actorRole reason occurredAt } ledger { role committed disbursed } fundingSplit { role amount } } }`, { id: oneId }));

  // Submissions: each validates, writes the application and starts its workflow.
  const orgs = new Map((await client.query(`SELECT name, id FROM organisation`)).rows.map((r) => [r.name, r.id]));
  await client.end();
  const clubToken = jwt.sign({ sub: 'bench', org: orgs.get('Club Jerezano de Los Ángeles'), roles: ['member'] }, SECRET);
  const input = {
    programmeKey: 'mx-3x1', title: 'Agua potable', sector: 'POTABLE_WATER', projectJurisdictionCode: 'MX-ZAC-020', totalAmount: '1000000.00',
    exchangeRates: [{ currency: 'USD', rate: '17.25' }], documents: [{ documentType: 'PROJECT_PROPOSAL', uri: 'https://x.org/p.pdf' }],
    parties: [['migrants', 'Club Jerezano de Los Ángeles'], ['municipal', 'Municipio de Jerez'], ['state', 'Gobierno del Estado de Zacatecas'],
      ['federal', 'SEDESOL'], ['federal-delegation', 'SEDESOL Delegación Zacatecas'], ['state-planning', 'COPLADE Zacatecas'],
      ['community', 'Comité de Obra de Jerez'], ['works-committee', 'Comité de Obra de Jerez']].map(([role, name]) => ({ role, organisationId: orgs.get(name) })),
  };
  const SUBMIT = 'mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { id } }';
  for (let i = 0; i < 5; i++) await call(SUBMIT, { i: input }, clubToken);
  const latencies = [];
  let next = 0;
  t = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < SUBMISSIONS) {
      const start = process.hrtime.bigint();
      await call(SUBMIT, { i: input }, clubToken);
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }));
  const elapsed = (Date.now() - t) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(`\nsubmissions: ${SUBMISSIONS} through the API, ${CONCURRENCY} at a time, each starting its workflow`);
  console.log(`  ${(SUBMISSIONS / elapsed).toFixed(1)} per second; p50 ${latencies[Math.floor(latencies.length / 2)].toFixed(1)} ms, p95 ${latencies[Math.floor(latencies.length * 0.95)].toFixed(1)} ms`);
} finally {
  await app?.close();
  await temporal.stop();
  await db.stop();
  rmSync(scratch, { recursive: true, force: true });
}
