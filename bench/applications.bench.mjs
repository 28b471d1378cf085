#!/usr/bin/env node
// A national programme's years of projects: 6,121 applications (3x1, 2002–2006, SEDESOL's
// figure) over 26 states and 373 municipalities, each with its history and ledger postings,
// read through the real API and exported as CSV (streamed; the API's memory sampled); then
// submissions through the API, each answered once its workflow (on the real worker) has taken
// it in. Prints throughput, p50 and p99 (and rows per second for the exports).
// Scale (env): BENCH_APPLICATIONS (6121), BENCH_ROUNDS (100 sequential reads a query),
// BENCH_SUBMISSIONS (300), BENCH_CONCURRENCY (10). Stack: see bench/lib/stack.mjs; it seeds
// rows of its own, so point DATABASE_URL at a scratch database if you set it.
import pg from 'pg';
import { graphql, minter, ms, num, percentiles, pool } from './lib/client.mjs';
import { openStack, rssMiB } from './lib/stack.mjs';

const APPLICATIONS = num('BENCH_APPLICATIONS', 6121);
const ROUNDS = num('BENCH_ROUNDS', 100);
const SUBMISSIONS = num('BENCH_SUBMISSIONS', 300);
const CONCURRENCY = num('BENCH_CONCURRENCY', 10);

const stack = await openStack();
let failed = false;
try {
  const client = new pg.Client(stack.databaseUrl);
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
  const sectors = [
    'URBANISATION',
    'ELECTRIFICATION',
    'COMMUNITY_DEVELOPMENT_CENTRE',
    'STREET_PAVING',
    'POTABLE_WATER',
    'SEWERAGE',
    'EDUCATION_INFRASTRUCTURE',
    'ROADS',
    'SPORTS_FACILITIES',
    'INCOME_GENERATING',
    'HEALTH_CENTRE',
    'OTHER',
  ];
  await client.query(
    `
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
    FROM generate_series(1, $1::int) i CROSS JOIN v CROSS JOIN club JOIN munis m ON m.n = i % 373 + 1`,
    [APPLICATIONS, sectors],
  );
  await client.query(`
    INSERT INTO application_event (application_id, event_key, stage_id, kind, actor_role, reason, detail)
    SELECT a.id, 'e' || k, 'covam-validation', 'VOTE', 'state', 'reason ' || k, '{}'
    FROM application a CROSS JOIN generate_series(1, 20) k`);
  await client.query(`
    INSERT INTO ledger_transaction (idempotency_key, kind, application_id, description)
      SELECT a.id || ':commit', 'COMMITMENT', a.id, 'bench' FROM application a;
    INSERT INTO ledger_posting (transaction_id, account, application_id, party_role, amount, currency,
                                base_amount, base_currency)
      SELECT t.id, 'application:' || t.application_id || ':committed:' || r, t.application_id, r, 250000, 'MXN', 250000, 'MXN'
      FROM ledger_transaction t CROSS JOIN unnest(ARRAY['migrants','municipal','state','federal']) r
      UNION ALL
      SELECT t.id, 'funder:' || r || ':commitments', t.application_id, r, -250000, 'MXN', -250000, 'MXN'
      FROM ledger_transaction t CROSS JOIN unnest(ARRAY['migrants','municipal','state','federal']) r;
    ANALYZE;`);
  console.log(
    `seeded ${APPLICATIONS.toLocaleString('en')} applications, ${(APPLICATIONS * 20).toLocaleString('en')} events and ${(APPLICATIONS * 8).toLocaleString('en')} postings in ${Date.now() - t} ms`,
  );

  const gql = graphql(stack.apiUrl);
  const call = (query, variables = {}, token) => gql(query, variables, token);
  const LIST = `query($status: ApplicationStatus, $sub: String, $mun: String, $sector: String, $year: Int, $after: String) {
    applications(first: 50, programmeKey: "mx-3x1", status: $status, subdivisionCode: $sub, municipalityCode: $mun, sector: $sector, year: $year, after: $after) {
      edges { node { id title status totalAmount applicant { name } projectJurisdiction { name } ledger { role committed } } }
      pageInfo { endCursor } } }`;
  const {
    rows: [{ id: oneId }],
  } = await client.query(`SELECT id FROM application ORDER BY random() LIMIT 1`);

  async function measure(name, fn) {
    for (let i = 0; i < 5; i++) await fn();
    const times = [];
    const start = process.hrtime.bigint();
    for (let i = 0; i < ROUNDS; i++) {
      const t = process.hrtime.bigint();
      await fn();
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const perSecond = ROUNDS / (Number(process.hrtime.bigint() - start) / 1e9);
    const p = percentiles(times);
    console.log(
      `${name.padEnd(52)} ${perSecond.toFixed(0).padStart(5)} req/s   p50 ${ms(p.p50).padStart(7)}   p99 ${ms(p.p99).padStart(7)}`,
    );
  }
  console.log(
    `\nreads, ${ROUNDS} sequential requests each (50 a page, with applicant, place and ledger):`,
  );
  await measure('applications, first page', () => call(LIST));
  await measure('applications of one state (MX-B7)', () => call(LIST, { sub: 'MX-B7' }));
  await measure('applications of one municipality', () => call(LIST, { mun: 'MX-B8-7' }));
  await measure('POTABLE_WATER projects of 2005', () =>
    call(LIST, { sector: 'POTABLE_WATER', year: 2005 }),
  );
  await measure('one application with 20-event history and ledger', () =>
    call(
      `query($id: ID!) { application(id: $id) { status history { kind actorRole reason occurredAt } ledger { role committed disbursed } fundingSplit { role amount } } }`,
      { id: oneId },
    ),
  );

  // Open data: each export streamed from a database cursor, read to its end by one client,
  // with the API's resident memory sampled while it streams (constant, whatever the rows).
  console.log(
    '\nexports, streamed (run with BENCH_APPLICATIONS=100000 for the 100,000-row figure):',
  );
  for (const path of [
    '/exports/applications.csv?programme=mx-3x1',
    '/exports/ledger.csv?programme=mx-3x1',
    '/iati/programmes/mx-3x1/activities.xml',
  ]) {
    // Rows: a CSV's lines after the header; an IATI file's activities.
    const xml = path.endsWith('.xml');
    const END = '</iati-activity>';
    const before = rssMiB(stack.pids.api);
    let peak = before ?? 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(stack.pids.api) ?? 0)), 50);
    const t = process.hrtime.bigint();
    const res = await fetch(`${stack.apiUrl}${path}`);
    let bytes = 0;
    let lines = 0;
    let activities = 0;
    let tail = '';
    for await (const chunk of res.body) {
      bytes += chunk.length;
      if (xml) {
        const text = tail + Buffer.from(chunk).toString('utf8');
        activities += text.split(END).length - 1;
        const i = text.lastIndexOf(END);
        tail = (i < 0 ? text : text.slice(i + END.length)).slice(-(END.length - 1));
      } else for (const b of chunk) if (b === 10) lines++;
    }
    const rows = xml ? activities : lines - 1;
    clearInterval(sampler);
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    const memory =
      before === null
        ? 'API memory not measured (external API)'
        : `API RSS ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB`;
    console.log(
      `${path.padEnd(44)} ${rows.toLocaleString('en').padStart(9)} rows  ${(bytes / 2 ** 20).toFixed(1).padStart(6)} MiB  ${seconds.toFixed(1).padStart(5)} s  ${(rows / seconds).toFixed(0).padStart(6)} rows/s  ${memory}`,
    );
  }

  // Submissions: each validates, writes the application and starts its workflow.
  const orgs = new Map(
    (await client.query(`SELECT name, id FROM organisation`)).rows.map((r) => [r.name, r.id]),
  );
  await client.end();
  const clubToken = minter(stack.secret)({
    sub: 'bench',
    org: orgs.get('Club Jerezano de Los Ángeles'),
    roles: ['member'],
  });
  const input = {
    programmeKey: 'mx-3x1',
    title: 'Agua potable',
    sector: 'POTABLE_WATER',
    projectJurisdictionCode: 'MX-ZAC-020',
    totalAmount: '1000000.00',
    documents: [{ documentType: 'PROJECT_PROPOSAL', uri: 'https://x.org/p.pdf' }],
    parties: [
      ['migrants', 'Club Jerezano de Los Ángeles'],
      ['municipal', 'Municipio de Jerez'],
      ['state', 'Gobierno del Estado de Zacatecas'],
      ['federal', 'SEDESOL'],
      ['federal-delegation', 'SEDESOL Delegación Zacatecas'],
      ['state-planning', 'COPLADE Zacatecas'],
      ['community', 'Comité de Obra de Jerez'],
      ['works-committee', 'Comité de Obra de Jerez'],
    ].map(([role, name]) => ({ role, organisationId: orgs.get(name) })),
  };
  const SUBMIT =
    'mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { id status } }';
  for (let i = 0; i < 5; i++) await call(SUBMIT, { i: input }, clubToken);
  const latencies = [];
  const seconds = await pool(CONCURRENCY, SUBMISSIONS, async () => {
    const start = process.hrtime.bigint();
    await call(SUBMIT, { i: input }, clubToken);
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  });
  const p = percentiles(latencies);
  console.log(
    `\nsubmissions: ${SUBMISSIONS} 3x1 proposals through the API, ${CONCURRENCY} at a time, each answered once its workflow took it in`,
  );
  console.log(
    `  ${(SUBMISSIONS / seconds).toFixed(1)} per second; p50 ${ms(p.p50)}, p99 ${ms(p.p99)}`,
  );
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
