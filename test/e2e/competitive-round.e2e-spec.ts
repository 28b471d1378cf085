import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { windowFromNow } from '../support/call-window';
import { loadDemoWorld, step, waitForApplication } from '../support/demo-world';
import { errorCodes, gql } from '../support/graphql-client';
import { startTestStack, TestStack } from '../support/test-stack';
import { mintToken } from '../support/tokens';

// The selection stage is a stage kind like any other: here a state runs its share of the 3x1
// as a competitive round (programmes/mx-3x1-convocatoria-estatal.yaml), with the programme's
// four-party formula, instead of the Spanish calls' grant-and-co-funding.
const ROOT = join(__dirname, '..', '..');
const KEY = 'mx-zac-3x1-concurso-test';
let stack: TestStack;
let orgs: Map<string, string>;

beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  orgs = await loadDemoWorld(stack);
});
afterAll(() => stack?.close());

const org = (name: string) => orgs.get(name)!;
const zac = () => org('Gobierno del Estado de Zacatecas');
const SUBMIT = `mutation($i: SubmitCallApplicationInput!) { submitCallApplication(input: $i) { id status } }`;
const READ = `{ call(key: "${KEY}") { status applications { id title status rank granted } } }`;
type View = {
  status: string;
  applications: {
    id: string;
    title: string;
    status: string;
    rank: number | null;
    granted: string | null;
  }[];
};

async function waitForCall(predicate: (c: View) => boolean): Promise<View> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const c = (await gql<{ call: View }>(stack.url, READ)).data!.call;
    if (predicate(c)) return c;
    if (Date.now() > deadline) throw new Error(`call never got there: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const proposal = (title: string, applicant: string) => ({
  callKey: KEY,
  applicantOrganisationId: org(applicant),
  title,
  sector: 'POTABLE_WATER',
  countryOfOrigin: 'MX',
  projectJurisdictionCode: 'MX-ZAC-020',
  objective: 'SOCIAL_INFRASTRUCTURE',
  totalAmount: '2000000.00',
  parties: [
    { role: 'municipal', organisationId: org('Municipio de Jerez') },
    { role: 'federal', organisationId: org('SEDESOL') },
    { role: 'works-committee', organisationId: org('Comité de Obra de Jerez') },
  ],
  documents: [{ documentType: 'PROJECT_PROPOSAL', uri: 'https://docs.example.org/p.pdf' }],
});

describe('a competitive round of a matching programme', () => {
  it('ranks the clubs, funds the best within the state budget with four equal shares, and runs the project to its handover', async () => {
    const definition = {
      ...(parse(
        readFileSync(join(ROOT, 'calls', 'mx-zac-3x1-concurso-2006.yaml'), 'utf8'),
      ) as object),
      key: KEY,
      budget: '600000.00',
      maximumPerProject: '600000.00',
      // Wide enough for three submissions on a loaded CI machine; the round starts at its close.
      window: windowFromNow(1500, 15000, 'America/Mexico_City'),
      defectFixPeriod: { seconds: 2 },
      objectionsPeriod: { seconds: 2 },
    };
    const admin = mintToken({ sub: 'zac-admin', org: zac(), roles: ['org-admin'] });
    const published = await gql(
      stack.url,
      `mutation($input: PublishCallInput!) { publishCall(input: $input) { key } }`,
      { input: { definition: stringify(definition), issuerOrganisationId: zac() } },
      admin,
    );
    expect(published.errors).toBeUndefined();
    await waitForCall((c) => c.status === 'OPEN');

    const club = mintToken({
      sub: 'club',
      org: org('Club Jerezano de Los Ángeles'),
      roles: ['member'],
    });
    const federation = mintToken({
      sub: 'fed',
      org: org('Federación de Clubes Zacatecanos del Sur de California'),
      roles: ['member'],
    });
    // The grant is the state's share of the formula: asking for an amount is refused.
    const asking = await gql(
      stack.url,
      SUBMIT,
      {
        i: {
          ...proposal('Con monto', 'Club Jerezano de Los Ángeles'),
          requestedAmount: '500000.00',
        },
      },
      club,
    );
    expect(errorCodes(asking)).toEqual(['BAD_USER_INPUT']);
    const water = await gql<{ submitCallApplication: { id: string } }>(
      stack.url,
      SUBMIT,
      { i: proposal('Agua potable en Ermita de Guadalupe', 'Club Jerezano de Los Ángeles') },
      club,
    );
    const pipes = await gql<{ submitCallApplication: { id: string } }>(
      stack.url,
      SUBMIT,
      {
        i: proposal(
          'Red de agua en Sauceda de la Borda',
          'Federación de Clubes Zacatecanos del Sur de California',
        ),
      },
      federation,
    );
    expect(water.errors).toBeUndefined();
    expect(pipes.errors).toBeUndefined();
    const waterId = water.data!.submitCallApplication.id;
    const pipesId = pipes.data!.submitCallApplication.id;

    await waitForCall((c) => c.status === 'EVALUATION');
    for (const evaluator of ['ev-a', 'ev-b']) {
      const token = mintToken({ sub: evaluator, org: zac(), roles: ['evaluator'] });
      for (const [id, marks] of [
        [waterId, ['9', '8', '8']],
        [pipesId, ['7', '7', '7']],
      ] as const) {
        const res = await gql(
          stack.url,
          `mutation($i: ScoreCallApplicationInput!) { scoreCallApplication(input: $i) { accepted } }`,
          {
            i: {
              applicationId: id,
              scores: ['marginalisation', 'community', 'feasibility'].map((criterionId, k) => ({
                criterionId,
                score: marks[k],
                reason: `${evaluator} on ${criterionId}`,
              })),
            },
          },
          token,
        );
        expect(res.errors).toBeUndefined();
      }
    }
    expect(
      (
        await gql(
          stack.url,
          `mutation { closeCallEvaluation(callKey: "${KEY}") { status } }`,
          {},
          admin,
        )
      ).errors,
    ).toBeUndefined();

    // The state's budget fits one state share of MXN 500,000: the best project, the other waits.
    const resolved = await waitForCall((c) => c.status === 'RESOLVED');
    expect(resolved.applications.map((a) => [a.title, a.status, a.rank, a.granted])).toEqual([
      ['Agua potable en Ermita de Guadalupe', 'FUNDED', 1, '500000.00'],
      ['Red de agua en Sauceda de la Borda', 'RESERVE', 2, null],
    ]);

    // The funded project carries on under the programme: the four parties commit their shares.
    let app = await waitForApplication(stack, waterId, (a) => a.status === 'IN_EXECUTION');
    expect(app.ledger.map((b) => [b.role, b.committed, b.disbursed]).sort()).toEqual([
      ['federal', '250000.00', '250000.00'],
      ['migrants', '250000.00', '250000.00'],
      ['municipal', '250000.00', '250000.00'],
      ['state', '250000.00', '250000.00'],
    ]);
    const committee = mintToken({
      sub: 'comite',
      org: org('Comité de Obra de Jerez'),
      roles: ['member'],
    });
    await step(
      stack,
      'fileMonitoringReport',
      {
        applicationId: waterId,
        stageId: 'works-supervision',
        reportType: 'COMPLETION_REPORT',
        uri: 'https://docs.example.org/fin.pdf',
        summary: 'Obra terminada',
      },
      committee,
    );
    await waitForApplication(stack, waterId, (a) => a.activeStages.includes('handover'));
    const municipality = mintToken({
      sub: 'jerez',
      org: org('Municipio de Jerez'),
      roles: ['member'],
    });
    await step(
      stack,
      'certifyHandover',
      { applicationId: waterId, stageId: 'handover', remarks: 'Entregada' },
      municipality,
    );
    app = await waitForApplication(stack, waterId, (a) => a.status === 'COMPLETED');
    expect(app.plaqueText).toMatch(/concurso estatal 3x1/);
    expect(app.ledger.every((b) => b.committed === '0.00')).toBe(true);
  });
});
