// Records the workflow histories that `test/integration/replay-histories.int-spec.ts` replays:
// every programme of programmes/ run from submission to COMPLETED, and every call of calls/
// replayed on today's clock, each through the public GraphQL API on a fresh stack. Run it with
// `npm run histories:record` (jest.histories.config.js sets RECORD_HISTORIES=1); anywhere else
// it does nothing. See docs/versioning.md.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { CallDefinition } from '@codev/engine/call/call-definition.schema';
import { applicationWorkflowId } from '@codev/engine/contract/application.contract';
import { callWorkflowId } from '@codev/engine/contract/call.contract';
import { workPlanWorkflowId } from '@codev/engine/contract/work-plan.contract';
import { flattenStages } from '@codev/engine/definition/flatten-stages';
import type { ProgrammeDefinition } from '@codev/engine/definition/programme-definition.schema';
import { TemporalClientProvider } from '@codev/temporal';
import { localTime } from '../../apps/api/src/cli/demo-call';
import {
  loadDemoWorld,
  readApplication,
  registerOrganisation,
  SUBMIT,
  tokenFor,
} from '../support/demo-world';
import { errorCodes, gql, GraphqlResponse } from '../support/graphql-client';
import { driveToCompletion } from '../support/procedure-driver';
import { startTestStack, TestStack } from '../support/test-stack';
import { mintToken } from '../support/tokens';
import { historyToJson } from './history-json';

const ROOT = join(__dirname, '..', '..');
const HISTORIES = __dirname;
const RECORDING = process.env.RECORD_HISTORIES === '1';
/**
 * `RECORD_ONLY=<programme>[,…]`: records those programmes' histories only, beside the baseline
 * (a programme just added), leaving every other file as it is.
 */
const ONLY = process.env.RECORD_ONLY ? process.env.RECORD_ONLY.split(',') : null;

// Parties the demo world lacks, registered for these recordings only.
const EXTRA_ORGANISATIONS = [
  { name: 'Cementos del Centro', kind: 'PRIVATE_COMPANY', countryOfResidence: 'MX' },
  {
    name: 'Gobierno de Guanajuato',
    kind: 'GOVERNMENT_BODY',
    countryOfResidence: 'MX',
    jurisdictionCode: 'MX-GUA',
    governmentLevel: 'REGIONAL',
  },
  {
    name: 'Club Guanajuatense de California',
    kind: 'MIGRANT_CLUB',
    countryOfResidence: 'US',
    jurisdictionCode: 'US-CA',
    originJurisdictionCode: 'MX-GUA',
  },
  {
    name: 'Ayuntamiento de Donostia',
    kind: 'GOVERNMENT_BODY',
    countryOfResidence: 'ES',
    jurisdictionCode: 'ES-PV-20069',
    governmentLevel: 'LOCAL',
  },
  {
    name: 'Asociación de Mujeres Colombianas de Donostia',
    kind: 'IMMIGRANT_ASSOCIATION',
    countryOfResidence: 'ES',
    jurisdictionCode: 'ES-PV-20069',
    originJurisdictionCode: 'CO',
  },
  {
    name: 'Euskadi-Andes Lankidetza',
    kind: 'NGO',
    countryOfResidence: 'ES',
    jurisdictionCode: 'ES-PV-20069',
  },
];

interface ProgrammeScenario {
  title: string;
  sector: string;
  projectJurisdictionCode: string;
  totalAmount: string;
  documents?: string[];
  /** The itemised budget, for programmes with cost items. */
  costItems?: { code: string; description: string; quantity: string; unitCost: string }[];
  /** role → demo organisation */
  parties: Record<string, string>;
  /** Recorded while it waits on a long timer (its steps taken), not driven to COMPLETED. */
  running?: boolean;
}

const CLUB = 'Club Jerezano de Los Ángeles';
const JEREZ = 'Municipio de Jerez';
const ZACATECAS = 'Gobierno del Estado de Zacatecas';
const SEDESOL = 'SEDESOL';
const DELEGATION = 'SEDESOL Delegación Zacatecas';
const WORKS = 'Comité de Obra de Jerez';

/** One project per programme, with the parties its definition asks for. */
const PROGRAMME_SCENARIOS: Record<string, ProgrammeScenario> = {
  'mx-3x1': {
    title: 'Red de agua potable de Jerez',
    sector: 'POTABLE_WATER',
    projectJurisdictionCode: 'MX-ZAC-020',
    totalAmount: '1000000.00',
    documents: ['PROJECT_PROPOSAL'],
    parties: {
      migrants: CLUB,
      municipal: JEREZ,
      state: ZACATECAS,
      federal: SEDESOL,
      'federal-delegation': DELEGATION,
      'state-planning': 'COPLADE Zacatecas',
      community: WORKS,
      'works-committee': WORKS,
    },
  },
  'mx-1x1-zacatecas': {
    title: 'Electrificación de Ermita de Guadalupe',
    sector: 'ELECTRIFICATION',
    projectJurisdictionCode: 'MX-ZAC-020',
    totalAmount: '400000.00',
    parties: { migrants: CLUB, state: ZACATECAS },
  },
  'mx-2x1-zacatecas': {
    title: 'Pavimentación de la calle principal de Jerez',
    sector: 'STREET_PAVING',
    projectJurisdictionCode: 'MX-ZAC-020',
    totalAmount: '600000.00',
    parties: {
      migrants: 'Federación de Clubes Zacatecanos del Sur de California',
      state: ZACATECAS,
      federal: SEDESOL,
      community: WORKS,
    },
  },
  'mx-4x1': {
    title: 'Red de drenaje de Jerez',
    sector: 'SEWERAGE',
    projectJurisdictionCode: 'MX-ZAC-020',
    totalAmount: '1500000.00',
    parties: {
      migrants: CLUB,
      private: 'Cementos del Centro',
      municipal: JEREZ,
      state: ZACATECAS,
      federal: SEDESOL,
      'federal-delegation': DELEGATION,
      community: WORKS,
    },
  },
  // A consultation's period is ten working days: recorded with its votes in, waiting for it.
  'mx-consulta-prioridades': {
    title: 'Consulta de prioridades de obra 2026',
    sector: 'GOVERNANCE',
    projectJurisdictionCode: 'MX-ZAC-020',
    totalAmount: '50000.00',
    parties: { municipality: JEREZ },
    running: true,
  },
  'mx-gto-mi-comunidad': {
    title: 'Maquiladora de confección comunitaria',
    sector: 'INCOME_GENERATING',
    projectJurisdictionCode: 'MX-GUA',
    totalAmount: '2400000.00',
    documents: ['BUSINESS_PLAN'],
    parties: { migrants: 'Club Guanajuatense de California', state: 'Gobierno de Guanajuato' },
  },
  'es-ma-piloto-nador': {
    title: 'Red de agua potable de Nador',
    sector: 'POTABLE_WATER',
    projectJurisdictionCode: 'MA-02-NAD',
    totalAmount: '400000.00',
    documents: ['PROJECT_PROPOSAL'],
    parties: {
      migrants: 'Asociación de Marroquíes de Madrid',
      ngo: 'Cooperación Sur-Norte',
      company: 'Ingeniería Solidaria S.L.',
      'es-municipal': 'Ayuntamiento de Madrid',
      'es-regional': 'Comunidad de Madrid',
      'es-central': 'Gobierno de España',
      'ma-municipal': 'Commune de Nador',
      'ma-provincial': 'Province de Nador',
    },
  },
  // France–Senegal, Senegal and France–Mali: a migrant's enterprise with a micro-loan, a commune's project.
  'fr-sn-codev-investissement': {
    title: 'Atelier de couture à Thiès',
    sector: 'INCOME_GENERATING',
    projectJurisdictionCode: 'SN-TH-THIES',
    totalAmount: '12000000',
    documents: ['BUSINESS_PLAN'],
    parties: {
      entrepreneur: 'Atelier Ndiaye Couture',
      'fr-state': 'Gouvernement de la République française',
      'sn-state': 'Gouvernement du Sénégal',
      lender: "Mutuelle d'épargne et de crédit de Thiès",
    },
  },
  'sn-faise-diaspora': {
    title: 'Extension de l’atelier de couture',
    sector: 'INCOME_GENERATING',
    projectJurisdictionCode: 'SN-TH-THIES',
    totalAmount: '20000000',
    documents: ['BUSINESS_PLAN'],
    parties: {
      promoter: 'Atelier Ndiaye Couture',
      fund: "Fonds d'appui à l'investissement des Sénégalais de l'extérieur",
      lender: "Mutuelle d'épargne et de crédit de Thiès",
    },
  },
  'fr-epargne-codeveloppement': {
    title: 'Épargne pour un atelier à Thiès',
    sector: 'INCOME_GENERATING',
    projectJurisdictionCode: 'SN-TH-THIES',
    totalAmount: '30000',
    parties: {
      saver: 'Épargnante de Montreuil (Thiès)',
      bank: 'Banque coopérative de Montreuil',
    },
  },
  'fr-sn-codev-mobilite': {
    title: 'Mission d’appui au laboratoire de microbiologie',
    sector: 'MOBILITY_OF_PROFESSIONALS',
    projectJurisdictionCode: 'SN',
    totalAmount: '6070.00',
    costItems: [
      {
        code: 'EXPERT_MISSION',
        description: 'Deux experts, huit jours',
        quantity: '16',
        unitCost: '300',
      },
      { code: 'TRAVEL', description: 'Paris–Dakar aller-retour', quantity: '2', unitCost: '635' },
    ],
    parties: {
      network: 'Réseau des professionnels sénégalais de France',
      host: 'Université Cheikh Anta Diop de Dakar',
      'fr-state': 'Gouvernement de la République française',
    },
  },
  'fr-ml-codev-local': {
    title: 'Adduction d’eau à Kayes',
    sector: 'POTABLE_WATER',
    projectJurisdictionCode: 'ML-1-KAYES',
    totalAmount: '60000000',
    documents: ['PROJECT_PROPOSAL'],
    parties: {
      association: 'Association des ressortissants de Kayes à Montreuil',
      commune: 'Commune de Kayes',
      'fr-state': 'Gouvernement de la République française',
      'ml-state': 'Gouvernement du Mali',
      operator: 'Migrations et développement local (ONG)',
    },
  },
};

/** The NGO that carries a Spanish call's project out in each country of origin used here. */
const IMPLEMENTERS: Record<string, string> = {
  EC: 'Fundación Esquel',
  CO: 'Corporación Región para el Desarrollo y la Democracia',
  BO: 'Fundación Tierra',
};

interface CallCast {
  issuer: string;
  /** Two organisations that apply, in turn. */
  applicants: [string, string];
  /** What each of A, B, C and F is granted: the budget is three of these. */
  grant: string;
  /**
   * The project fields of the n-th application (0–5). D (n = 3) is granted exactly what B's
   * withdrawal gives back, its grant less the advance already paid, so that it moves up
   * into it and leaves nothing for F.
   */
  project(n: number): Record<string, unknown>;
}

/** A Spanish call: a grant asked of the call (70% paid in advance), an NGO in the country of origin. */
const requestCall = (issuer: string, applicants: [string, string]): CallCast => ({
  issuer,
  applicants,
  grant: '90000.00',
  project: (n) => {
    const country = ['EC', 'CO', 'BO'][n % 3];
    return {
      countryOfOrigin: country,
      implementingNgoOrganisationId: org(IMPLEMENTERS[country]),
      ...(n === 3
        ? { totalAmount: '36000.00', requestedAmount: '27000.00' }
        : { totalAmount: '120000.00', requestedAmount: '90000.00' }),
    };
  },
});

/** Who issues each call and applies to it (registered where the call asks). */
const CALL_CASTS: Record<string, () => CallCast> = {
  'es-madrid-ayuntamiento-2008': () =>
    requestCall('Ayuntamiento de Madrid', [
      'Fundación Codesarrollo Andino',
      'Asociación Rumiñahui Hispano-Ecuatoriana',
    ]),
  'es-comunidad-madrid-2009': () =>
    requestCall('Comunidad de Madrid', [
      'Acción Solidaria Madrid',
      'Asociación de Bolivianos de Madrid',
    ]),
  'es-donostia-2010': () =>
    requestCall('Ayuntamiento de Donostia', [
      'Euskadi-Andes Lankidetza',
      'Asociación de Mujeres Colombianas de Donostia',
    ]),
  // The state's grant is its quarter of the programme's formula.
  'mx-zac-3x1-concurso-2006': () => ({
    issuer: ZACATECAS,
    applicants: [CLUB, 'Federación de Clubes Zacatecanos del Sur de California'],
    grant: '500000.00',
    project: (n) => ({
      countryOfOrigin: 'MX',
      projectJurisdictionCode: 'MX-ZAC-020',
      // Half the state's share is paid in advance: B gives back MXN 250,000, D's whole share.
      totalAmount: n === 3 ? '1000000.00' : '2000000.00',
      parties: [
        { role: 'municipal', organisationId: org(JEREZ) },
        { role: 'federal', organisationId: org(SEDESOL) },
        { role: 'works-committee', organisationId: org(WORKS) },
      ],
    }),
  }),
};

const readYaml = <T>(dir: string, file: string) =>
  parse(readFileSync(join(ROOT, dir, file), 'utf8')) as T;
const yamlFiles = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stack: TestStack;
let orgs: Map<string, string>;
const written = new Set<string>();
/** The parts of this run that recorded everything they set out to. */
const recorded = new Set<string>();

const org = (name: string) => {
  const id = orgs.get(name);
  if (!id) throw new Error(`no organisation named ${name}`);
  return id;
};

/** Waits for the workflow to close (or notes it still runs), then writes its history. */
async function recordHistory(file: string, workflowId: string, closeWithinMs = 30_000) {
  const handle = stack.app.get(TemporalClientProvider).client.workflow.getHandle(workflowId);
  const deadline = Date.now() + closeWithinMs;
  let status = (await handle.describe()).status.name;
  while (status === 'RUNNING' && Date.now() < deadline) {
    await pause(200);
    status = (await handle.describe()).status.name;
  }
  if (status === 'RUNNING')
    console.warn(`${file}: ${workflowId} still runs; recording it as it is`);
  const history = await handle.fetchHistory();
  writeFileSync(join(HISTORIES, file), await historyToJson(history));
  written.add(file);
}

async function recordProgramme(key: string, definition: ProgrammeDefinition) {
  const scenario = PROGRAMME_SCENARIOS[key];
  if (!scenario)
    throw new Error(
      `programme ${key} has no scenario in record-histories: add one to PROGRAMME_SCENARIOS`,
    );
  const applicantRole = definition.eligibility.applicantRoles.find((r) => scenario.parties[r])!;
  const res = await gql<{ submitApplication: { id: string } }>(
    stack.url,
    SUBMIT,
    {
      input: {
        programmeKey: key,
        title: scenario.title,
        sector: scenario.sector,
        projectJurisdictionCode: scenario.projectJurisdictionCode,
        totalAmount: scenario.totalAmount,
        documents: (scenario.documents ?? []).map(document),
        ...(scenario.costItems ? { costItems: scenario.costItems } : {}),
        parties: Object.entries(scenario.parties).map(([role, name]) => ({
          role,
          organisationId: org(name),
        })),
      },
    },
    tokenFor(orgs, scenario.parties[applicantRole]),
  );
  if (res.errors) throw new Error(`${key}: submission refused: ${JSON.stringify(res.errors)}`);
  const id = res.data!.submitApplication.id;
  await driveToCompletion(stack.url, id, { untilWaiting: scenario.running });
  await recordHistory(
    `${key}.application.json`,
    applicationWorkflowId(id),
    scenario.running ? 1000 : undefined,
  );
}

/** France proposes the France–Senegal agreement's plan for a year; three seats approve it. */
async function recordWorkPlan() {
  const year = 2030;
  const delegate = (name: string) =>
    mintToken({ sub: `delegate-of-${name}`, org: org(name), roles: ['member'] });
  const plan = await gql<{ proposeWorkPlan: { id: string } }>(
    stack.url,
    `mutation($input: ProposeWorkPlanInput!) { proposeWorkPlan(input: $input) { id } }`,
    {
      input: {
        agreementKey: 'fr-sn-2000',
        year,
        allocations: [{ component: 'local-development', funder: 'fr-state', amount: '2000000' }],
      },
    },
    delegate('Gouvernement de la République française'),
  );
  if (plan.errors) throw new Error(JSON.stringify(plan.errors));
  for (const name of [
    'Gouvernement de la République française',
    'Gouvernement du Sénégal',
    'Asociación de Senegaleses de Madrid',
  ]) {
    const res = await gql(
      stack.url,
      `mutation($input: CastWorkPlanVoteInput!) { castWorkPlanVote(input: $input) { status } }`,
      { input: { agreementKey: 'fr-sn-2000', year, vote: 'FOR', reason: 'Approuvé' } },
      delegate(name),
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
  const id = plan.data!.proposeWorkPlan.id;
  await recordHistory('fr-sn-2000.work-plan.json', workPlanWorkflowId('fr-sn-2000', year, id));
}

const document = (documentType: string) => ({
  documentType,
  uri: `https://docs.example.org/${documentType}.pdf`,
});

interface CallApplicationView {
  id: string;
  title: string;
  status: string;
}
interface CallView {
  status: string;
  applications: CallApplicationView[];
}

/**
 * A call from publication to the end of its reserve list, with six applications: A, B and C
 * funded (C after fixing a defect), D on the reserve (it objects, and moves up when B
 * withdraws after its advance), E set aside for a defect it never fixes, F scored too low
 * (excluded where the call has a minimum score; otherwise on the reserve until the list
 * expires). A, C and D are driven to COMPLETED. The budget is three grants, so the walk down
 * the ranking is the same under every last-fit rule.
 */
async function recordCall(file: string) {
  const call = readYaml<CallDefinition>('calls', file);
  const cast = CALL_CASTS[call.key]?.();
  if (!cast)
    throw new Error(`call ${call.key} has no cast in record-histories: add one to CALL_CASTS`);
  const issuer = org(cast.issuer);
  const issuerAdmin = mintToken({ sub: `${call.key}-admin`, org: issuer, roles: ['org-admin'] });
  const opens = new Date(Date.now() + 3000);
  const closes = new Date(opens.getTime() + 15_000);
  const zone = call.window.timeZone;
  const replayed = {
    ...call,
    budget: (Number(cast.grant) * 3).toFixed(2),
    window: { opens: localTime(opens, zone), closes: localTime(closes, zone), timeZone: zone },
    defectFixPeriod: { seconds: 4 },
    objectionsPeriod: { seconds: 8 },
    reserveListValidity: { seconds: 25 },
  };
  const published = await gql(
    stack.url,
    'mutation($i: PublishCallInput!) { publishCall(input: $i) { key } }',
    { i: { definition: stringify(replayed), issuerOrganisationId: issuer } },
    issuerAdmin,
  );
  if (published.errors) throw new Error(`${call.key}: ${JSON.stringify(published.errors)}`);

  const read = async () =>
    (
      await gql<{ call: CallView }>(
        stack.url,
        'query($k: String!) { call(key: $k) { status applications { id title status } } }',
        { k: call.key },
      )
    ).data!.call;
  const waitFor = async (what: string, predicate: (c: CallView) => boolean) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const c = await read();
      if (predicate(c)) return c;
      if (Date.now() > deadline) throw new Error(`${call.key} never ${what}: ${JSON.stringify(c)}`);
      await pause(200);
    }
  };
  const statusOf = (c: CallView, id: string) => c.applications.find((a) => a.id === id)?.status;
  await waitFor('opened', (c) => c.status === 'OPEN');

  const required = call.requiredDocuments ?? [];
  if (!required.length) throw new Error(`${call.key}: the scenario needs a required document`);
  const lacking = required.slice(0, -1);
  let submitted = 0;
  const apply = async (title: string, documents: string[]) => {
    const n = submitted++;
    const applicant = org(cast.applicants[n % 2]);
    const token = mintToken({ sub: `${title}-member`, org: applicant, roles: ['member'] });
    const res = await gql<{ submitCallApplication: { id: string } }>(
      stack.url,
      'mutation($i: SubmitCallApplicationInput!) { submitCallApplication(input: $i) { id } }',
      {
        i: {
          callKey: call.key,
          applicantOrganisationId: applicant,
          title: `${title}: ${call.sectors[0].toLowerCase().replace(/_/g, ' ')}`,
          sector: call.sectors[0],
          objective: call.objectives[0],
          documents: documents.map(document),
          ...cast.project(n),
        },
      },
      token,
    );
    if (res.errors) throw new Error(`${call.key} ${title}: ${JSON.stringify(res.errors)}`);
    return { id: res.data!.submitCallApplication.id, token };
  };
  const [a, b, c, d, e, f] = await Promise.all([
    apply('A', required),
    apply('B', required),
    apply('C', lacking),
    apply('D', required),
    apply('E', lacking),
    apply('F', required),
  ]);

  // Completeness: C fixes its defect within the period; E lets it pass.
  await waitFor('found C defective', (x) => statusOf(x, c.id) === 'DEFECTIVE');
  const fixed = await gql(
    stack.url,
    'mutation($i: CompleteCallApplicationInput!) { completeCallApplication(input: $i) { accepted } }',
    { i: { applicationId: c.id, documents: required.slice(-1).map(document) } },
    c.token,
  );
  if (fixed.errors) throw new Error(`${call.key} C: ${JSON.stringify(fixed.errors)}`);
  await waitFor('opened its evaluation', (x) => x.status === 'EVALUATION');

  // Evaluation: as many evaluators as the call needs score every complete application; one
  // more recuses from A.
  const evaluator = (sub: string) => mintToken({ sub, org: issuer, roles: ['evaluator'] });
  await untilTheApplicationHears(() =>
    gql(
      stack.url,
      'mutation($i: CallApplicationReasonInput!) { recuseFromCallApplication(input: $i) { accepted } }',
      { i: { applicationId: a.id, text: 'I advised the applicant on this project' } },
      evaluator(`${call.key}-evaluator-recused`),
    ),
  );
  const marks: [string, number][] = [
    [a.id, 9],
    [b.id, 8],
    [c.id, 7],
    [d.id, 6],
    [f.id, 4],
  ];
  for (let n = 1; n <= Math.max(2, call.minimumEvaluators ?? 2); n++)
    for (const [applicationId, mark] of marks)
      await untilTheApplicationHears(() =>
        gql(
          stack.url,
          'mutation($i: ScoreCallApplicationInput!) { scoreCallApplication(input: $i) { accepted } }',
          {
            i: {
              applicationId,
              scores: call.criteria.map((k) => ({
                criterionId: k.id,
                score: String(mark),
                reason: `evaluator ${n} on ${k.id}`,
              })),
            },
          },
          evaluator(`${call.key}-evaluator-${n}`),
        ),
      );
  const closed = await gql(
    stack.url,
    'mutation($k: String!) { closeCallEvaluation(callKey: $k) { status } }',
    { k: call.key },
    issuerAdmin,
  );
  if (closed.errors) throw new Error(`${call.key}: ${JSON.stringify(closed.errors)}`);

  // Provisional resolution: D, on the reserve, objects.
  await waitFor('published its provisional resolution', (x) => x.status === 'PROVISIONAL');
  await untilTheApplicationHears(() =>
    gql(
      stack.url,
      'mutation($i: CallApplicationReasonInput!) { lodgeCallObjection(input: $i) { accepted } }',
      { i: { applicationId: d.id, text: 'Our counterpart capacity was underrated' } },
      d.token,
    ),
  );
  const resolved = await waitFor('resolved', (x) => x.status === 'RESOLVED');
  const expected = { [a.id]: 'FUNDED', [b.id]: 'FUNDED', [c.id]: 'FUNDED', [d.id]: 'RESERVE' };
  for (const [id, status] of Object.entries(expected))
    if (statusOf(resolved, id) !== status)
      throw new Error(`${call.key}: expected ${status}: ${JSON.stringify(resolved)}`);

  // B withdraws once its advance is paid; D moves up into what came back.
  const withdrawB = async () => {
    for (let t = Date.now(); ; await pause(200)) {
      const project = await readApplication(stack, b.id);
      if (project.ledger.some((l) => Number(l.disbursed) > 0)) break;
      if (Date.now() - t > 30_000) throw new Error(`${call.key} B: no advance was paid`);
    }
    const res = await gql(
      stack.url,
      'mutation($i: WithdrawApplicationInput!) { withdrawApplication(input: $i) { status } }',
      { i: { applicationId: b.id, reason: 'the counterpart dissolved' } },
      b.token,
    );
    if (res.errors) throw new Error(`${call.key} B: ${JSON.stringify(res.errors)}`);
    await waitFor('moved D up', (x) => statusOf(x, d.id) === 'FUNDED');
    await driveToCompletion(stack.url, d.id);
  };
  await Promise.all([
    driveToCompletion(stack.url, a.id),
    driveToCompletion(stack.url, c.id),
    withdrawB(),
  ]);

  const key = call.key;
  await recordHistory(`${key}.application.json`, applicationWorkflowId(a.id));
  await recordHistory(`${key}.withdrawn.application.json`, applicationWorkflowId(b.id));
  await recordHistory(`${key}.defect-fixed.application.json`, applicationWorkflowId(c.id));
  await recordHistory(`${key}.promoted.application.json`, applicationWorkflowId(d.id));
  await recordHistory(`${key}.set-aside.application.json`, applicationWorkflowId(e.id));
  // F ends when the call excludes it or its reserve list expires; so does the call.
  await recordHistory(`${key}.not-funded.application.json`, applicationWorkflowId(f.id), 60_000);
  await recordHistory(`${key}.call.json`, callWorkflowId(key), 60_000);
}

/**
 * The call's list changes phase before each application's workflow has heard of it (the
 * phase is committed, then broadcast): a step refused as out of phase is tried again briefly.
 */
async function untilTheApplicationHears(send: () => Promise<GraphqlResponse>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await send();
    if (!res.errors) return;
    const outOfPhase =
      errorCodes(res).includes('CONFLICT') && /\(the call is /.test(res.errors[0].message);
    if (!outOfPhase || Date.now() > deadline) throw new Error(JSON.stringify(res.errors));
    console.warn(
      `retrying a step the application had not heard the phase for: ${res.errors[0].message}`,
    );
    await pause(100);
  }
}

(RECORDING ? describe : describe.skip)(
  'recording the workflow histories that replay in npm test',
  () => {
    beforeAll(async () => {
      stack = await startTestStack({ worker: true });
      orgs = await loadDemoWorld(stack);
      for (const o of EXTRA_ORGANISATIONS) orgs.set(o.name, await registerOrganisation(stack, o));
    }, 120_000);
    afterAll(() => stack?.close());

    it('runs every programme without a selection stage from submission to COMPLETED', async () => {
      const programmes = yamlFiles('programmes')
        .map((file) => readYaml<ProgrammeDefinition>('programmes', file))
        .filter(
          (p) => !flattenStages(p.procedure.stages).some(({ stage }) => stage.kind === 'SELECTION'),
        )
        .filter((p) => !ONLY || ONLY.includes(p.key));
      await Promise.all(programmes.map((p) => recordProgramme(p.key, p)));
      recorded.add('programmes');
    }, 180_000);

    it('runs every call from publication to the end of its reserve list', async () => {
      if (ONLY) return;
      await Promise.all(yamlFiles('calls').map(recordCall));
      recorded.add('calls');
    }, 300_000);

    it('runs an agreement’s work plan from proposal to its approval', async () => {
      if (ONLY) return;
      await recordWorkPlan();
      recorded.add('work-plans');
    }, 60_000);

    it('leaves no history of a programme or call that is gone', () => {
      // Only a complete new baseline replaces the old one.
      if (!ONLY) {
        expect([...recorded].sort()).toEqual(['calls', 'programmes', 'work-plans']);
        for (const file of readdirSync(HISTORIES).filter((f) => f.endsWith('.json')))
          if (!written.has(file)) unlinkSync(join(HISTORIES, file));
      }
      // Laid out as `npm run format` would, so that formatting the repository changes nothing.
      execFileSync(join(ROOT, 'node_modules', '.bin', 'prettier'), [
        '--log-level=warn',
        '--write',
        ...[...written].map((file) => join(HISTORIES, file)),
      ]);
    });
  },
);
