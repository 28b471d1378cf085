import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import * as jwt from 'jsonwebtoken';
import { errorCodes, gql } from '../support/graphql-client';
import { startTestStack, TestStack } from '../support/test-stack';
import { adminToken, mintToken, TEST_JWT_SECRET } from '../support/tokens';

/**
 * What the API refuses at the door, as the client's mistake (4xx, a typed code naming the
 * field), and writes nothing for: whatever it accepts, every column and workflow can hold.
 */
let stack: TestStack;
const admin = adminToken();
const designer = mintToken({ sub: 'designer', roles: ['programme-designer'] });
const count = async (table: string) =>
  Number((await stack.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
const fieldsOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (res.errors?.[0]?.extensions?.fields ?? []) as { path: string; message: string }[];

const REGISTER = `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`;
const SAVE = `mutation($d: String!) { saveProgrammeDraft(definition: $d) { version } }`;
const threeByOne = readFileSync(join(__dirname, '..', '..', 'programmes', 'mx-3x1.yaml'), 'utf8');

beforeAll(async () => {
  stack = await startTestStack();
  const res = await gql(
    stack.url,
    `mutation { createJurisdiction(input: { code: "MX", name: "México", timeZone: "America/Mexico_City" }) { id } }`,
    {},
    admin,
  );
  expect(res.errors).toBeUndefined();
});
afterAll(() => stack?.close());

describe('client mistakes answer 400, never 500', () => {
  it('an over-complex query, a variable of the wrong type, too many aliases', async () => {
    const costly = await gql(
      stack.url,
      `{ organisations(first: 200) { edges { node { jurisdiction { parent { parent { code name } } } originJurisdiction { parent { code name } } } } } }`,
    );
    expect([costly.status, ...errorCodes(costly)]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);

    const badVariable = await gql(
      stack.url,
      `query($first: Int!) { organisations(first: $first) { edges { cursor } } }`,
      { first: 'many' },
    );
    expect([badVariable.status, ...errorCodes(badVariable)]).toEqual([400, 'BAD_USER_INPUT']);
    expect(badVariable.errors![0].message).toMatch(/\$first/);

    const aliases = Array.from(
      { length: 31 },
      (_, i) => `j${i}: jurisdiction(code: "MX") { code }`,
    );
    const manyAliases = await gql(stack.url, `{ ${aliases.join(' ')} }`);
    expect([manyAliases.status, ...errorCodes(manyAliases)]).toEqual([
      400,
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    expect(manyAliases.errors![0].message).toMatch(/aliases/i);
    const fewAliases = await gql(stack.url, `{ ${aliases.slice(0, 30).join(' ')} }`);
    expect(fewAliases.errors).toBeUndefined();
  });
});

describe('the one rule for stored text', () => {
  it('refuses NUL, control characters and invisible names anywhere, names the field, writes nothing', async () => {
    const organisations = await count('organisation');
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'Club\u0000Jerez' }, 'input.name'],
      [{ name: '\u200b\u200d' }, 'input.name'],
      [{ name: ' ' }, 'input.name'],
      [{ name: 'Club', registrationNumber: 'R\u0007' }, 'input.registrationNumber'],
    ];
    for (const [fields, path] of cases) {
      const res = await gql(
        stack.url,
        REGISTER,
        { input: { kind: 'NGO', countryOfResidence: 'MX', jurisdictionCode: 'MX', ...fields } },
        admin,
      );
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fieldsOf(res).map((f) => f.path)).toContain(path);
    }
    expect(await count('organisation')).toBe(organisations);

    // A query's argument and a JSON-ish definition text meet the same rule.
    const lookup = await gql(stack.url, `query($c: String!) { jurisdiction(code: $c) { code } }`, {
      c: 'MX\u0000',
    });
    expect(errorCodes(lookup)).toEqual(['BAD_USER_INPUT']);
    const definition = await gql(stack.url, SAVE, { d: `${threeByOne}\n# \u0000` }, designer);
    expect(errorCodes(definition)).toEqual(['BAD_USER_INPUT']);
    expect(await count('programme_version')).toBe(0);
  });

  it('refuses a blank title before anything is looked up, and records the refusal in the audit trail', async () => {
    const res = await gql(
      stack.url,
      SUBMIT,
      {
        input: {
          programmeKey: 'mx-3x1',
          title: ' ',
          sector: 'POTABLE_WATER',
          projectJurisdictionCode: 'MX',
          totalAmount: '1000.00',
          parties: [],
        },
      },
      mintToken({ sub: 'club', roles: ['member'] }),
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(res)).toEqual([
      { path: 'input.title', message: 'input.title must not be blank' },
    ]);
    expect(await count('application')).toBe(0);
    const [entry] = await stack.db.dataSource.query(
      `SELECT outcome FROM audit_entry WHERE operation = 'submitApplication' AND subject = 'club'`,
    );
    expect(entry).toEqual({ outcome: 'BAD_USER_INPUT' });
  });
});

describe('amounts are bounded as the columns are', () => {
  it('refuses amounts of more than 18 digits in inputs and in definitions', async () => {
    const res = await gql(
      stack.url,
      SUBMIT,
      {
        input: {
          programmeKey: 'mx-3x1',
          title: 'Agua potable',
          sector: 'POTABLE_WATER',
          projectJurisdictionCode: 'MX',
          totalAmount: '1000000000000000000',
          parties: [],
        },
      },
      mintToken({ sub: 'club', roles: ['member'] }),
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(res)[0].path).toBe('input.totalAmount');

    for (const yearlyAmount of ['10000000000000000000000000', '0.0000001']) {
      const d = parse(threeByOne) as { funding: { envelopes: { yearlyAmount: string }[] } };
      d.funding.envelopes[0].yearlyAmount = yearlyAmount;
      const saved = await gql(stack.url, SAVE, { d: JSON.stringify(d) }, designer);
      expect(errorCodes(saved)).toEqual(['BAD_USER_INPUT']);
      expect(fieldsOf(saved).map((f) => f.path)).toContain(
        'definition.funding.envelopes[0].yearlyAmount',
      );
    }
    expect(await count('programme_version')).toBe(0);
  });
});

describe('dates are calendar dates', () => {
  it('refuses 2026-02-30, 2026-13-01 and 0000-00-00 in every date field, writing nothing', async () => {
    for (const validOn of ['2026-02-30', '2026-13-01', '0000-00-00']) {
      const res = await gql(
        stack.url,
        `mutation($input: RecordExchangeRatesInput!) { recordExchangeRates(input: $input) { from } }`,
        {
          input: { rates: [{ from: 'USD', to: 'MXN', rate: '17.25', validOn, source: 'Banxico' }] },
        },
        admin,
      );
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fieldsOf(res)).toEqual([
        { path: 'input.rates.0.validOn', message: 'validOn must be a calendar date YYYY-MM-DD' },
      ]);
      const step = await gql(
        stack.url,
        `mutation($input: RecordLoanDisbursementInput!) { recordLoanDisbursement(input: $input) { accepted } }`,
        {
          input: {
            applicationId: '00000000-0000-4000-8000-000000000000',
            stageId: 'loan',
            reference: 'D-1',
            disbursedOn: validOn,
          },
        },
        mintToken({
          sub: 'lender',
          org: '00000000-0000-4000-8000-000000000001',
          roles: ['member'],
        }),
      );
      expect(fieldsOf(step)).toEqual([
        {
          path: 'input.disbursedOn',
          message: 'disbursedOn must be a calendar date YYYY-MM-DD',
        },
      ]);
    }
    expect(await count('exchange_rate')).toBe(0);
  });
});

describe('cursors', () => {
  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it('refuses a well-formed cursor with forged contents as BAD_USER_INPUT', async () => {
    const forged = [
      ['organisations', cursor(['club', 'not-an-id'])],
      ['organisations', cursor(['club\u0000', '00000000-0000-0000-0000-000000000000'])],
      ['applications', cursor(['2026-02-30T99:00:00Z', '00000000-0000-0000-0000-000000000000'])],
      ['applications', cursor(['yesterday', '00000000-0000-0000-0000-000000000000'])],
    ];
    for (const [list, after] of forged) {
      const res = await gql(
        stack.url,
        `query($a: String) { ${list}(first: 2, after: $a) { edges { cursor } } }`,
        {
          a: after,
        },
      );
      expect([list, ...errorCodes(res)]).toEqual([list, 'BAD_USER_INPUT']);
    }
  });
});

describe('tokens', () => {
  const ask = (token: string) =>
    gql(
      stack.url,
      `mutation { createJurisdiction(input: { code: "MX-ZAC", name: "Zacatecas" }) { id } }`,
      {},
      token,
    );
  const sign = (claims: object, options: jwt.SignOptions) =>
    jwt.sign({ sub: 'someone', roles: ['platform-admin'], ...claims }, TEST_JWT_SECRET, {
      algorithm: 'HS256',
      ...options,
    });

  it('must say when they expire, live no longer than allowed, and be issued for this API', async () => {
    const local = { issuer: 'codev-local', audience: 'codev-api' };
    const refusals: [string, string, RegExp][] = [
      ['no exp', sign({}, local), /no expiry/],
      ['48 hours', sign({}, { ...local, expiresIn: '48h' }), /longer than the 24 hours/],
      ['issued in 2000', sign({ iat: 946684800, exp: 946688400 }, local), /expired/],
      [
        'another issuer',
        sign({}, { ...local, issuer: 'elsewhere', expiresIn: '1h' }),
        /not issued for this API/,
      ],
      [
        'another audience',
        sign({}, { ...local, audience: 'other-api', expiresIn: '1h' }),
        /not issued for this API/,
      ],
      [
        'no audience',
        sign({}, { issuer: 'codev-local', expiresIn: '1h' }),
        /not issued for this API/,
      ],
    ];
    for (const [what, token, message] of refusals) {
      const res = await ask(token);
      expect([what, ...errorCodes(res)]).toEqual([what, 'UNAUTHENTICATED']);
      expect(res.errors![0].message).toMatch(message);
    }
    expect(await count('jurisdiction')).toBe(1);
    expect((await ask(sign({}, { ...local, expiresIn: '1h' }))).errors).toBeUndefined();
  });
});

describe('HTTP hygiene', () => {
  it('names no framework and forbids MIME sniffing', async () => {
    for (const path of ['/graphql', '/health']) {
      const res = await fetch(`${stack.url}${path}`, {
        method: path === '/graphql' ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' },
        body: path === '/graphql' ? JSON.stringify({ query: '{ __typename }' }) : undefined,
      });
      expect([path, res.headers.get('x-powered-by')]).toEqual([path, null]);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('a database that goes away mid-request', () => {
  it('answers UNAVAILABLE, which the client may retry', async () => {
    // Hold a lock the list needs, end the API's backend while it waits, let the lock go.
    const blocker = new Client({ connectionString: stack.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN; LOCK TABLE organisation IN ACCESS EXCLUSIVE MODE');
      const pending = gql(stack.url, '{ organisations(first: 5) { edges { cursor } } }');
      let terminated = 0;
      for (let tries = 0; terminated === 0 && tries < 200; tries++) {
        const rows = (await blocker.query(
          `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
        )) as { rows: unknown[] };
        terminated = rows.rows.length;
        if (terminated === 0) await new Promise((r) => setTimeout(r, 25));
      }
      expect(terminated).toBe(1);
      const res = await pending;
      expect(errorCodes(res)).toEqual(['UNAVAILABLE']);
      expect(res.errors![0].message).toMatch(/retry/);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    // The pool heals: the next request is answered.
    expect(
      (await gql(stack.url, '{ organisations(first: 5) { edges { cursor } } }')).errors,
    ).toBeUndefined();
  });
});
