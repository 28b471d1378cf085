import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { Principal, Role } from '@codev/auth';
import {
  APPLICATION_WORKFLOW,
  applicationWorkflowId,
  type ApplicationWorkflowInput,
  submitUpdate,
  withdrawUpdate,
} from '@codev/engine';
import { applicationIdFor } from '@codev/intake';
import { TemporalClientProvider } from '@codev/temporal';
import { localTime } from '../../apps/api/src/cli/demo-call';
import { ProgrammeService } from '../../apps/api/src/programmes/programme.service';
import {
  atStage,
  loadDemoWorld,
  readApplication,
  registerOrganisation,
  tokenFor,
  waitForApplication,
} from '../support/demo-world';
import { errorCodes, gql, GraphqlResponse } from '../support/graphql-client';
import { startTestStack, TestStack } from '../support/test-stack';
import { mintToken } from '../support/tokens';
import {
  killAllWorkers,
  prepareWorkflowBundle,
  spawnWorker,
  WorkerProcess,
} from '../support/worker-process';

/**
 * What the engine does when things go wrong: a workflow whose application cannot be written,
 * or whose row disappears, fails visibly (FAILED, with the reason, through GraphQL) instead of
 * retrying forever; a withdrawal racing the start of its application leaves one consistent
 * state; a reserve-list application withdrawing while the call promotes it leaves the call's
 * money right.
 */
let stack: TestStack;
let orgs: Map<string, string>;
let bundle: { path: string; remove(): void };
let worker: WorkerProcess;

const CLUB = 'Club Jerezano de Los Ángeles';
const STATE = 'Gobierno del Estado de Zacatecas';
const SUBJECT = `user-of-${CLUB}`;
const WITHDRAW = `mutation($i: WithdrawApplicationInput!) { withdrawApplication(input: $i) { id status } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id status } }`;
const FAILURE = `query($id: ID!) { applicationFailure(id: $id) { reason stageId failedAt } }`;
const designer: Principal = {
  subject: 'test-designer',
  organisationId: null,
  roles: new Set([Role.PlatformAdmin]),
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  stack.db.dataSource.query(query, params) as Promise<T[]>;
const temporal = () => stack.app.get(TemporalClientProvider).client;

/** What must answer in seconds fails here, with its name, rather than at jest's timeout. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => undefined);
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function programme(key: string, stages: unknown[], envelope?: string) {
  return {
    key,
    name: `Recovery ${key}`,
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
    ],
    eligibility: {
      applicantRoles: ['migrants'],
      projectCountries: ['MX'],
      sectors: ['POTABLE_WATER'],
    },
    funding: {
      shares: [
        { role: 'migrants', weight: '1' },
        { role: 'state', weight: '1' },
      ],
      ...(envelope ? { envelopes: [{ role: 'state', yearlyAmount: envelope }] } : {}),
    },
    procedure: { stages },
  };
}

const reviewThenMoney = (review: Record<string, unknown> = {}) => [
  { id: 'check', name: 'Check', kind: 'CHECK' },
  { id: 'state-review', name: 'State review', kind: 'REVIEW', reviewer: 'state', ...review },
  { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
  {
    id: 'disbursement',
    name: 'Disbursement',
    kind: 'DISBURSEMENT',
    tranches: [{ id: 'single', percent: '100' }],
  },
];

/** Money committed the moment the application is taken in; then it waits in execution. */
const moneyAtOnce = [
  { id: 'check', name: 'Check', kind: 'CHECK' },
  { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
  {
    id: 'execution',
    name: 'Execution',
    kind: 'PARALLEL',
    branches: [
      [
        {
          id: 'disbursement',
          name: 'Tranches',
          kind: 'DISBURSEMENT',
          tranches: [
            { id: 'advance', percent: '50' },
            { id: 'rest', percent: '50', afterReport: 'FINAL_REPORT' },
          ],
        },
      ],
      [
        {
          id: 'supervision',
          name: 'Supervision',
          kind: 'MONITORING',
          supervisor: 'state',
          reports: ['FINAL_REPORT'],
        },
      ],
    ],
  },
];

async function publish(definition: object) {
  const programmes = stack.app.get(ProgrammeService);
  await programmes.publishIfChanged(programmes.parse(JSON.stringify(definition)), designer);
}

const proposal = (programmeKey: string, extra: Record<string, unknown> = {}) => ({
  programmeKey,
  title: 'Planta potabilizadora',
  sector: 'POTABLE_WATER',
  projectJurisdictionCode: 'MX-ZAC-020',
  totalAmount: '200000.00',
  parties: [
    { role: 'migrants', organisationId: orgs.get(CLUB) },
    { role: 'state', organisationId: orgs.get(STATE) },
  ],
  ...extra,
});

const submit = (input: Record<string, unknown>) =>
  gql<{ submitApplication: { id: string; status: string } }>(
    stack.url,
    SUBMIT,
    { input },
    tokenFor(orgs, CLUB),
  );

async function submitted(input: Record<string, unknown>): Promise<string> {
  const res = await submit(input);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.submitApplication.id;
}

const failureOf = async (id: string) =>
  (
    await gql<{
      applicationFailure: { reason: string; stageId: string | null; failedAt: string } | null;
    }>(stack.url, FAILURE, { id })
  ).data!.applicationFailure;

/** The workflow's own account of how it ended, and how long that took. */
async function workflowEnd(id: string, timeoutMs = 15_000) {
  const handle = temporal().workflow.getHandle(applicationWorkflowId(id));
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    handle.result().then(
      (value) => ({ value, error: null as unknown }),
      (error: unknown) => ({ value: null, error }),
    ),
    new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs))),
  ]).finally(() => clearTimeout(timer));
  if (!outcome) throw new Error(`workflow of ${id} still runs after ${timeoutMs} ms`);
  return { ...outcome, status: (await handle.describe()).status.name };
}

/** Per role: what is still committed and what was paid, by the ledger itself. */
async function ledgerOf(
  id: string,
): Promise<Record<string, { committed: string; disbursed: string }>> {
  const rows = await sql<{ role: string; committed: string; disbursed: string }>(
    `SELECT party_role AS role,
            coalesce(sum(amount) FILTER (WHERE account LIKE 'application:%:committed:%'), 0)::numeric(24,2)::text AS committed,
            coalesce(sum(amount) FILTER (WHERE account LIKE 'application:%:disbursed:%'), 0)::numeric(24,2)::text AS disbursed
     FROM ledger_posting WHERE application_id = $1 GROUP BY party_role ORDER BY party_role`,
    [id],
  );
  return Object.fromEntries(
    rows.map((r) => [r.role, { committed: r.committed, disbursed: r.disbursed }]),
  );
}

/** The real worker, in a process of its own so that it can be stopped dead and replaced fast. */
async function startWorker(): Promise<void> {
  worker = spawnWorker({ bundlePath: bundle.path });
  await worker.ready;
}

beforeAll(async () => {
  stack = await startTestStack();
  [orgs, bundle] = await Promise.all([loadDemoWorld(stack), prepareWorkflowBundle()]);
  await startWorker();
}, 120_000); // the stack and the workflow bundle, on a busy 2-core machine
afterAll(async () => {
  await killAllWorkers();
  bundle?.remove();
  await stack?.close();
});

describe('(a) a workflow that cannot keep its application row fails visibly', () => {
  let template: ApplicationWorkflowInput;
  beforeAll(async () => {
    await publish(
      programme(
        'recovery-broken',
        reviewThenMoney({ deadline: { seconds: 2 }, onExpiry: { outcome: 'REJECT' } }),
      ),
    );
    // A real input, as the intake builds it: taken from a real submission's workflow.
    const id = await submitted(proposal('recovery-broken'));
    const history = await temporal().workflow.getHandle(applicationWorkflowId(id)).fetchHistory();
    const started = history.events![0].workflowExecutionStartedEventAttributes!;
    template = defaultPayloadConverter.fromPayload(started.input!.payloads![0]);
    expect(template.applicationId).toBe(id);
  });

  it.each([
    [
      'a project jurisdiction that does not exist',
      (r: ApplicationWorkflowInput['record']) => ({ ...r, projectJurisdictionId: randomUUID() }),
    ],
    [
      'an applicant that does not exist',
      (r: ApplicationWorkflowInput['record']) => ({ ...r, applicantId: randomUUID() }),
    ],
  ])(
    'started directly with %s: the write fails for good, the workflow ends FAILED and GraphQL tells why',
    async (_what, breakRecord) => {
      const id = randomUUID();
      const input: ApplicationWorkflowInput = {
        ...template,
        applicationId: id,
        record: breakRecord(template.record),
      };
      const handle = await temporal().workflow.start(APPLICATION_WORKFLOW, {
        workflowId: applicationWorkflowId(id),
        taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
        args: [input],
      });
      const actor = { subject: SUBJECT, organisationId: orgs.get(CLUB)!, roles: ['member'] };
      const began = Date.now();
      const refused = await handle
        .executeUpdate(submitUpdate, { args: [{ actor, fingerprint: input.record.fingerprint }] })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((refused as WorkflowUpdateFailedError).cause?.message).toMatch(/foreign key/);
      const end = await workflowEnd(id);
      expect(end.status).toBe('FAILED');
      expect(end.error).toBeInstanceOf(WorkflowFailedError);
      expect(Date.now() - began).toBeLessThan(10_000); // no retrying

      expect(await readApplication(stack, id)).toBeNull();
      const failure = await failureOf(id);
      expect(failure).toMatchObject({
        reason: expect.stringMatching(/the database refused a write: .*foreign key/),
      });
      expect(Date.parse(failure!.failedAt)).toBeGreaterThan(began - 1000);
      const [{ n }] = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM application_transition WHERE application_id = $1`,
        [id],
      );
      expect(n).toBe(0); // the failed transition wrote nothing
    },
  );

  it('whose row is removed under it: the next transition (a deadline) finds it gone and the workflow ends FAILED', async () => {
    const id = await submitted(proposal('recovery-broken'));
    await waitForApplication(
      stack,
      id,
      (a) => atStage('state-review')(a) && a.deadlines.length === 1,
    );
    // Break the invariant the workflow relies on: its row and what hangs from it disappear.
    await stack.db.dataSource.transaction(async (em) => {
      for (const table of [
        'application_deadline',
        'application_document',
        'application_party',
        'application_event',
      ])
        await em.query(`DELETE FROM ${table} WHERE application_id = $1`, [id]);
      await em.query(`DELETE FROM application WHERE id = $1`, [id]);
    });
    const end = await workflowEnd(id, 15_000);
    expect(end.status).toBe('FAILED');
    expect(await readApplication(stack, id)).toBeNull();
    expect(await failureOf(id)).toMatchObject({ reason: `application ${id} does not exist` });
  });

  it('whose later write the database refuses: the application shows FAILED with the reason, and nothing of that step is written', async () => {
    await publish(programme('recovery-refused', reviewThenMoney()));
    const id = await submitted(proposal('recovery-refused'));
    await waitForApplication(stack, id, atStage('state-review'));
    // The state asks to hear if the application fails.
    const subscribed = await gql(
      stack.url,
      `mutation($i: SubscribeToNotificationsInput!) { subscribeToNotifications(input: $i) { id } }`,
      {
        i: {
          channel: 'WEBHOOK',
          target: 'http://127.0.0.1:9/failures',
          language: 'en',
          applicationId: id,
          kinds: ['FAILED'],
        },
      },
      tokenFor(orgs, STATE, ['org-admin']),
    );
    expect(subscribed.errors).toBeUndefined();
    // Data the database will never accept for this application (as a constraint would refuse it).
    await sql(`CREATE FUNCTION refuse_postings_of_${id.replace(/-/g, '')}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.application_id = '${id}' THEN
          RAISE EXCEPTION 'postings for this application are refused' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await sql(`CREATE TRIGGER refuse_postings BEFORE INSERT ON ledger_posting
               FOR EACH ROW EXECUTE FUNCTION refuse_postings_of_${id.replace(/-/g, '')}()`);
    try {
      const res = await gql(
        stack.url,
        `mutation($input: DecideReviewInput!) { decideReview(input: $input) { accepted } }`,
        {
          input: { applicationId: id, stageId: 'state-review', decision: 'APPROVE', reason: 'ok' },
        },
        tokenFor(orgs, STATE),
      );
      expect(errorCodes(res)).toEqual(['CONFLICT']);
      const end = await workflowEnd(id);
      expect(end.status).toBe('FAILED');
      const app = await gql<{
        application: {
          status: string;
          activeStages: string[];
          failure: { reason: string; failedAt: string } | null;
        };
      }>(
        stack.url,
        `query($id: ID!) { application(id: $id) { status activeStages failure { reason stageId failedAt } } }`,
        {
          id,
        },
      );
      expect(app.data!.application).toMatchObject({
        status: 'FAILED',
        activeStages: [],
        failure: { reason: expect.stringContaining('postings for this application are refused') },
      });
      expect(await ledgerOf(id)).toEqual({});
      const kinds = (await readApplication(stack, id))!.history.map((e) => e.kind);
      expect(kinds).not.toContain('REVIEW_APPROVED'); // the refused transition wrote nothing
      expect(kinds[kinds.length - 1]).toBe('FAILED');
      expect(
        await sql(
          `SELECT kind, payload->>'status' AS status FROM notification_outbox WHERE application_id = $1`,
          [id],
        ),
      ).toEqual([{ kind: 'FAILED', status: 'FAILED' }]);
    } finally {
      await sql(`DROP TRIGGER refuse_postings ON ledger_posting`);
    }
  });
});

describe('(b) a withdrawal racing the start of its application', () => {
  const KEY = 'recovery-race';
  const envelopeCommitted = async () =>
    (
      await sql<{ committed: string }>(
        `SELECT coalesce(sum(committed), 0)::numeric(24,2)::text AS committed FROM envelope e JOIN programme p ON p.id = e.programme_id WHERE p.key = $1`,
        [KEY],
      )
    )[0].committed;

  beforeAll(() => publish(programme(KEY, moneyAtOnce, '100000000.00')));

  /** One consistent end: withdrawn with nothing left committed, or still running with its money. */
  async function checkEnd(id: string, withdrawn: boolean) {
    const app = await waitForApplication(
      stack,
      id,
      (a) => a.status === (withdrawn ? 'WITHDRAWN' : 'IN_EXECUTION'),
    );
    const ledger = await ledgerOf(id);
    const withdrawals = app.history.filter((e) => e.kind === 'WITHDRAWN').length;
    if (withdrawn) {
      const end = await workflowEnd(id);
      expect(end).toMatchObject({ status: 'COMPLETED', value: { status: 'WITHDRAWN' } });
      expect(withdrawals).toBe(1);
      expect(app.activeStages).toEqual([]);
      // Still committed, per funder: nothing, once withdrawn.
      expect(
        Object.fromEntries(['migrants', 'state'].map((r) => [r, ledger[r]?.committed ?? '0.00'])),
      ).toEqual({ migrants: '0.00', state: '0.00' });
    } else {
      expect(
        (await temporal().workflow.getHandle(applicationWorkflowId(id)).describe()).status.name,
      ).toBe('RUNNING');
      expect(withdrawals).toBe(0);
      await waitForApplication(
        stack,
        id,
        (a) => a.ledger.length === 2 && a.ledger.every((b) => b.disbursed === '50000.00'),
      );
      expect(await ledgerOf(id)).toEqual({
        migrants: { committed: '50000.00', disbursed: '50000.00' },
        state: { committed: '50000.00', disbursed: '50000.00' },
      });
    }
    return ledger;
  }

  it('through GraphQL, many times: each run ends withdrawn with nothing committed, or refused with the application going on', async () => {
    // Three ways to race, four runs each: one attempt at once (before the row exists, most
    // likely); attempts until the row exists (the withdrawal lands the instant the application
    // is taken in, while the transitions that follow the submission — the advance — may still
    // be on their way); one attempt as soon as the submission answers.
    const runs = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const key = `race-${i}`;
        const id = applicationIdFor(SUBJECT, key);
        let answered = false;
        const submission = submit(proposal(KEY, { idempotencyKey: key })).finally(
          () => (answered = true),
        );
        const withdraw = () =>
          gql(
            stack.url,
            WITHDRAW,
            { i: { applicationId: id, reason: 'race' } },
            tokenFor(orgs, CLUB),
          );
        let withdrawal: GraphqlResponse;
        if (i % 3 === 0) withdrawal = await withdraw();
        else if (i % 3 === 1)
          do withdrawal = await withdraw();
          while (errorCodes(withdrawal)[0] === 'NOT_FOUND' && !answered);
        else {
          await submission;
          withdrawal = await withdraw();
        }
        return { id, submission: await submission, withdrawal };
      }),
    );
    let expectedEnvelope = 0;
    for (const { id, submission, withdrawal } of runs) {
      expect(submission.errors).toBeUndefined();
      expect(submission.data!.submitApplication.id).toBe(id);
      const withdrawn = !withdrawal.errors;
      if (!withdrawn) expect(errorCodes(withdrawal)).toEqual(['NOT_FOUND']); // before the row existed
      const ledger = await checkEnd(id, withdrawn);
      expectedEnvelope += withdrawn ? Number(ledger.state?.disbursed ?? 0) : 100000;
    }
    // Both ends happened, or the race was not raced.
    expect(new Set(runs.map((r) => !r.withdrawal.errors))).toEqual(new Set([true, false]));
    expect(await envelopeCommitted()).toBe(expectedEnvelope.toFixed(2));
  });

  // The workflow takes the withdrawal in its turn, after the submission's transitions — the
  // commitment and the advance it pays — are written: what is still committed is released;
  // the advance paid stays spent, counted in the envelope.
  it('when the withdrawal reaches the workflow in the same task as the submission, nothing stays committed', async () => {
    const key = 'race-same-task';
    const id = applicationIdFor(SUBJECT, key);
    const before = await envelopeCommitted();
    await worker.kill(); // no worker: the submission's first workflow task waits
    const submission = submit(proposal(KEY, { idempotencyKey: key }));
    const handle = temporal().workflow.getHandle(applicationWorkflowId(id));
    for (let i = 0; ; i++) {
      const exists = await handle.describe().then(
        () => true,
        () => false,
      );
      if (exists) break;
      if (i > 200) throw new Error('the submission never started its workflow');
      await sleep(25);
    }
    // Sent to the workflow directly: the API would wait for the row. A withdrawal through the
    // API reaches the same state when a worker dies after writing the row but before Temporal
    // recorded the task (see worker-crash.e2e-spec for that window).
    const actor = { subject: SUBJECT, organisationId: orgs.get(CLUB)!, roles: ['member'] };
    const withdrawal = handle.executeUpdate(withdrawUpdate, {
      args: [{ actor, reason: 'changed our minds' }],
    });
    await sleep(500); // both Updates wait on the server for the first workflow task
    await startWorker();
    const [submitted, withdrawn] = await Promise.allSettled([submission, withdrawal]);
    expect(submitted.status).toBe('fulfilled');
    expect(withdrawn).toMatchObject({ status: 'fulfilled', value: { status: 'WITHDRAWN' } });
    const ledger = await checkEnd(id, true);
    expect(await envelopeCommitted()).toBe(
      (Number(before) + Number(ledger.state?.disbursed ?? 0)).toFixed(2),
    );
  });
});

describe('(c) a reserve-list application withdrawing while the call promotes it', () => {
  const CALLS = ['recovery-call-together', 'recovery-call-after', 'recovery-call-promoted'];
  const READ = `query($key: String!) { call(key: $key) { status applications { id title status rank granted projectApplicationId } } }`;
  const SCORE =
    'mutation($i: ScoreCallApplicationInput!) { scoreCallApplication(input: $i) { accepted } }';
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
  const madrid = () => orgs.get('Ayuntamiento de Madrid')!;
  const read = async (key: string) =>
    (await gql<{ call: View }>(stack.url, READ, { key })).data!.call;
  async function waitForCall(key: string, predicate: (c: View) => boolean, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = await read(key);
      if (predicate(c)) return c;
      if (Date.now() > deadline)
        throw new Error(`call ${key} never reached the expected state: ${JSON.stringify(c)}`);
      await sleep(100);
    }
  }
  const entry = (c: View, title: string) => c.applications.find((a) => a.title === title)!;
  const issuerPaid = async (applicationId: string) =>
    Number((await ledgerOf(applicationId)).issuer?.disbursed ?? 0);

  /**
   * In one snapshot: the call's envelope, and what its list says should be in it — the grants
   * of the funded, plus what the withdrawn were paid (by the issuer, out of the call's budget).
   */
  async function envelopeOf(key: string) {
    const [row] = await sql<{ committed: string; amount: string; expected: string }>(
      `SELECT e.committed::numeric(24,2)::text AS committed, e.amount::numeric(24,2)::text AS amount,
              ((SELECT coalesce(sum(s.granted), 0) FROM selection_entry s WHERE s.call_id = c.id AND s.status = 'FUNDED')
               + (SELECT coalesce(sum(p.amount), 0) FROM selection_entry s
                  JOIN ledger_posting p ON p.application_id = s.application_id
                  WHERE s.call_id = c.id AND s.status = 'WITHDRAWN' AND p.party_role = 'issuer'
                    AND p.account LIKE 'application:%:disbursed:%'))::numeric(24,2)::text AS expected
       FROM call c JOIN envelope e ON e.funder_role = 'call:' || c.key WHERE c.key = $1`,
      [key],
    );
    return {
      committed: Number(row.committed),
      amount: Number(row.amount),
      expected: Number(row.expected),
    };
  }

  let applicants: string[];
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    applicants = [
      await registerOrganisation(stack, {
        name: 'ONG Recuperación',
        kind: 'NGO',
        countryOfResidence: 'ES',
        jurisdictionCode: 'ES-MD-28079',
      }),
      await registerOrganisation(stack, {
        name: 'Asociación Recuperación',
        kind: 'IMMIGRANT_ASSOCIATION',
        countryOfResidence: 'ES',
        jurisdictionCode: 'ES-MD-28079',
        originJurisdictionCode: 'EC',
      }),
    ];
  });

  it('leaves the envelope equal to the grants of the funded plus what the withdrawn were paid, whichever comes first', async () => {
    const file = parse(
      readFileSync(
        join(__dirname, '..', '..', 'calls', 'es-madrid-ayuntamiento-2008.yaml'),
        'utf8',
      ),
    ) as Record<string, unknown>;
    const opens = new Date(Date.now() + 2500);
    const closes = new Date(opens.getTime() + 6000);
    const issuer = mintToken({ sub: 'issuer-admin', org: madrid(), roles: ['org-admin'] });
    await Promise.all(
      CALLS.map(async (key) => {
        const definition = {
          ...file,
          key,
          budget: '400000.00',
          requiredDocuments: ['PROJECT_DOCUMENT', 'BUDGET'],
          window: {
            opens: localTime(opens, 'Europe/Madrid'),
            closes: localTime(closes, 'Europe/Madrid'),
            timeZone: 'Europe/Madrid',
          },
          defectFixPeriod: { seconds: 1 },
          objectionsPeriod: { seconds: 2 },
        };
        const res = await within(
          gql(
            stack.url,
            `mutation($input: PublishCallInput!) { publishCall(input: $input) { id } }`,
            { input: { definition: stringify(definition), issuerOrganisationId: madrid() } },
            issuer,
          ),
          15_000,
          `publishCall ${key}`,
        );
        expect(res.errors).toBeUndefined();
      }),
    );
    await sleep(opens.getTime() - Date.now() + 200);

    // Per call: A and B take the budget, C and D wait on the reserve list, in that order.
    const plan: [string, number, string, string, number][] = [
      ['A', 0, '300000.00', '200000.00', 9],
      ['B', 1, '300000.00', '200000.00', 8],
      ['C', 0, '60000.00', '50000.00', 7],
      ['D', 1, '60000.00', '50000.00', 6],
    ];
    await Promise.all(
      CALLS.flatMap((key) =>
        plan.map(async ([title, who, total, requested]) => {
          const token = mintToken({
            sub: `member-${key}-${title}`,
            org: applicants[who],
            roles: ['member'],
          });
          const res = await gql<{ submitCallApplication: { id: string } }>(
            stack.url,
            `mutation($input: SubmitCallApplicationInput!) { submitCallApplication(input: $input) { id } }`,
            {
              input: {
                callKey: key,
                applicantOrganisationId: applicants[who],
                title,
                sector: 'GOVERNANCE',
                countryOfOrigin: 'EC',
                objective: 'LOCAL_INSTITUTIONAL_CAPACITY',
                totalAmount: total,
                requestedAmount: requested,
                implementingNgoOrganisationId: orgs.get('Fundación Esquel'),
                documents: ['PROJECT_DOCUMENT', 'BUDGET'].map((documentType) => ({
                  documentType,
                  uri: `https://docs.example.org/${documentType}.pdf`,
                })),
              },
            },
            token,
          );
          if (res.errors) throw new Error(JSON.stringify(res.errors));
          tokens.set(res.data!.submitCallApplication.id, token);
        }),
      ),
    );

    const criteria = ['relevance', 'institutional-capacity', 'counterpart', 'sustainability'];
    await Promise.all(
      CALLS.map(async (key) => {
        const call = await waitForCall(key, (c) => c.status === 'EVALUATION');
        for (const ev of ['ev1', 'ev2'])
          for (const [title, , , , mark] of plan) {
            const res = await gql(
              stack.url,
              SCORE,
              {
                i: {
                  applicationId: entry(call, title).id,
                  scores: criteria.map((criterionId) => ({
                    criterionId,
                    score: String(mark),
                    reason: `${ev}`,
                  })),
                },
              },
              mintToken({ sub: ev, org: madrid(), roles: ['evaluator'] }),
            );
            expect(res.errors).toBeUndefined();
          }
        const closed = await gql(
          stack.url,
          `mutation { closeCallEvaluation(callKey: "${key}") { status } }`,
          {},
          issuer,
        );
        expect(closed.errors).toBeUndefined();
      }),
    );

    const resolved = await Promise.all(
      CALLS.map((key) => waitForCall(key, (c) => c.status === 'RESOLVED')),
    );
    for (const call of resolved)
      expect(['A', 'B', 'C', 'D'].map((t) => [t, entry(call, t).status])).toEqual([
        ['A', 'FUNDED'],
        ['B', 'FUNDED'],
        ['C', 'RESERVE'],
        ['D', 'RESERVE'],
      ]);
    // B withdraws once its advance is paid: 30 % of its grant comes back, enough for C (or D).
    await Promise.all(
      resolved.map(async (call) => {
        const b = entry(call, 'B').id;
        for (let i = 0; (await issuerPaid(b)) === 0; i++) {
          if (i > 200) throw new Error('B was never paid its advance');
          await sleep(100);
        }
      }),
    );

    const withdraw = async (applicationId: string) => {
      const res = await gql<{ withdrawApplication: { status: string } }>(
        stack.url,
        WITHDRAW,
        { i: { applicationId, reason: 'we withdraw' } },
        tokens.get(applicationId),
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    };
    const [together, after, promoted] = resolved;
    await Promise.all([
      // C withdraws at the same moment as B, whose withdrawal is what promotes it.
      Promise.all([withdraw(entry(together, 'B').id), withdraw(entry(together, 'C').id)]),
      // C withdraws just after B: while the call moves the reserve list up.
      (async () => {
        await withdraw(entry(after, 'B').id);
        await sleep(50);
        await withdraw(entry(after, 'C').id);
      })(),
      // C withdraws once promoted and paid its advance.
      (async () => {
        await withdraw(entry(promoted, 'B').id);
        const c = entry(promoted, 'C').id;
        await waitForCall(CALLS[2], (v) => entry(v, 'C').status === 'FUNDED');
        for (let i = 0; (await issuerPaid(c)) === 0; i++) {
          if (i > 200) throw new Error('C was never paid its advance');
          await sleep(100);
        }
        await withdraw(c);
      })(),
    ]);

    await Promise.all(
      CALLS.map(async (key) => {
        // Until settled (B and C withdrawn, nothing moved for a second and a half), the money
        // adds up at every look, in one snapshot of the envelope and the list.
        let last = '';
        let since = Date.now();
        for (const deadline = Date.now() + 20_000; ;) {
          const [view, snapshot] = await Promise.all([read(key), envelopeOf(key)]);
          expect({ key, committed: snapshot.committed }).toEqual({
            key,
            committed: snapshot.expected,
          });
          const now = JSON.stringify(view.applications.map((a) => [a.title, a.status, a.granted]));
          if (now !== last) [last, since] = [now, Date.now()];
          const withdrawn = ['B', 'C'].every((t) => entry(view, t).status === 'WITHDRAWN');
          if (withdrawn && Date.now() - since > 1500) break;
          if (Date.now() > deadline) throw new Error(`call ${key} never settled: ${now}`);
          await sleep(100);
        }
        const call = await read(key);
        const money = await envelopeOf(key);
        expect({ key, committed: money.committed }).toEqual({ key, committed: money.expected });
        expect(money.committed).toBeLessThanOrEqual(money.amount);
        for (const title of ['B', 'C']) {
          const id = entry(call, title).id;
          expect((await readApplication(stack, id))!.status).toBe('WITHDRAWN');
          expect(Object.values(await ledgerOf(id)).every((b) => b.committed === '0.00')).toBe(true);
        }
        expect(entry(call, 'A').status).toBe('FUNDED');
      }),
    );
    // The call that saw C paid: 200,000 (A) + 140,000 (B's advance) + 35,000 (C's advance).
    expect((await envelopeOf(CALLS[2])).committed).toBe(375_000);
  }, 120_000); // three calls through every phase, with seconds-long periods
});
