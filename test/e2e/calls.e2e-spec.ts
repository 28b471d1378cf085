import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { TemporalClientProvider } from '@codev/temporal';
import { loadDemoWorld, tokenFor } from '../support/demo-world';
import { errorCodes, gql } from '../support/graphql-client';
import { startTestStack, TestStack } from '../support/test-stack';
import { adminToken, mintToken } from '../support/tokens';

const CALLS = join(__dirname, '..', '..', 'calls');
const PUBLISH = `mutation($input: PublishCallInput!) { publishCall(input: $input) { id key status opensAt closesAt budget } }`;
const SUBMIT = `mutation($input: SubmitCallApplicationInput!) { submitCallApplication(input: $input) { id submittedAt } }`;

let stack: TestStack;
let orgs: Map<string, string>;
let ngo: string;
let donostia: string;

const callFile = (file: string) =>
  parse(readFileSync(join(CALLS, file), 'utf8')) as Record<string, unknown>;
const issuerToken = (id: string) =>
  mintToken({ sub: 'issuer-admin', org: id, roles: ['org-admin'] });

/** The wall-clock time in Madrid of an instant, as a call definition writes it. */
function madridTime(instant: Date): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Madrid',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
    .format(instant)
    .replace(' ', 'T');
}

async function register(input: Record<string, unknown>): Promise<string> {
  const res = await gql<{ registerOrganisation: { id: string } }>(
    stack.url,
    'mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { id } }',
    { i: input },
    adminToken(),
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.registerOrganisation.id;
}

beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  orgs = await loadDemoWorld(stack);
  ngo = await register({
    name: 'ONG Codesarrollo Madrid',
    kind: 'NGO',
    countryOfResidence: 'ES',
    jurisdictionCode: 'ES-MD-28079',
  });
  donostia = await register({
    name: 'Ayuntamiento de Donostia',
    kind: 'GOVERNMENT_BODY',
    countryOfResidence: 'ES',
    jurisdictionCode: 'ES-PV-20069',
    governmentLevel: 'LOCAL',
  });
});
afterAll(() => stack?.close());

describe('publishing a call', () => {
  it('is refused, with the reasons, when it contradicts a directive its issuer adheres to', async () => {
    const contrary = {
      ...callFile('es-donostia-2010.yaml'),
      key: 'es-donostia-2010-contrary',
      objectives: ['GENDER', 'RETURN_MIGRATION'],
    };
    const res = await gql(
      stack.url,
      PUBLISH,
      { input: { definition: stringify(contrary), issuerOrganisationId: donostia } },
      issuerToken(donostia),
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([
      {
        path: 'definition.objectives[1]',
        message:
          'Plan Director de la Cooperación Española 2009–2012 excludes the objective RETURN_MIGRATION',
      },
    ]);
    expect(
      await stack.db.dataSource.query(`SELECT 1 FROM call WHERE key = 'es-donostia-2010-contrary'`),
    ).toEqual([]);
  });

  it('binds no body that goes alone, and only the issuer may publish', async () => {
    const regional = orgs.get('Comunidad de Madrid')!;
    const definition = stringify({
      ...callFile('es-comunidad-madrid-2009.yaml'),
      objectives: ['GOVERNANCE', 'RETURN_MIGRATION'],
    });
    const other = await gql(
      stack.url,
      PUBLISH,
      { input: { definition, issuerOrganisationId: regional } },
      issuerToken(donostia),
    );
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    const res = await gql<{ publishCall: { status: string; budget: string } }>(
      stack.url,
      PUBLISH,
      { input: { definition, issuerOrganisationId: regional } },
      issuerToken(regional),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.publishCall).toMatchObject({ budget: '1100000.00' });
    const [envelope] = await stack.db.dataSource.query(
      `SELECT amount::text, committed::text FROM envelope WHERE funder_role = 'call:es-comunidad-madrid-2009'`,
    );
    expect(envelope).toEqual({ amount: '1100000.000000', committed: '0.000000' });
  });

  it('the Basque call that keeps to the directive publishes', async () => {
    const res = await gql(
      stack.url,
      PUBLISH,
      {
        input: {
          definition: stringify(callFile('es-donostia-2010.yaml')),
          issuerOrganisationId: donostia,
        },
      },
      issuerToken(donostia),
    );
    expect(res.errors).toBeUndefined();
  });
});

describe('the call window', () => {
  const madrid = () => orgs.get('Ayuntamiento de Madrid')!;
  const application = (title: string) => ({
    callKey: 'es-madrid-window-test',
    applicantOrganisationId: ngo,
    title,
    sector: 'GOVERNANCE',
    countryOfOrigin: 'EC',
    objective: 'LOCAL_INSTITUTIONAL_CAPACITY',
    totalAmount: '200000.00',
    requestedAmount: '170000.00',
  });
  const ngoToken = () => mintToken({ sub: 'ngo-member', org: ngo, roles: ['member'] });

  it('refuses before it opens, accepts while open, and under a burst at the close accepts none late and loses none', async () => {
    const opens = new Date(Date.now() + 3000);
    const closes = new Date(opens.getTime() + 5000);
    const definition = {
      ...callFile('es-madrid-ayuntamiento-2008.yaml'),
      key: 'es-madrid-window-test',
      window: { opens: madridTime(opens), closes: madridTime(closes), timeZone: 'Europe/Madrid' },
    };
    const published = await gql<{ publishCall: { opensAt: string; closesAt: string } }>(
      stack.url,
      PUBLISH,
      { input: { definition: stringify(definition), issuerOrganisationId: madrid() } },
      issuerToken(madrid()),
    );
    expect(published.errors).toBeUndefined();
    const closesAt = new Date(published.data!.publishCall.closesAt).getTime();

    const early = await gql(stack.url, SUBMIT, { input: application('too early') }, ngoToken());
    expect(errorCodes(early)).toEqual(['CONFLICT']);
    expect(early.errors![0].message).toMatch(/not open yet/);

    await new Promise((r) => setTimeout(r, opens.getTime() - Date.now() + 200));
    const onTime = await gql(stack.url, SUBMIT, { input: application('on time') }, ngoToken());
    expect(onTime.errors).toBeUndefined();

    // 40 submissions spread over the last and first 600 ms around the close.
    const burst = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const at = closesAt - 600 + i * 30;
        await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
        return gql<{ submitCallApplication: { id: string; submittedAt: string } }>(
          stack.url,
          SUBMIT,
          { input: application(`burst ${i}`) },
          ngoToken(),
        );
      }),
    );
    const accepted = burst.filter((r) => !r.errors);
    const refused = burst.filter((r) => r.errors);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of accepted)
      expect(new Date(r.data!.submitCallApplication.submittedAt).getTime()).toBeLessThan(closesAt);
    for (const r of refused) {
      expect(errorCodes(r)).toEqual(['CONFLICT']);
      expect(r.errors![0].message).toMatch(/closed at .* no application is accepted after it/);
    }

    // The workflow closes the call on its timer; what it counts is exactly what was accepted.
    const deadline = Date.now() + 15_000;
    let status = '';
    while (Date.now() < deadline && status !== 'CLOSED') {
      const read = await gql<{ call: { status: string; applications: { id: string }[] } }>(
        stack.url,
        `{ call(key: "es-madrid-window-test") { status applications { id } } }`,
      );
      status = read.data!.call.status;
      if (status === 'CLOSED')
        expect(read.data!.call.applications).toHaveLength(1 + accepted.length);
      else await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('CLOSED');
    const handle = stack.app
      .get(TemporalClientProvider)
      .client.workflow.getHandle('call-es-madrid-window-test');
    expect(await handle.result()).toEqual({ applications: 1 + accepted.length });
    const late = await gql(stack.url, SUBMIT, { input: application('late') }, ngoToken());
    expect(errorCodes(late)).toEqual(['CONFLICT']);
  });

  it('refuses an application outside the call with every reason at once', async () => {
    const res = await gql(
      stack.url,
      SUBMIT,
      {
        input: {
          ...application('ineligible'),
          callKey: 'es-donostia-2010',
          applicantOrganisationId: orgs.get('Asociación Rumiñahui Hispano-Ecuatoriana'),
          countryOfOrigin: 'MX',
          sector: 'MINING',
          objective: 'RETURN_MIGRATION',
          requestedAmount: '195000.00',
        },
      },
      tokenFor(orgs, 'Asociación Rumiñahui Hispano-Ecuatoriana'),
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect((res.errors![0].extensions!.fields as { path: string }[]).map((f) => f.path)).toEqual([
      'input.countryOfOrigin',
      'input.sector',
      'input.objective',
      'input.requestedAmount',
      'input.requestedAmount',
    ]);
  });
});
