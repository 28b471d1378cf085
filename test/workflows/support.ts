// Shared helpers for the stage-kind workflow suites: each suite boots one stack (the real API,
// the real worker, a fresh database, the run's Temporal dev server), publishes small programme
// definitions through GraphQL and checks what the workflow recorded, through the API and in
// the database.
import { stageActions } from '@codev/engine/stages/registry';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workflowBundleOptions } from '@codev/temporal';
import { loadDemoWorld } from '../support/demo-world';
import { errorCodes, gql, GraphqlResponse } from '../support/graphql-client';
import { startTestStack, TestStack } from '../support/test-stack';
import { mintToken } from '../support/tokens';

const ROOT = join(__dirname, '..', '..');

// -- the stack ------------------------------------------------------------------------------

/** Source files whose content decides the workflow bundle. */
function bundleInputs(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) out.push(path);
    }
  };
  walk(join(ROOT, 'workflows'));
  walk(join(ROOT, 'libs'));
  return [...out.sort(), join(ROOT, 'tsconfig.json'), join(ROOT, 'package-lock.json')];
}

/**
 * The workflow bundle, built from source once per content of the sources and shared by every
 * suite (bundling takes seconds on a small machine): the worker runs it as production runs
 * its pre-built bundle (WORKFLOW_BUNDLE_PATH).
 */
async function workflowBundle(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of bundleInputs())
    hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  const path = join(tmpdir(), `codev-workflow-bundle-${hash.digest('hex').slice(0, 20)}.js`);
  if (existsSync(path)) return path;
  const noop = () => undefined;
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions(ROOT),
    logger: { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop },
  });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, code);
  renameSync(partial, path);
  // Bundles of sources long gone are removed.
  for (const name of readdirSync(tmpdir()))
    if (name.startsWith('codev-workflow-bundle-') && join(tmpdir(), name) !== path) {
      const old = join(tmpdir(), name);
      try {
        if (Date.now() - statSync(old).mtimeMs > 86_400_000) unlinkSync(old);
      } catch {
        // another run took care of it
      }
    }
  return path;
}

/** Time a suite's stack may take to boot on a busy two-core machine. */
export const BOOT_TIMEOUT = 120_000;
/** Time to wait for something a timer or another workflow brings (it comes much sooner when idle). */
export const SLOW = 30_000;

export interface World {
  stack: TestStack;
  /** Demo organisation name → id. */
  orgs: Map<string, string>;
}

/** One stack for a suite: API, real worker, the demo parties and programmes. */
export async function bootWorld(): Promise<World> {
  const stack = await startTestStack({ worker: false });
  try {
    process.env.WORKFLOW_BUNDLE_PATH = await workflowBundle();
    await stack.startWorker();
    return { stack, orgs: await loadDemoWorld(stack) };
  } catch (e) {
    await stack.close();
    throw e;
  }
}

// -- parties and tokens ---------------------------------------------------------------------

export const CLUB = 'Club Jerezano de Los Ángeles';
export const STATE = 'Gobierno del Estado de Zacatecas';
export const MUNICIPAL = 'Municipio de Jerez';
export const FEDERAL = 'SEDESOL';
export const DELEGATION = 'SEDESOL Delegación Zacatecas';
export const COMMUNITY = 'Comité de Obra de Jerez';

/** The organisation playing each role of the test programmes. */
export const ROLE_ORGS: Record<string, string> = {
  migrants: CLUB,
  state: STATE,
  municipal: MUNICIPAL,
  federal: FEDERAL,
  delegation: DELEGATION,
  community: COMMUNITY,
};

/** A member token of a demo organisation; `subject` tells two people of one organisation apart. */
export function member(
  w: World,
  organisation: string,
  subject = `user-of-${organisation}`,
): string {
  const id = w.orgs.get(organisation);
  if (!id) throw new Error(`no demo organisation named ${organisation}`);
  return mintToken({ sub: subject, org: id, roles: ['member'] });
}

/** A designer of the state government: the test programmes are the state's. */
export const designerToken = (w: World) =>
  mintToken({ sub: 'test-designer', org: w.orgs.get(STATE)!, roles: ['programme-designer'] });

// -- programmes -----------------------------------------------------------------------------

/**
 * A small programme: a club applies, the state co-funds one to one; the other government
 * levels and the community committee may take part in the procedure.
 */
export function programme(
  key: string,
  stages: unknown[],
  options: { envelope?: string; shares?: [string, string] } = {},
): Record<string, unknown> {
  return {
    key,
    name: `Workflow test ${key}`,
    rulesLabel: 'test rules',
    currency: 'MXN',
    calendar: { country: 'MX' },
    timeZone: 'America/Mexico_City',
    parties: [
      { role: 'migrants', label: 'Club', organisationKinds: ['MIGRANT_CLUB'] },
      {
        role: 'state',
        label: 'State',
        organisationKinds: ['GOVERNMENT_BODY'],
        governmentLevel: 'REGIONAL',
      },
      {
        role: 'municipal',
        label: 'Municipality',
        organisationKinds: ['GOVERNMENT_BODY'],
        optional: true,
      },
      { role: 'federal', label: 'Federal', organisationKinds: ['GOVERNMENT_BODY'], optional: true },
      {
        role: 'delegation',
        label: 'Delegation',
        organisationKinds: ['GOVERNMENT_BODY'],
        optional: true,
      },
      {
        role: 'community',
        label: 'Works committee',
        organisationKinds: ['COMMUNITY_COMMITTEE'],
        optional: true,
      },
    ],
    eligibility: {
      applicantRoles: ['migrants'],
      projectCountries: ['MX'],
      sectors: ['POTABLE_WATER'],
    },
    funding: {
      shares: [
        { role: 'migrants', weight: options.shares?.[0] ?? '1' },
        { role: 'state', weight: options.shares?.[1] ?? '1' },
      ],
      ...(options.envelope
        ? { envelopes: [{ role: 'state', yearlyAmount: options.envelope }] }
        : {}),
    },
    procedure: { stages },
  };
}

const SAVE = `mutation($d: String!) { saveProgrammeDraft(definition: $d) { programmeKey version status } }`;
const PUBLISH = `mutation($k: String!) { publishProgrammeDraft(key: $k) { version status } }`;

export function saveDraft(w: World, definition: object | string): Promise<GraphqlResponse> {
  const text = typeof definition === 'string' ? definition : JSON.stringify(definition);
  return gql(w.stack.url, SAVE, { d: text }, designerToken(w));
}

/** Saves and publishes a definition through GraphQL, as a programme designer does. */
export async function publish(w: World, definition: Record<string, unknown>): Promise<void> {
  const saved = await saveDraft(w, definition);
  if (saved.errors) throw new Error(`saveProgrammeDraft refused: ${JSON.stringify(saved.errors)}`);
  const published = await gql(w.stack.url, PUBLISH, { k: definition.key }, designerToken(w));
  if (published.errors)
    throw new Error(`publishProgrammeDraft refused: ${JSON.stringify(published.errors)}`);
}

/**
 * A migrant entrepreneur's project: their own money, a state grant paid in one tranche, and a
 * micro-loan from a partner institution (role `mfi`) at its LOAN stage `micro-loan`, whose
 * definition `loan` extends.
 */
export function microCreditProgramme(
  key: string,
  loan: Record<string, unknown> = {},
): Record<string, unknown> {
  const p = programme(key, [
    { id: 'eligibility', name: 'Eligibility', kind: 'CHECK' },
    { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
    { id: 'grant', name: 'Grant', kind: 'DISBURSEMENT', tranches: [{ id: 'all', percent: '100' }] },
    {
      id: 'micro-loan',
      name: 'Micro-loan',
      kind: 'LOAN',
      lender: 'mfi',
      terms: {
        annualRatePercent: '24',
        method: 'FLAT',
        frequency: 'MONTHLY',
        instalments: 6,
        gracePeriods: 2,
        feePercent: '1',
      },
      ...loan,
    },
  ]);
  (p.parties as unknown[]).push({
    role: 'mfi',
    label: 'Micro-finance institution',
    organisationKinds: ['FINANCIAL_INSTITUTION'],
  });
  p.funding = {
    shares: [
      { role: 'migrants', weight: '20' },
      { role: 'state', weight: '30' },
      { role: 'mfi', weight: '50', instrument: 'LOAN' },
    ],
  };
  return p;
}

/** A definition refused at save time, with the path of each problem; nothing is saved. */
export async function expectRefusedAtSave(
  w: World,
  definition: Record<string, unknown>,
  fields: { path: string; message: string | RegExp }[],
): Promise<void> {
  const res = await saveDraft(w, definition);
  expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  const got = res.errors![0].extensions!.fields as { path: string; message: string }[];
  expect(got).toEqual(
    fields.map((f) => ({
      path: f.path,
      message: typeof f.message === 'string' ? f.message : expect.stringMatching(f.message),
    })),
  );
  expect(
    await w.stack.db.dataSource.query(`SELECT 1 FROM programme WHERE key = $1`, [definition.key]),
  ).toEqual([]);
}

// -- applications ---------------------------------------------------------------------------

const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id status } }`;

/** A club's well in Jerez under a programme, every role played by its demo organisation. */
export const proposal = (w: World, programmeKey: string, extra: Record<string, unknown> = {}) => ({
  programmeKey,
  title: `Pozo de agua (${programmeKey})`,
  sector: 'POTABLE_WATER',
  projectJurisdictionCode: 'MX-ZAC-020',
  totalAmount: '200000.00',
  parties: Object.entries(ROLE_ORGS).map(([role, name]) => ({
    role,
    organisationId: w.orgs.get(name),
  })),
  ...extra,
});

/** Submits an application under a programme, every role played by its demo organisation. */
export async function submit(
  w: World,
  programmeKey: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await gql<{ submitApplication: { id: string } }>(
    w.stack.url,
    SUBMIT,
    { input: proposal(w, programmeKey, extra) },
    member(w, CLUB),
  );
  if (res.errors) throw new Error(`submitApplication refused: ${JSON.stringify(res.errors)}`);
  return res.data!.submitApplication.id;
}

export interface HistoryEvent {
  id: string;
  kind: string;
  stageId: string | null;
  actorRole: string | null;
  actorSubject: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
}

export interface AppView {
  id: string;
  status: string;
  activeStages: string[];
  plaqueText: string | null;
  certificate: Record<string, unknown> | null;
  disbursementTimeline: unknown[] | null;
  ledger: { role: string; committed: string; disbursed: string }[];
  deadlines: { stageId: string; dueAt: string; status: string }[];
  documents: { documentType: string; stageId: string | null; uri: string; submittedBy: string }[];
  history: HistoryEvent[];
}

const AUDITOR = mintToken({ sub: 'test-auditor', roles: ['platform-admin'] }, { expiresIn: '12h' });
const READ = `query($id: ID!) { application(id: $id) {
  id status activeStages plaqueText certificate disbursementTimeline
  ledger { role committed disbursed }
  deadlines { stageId dueAt status }
  documents { documentType stageId uri submittedBy }
  history { id kind stageId actorRole actorSubject reason detail } } }`;

/**
 * The application as a platform administrator reads it: the specs check what the engine
 * recorded, sealed votes included; what others may see has tests of its own (`null`: anonymous).
 */
export async function read(w: World, id: string, token: string | null = AUDITOR): Promise<AppView> {
  const res = await gql<{ application: AppView }>(w.stack.url, READ, { id }, token ?? undefined);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.application;
}

/** Polls the projection until `predicate` holds. */
export async function waitFor(
  w: World,
  id: string,
  predicate: (a: AppView) => boolean,
  timeoutMs = SLOW,
): Promise<AppView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const a = await read(w, id);
    if (predicate(a)) return a;
    if (Date.now() > deadline)
      throw new Error(
        `application ${id} never reached the expected state; last: ${JSON.stringify({
          status: a.status,
          activeStages: a.activeStages,
          history: a.history.map((e) => `${e.kind}:${e.stageId ?? ''}`),
        })}`,
      );
    await sleep(75);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const has = (kind: string, stageId?: string) => (a: AppView) =>
  a.history.some((e) => e.kind === kind && (stageId === undefined || e.stageId === stageId));
export const count = (a: AppView, kind: string) => a.history.filter((e) => e.kind === kind).length;
export const kinds = (a: AppView, stageId?: string) =>
  a.history.filter((e) => stageId === undefined || e.stageId === stageId).map((e) => e.kind);
/** `KIND:stage` of each event, in order. */
export const trail = (a: AppView) =>
  a.history.map((e) => (e.stageId ? `${e.kind}:${e.stageId}` : e.kind));
export const ledgerOf = (a: AppView) =>
  Object.fromEntries(a.ledger.map((b) => [b.role, [Number(b.committed), Number(b.disbursed)]]));

// -- steps ----------------------------------------------------------------------------------

/** Every step mutation and its input type, as the stage kinds (and the engine) declare them. */
export const INPUT_TYPES: Record<string, string> = {
  ...Object.fromEntries(
    [...stageActions.values()].map(({ action }) => [action.spec.mutation, action.spec.inputType]),
  ),
  withdrawApplication: 'WithdrawApplicationInput',
};

export interface StepAnswer {
  stageId: string;
  accepted: boolean;
  outcome: string | null;
  findingId: string | null;
  status: string;
  activeStages: string[];
}

function sendStep(w: World, mutation: string, input: Record<string, unknown>, token?: string) {
  const selection =
    mutation === 'withdrawApplication'
      ? 'status activeStages'
      : 'stageId accepted outcome findingId status activeStages';
  return gql<Record<string, StepAnswer>>(
    w.stack.url,
    `mutation($input: ${INPUT_TYPES[mutation]}!) { ${mutation}(input: $input) { ${selection} } }`,
    { input },
    token,
  );
}

/** A step that must be accepted; answers with the state it left. */
export async function act(
  w: World,
  mutation: string,
  input: Record<string, unknown>,
  token: string,
): Promise<StepAnswer> {
  const res = await sendStep(w, mutation, input, token);
  if (res.errors)
    throw new Error(
      `${mutation} refused (${errorCodes(res).join(',')}): ${JSON.stringify(res.errors)}`,
    );
  return res.data![mutation];
}

/** A step that may be refused: the error codes and message, or the answer. */
export async function attempt(
  w: World,
  mutation: string,
  input: Record<string, unknown>,
  token?: string,
) {
  const res = await sendStep(w, mutation, input, token);
  return {
    codes: errorCodes(res),
    message: res.errors?.[0]?.message ?? '',
    fields: (res.errors?.[0]?.extensions?.fields ?? []) as { path: string; message: string }[],
    answer: res.data?.[mutation] ?? null,
  };
}

/** What an application has in the database: a refused step must change none of it. */
export async function footprint(w: World, id: string): Promise<Record<string, unknown>> {
  const [row] = (await w.stack.db.dataSource.query(
    `SELECT
       (SELECT count(*) FROM application_event WHERE application_id = a.id)::int AS events,
       (SELECT count(*) FROM application_transition WHERE application_id = a.id)::int AS transitions,
       (SELECT count(*) FROM ledger_transaction WHERE application_id = a.id)::int AS ledger,
       (SELECT count(*) FROM application_document WHERE application_id = a.id)::int AS documents,
       (SELECT count(*) FROM selection_score WHERE application_id = a.id)::int AS scores,
       (SELECT count(*) FROM selection_recusal WHERE application_id = a.id)::int AS recusals,
       (SELECT count(*) FROM selection_objection WHERE application_id = a.id)::int AS objections,
       (SELECT json_agg(json_build_object('stage', d.stage_id, 'status', d.status) ORDER BY d.stage_id)
          FROM application_deadline d WHERE d.application_id = a.id) AS deadlines,
       a.status, a.active_stages, a.projection_seq, a.certificate, a.plaque_text, a.disbursement_timeline
     FROM application a WHERE a.id = $1`,
    [id],
  )) as Record<string, unknown>[];
  return row;
}

/**
 * A step refused with the typed error expected (and the message, when given), leaving
 * nothing recorded: no event, transition, posting, document, score, deadline or status.
 */
export async function expectRefused(
  w: World,
  id: string,
  mutation: string,
  input: Record<string, unknown>,
  token: string | undefined,
  code: 'FORBIDDEN' | 'CONFLICT' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED',
  message?: RegExp,
) {
  const before = await footprint(w, id);
  const res = await attempt(w, mutation, { applicationId: id, ...input }, token);
  expect({ mutation, codes: res.codes }).toEqual({ mutation, codes: [code] });
  if (message) expect(res.message).toMatch(message);
  // The workflow may still be writing a transition it took before: give it a moment.
  await sleep(50);
  expect(await footprint(w, id)).toEqual(before);
  return res;
}

// -- the history ----------------------------------------------------------------------------

/** Event ids and keys as the database holds them, in the order they were written. */
export async function recordedEvents(w: World, id: string) {
  return (await w.stack.db.dataSource.query(
    `SELECT e.id::text AS id, e.event_key AS key, e.kind, e.stage_id AS "stageId" FROM application_event e
     WHERE e.application_id = $1 ORDER BY e.id`,
    [id],
  )) as { id: string; key: string; kind: string; stageId: string | null }[];
}

/** The transition (`seq`) that recorded an event. */
export const seqOf = (key: string) => Number(key.split('.')[0]);

/**
 * The history of an application is ordered and consistent: ids grow; keys are unique and grow
 * with them (transition, then place in it); it begins with the submission; each stage's
 * events come after its start and none after its completion; a committee decides once, after
 * every vote it counted; at most one ending, and nothing after it; and (unless a programme
 * says findings do not block) no tranche is disbursed while a finding is open.
 */
export async function expectOrderedHistory(
  w: World,
  id: string,
  options: { findingsBlock?: boolean } = {},
): Promise<AppView> {
  const app = await read(w, id);
  const h = app.history;
  const problems: string[] = [];
  const at = (i: number) => `#${i} ${h[i].kind}:${h[i].stageId ?? ''}`;
  for (let i = 1; i < h.length; i++)
    if (!(Number(h[i].id) > Number(h[i - 1].id))) problems.push(`${at(i)}: id does not grow`);
  if (h[0]?.kind !== 'SUBMITTED' || h[1]?.kind !== 'WORKFLOW_STARTED')
    problems.push('the history does not begin with SUBMITTED, WORKFLOW_STARTED');

  const started = new Set<string>();
  const completed = new Set<string>();
  const decided = new Set<string>();
  let ended = -1;
  let openFindings = 0;
  h.forEach((e, i) => {
    if (ended >= 0) problems.push(`${at(i)} after the application ended (${at(ended)})`);
    if (['COMPLETED', 'REJECTED', 'WITHDRAWN'].includes(e.kind)) ended = i;
    const s = e.stageId;
    if (s !== null) {
      if (e.kind === 'STAGE_STARTED') {
        if (started.has(s)) problems.push(`${at(i)}: started twice`);
        started.add(s);
      } else if (!started.has(s)) problems.push(`${at(i)} before its stage started`);
      if (completed.has(s)) problems.push(`${at(i)} after its stage completed`);
      if (e.kind === 'STAGE_COMPLETED') completed.add(s);
    }
    if (e.kind === 'COMMITTEE_APPROVED' || e.kind === 'COMMITTEE_REJECTED') {
      if (decided.has(s!)) problems.push(`${at(i)}: the committee decided twice`);
      decided.add(s!);
    }
    if (e.kind === 'VOTE' && decided.has(s!)) problems.push(`${at(i)}: a vote after the decision`);
    if (e.kind === 'FINDING_RAISED') openFindings++;
    if (e.kind === 'FINDING_RESOLVED') openFindings--;
    if (e.kind === 'TRANCHE_DISBURSED' && openFindings > 0 && options.findingsBlock !== false)
      problems.push(`${at(i)} while ${openFindings} finding(s) are open`);
  });

  const recorded = await recordedEvents(w, id);
  expect(recorded.map((e) => e.id)).toEqual(h.map((e) => e.id));
  if (new Set(recorded.map((e) => e.key)).size !== recorded.length)
    problems.push('event keys repeat');
  // The application's own events are keyed `transition.place` by its workflow; a round's
  // decisions (`round:…`, written by the call's workflow for every application at once) and a
  // recorded failure (`failed`) are keyed apart.
  const own = recorded.filter((e) => /^\d+\.\d+$/.test(e.key));
  for (const e of recorded)
    if (!/^\d+\.\d+$/.test(e.key) && !/^round:/.test(e.key) && e.key !== 'failed')
      problems.push(`${e.kind}: unexpected key ${e.key}`);
  for (let i = 1; i < own.length; i++) {
    const [s0, i0] = own[i - 1].key.split('.').map(Number);
    const [s1, i1] = own[i].key.split('.').map(Number);
    if (!(s1 > s0 || (s1 === s0 && i1 > i0)))
      problems.push(`${own[i].kind}: key ${own[i].key} does not follow ${own[i - 1].key}`);
  }
  expect(problems).toEqual([]);
  return app;
}

/** The position of the first event matching, or -1. */
export const indexOf = (
  a: AppView,
  kind: string,
  where: (e: HistoryEvent) => boolean = () => true,
) => a.history.findIndex((e) => e.kind === kind && where(e));

// -- execution: tranches beside monitoring ----------------------------------------------------

/**
 * Commitment, then tranches (an advance, one after the PROGRESS report, one after the FINAL
 * report) beside the works committee's monitoring with its findings.
 */
export function executionProgramme(
  key: string,
  options: {
    findingsBlock?: boolean;
    tranches?: { id: string; percent: string; afterReport?: string }[];
    reports?: unknown[];
    after?: unknown[];
  } = {},
): Record<string, unknown> {
  return programme(key, [
    { id: 'eligibility', name: 'Eligibility', kind: 'CHECK' },
    { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
    {
      id: 'execution',
      name: 'Execution',
      kind: 'PARALLEL',
      branches: [
        [
          {
            id: 'payments',
            name: 'Payments',
            kind: 'DISBURSEMENT',
            tranches: options.tranches ?? [
              { id: 'advance', percent: '50' },
              { id: 'progress', percent: '30', afterReport: 'PROGRESS' },
              { id: 'completion', percent: '20', afterReport: 'FINAL' },
            ],
          },
        ],
        [
          {
            id: 'works',
            name: 'Works supervision',
            kind: 'MONITORING',
            supervisor: 'community',
            reports: options.reports ?? ['PROGRESS', 'FINAL'],
            ...(options.findingsBlock === undefined
              ? {}
              : { findingsBlockDisbursement: options.findingsBlock }),
          },
        ],
      ],
    },
    ...(options.after ?? []),
  ]);
}

/** The works committee files a report. */
export const fileReport = (w: World, id: string, reportType: string) =>
  act(
    w,
    'fileMonitoringReport',
    {
      applicationId: id,
      stageId: 'works',
      reportType,
      uri: `https://docs.example.org/${reportType}.pdf`,
      summary: `${reportType} report`,
    },
    member(w, COMMUNITY),
  );
export const raiseFinding = (w: World, id: string, description = 'the tank leaks') =>
  act(
    w,
    'raiseFinding',
    { applicationId: id, stageId: 'works', description },
    member(w, COMMUNITY),
  );
export const resolveFinding = (w: World, id: string, findingId: string) =>
  act(
    w,
    'resolveFinding',
    { applicationId: id, stageId: 'works', findingId, resolution: 'repaired' },
    member(w, COMMUNITY),
  );

/** Tranches released, by the history. */
export const tranchesOf = (a: AppView) =>
  a.history.filter((e) => e.kind === 'TRANCHE_DISBURSED').map((e) => e.detail.trancheId as string);

/** Disbursement transactions the ledger holds for an application, by tranche. */
export async function disbursementsInLedger(w: World, id: string): Promise<string[]> {
  const rows = (await w.stack.db.dataSource.query(
    `SELECT idempotency_key AS key FROM ledger_transaction WHERE application_id = $1 AND kind = 'DISBURSEMENT' ORDER BY occurred_at`,
    [id],
  )) as { key: string }[];
  return rows.map((r) => r.key.split(':').at(-1)!);
}
