import { gql } from '../support/graphql-client';
import { BOOT_TIMEOUT, bootWorld, programme, publish, submit, waitFor, World } from './support';

// Reports: the portfolio counted and summed by the dimensions a reader names, and what each
// funder committed and paid by role, level and year, from the engine's own rows.

let w: World;
const KEY = 'reports-two-sectors';
const year = new Date().getUTCFullYear();

beforeAll(async () => {
  w = await bootWorld();
  const p = programme(KEY, [
    { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
    {
      id: 'payments',
      name: 'Payments',
      kind: 'DISBURSEMENT',
      tranches: [{ id: 'single', percent: '100' }],
    },
  ]);
  (p.eligibility as { sectors: string[] }).sectors = ['POTABLE_WATER', 'ROADS'];
  await publish(w, p);
  const ids = await Promise.all([
    submit(w, KEY, { totalAmount: '200000.00' }),
    submit(w, KEY, { totalAmount: '300000.00' }),
    submit(w, KEY, { sector: 'ROADS', totalAmount: '100000.00' }),
  ]);
  await Promise.all(ids.map((id) => waitFor(w, id, (a) => a.status === 'COMPLETED')));
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

const PORTFOLIO = `query($input: PortfolioReportInput!) { portfolioReport(input: $input) {
  group { programmeKey year status sector municipalityCode }
  applications applicants subdivisions municipalities totalAmount { amount currency } } }`;
const FUNDING = `query($input: FundingReportInput!) { fundingReport(input: $input) {
  group { year funderRole funderLevel sector } currency committed disbursed applications } }`;

async function report<T>(query: string, input: Record<string, unknown>): Promise<T> {
  const res = await gql<Record<string, T>>(w.stack.url, query, { input });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return Object.values(res.data!)[0];
}

describe('reports', () => {
  it('count and sum the portfolio by sector and year, and the places taking part each year', async () => {
    expect(
      await report(PORTFOLIO, { programmeKey: KEY, groupBy: ['SECTOR', 'SUBMISSION_YEAR'] }),
    ).toEqual([
      {
        group: {
          programmeKey: null,
          year,
          status: null,
          sector: 'POTABLE_WATER',
          municipalityCode: null,
        },
        applications: 2,
        applicants: 1,
        subdivisions: 1,
        municipalities: 1,
        totalAmount: [{ amount: '500000.00', currency: 'MXN' }],
      },
      {
        group: { programmeKey: null, year, status: null, sector: 'ROADS', municipalityCode: null },
        applications: 1,
        applicants: 1,
        subdivisions: 1,
        municipalities: 1,
        totalAmount: [{ amount: '100000.00', currency: 'MXN' }],
      },
    ]);
    // The shared taxonomy: each programme's sectors fall under OECD DAC purpose codes.
    const byDac = await report<{ group: { dacSector: string }; applications: number }[]>(
      `query($input: PortfolioReportInput!) { portfolioReport(input: $input) { group { dacSector } applications } }`,
      { programmeKey: KEY, groupBy: ['DAC_SECTOR'] },
    );
    expect(byDac.map((r) => [r.group.dacSector, r.applications])).toEqual([
      ['14031', 2],
      ['21020', 1],
    ]);
    const byStatus = await report<{ group: { status: string }; applications: number }[]>(
      PORTFOLIO,
      { programmeKey: KEY, groupBy: ['STATUS'], fromYear: year, toYear: year },
    );
    expect(byStatus.map((r) => [r.group.status, r.applications])).toEqual([['COMPLETED', 3]]);
    expect(
      await report(PORTFOLIO, { programmeKey: KEY, groupBy: ['STATUS'], toYear: year - 1 }),
    ).toEqual([]);
  });

  it('show what each funder committed and paid, by role, level and year', async () => {
    expect(
      await report(FUNDING, {
        programmeKey: KEY,
        groupBy: ['FUNDER_ROLE', 'FUNDER_LEVEL', 'YEAR'],
      }),
    ).toEqual([
      {
        group: { year, funderRole: 'migrants', funderLevel: 'MIGRANT_CLUB', sector: null },
        currency: 'MXN',
        committed: '300000.00',
        disbursed: '300000.00',
        applications: 3,
      },
      {
        group: { year, funderRole: 'state', funderLevel: 'REGIONAL', sector: null },
        currency: 'MXN',
        committed: '300000.00',
        disbursed: '300000.00',
        applications: 3,
      },
    ]);
  });

  it('export a programme’s applications as CSV, streamed, one line each', async () => {
    const res = await fetch(`${w.stack.url}/exports/applications.csv?programme=${KEY}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...lines] = (await res.text()).trim().split('\n');
    expect(header).toBe(
      'id,programme,version,title,sector,dac_sector,country,subdivision,municipality,status,submitted_on,total_amount,currency,applicant',
    );
    expect(lines).toHaveLength(3);
    const roads = lines.find((l) => l.includes(',ROADS,'))!.split(',');
    expect(roads.slice(1)).toEqual([
      KEY,
      '1',
      `Pozo de agua (${KEY})`,
      'ROADS',
      '21020',
      'MX',
      'MX-ZAC',
      'MX-ZAC-020',
      'COMPLETED',
      new Date().toISOString().slice(0, 10),
      '100000.00',
      'MXN',
      'Club Jerezano de Los Ángeles',
    ]);
    expect((await fetch(`${w.stack.url}/exports/applications.csv?programme=nope`)).status).toBe(
      404,
    );
  });

  it('export a programme’s ledger as CSV: every posting, balanced per currency', async () => {
    const res = await fetch(`${w.stack.url}/exports/ledger.csv?programme=${KEY}`);
    expect(res.status).toBe(200);
    const [header, ...lines] = (await res.text()).trim().split('\n');
    expect(header).toBe(
      'occurred_on,kind,description,application,role,organisation,account,amount,currency,base_amount,base_currency,rate,rate_source',
    );
    const rows = lines.map((l) => l.split(','));
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['COMMITMENT', 'DISBURSEMENT']));
    // Double entry: what every transaction moves adds up to nothing, in each currency.
    const sum = rows.reduce((total, r) => total + Math.round(Number(r[7]) * 100), 0);
    expect(sum).toBe(0);
    expect(
      rows.some((r) => r[5] === 'Club Jerezano de Los Ángeles' && r[1] === 'DISBURSEMENT'),
    ).toBe(true);
    expect((await fetch(`${w.stack.url}/exports/ledger.csv`)).status).toBe(404);
  });

  it('refuse a dimension named twice or none, as the client’s mistake', async () => {
    for (const groupBy of [[], ['SECTOR', 'SECTOR']]) {
      const res = await gql(w.stack.url, PORTFOLIO, { input: { groupBy } });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
