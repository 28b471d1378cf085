import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { localTime } from '../../apps/api/src/cli/demo-call';
import { gql } from '../support/graphql-client';
import { mintToken } from '../support/tokens';
import {
  act,
  attempt,
  BOOT_TIMEOUT,
  bootWorld,
  expectOrderedHistory,
  expectRefused,
  footprint,
  has,
  read,
  sleep,
  SLOW,
  trail,
  waitFor,
  World,
} from './support';

// SELECTION: an application's part in a call's competitive round. The call's workflow moves
// the round through its phases; the application's own steps are validated at its stage:
// fixing defects within the period, scores by the issuer's evaluators (recusal first, each
// criterion once, in range), objections only in their period. The whole round, ranking and
// the reserve list are in test/e2e/calls.e2e-spec.ts; here, the stage's refusals and history.

let w: World;
const KEY = 'selection-workflow-test';
const CRITERIA = ['relevance', 'institutional-capacity', 'counterpart', 'sustainability'];
const NGO = 'Acción Solidaria Madrid';
const ISSUER = 'Ayuntamiento de Madrid';

const org = (name: string) => w.orgs.get(name)!;
const applicantToken = () => mintToken({ sub: 'ngo-member', org: org(NGO), roles: ['member'] });
const evaluator = (sub: string, at = ISSUER) =>
  mintToken({ sub, org: org(at), roles: ['evaluator'] });
const issuerAdmin = () =>
  mintToken({ sub: 'issuer-admin', org: org(ISSUER), roles: ['org-admin'] });
const docs = (...types: string[]) =>
  types.map((documentType) => ({
    documentType,
    uri: `https://docs.example.org/${documentType}.pdf`,
  }));
const scores = (marks: (string | [string, string])[]) =>
  marks.map((m, i) => {
    const [criterionId, score] = Array.isArray(m) ? m : [CRITERIA[i], m];
    return { criterionId, score, reason: `on ${criterionId}` };
  });

type CallView = {
  status: string;
  phaseDeadline: string | null;
  applications: { id: string; status: string; defects: string[] }[];
};
async function call(): Promise<CallView> {
  const res = await gql<{ call: CallView }>(
    w.stack.url,
    `{ call(key: "${KEY}") { status phaseDeadline applications { id status defects } } }`,
  );
  return res.data!.call;
}
async function waitForCall(
  predicate: (c: CallView) => boolean,
  timeoutMs = SLOW,
): Promise<CallView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await call();
    if (predicate(c)) return c;
    if (Date.now() > deadline)
      throw new Error(`the call never reached the expected state: ${JSON.stringify(c)}`);
    await sleep(100);
  }
}
/** A step whose phase arrives by the call's signal: retried while the phase has not arrived. */
async function actOnceInPhase(mutation: string, input: Record<string, unknown>, token: string) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const res = await attempt(w, mutation, input, token);
    if (res.codes.length === 0 || Date.now() > deadline) return res;
    await sleep(100);
  }
}

let a: string; // complete from the start
let b: string; // defective, fixed in time
let c: string; // defective, never fixed: set aside

beforeAll(async () => {
  w = await bootWorld();
  const base = parse(
    readFileSync(join(__dirname, '..', '..', 'calls', 'es-madrid-ayuntamiento-2008.yaml'), 'utf8'),
  ) as Record<string, unknown>;
  const opens = new Date(Date.now() + 1500);
  const closes = new Date(opens.getTime() + 6000);
  const madrid = (d: Date) => localTime(d, 'Europe/Madrid');
  const definition = {
    ...base,
    key: KEY,
    budget: '600000.00',
    registrationRequirements: [],
    requiredDocuments: ['PROJECT_DOCUMENT', 'BUDGET'],
    minimumEvaluators: 1,
    window: { opens: madrid(opens), closes: madrid(closes), timeZone: 'Europe/Madrid' },
    defectFixPeriod: { seconds: 4 },
    objectionsPeriod: { seconds: 4 },
  };
  const published = await Promise.race([
    gql(
      w.stack.url,
      `mutation($input: PublishCallInput!) { publishCall(input: $input) { id } }`,
      { input: { definition: JSON.stringify(definition), issuerOrganisationId: org(ISSUER) } },
      issuerAdmin(),
    ),
    sleep(SLOW).then(() => {
      throw new Error('publishCall did not answer within 30 s (CODEV_TEST_LOGS=1 shows why)');
    }),
  ]);
  if (published.errors) throw new Error(JSON.stringify(published.errors));
  await waitForCall((x) => x.status === 'OPEN');
  const apply = async (title: string, documents: unknown[]) => {
    const res = await gql<{ submitCallApplication: { id: string } }>(
      w.stack.url,
      `mutation($input: SubmitCallApplicationInput!) { submitCallApplication(input: $input) { id } }`,
      {
        input: {
          callKey: KEY,
          applicantOrganisationId: org(NGO),
          title,
          sector: 'GOVERNANCE',
          countryOfOrigin: 'EC',
          objective: 'LOCAL_INSTITUTIONAL_CAPACITY',
          totalAmount: '300000.00',
          requestedAmount: '200000.00',
          implementingNgoOrganisationId: org('Fundación Esquel'),
          documents,
        },
      },
      applicantToken(),
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.submitCallApplication.id;
  };
  [a, b, c] = await Promise.all([
    apply('Complete', docs('PROJECT_DOCUMENT', 'BUDGET')),
    apply('Defective', docs('PROJECT_DOCUMENT')),
    apply('Never fixed', docs('BUDGET')),
  ]);
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

// The tests run in order, following the call's phases.
describe('a SELECTION stage, phase by phase', () => {
  it('while the call is open: no scores, objections or fixes', async () => {
    expect((await call()).status).toBe('OPEN');
    await expectRefused(
      w,
      a,
      'scoreCallApplication',
      { scores: scores(['8', '8', '8', '8']) },
      evaluator('ev1'),
      'CONFLICT',
      /scores are taken during EVALUATION \(the call is OPEN\)/,
    );
    await expectRefused(
      w,
      a,
      'lodgeCallObjection',
      { text: 'too early' },
      applicantToken(),
      'CONFLICT',
      /objections period/,
    );
    await expectRefused(
      w,
      a,
      'completeCallApplication',
      { documents: docs('BUDGET') },
      applicantToken(),
      'CONFLICT',
      /SUBMITTED, not DEFECTIVE/,
    );
  });

  it('after the close: a defective application has its period to fix, by its applicant only; the complete one has nothing to fix', async () => {
    const closed = await waitForCall((x) => x.status === 'CLOSED' && x.phaseDeadline !== null);
    expect(closed.applications.find((x) => x.id === b)).toMatchObject({
      status: 'DEFECTIVE',
      defects: ['a BUDGET document is missing'],
    });
    const defective = await waitFor(w, b, (x) => x.deadlines.length === 1);
    expect(defective.deadlines[0]).toMatchObject({ stageId: 'selection', status: 'OPEN' });
    expect(new Date(defective.deadlines[0].dueAt).getTime()).toBe(
      new Date(closed.phaseDeadline!).getTime(),
    );

    // A document that is not the one missing: still defective.
    const partial = await act(
      w,
      'completeCallApplication',
      { applicationId: b, documents: docs('PROJECT_DOCUMENT') },
      applicantToken(),
    );
    expect(partial.outcome).toBe('DEFECTIVE');
    const fixed = await act(
      w,
      'completeCallApplication',
      { applicationId: b, documents: docs('BUDGET') },
      applicantToken(),
    );
    expect(fixed.outcome).toBe('COMPLETE');
    const app = await read(w, b);
    expect(trail(app).slice(-2)).toEqual(['DOCUMENTS_ADDED:selection', 'DEFECTS_FIXED:selection']);
    expect(app.history.at(-2)!.detail).toEqual({
      documents: ['PROJECT_DOCUMENT'],
      defects: ['a BUDGET document is missing'],
    });
    expect(app.history.at(-1)!.detail).toEqual({ documents: ['BUDGET'], defects: [] });
    expect(app.deadlines.map((d) => d.status)).toEqual(['MET']);
    expect((await call()).applications.find((x) => x.id === b)).toMatchObject({
      status: 'COMPLETE',
      defects: [],
    });

    // Still in the period to fix defects: no scores yet.
    await expectRefused(
      w,
      b,
      'scoreCallApplication',
      { scores: scores(['8', '8', '8', '8']) },
      evaluator('ev1'),
      'CONFLICT',
      /the call is CLOSED/,
    );
    await expectRefused(
      w,
      a,
      'completeCallApplication',
      { documents: docs('BUDGET') },
      applicantToken(),
      'CONFLICT',
      /COMPLETE, not DEFECTIVE/,
    );
    await expectRefused(
      w,
      b,
      'completeCallApplication',
      { documents: docs('BUDGET') },
      mintToken({ sub: 'x', org: org('Fundación Tierra'), roles: ['member'] }),
      'FORBIDDEN',
    );
    await expectRefused(
      w,
      b,
      'completeCallApplication',
      { documents: docs('BUDGET') },
      applicantToken(),
      'CONFLICT',
      /COMPLETE, not DEFECTIVE/,
    );
  });

  it('in evaluation: scores only by the issuer’s evaluators, each criterion once and in range, never after a recusal', async () => {
    const evaluation = await waitForCall((x) => x.status === 'EVALUATION');
    // Not fixed in its period: set aside, the application rejected at its deadline.
    expect(evaluation.applications.find((x) => x.id === c)).toMatchObject({ status: 'SET_ASIDE' });
    const setAside = await waitFor(w, c, (x) => x.status === 'REJECTED');
    expect(trail(setAside).slice(-3)).toEqual([
      'COMPLETENESS_CHECKED',
      'DEADLINE_EXPIRED:selection',
      'REJECTED:selection',
    ]);
    expect(setAside.history.at(-1)!.reason).toBe('set aside: the defects were not fixed in time');
    expect(setAside.deadlines.map((d) => d.status)).toEqual(['EXPIRED']);
    await expectRefused(
      w,
      c,
      'completeCallApplication',
      { documents: docs('PROJECT_DOCUMENT') },
      applicantToken(),
      'CONFLICT',
    );
    await expectRefused(
      w,
      c,
      'scoreCallApplication',
      { scores: scores(['5', '5', '5', '5']) },
      evaluator('ev1'),
      'CONFLICT',
    );
    await expectOrderedHistory(w, c);
    const valid = scores(['9', '8', '7.5', '6']);
    await expectRefused(
      w,
      a,
      'scoreCallApplication',
      { scores: valid },
      evaluator('outsider', 'Comunidad de Madrid'),
      'FORBIDDEN',
      /issuing body/,
    );
    await expectRefused(
      w,
      a,
      'recuseFromCallApplication',
      { text: 'conflict of interest' },
      evaluator('outsider', 'Comunidad de Madrid'),
      'FORBIDDEN',
    );
    await expectRefused(
      w,
      a,
      'scoreCallApplication',
      { scores: valid },
      mintToken({ sub: 'clerk', org: org(ISSUER), roles: ['member'] }),
      'FORBIDDEN',
    );

    const twice = await expectRefused(
      w,
      a,
      'scoreCallApplication',
      { scores: scores(['9', '8', '7', ['relevance', '5']]) },
      evaluator('ev1'),
      'BAD_USER_INPUT',
    );
    expect(twice.fields).toEqual([
      {
        path: 'input.scores',
        message: 'criterion "relevance" must be scored exactly once (2 given)',
      },
      {
        path: 'input.scores',
        message: 'criterion "sustainability" must be scored exactly once (0 given)',
      },
    ]);
    const unknown = await expectRefused(
      w,
      a,
      'scoreCallApplication',
      { scores: scores(['9', '8', '7', ['impact', '5']]) },
      evaluator('ev1'),
      'BAD_USER_INPUT',
    );
    expect(unknown.fields).toEqual([
      { path: 'input.scores[3].criterionId', message: '"impact" is not a criterion of this call' },
      {
        path: 'input.scores',
        message: 'criterion "sustainability" must be scored exactly once (0 given)',
      },
    ]);
    const range = await expectRefused(
      w,
      a,
      'scoreCallApplication',
      { scores: scores(['10.5', '8', '7', '6']) },
      evaluator('ev1'),
      'BAD_USER_INPUT',
    );
    expect(range.fields).toEqual([
      { path: 'input.scores[0].score', message: 'must be between 0 and 10' },
    ]);
    await expectRefused(
      w,
      a,
      'scoreCallApplication',
      { scores: scores(['-1', '8', '7', '6']) },
      evaluator('ev1'),
      'BAD_USER_INPUT',
    );

    await act(w, 'scoreCallApplication', { applicationId: a, scores: valid }, evaluator('ev1'));
    await expectRefused(
      w,
      a,
      'scoreCallApplication',
      { scores: valid },
      evaluator('ev1'),
      'CONFLICT',
      /already scored/,
    );
    await expectRefused(
      w,
      a,
      'recuseFromCallApplication',
      { text: 'on second thoughts' },
      evaluator('ev1'),
      'CONFLICT',
      /recusal comes before scoring/,
    );
    await act(
      w,
      'recuseFromCallApplication',
      { applicationId: a, text: 'I advised the applicant' },
      evaluator('ev2'),
    );
    await expectRefused(
      w,
      a,
      'scoreCallApplication',
      { scores: valid },
      evaluator('ev2'),
      'CONFLICT',
      /recused/,
    );
    await expectRefused(
      w,
      a,
      'lodgeCallObjection',
      { text: 'not yet' },
      applicantToken(),
      'CONFLICT',
      /objections period/,
    );
    await act(
      w,
      'scoreCallApplication',
      { applicationId: b, scores: scores(['7', '7', '7', '7']) },
      evaluator('ev1'),
    );

    expect(await footprint(w, a)).toMatchObject({ scores: 4, recusals: 1, objections: 0 });
    const app = await read(w, a);
    expect(trail(app).slice(-2)).toEqual(['SCORED:selection', 'RECUSED:selection']);
    expect(app.history.at(-2)).toMatchObject({
      actorSubject: 'ev1',
      actorRole: 'issuer',
      detail: { evaluator: 'ev1' },
    });
    expect(app.history.at(-1)).toMatchObject({
      actorSubject: 'ev2',
      reason: 'I advised the applicant',
    });
  });

  it('in the objections period: the applicant objects; the evaluation is over; after the resolution, no more', async () => {
    const closed = await gql(
      w.stack.url,
      `mutation { closeCallEvaluation(callKey: "${KEY}") { status } }`,
      {},
      issuerAdmin(),
    );
    expect(closed.errors).toBeUndefined();
    const objection = await actOnceInPhase(
      'lodgeCallObjection',
      { applicationId: a, text: 'Our counterpart was underrated' },
      applicantToken(),
    );
    expect(objection.codes).toEqual([]);
    await expectRefused(
      w,
      a,
      'lodgeCallObjection',
      { text: 'not mine' },
      mintToken({ sub: 'x', org: org('Fundación Tierra'), roles: ['member'] }),
      'FORBIDDEN',
    );
    await expectRefused(
      w,
      a,
      'recuseFromCallApplication',
      { text: 'late' },
      evaluator('ev3'),
      'CONFLICT',
      /the evaluation is over/,
    );
    await expectRefused(
      w,
      a,
      'scoreCallApplication',
      { scores: scores(['1', '1', '1', '1']) },
      evaluator('ev3'),
      'CONFLICT',
      /the call is PROVISIONAL/,
    );

    await waitForCall((x) => x.status === 'RESOLVED');
    const funded = await waitFor(w, a, has('FUNDING_COMMITTED'));
    await expectRefused(w, a, 'lodgeCallObjection', { text: 'late' }, applicantToken(), 'CONFLICT');

    // The round's decisions (written by the call for all its applications) sit between the
    // application's own steps, in the order they were taken.
    const app = await expectOrderedHistory(w, a);
    expect(trail(funded).slice(0, 15)).toEqual([
      'SUBMITTED',
      'WORKFLOW_STARTED',
      'STAGE_STARTED:eligibility',
      'CHECK_PASSED:eligibility',
      'STAGE_COMPLETED:eligibility',
      'STAGE_STARTED:selection',
      'COMPLETENESS_CHECKED',
      'SCORED:selection',
      'RECUSED:selection',
      'PROVISIONAL_RESOLUTION',
      'OBJECTION_LODGED:selection',
      'FINAL_RESOLUTION',
      'STAGE_COMPLETED:selection',
      'STAGE_STARTED:commitment',
      'FUNDING_COMMITTED:commitment',
    ]);
    expect(app.history[10]).toMatchObject({
      actorRole: 'applicant',
      reason: 'Our counterpart was underrated',
    });
    const other = await waitFor(w, b, has('FUNDING_COMMITTED'));
    expect(trail(other).slice(5, 13)).toEqual([
      'STAGE_STARTED:selection',
      'COMPLETENESS_CHECKED',
      'DOCUMENTS_ADDED:selection',
      'DEFECTS_FIXED:selection',
      'SCORED:selection',
      'PROVISIONAL_RESOLUTION',
      'FINAL_RESOLUTION',
      'STAGE_COMPLETED:selection',
    ]);
    await expectOrderedHistory(w, b);
  });
});
