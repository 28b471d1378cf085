import { adminToken, mintToken } from '../support/tokens';
import { errorCodes, gql } from '../support/graphql-client';
import { startTestStack, TestStack } from '../support/test-stack';

const CREATE_JURISDICTION = `mutation($input: CreateJurisdictionInput!) {
  createJurisdiction(input: $input) { id code kind governmentLevel countryCode timeZone parent { code } }
}`;
const REGISTER = `mutation($input: RegisterOrganisationInput!) {
  registerOrganisation(input: $input) {
    id name kind countryOfResidence governmentLevel
    jurisdiction { code } originJurisdiction { code name parent { code } }
  }
}`;
const UPDATE = `mutation($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { id name registrationNumber } }`;

let stack: TestStack;
const admin = adminToken();
const count = async (table: string) =>
  Number((await stack.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

async function createJurisdictions(...list: { code: string; name: string; timeZone?: string }[]) {
  for (const input of list) {
    const res = await gql(stack.url, CREATE_JURISDICTION, { input }, admin);
    expect(res.errors).toBeUndefined();
  }
}

beforeAll(async () => {
  stack = await startTestStack();
  await createJurisdictions(
    { code: 'MX', name: 'México', timeZone: 'America/Mexico_City' },
    { code: 'MX-ZAC', name: 'Zacatecas' },
    { code: 'MX-ZAC-020', name: 'Jerez' },
    { code: 'US', name: 'United States', timeZone: 'America/New_York' },
    { code: 'US-CA', name: 'California', timeZone: 'America/Los_Angeles' },
  );
});
afterAll(() => stack?.close());

describe('jurisdictions', () => {
  it('nest, inherit their parent time zone and report their government level', async () => {
    const res = await gql<{ jurisdiction: Record<string, unknown> }>(
      stack.url,
      `{ jurisdiction(code: "mx-zac-020") { code kind governmentLevel timeZone parent { code parent { code } } } }`,
    );
    expect(res.data?.jurisdiction).toEqual({
      code: 'MX-ZAC-020',
      kind: 'MUNICIPALITY',
      governmentLevel: 'LOCAL',
      timeZone: 'America/Mexico_City',
      parent: { code: 'MX-ZAC', parent: { code: 'MX' } },
    });
  });

  it('refuses malformed codes, unknown parents and bad time zones, naming each field, writing nothing', async () => {
    const before = await count('jurisdiction');
    const bad = await gql(
      stack.url,
      CREATE_JURISDICTION,
      { input: { code: 'XX-ZZZ', name: 'Nowhere', timeZone: 'Mars/Olympus' } },
      admin,
    );
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(
      (bad.errors![0].extensions!.fields as { path: string }[]).map((f) => f.path).sort(),
    ).toEqual(['input.code', 'input.timeZone']);
    const orphan = await gql(
      stack.url,
      CREATE_JURISDICTION,
      { input: { code: 'MX-GUA-015', name: 'Guanajuato' } },
      admin,
    );
    expect(errorCodes(orphan)).toEqual(['BAD_USER_INPUT']);
    expect(orphan.errors![0].message).toContain('MX-GUA does not exist');
    expect(await count('jurisdiction')).toBe(before);
  });

  it('refuses a duplicate code with CONFLICT', async () => {
    const res = await gql(
      stack.url,
      CREATE_JURISDICTION,
      { input: { code: 'MX', name: 'Mexico again' } },
      admin,
    );
    expect(errorCodes(res)).toEqual(['CONFLICT']);
  });

  it('lets only platform administrators create them', async () => {
    const input = { code: 'MX-GUA', name: 'Guanajuato' };
    expect(errorCodes(await gql(stack.url, CREATE_JURISDICTION, { input }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const member = mintToken({ sub: 'someone', roles: ['member'] });
    const forbidden = await gql(stack.url, CREATE_JURISDICTION, { input }, member);
    expect(errorCodes(forbidden)).toEqual(['FORBIDDEN']);
    expect(
      await stack.db.dataSource.query(`SELECT 1 FROM jurisdiction WHERE code = 'MX-GUA'`),
    ).toEqual([]);
  });
});

describe('organisations', () => {
  const club = {
    name: 'Club Jerezano de Los Ángeles',
    kind: 'MIGRANT_CLUB',
    countryOfResidence: 'US',
    jurisdictionCode: 'US-CA',
    originJurisdictionCode: 'MX-ZAC-020',
  };
  let clubId: string;
  let municipalityId: string;

  it('registers a migrant club linked to its community of origin', async () => {
    const res = await gql<{ registerOrganisation: Record<string, unknown> & { id: string } }>(
      stack.url,
      REGISTER,
      { input: club },
      admin,
    );
    expect(res.errors).toBeUndefined();
    clubId = res.data!.registerOrganisation.id;
    expect(res.data!.registerOrganisation).toMatchObject({
      kind: 'MIGRANT_CLUB',
      countryOfResidence: 'US',
      governmentLevel: null,
      jurisdiction: { code: 'US-CA' },
      originJurisdiction: { code: 'MX-ZAC-020', name: 'Jerez', parent: { code: 'MX-ZAC' } },
    });
  });

  it('registers a municipal government body', async () => {
    const res = await gql<{ registerOrganisation: { id: string; governmentLevel: string } }>(
      stack.url,
      REGISTER,
      {
        input: {
          name: 'Municipio de Jerez',
          kind: 'GOVERNMENT_BODY',
          countryOfResidence: 'MX',
          jurisdictionCode: 'MX-ZAC-020',
          governmentLevel: 'LOCAL',
        },
      },
      admin,
    );
    expect(res.errors).toBeUndefined();
    municipalityId = res.data!.registerOrganisation.id;
  });

  it('refuses a duplicate, whatever its case and spacing, with CONFLICT and no second row', async () => {
    const before = await count('organisation');
    const res = await gql(
      stack.url,
      REGISTER,
      { input: { ...club, name: '  club jerezano   de los ángeles ' } },
      admin,
    );
    expect(errorCodes(res)).toEqual(['CONFLICT']);
    expect(await count('organisation')).toBe(before);
  });

  it('refuses an unknown jurisdiction code, naming the field', async () => {
    const before = await count('organisation');
    const res = await gql(
      stack.url,
      REGISTER,
      {
        input: { ...club, name: 'Club Fantasma', originJurisdictionCode: 'MX-ZAC-999' },
      },
      admin,
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([
      { path: 'input.originJurisdictionCode', message: 'no jurisdiction has code MX-ZAC-999' },
    ]);
    expect(await count('organisation')).toBe(before);
  });

  it('reports every rule a profile breaks at once', async () => {
    const res = await gql(
      stack.url,
      REGISTER,
      {
        input: {
          name: 'Ayuntamiento',
          kind: 'GOVERNMENT_BODY',
          countryOfResidence: 'MX',
          jurisdictionCode: 'MX-ZAC',
          governmentLevel: 'LOCAL',
          originJurisdictionCode: 'MX-ZAC-020',
        },
      },
      admin,
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(
      (res.errors![0].extensions!.fields as { path: string }[]).map((f) => f.path).sort(),
    ).toEqual(['input.governmentLevel', 'input.originJurisdictionCode']);
  });

  it('refuses invalid input values with the failing field path (class-validator)', async () => {
    const res = await gql(
      stack.url,
      REGISTER,
      { input: { ...club, name: 'Club X', countryOfResidence: 'usa' } },
      admin,
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([
      {
        path: 'input.countryOfResidence',
        message: 'countryOfResidence must be two capital letters (ISO 3166-1 alpha-2)',
      },
    ]);
  });

  it('refuses input of the wrong GraphQL type before any resolver runs', async () => {
    const res = await gql(
      stack.url,
      REGISTER,
      { input: { ...club, kind: 'SECRET_SOCIETY' } },
      admin,
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toContain('SECRET_SOCIETY');
  });

  it('lets an organisation administrator change their own organisation only', async () => {
    const own = mintToken({ sub: 'club-admin', org: clubId, roles: ['org-admin'] });
    const ok = await gql<{ updateOrganisation: { registrationNumber: string } }>(
      stack.url,
      UPDATE,
      {
        input: { id: clubId, registrationNumber: 'CA-501c3-0042' },
      },
      own,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.updateOrganisation.registrationNumber).toBe('CA-501c3-0042');

    const other = await gql(
      stack.url,
      UPDATE,
      { input: { id: municipalityId, name: 'Hijacked' } },
      own,
    );
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    const memberOnly = mintToken({ sub: 'club-member', org: clubId, roles: ['member'] });
    expect(
      errorCodes(await gql(stack.url, UPDATE, { input: { id: clubId, name: 'X' } }, memberOnly)),
    ).toEqual(['FORBIDDEN']);
    const [row] = await stack.db.dataSource.query(`SELECT name FROM organisation WHERE id = $1`, [
      municipalityId,
    ]);
    expect(row.name).toBe('Municipio de Jerez');
  });

  it('answers NOT_FOUND for an unknown organisation', async () => {
    const res = await gql(
      stack.url,
      UPDATE,
      { input: { id: '00000000-0000-4000-8000-000000000000', name: 'X' } },
      admin,
    );
    expect(errorCodes(res)).toEqual(['NOT_FOUND']);
  });
});

describe('authentication', () => {
  it('refuses a malformed or forged token even on public reads', async () => {
    const query = '{ organisations(first: 1) { edges { cursor } } }';
    const forged = mintToken({ sub: 'x', roles: ['platform-admin'] }).replace(
      /\.[^.]+$/,
      '.forged',
    );
    for (const token of ['not-a-jwt', forged]) {
      const res = await gql(stack.url, query, {}, token);
      expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.data ?? null).toBeNull();
    }
  });

  it('refuses an expired token', async () => {
    const expired = mintToken({ sub: 'x', roles: ['platform-admin'] }, { expiresIn: -300 });
    const res = await gql(
      stack.url,
      CREATE_JURISDICTION,
      { input: { code: 'FR', name: 'France' } },
      expired,
    );
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors![0].message).toBe('The bearer token has expired');
  });
});

describe('lists', () => {
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) {
      const res = await gql(
        stack.url,
        REGISTER,
        {
          input: {
            name: `ONG ${String.fromCharCode(65 + i)}`,
            kind: 'NGO',
            countryOfResidence: 'MX',
          },
        },
        admin,
      );
      expect(res.errors).toBeUndefined();
    }
  });

  it('page with cursors, each item once, filtered by kind', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: Awaited<
        ReturnType<
          typeof gql<{
            organisations: {
              edges: { node: { name: string } }[];
              pageInfo: { hasNextPage: boolean; endCursor: string };
            };
          }>
        >
      > = await gql(
        stack.url,
        `query($after: String) { organisations(first: 3, kind: NGO, after: $after) {
          edges { node { name } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(res.errors).toBeUndefined();
      seen.push(...res.data!.organisations.edges.map((e) => e.node.name));
      if (!res.data!.organisations.pageInfo.hasNextPage) break;
      after = res.data!.organisations.pageInfo.endCursor;
    }
    expect(seen).toEqual(['ONG A', 'ONG B', 'ONG C', 'ONG D', 'ONG E', 'ONG F', 'ONG G']);
  });

  it('filter by community of origin and refuse a forged cursor or page size', async () => {
    const byOrigin = await gql<{ organisations: { edges: { node: { name: string } }[] } }>(
      stack.url,
      '{ organisations(first: 10, originJurisdictionCode: "MX-ZAC-020") { edges { node { name } } } }',
    );
    expect(byOrigin.data!.organisations.edges.map((e) => e.node.name)).toEqual([
      'Club Jerezano de Los Ángeles',
    ]);
    const forged = await gql(
      stack.url,
      '{ organisations(first: 2, after: "garbage") { edges { cursor } } }',
    );
    expect(errorCodes(forged)).toEqual(['BAD_USER_INPUT']);
    const huge = await gql(stack.url, '{ organisations(first: 201) { edges { cursor } } }');
    expect(errorCodes(huge)).toEqual(['BAD_USER_INPUT']);
    expect(huge.errors![0].extensions!.fields).toEqual([
      { path: 'first', message: 'first must not be greater than 200' },
    ]);
  });
});

describe('query limits and error hygiene', () => {
  it('refuses queries deeper than the limit', async () => {
    const deep = `{ jurisdiction(code: "MX-ZAC-020") { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } } } } } }`;
    const res = await gql(stack.url, deep);
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.errors![0].message).toMatch(/depth/i);
  });

  it('refuses queries whose estimated cost is over the limit', async () => {
    const costly = `{ organisations(first: 200) { edges { node { jurisdiction { parent { parent { code name } } } originJurisdiction { parent { code name } } } } } }`;
    const res = await gql(stack.url, costly);
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.errors![0].message).toMatch(/complexity \d+ exceeds the limit/);
  });

  it('never sends a stack trace', async () => {
    const responses = await Promise.all([
      gql(stack.url, '{ nope }'),
      gql(stack.url, REGISTER, { input: {} }, admin),
      gql(stack.url, '{ organisations(first: 2, after: "garbage") { edges { cursor } } }'),
    ]);
    for (const res of responses) {
      expect(res.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(res)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
    }
  });
});
