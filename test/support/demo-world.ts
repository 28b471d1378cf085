import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import {
  loadDemoParties,
  DemoParties,
  loadExchangeRates,
} from '../../apps/api/src/cli/demo-loader';
import { ExchangeRateService } from '../../apps/api/src/rates/exchange-rate.service';
import { DirectiveService } from '../../apps/api/src/calls/directive.service';
import { loadDirectiveFiles, loadProgrammeFiles } from '../../apps/api/src/cli/programme-files';
import { loadAgreementFiles } from '../../apps/api/src/cli/agreement-files';
import { loadIndicatorFiles } from '../../apps/api/src/cli/indicator-files';
import { JurisdictionIndicatorService } from '../../apps/api/src/jurisdictions/indicators/jurisdiction-indicator.service';
import { AgreementService } from '../../apps/api/src/agreements/agreement.service';
import { JurisdictionService } from '../../apps/api/src/jurisdictions/jurisdiction.service';
import { OrganisationService } from '../../apps/api/src/organisations/organisation.service';
import { ProgrammeService } from '../../apps/api/src/programmes/programme.service';
import { errorCodes, gql, GraphqlResponse } from './graphql-client';
import { startTestStack, TestStack } from './test-stack';
import { adminToken, mintToken } from './tokens';

const ROOT = join(__dirname, '..', '..');

/** The demo parties and programmes, loaded through the same code as `npm start`. */
export async function loadDemoWorld(stack: TestStack): Promise<Map<string, string>> {
  await loadDemoPrerequisites(stack);
  await loadIndicatorFiles(join(ROOT, 'indicators'), stack.app.get(JurisdictionIndicatorService));
  await loadProgrammeFiles(join(ROOT, 'programmes'), stack.app.get(ProgrammeService));
  await loadDirectiveFiles(join(ROOT, 'directives'), stack.app.get(DirectiveService));
  const rows = (await stack.db.dataSource.query(`SELECT id, name FROM organisation`)) as {
    id: string;
    name: string;
  }[];
  return new Map(rows.map((r) => [r.name, r.id]));
}

/**
 * A suite's own stack (API, worker, PostgreSQL, Temporal) with the demo world loaded: call it
 * at the top of a suite file and read `world.stack` and `world.orgs` in its tests.
 */
export function useDemoWorld(): { readonly stack: TestStack; readonly orgs: Map<string, string> } {
  const world = {} as { stack: TestStack; orgs: Map<string, string> };
  beforeAll(async () => {
    world.stack = await startTestStack({ worker: true });
    world.orgs = await loadDemoWorld(world.stack);
  }, 120_000);
  afterAll(() => world.stack?.close());
  return world;
}

/** What programme files need before they load: the parties, the rates and the agreements. */
export async function loadDemoPrerequisites(stack: TestStack): Promise<void> {
  const data = JSON.parse(readFileSync(join(ROOT, 'demo', 'parties.json'), 'utf8')) as DemoParties;
  await loadDemoParties(
    data,
    stack.app.get(JurisdictionService),
    stack.app.get(OrganisationService),
  );
  await loadExchangeRates(
    join(ROOT, 'demo', 'exchange-rates.json'),
    stack.app.get(ExchangeRateService),
  );
  await loadAgreementFiles(join(ROOT, 'agreements'), stack.app.get(AgreementService));
}

/** The parties of a 3x1 project in Jerez, Zacatecas, by role: the demo world's organisations. */
export const JEREZ_PARTIES: Readonly<Record<string, string>> = {
  migrants: 'Club Jerezano de Los Ángeles',
  municipal: 'Municipio de Jerez',
  state: 'Gobierno del Estado de Zacatecas',
  federal: 'SEDESOL',
  'federal-delegation': 'SEDESOL Delegación Zacatecas',
  'state-planning': 'COPLADE Zacatecas',
  community: 'Comité de Obra de Jerez',
  'works-committee': 'Comité de Obra de Jerez',
};

/** A 3x1 proposal of the club for a potable-water network in Jerez, MXN 1,000,000. */
export function potableWaterInJerez(
  orgs: Map<string, string>,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    programmeKey: 'mx-3x1',
    title: 'Red de agua potable de Jerez',
    sector: 'POTABLE_WATER',
    projectJurisdictionCode: 'MX-ZAC-020',
    totalAmount: '1000000.00',
    documents: [
      { documentType: 'PROJECT_PROPOSAL', uri: 'https://docs.example.org/propuesta.pdf' },
    ],
    parties: Object.entries(JEREZ_PARTIES).map(([role, name]) => ({
      role,
      organisationId: orgs.get(name),
    })),
    ...overrides,
  };
}

/** A token for an organisation of the demo world: a member's, unless other roles are given. */
export function tokenFor(orgs: Map<string, string>, name: string, roles = ['member']): string {
  const id = orgs.get(name);
  if (!id) throw new Error(`no demo organisation named ${name}`);
  return mintToken({ sub: `user-of-${name}`, org: id, roles });
}

export interface ApplicationView {
  id: string;
  status: string;
  activeStages: string[];
  programmeVersion: number;
  totalAmount: string;
  currency: string;
  plaqueText: string | null;
  certificate: { commitments: { role: string; organisation: string; commitment: string }[] } | null;
  disbursementTimeline: unknown[] | null;
  fundingSplit: {
    role: string;
    amount: string;
    coversRole: string | null;
    pledgedAmount: string | null;
    pledgedCurrency: string | null;
    exchangeRate: string | null;
  }[];
  ledger: { role: string; committed: string; disbursed: string; currency: string }[];
  deadlines: { stageId: string; dueAt: string; status: string }[];
  history: {
    kind: string;
    stageId: string | null;
    actorRole: string | null;
    actorSubject: string | null;
    reason: string | null;
  }[];
}

export const APPLICATION_FIELDS = `id status activeStages programmeVersion totalAmount currency plaqueText certificate disbursementTimeline
  fundingSplit { role amount coversRole pledgedAmount pledgedCurrency exchangeRate }
  ledger { role committed disbursed currency }
  deadlines { stageId dueAt status }
  history { kind stageId actorRole actorSubject reason }`;

export async function readApplication(stack: TestStack, id: string): Promise<ApplicationView> {
  const res = await gql<{ application: ApplicationView }>(
    stack.url,
    `query($id: ID!) { application(id: $id) { ${APPLICATION_FIELDS} } }`,
    { id },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.application;
}

/** Polls the projection until `predicate` holds: the workflow moves on asynchronously. */
export async function waitForApplication(
  stack: TestStack,
  id: string,
  predicate: (a: ApplicationView) => boolean,
  timeoutMs = 20_000,
): Promise<ApplicationView> {
  const deadline = Date.now() + timeoutMs;
  let last: ApplicationView | undefined;
  while (Date.now() < deadline) {
    last = await readApplication(stack, id);
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `application ${id} never reached the expected state; last: ${JSON.stringify({ status: last?.status, activeStages: last?.activeStages })}`,
  );
}

export const atStage = (stageId: string) => (a: ApplicationView) =>
  (a.activeStages as string[]).includes(stageId);

/** Runs a step mutation and fails the test with the server's errors if it is refused. */
export async function step(
  stack: TestStack,
  mutation: string,
  input: Record<string, unknown>,
  token: string,
) {
  const res: GraphqlResponse<
    Record<string, { accepted: boolean; outcome: string | null; findingId: string | null }>
  > = await gql(
    stack.url,
    `mutation($input: ${inputTypeOf[mutation]}!) { ${mutation}(input: $input) { accepted outcome findingId stageId } }`,
    { input },
    token,
  );
  if (res.errors)
    throw new Error(
      `${mutation} refused: ${JSON.stringify(res.errors)} (codes ${errorCodes(res).join(',')})`,
    );
  return res.data![mutation];
}

export async function stepError(
  stack: TestStack,
  mutation: string,
  input: Record<string, unknown>,
  token?: string,
) {
  const res = await gql(
    stack.url,
    `mutation($input: ${inputTypeOf[mutation]}!) { ${mutation}(input: $input) { accepted } }`,
    { input },
    token,
  );
  return { codes: errorCodes(res), message: res.errors?.[0]?.message ?? '' };
}

const inputTypeOf: Record<string, string> = {
  castCommitteeVote: 'CastVoteInput',
  setDisbursementTimeline: 'SetDisbursementTimelineInput',
  submitStageDocument: 'SubmitStageDocumentInput',
  decideReview: 'DecideReviewInput',
  fileMonitoringReport: 'FileReportInput',
  raiseFinding: 'RaiseFindingInput',
  resolveFinding: 'ResolveFindingInput',
  certifyHandover: 'CertifyHandoverInput',
};

export const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${APPLICATION_FIELDS} } }`;

/** Submits an application as a member of the demo organisation `as`; its id, or the errors thrown. */
export async function submitAs(
  stack: TestStack,
  orgs: Map<string, string>,
  input: Record<string, unknown>,
  as: string,
): Promise<string> {
  const res = await gql<{ submitApplication: { id: string } }>(
    stack.url,
    SUBMIT,
    { input },
    tokenFor(orgs, as),
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.submitApplication.id;
}

/** Registers an organisation as a platform administrator would; returns its id. */
export async function registerOrganisation(
  stack: TestStack,
  input: Record<string, unknown>,
): Promise<string> {
  const res = await gql<{ registerOrganisation: { id: string } }>(
    stack.url,
    'mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { id } }',
    { i: input },
    adminToken(),
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.registerOrganisation.id;
}
