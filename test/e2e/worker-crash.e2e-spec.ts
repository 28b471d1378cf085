import { Principal, Role } from '@codev/auth';
import { Client as PgClient } from 'pg';
import { applicationWorkflowId } from '@codev/engine';
import { applicationIdFor } from '@codev/intake';
import { ProgrammeService } from '../../apps/api/src/programmes/programme.service';
import { TemporalClientProvider } from '@codev/temporal';
import {
  ApplicationView,
  atStage,
  loadDemoWorld,
  step,
  SUBMIT,
  tokenFor,
  waitForApplication,
} from '../support/demo-world';
import { gql, GraphqlResponse } from '../support/graphql-client';
import { startTestStack, TestStack } from '../support/test-stack';
import {
  killAllWorkers,
  prepareWorkflowBundle,
  spawnWorker,
  TemporalLink,
  WorkerProcess,
} from '../support/worker-process';

/**
 * The worker is an OS process of its own, killed with SIGKILL in the middle of stages: its
 * open database transaction is lost with it, or its transaction committed and Temporal never
 * heard. A new worker process resumes, and the application ends exactly as an uninterrupted
 * one does: the same ledger, posting for posting, the same history, event for event.
 */
let stack: TestStack;
let orgs: Map<string, string>;
let bundle: { path: string; remove(): void };
let link: TemporalLink;

const CLUB = 'Club Jerezano de Los Ángeles';
const STATE = 'Gobierno del Estado de Zacatecas';
const SEDESOL = 'SEDESOL';
const KEY = 'test-worker-crash';
const designer: Principal = {
  subject: 'test-designer',
  organisationId: null,
  roles: new Set([Role.PlatformAdmin]),
};

/** A committee of three, a commitment against an envelope, three tranches on two reports. */
const programme = {
  key: KEY,
  name: 'Worker crash programme',
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
      role: 'federal',
      label: 'Federal',
      organisationKinds: ['GOVERNMENT_BODY'],
      governmentLevel: 'NATIONAL',
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
    envelopes: [{ role: 'state', yearlyAmount: '1000000.00' }],
  },
  procedure: {
    stages: [
      { id: 'check', name: 'Check', kind: 'CHECK' },
      {
        id: 'committee',
        name: 'Validation committee',
        kind: 'COMMITTEE',
        members: [
          { role: 'migrants', seats: 1 },
          { role: 'state', seats: 1 },
          { role: 'federal', seats: 1 },
        ],
        chair: 'state',
        quorum: 3,
        // Unanimity: no vote decides before the last one.
        majority: 'UNANIMITY',
      },
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
                { id: 'progress', percent: '30', afterReport: 'PROGRESS_REPORT' },
                { id: 'completion', percent: '20', afterReport: 'COMPLETION_REPORT' },
              ],
            },
          ],
          [
            {
              id: 'supervision',
              name: 'Supervision',
              kind: 'MONITORING',
              supervisor: 'federal',
              reports: ['PROGRESS_REPORT', 'COMPLETION_REPORT'],
            },
          ],
        ],
      },
    ],
  },
};

/** Money committed in the very transition that takes the application in; then it waits. */
const MONEY_KEY = 'test-worker-crash-money';
const moneyAtOnce = {
  ...programme,
  key: MONEY_KEY,
  name: 'Worker crash programme, money at once',
  procedure: {
    stages: [
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
              supervisor: 'federal',
              reports: ['FINAL_REPORT'],
            },
          ],
        ],
      },
    ],
  },
};

const startWorker = async (): Promise<WorkerProcess> => {
  const worker = spawnWorker({ bundlePath: bundle.path, temporalAddress: link.address });
  await worker.ready;
  return worker;
};

async function submit(programmeKey = KEY, idempotencyKey?: string): Promise<string> {
  const res = await gql<{ submitApplication: { id: string } }>(
    stack.url,
    SUBMIT,
    {
      input: {
        programmeKey,
        idempotencyKey,
        title: 'Red de agua potable',
        sector: 'POTABLE_WATER',
        projectJurisdictionCode: 'MX-ZAC-020',
        totalAmount: '200000.00',
        parties: [
          { role: 'migrants', organisationId: orgs.get(CLUB) },
          { role: 'state', organisationId: orgs.get(STATE) },
          { role: 'federal', organisationId: orgs.get(SEDESOL) },
        ],
      },
    },
    tokenFor(orgs, CLUB),
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.submitApplication.id;
}

const vote = (applicationId: string, role: string, who: string) =>
  step(
    stack,
    'castCommitteeVote',
    { applicationId, stageId: 'committee', role, vote: 'FOR', reason: `${role} agrees` },
    tokenFor(orgs, who),
  );
const report = (applicationId: string, reportType: string) =>
  step(
    stack,
    'fileMonitoringReport',
    {
      applicationId,
      stageId: 'supervision',
      reportType,
      uri: `https://docs.example.org/${reportType}.pdf`,
      summary: 'works as planned',
    },
    tokenFor(orgs, SEDESOL),
  );

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  stack.db.dataSource.query(query, params) as Promise<T[]>;

const tranchePosted = async (id: string, tranche: string) =>
  (
    await sql(`SELECT 1 FROM ledger_transaction WHERE idempotency_key = $1`, [
      `${id}:disbursement:${tranche}`,
    ])
  ).length > 0;

async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Everything money- and history-wise an application left, with its own id taken out. */
async function footprint(id: string) {
  const anon = (s: string | null) => s?.split(id).join('<id>') ?? null;
  const ledger = await sql<Record<string, string>>(
    `SELECT t.idempotency_key, t.kind, t.description, p.account, p.party_role, p.organisation_id,
            p.amount::text AS amount, p.currency
     FROM ledger_transaction t JOIN ledger_posting p ON p.transaction_id = t.id
     WHERE t.application_id = $1 ORDER BY t.idempotency_key, p.account, p.amount`,
    [id],
  );
  const transactions = await sql<{ key: string; n: number }>(
    `SELECT idempotency_key AS key, count(*)::int AS n FROM ledger_transaction WHERE application_id = $1
     GROUP BY 1 ORDER BY 1`,
    [id],
  );
  const events = await sql<Record<string, string>>(
    `SELECT event_key, kind, stage_id, actor_role, reason FROM application_event WHERE application_id = $1 ORDER BY id`,
    [id],
  );
  const transitions = await sql<{ seq: number }>(
    `SELECT seq FROM application_transition WHERE application_id = $1 ORDER BY seq`,
    [id],
  );
  return {
    ledger: ledger.map((r) => ({
      ...r,
      idempotency_key: anon(r.idempotency_key),
      account: anon(r.account),
    })),
    transactions: transactions.map((t) => ({ ...t, key: anon(t.key) })),
    events,
    transitions: transitions.map((t) => t.seq),
  };
}

const completed = (a: ApplicationView) => a.status === 'COMPLETED';
const lateId = () => applicationIdFor(`user-of-${CLUB}`, 'taken-in-the-dark');
let late:
  | {
      submission: Promise<string>;
      withdrawal: Promise<GraphqlResponse<{ withdrawApplication: { status: string } }>>;
    }
  | undefined;
const inExecution = (a: ApplicationView) => a.status === 'IN_EXECUTION';

beforeAll(async () => {
  stack = await startTestStack();
  [orgs, bundle, link] = await Promise.all([
    loadDemoWorld(stack),
    prepareWorkflowBundle(),
    TemporalLink.open(process.env.TEMPORAL_ADDRESS!),
  ]);
  const programmes = stack.app.get(ProgrammeService);
  await programmes.publishIfChanged(programmes.parse(JSON.stringify(programme)), designer);
  await programmes.publishIfChanged(programmes.parse(JSON.stringify(moneyAtOnce)), designer);
}, 120_000); // the stack and the workflow bundle, on a busy 2-core machine
afterAll(async () => {
  await killAllWorkers();
  await link?.close();
  bundle?.remove();
  await stack?.close();
});

describe('a worker process killed with SIGKILL mid-stage', () => {
  it('is replaced by a new process; the application completes with the ledger and history of an uninterrupted run', async () => {
    let worker = await startWorker();

    // The reference: the same application, the same steps, nothing killed.
    const reference = await submit();
    await waitForApplication(stack, reference, atStage('committee'));
    await vote(reference, 'migrants', CLUB);
    await vote(reference, 'state', STATE);
    await vote(reference, 'federal', SEDESOL);
    await waitForApplication(stack, reference, inExecution);
    await report(reference, 'PROGRESS_REPORT');
    await report(reference, 'COMPLETION_REPORT');
    const referenceEnd = await waitForApplication(stack, reference, completed);

    const id = await submit();
    await waitForApplication(stack, id, atStage('committee'));
    await vote(id, 'migrants', CLUB);

    // 1. In the committee, after one vote: the worker dies inside the transaction of the second
    // vote. The test holds the application row's lock, so the transaction is provably open
    // (waiting on it) when SIGKILL lands; nothing of it may survive.
    const locker = new PgClient({ connectionString: stack.db.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM application WHERE id = $1 FOR UPDATE', [id]);
    const before = await footprint(id);
    const secondVote = vote(id, 'state', STATE);
    await until('the worker waits on the locked row', async () => {
      const [{ n }] = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1`,
        [(await locker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid],
      );
      return n > 0;
    });
    await worker.kill();
    await locker.query('ROLLBACK');
    await locker.end();
    expect(await footprint(id)).toEqual(before);

    worker = await startWorker();
    await expect(secondVote).resolves.toMatchObject({ accepted: true });
    await vote(id, 'federal', SEDESOL);
    const running = await waitForApplication(stack, id, (a) => inExecution(a));
    expect(running.ledger.map((b) => [b.role, b.committed, b.disbursed])).toEqual([
      ['migrants', '50000.00', '50000.00'],
      ['state', '50000.00', '50000.00'],
    ]);

    // 2. In execution, between tranches: the worker takes the progress report in, but its
    // answer never reaches Temporal, and then it dies. A step writes nothing before Temporal
    // has recorded that it was accepted, so its tranche is not paid yet; the next worker takes
    // the report again and pays the tranche once.
    await new Promise((r) => setTimeout(r, 300)); // the worker's polls are out, waiting
    link.hold();
    // In the same window, another application is taken in: its row and its commitment are
    // written, and Temporal never hears of that first task either (see the second test).
    const taken = submit(MONEY_KEY, 'taken-in-the-dark');
    await until(
      'the other application is taken in and its money committed',
      async () =>
        (
          await sql(`SELECT 1 FROM ledger_transaction WHERE idempotency_key = $1`, [
            `${lateId()}:commitment:commit`,
          ])
        ).length > 0,
    );
    const progress = report(id, 'PROGRESS_REPORT');
    await new Promise((r) => setTimeout(r, 1500)); // the worker has the report in hand
    expect(await tranchePosted(id, 'progress')).toBe(false);
    await worker.kill();
    link.cut();
    // The applicant withdraws it through the API: its row exists, so the Update goes to the
    // workflow, which will receive it together with the submission when its task is retried.
    late = {
      submission: taken,
      withdrawal: gql<{ withdrawApplication: { status: string } }>(
        stack.url,
        'mutation($i: WithdrawApplicationInput!) { withdrawApplication(input: $i) { status } }',
        { i: { applicationId: lateId(), reason: 'we pull out' } },
        tokenFor(orgs, CLUB),
      ),
    };
    await new Promise((r) => setTimeout(r, 300));
    const history = await stack.app
      .get(TemporalClientProvider)
      .client.workflow.getHandle(applicationWorkflowId(id))
      .fetchHistory();
    const accepted = (history.events ?? []).filter(
      (e) =>
        e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ===
        'fileReport',
    );
    expect(accepted).toHaveLength(0); // Temporal never heard of the report: the kill fell in the window

    worker = await startWorker();
    await expect(progress).resolves.toMatchObject({ accepted: true });
    await report(id, 'COMPLETION_REPORT');
    const end = await waitForApplication(stack, id, completed);

    expect(end.ledger).toEqual(referenceEnd.ledger);
    const [crashed, uninterrupted] = await Promise.all([footprint(id), footprint(reference)]);
    expect(crashed.transactions.every((t) => t.n === 1)).toBe(true);
    expect(crashed.transactions.map((t) => t.key)).toEqual([
      '<id>:commitment:commit',
      '<id>:disbursement:advance',
      '<id>:disbursement:completion',
      '<id>:disbursement:progress',
    ]);
    expect(crashed.ledger).toEqual(uninterrupted.ledger);
    expect(crashed.events).toEqual(uninterrupted.events);
    expect(crashed.transitions).toEqual(uninterrupted.transitions);
    // The envelope took each application's state share once.
    const [envelope] = await sql(
      `SELECT committed::text FROM envelope e JOIN programme p ON p.id = e.programme_id WHERE p.key = $1`,
      [KEY],
    );
    expect(envelope).toEqual({ committed: '200000.000000' });
  }, 120_000); // two kills, each waiting out the lost workflow task (10 s) on a busy machine

  // ENGINE BUG (see the report): the retried first task carries the submission and the
  // withdrawal together; the workflow decides the withdrawal before the commitment it had
  // already written is absorbed, so it releases nothing, and its transition takes the number
  // of one the dead worker wrote, whose marker then answers for it.
  it('a withdrawal through the API that reaches a workflow whose first task died with its worker leaves nothing committed', async () => {
    expect(late).toBeDefined();
    const id = lateId();
    await expect(late!.submission).resolves.toBe(id);
    const withdrawal = await late!.withdrawal;
    const handle = stack.app
      .get(TemporalClientProvider)
      .client.workflow.getHandle(applicationWorkflowId(id));
    const result = await handle
      .result()
      .catch((e: Error) => `failed: ${(e.cause as Error | undefined)?.message ?? e.message}`);
    const app = await gql<{
      application: ApplicationView & { failure: { reason: string } | null };
    }>(
      stack.url,
      `query($id: ID!) { application(id: $id) { status failure { reason } history { kind } ledger { role committed disbursed } } }`,
      {
        id,
      },
    );
    const [envelope] = await sql<{ committed: string }>(
      `SELECT committed::text FROM envelope e JOIN programme p ON p.id = e.programme_id WHERE p.key = $1`,
      [MONEY_KEY],
    );
    const a = app.data!.application;
    // Everything at once, so that a failure shows the whole state it left.
    expect({
      withdrawal: withdrawal.errors?.[0]?.message ?? withdrawal.data!.withdrawApplication.status,
      workflow: result,
      status: a.status,
      failure: a.failure,
      withdrawnEvents: a.history.filter((e) => e.kind === 'WITHDRAWN').length,
      stillCommitted: a.ledger
        .filter((b) => Number(b.committed) !== 0)
        .map((b) => [b.role, b.committed]),
      envelope: envelope.committed,
    }).toEqual({
      withdrawal: 'WITHDRAWN',
      workflow: { status: 'WITHDRAWN' },
      status: 'WITHDRAWN',
      failure: null,
      withdrawnEvents: 1,
      stillCommitted: [],
      // the state's share stays spent only for what was paid
      envelope: `${a.ledger.find((b) => b.role === 'state')?.disbursed ?? '0.00'}0000`,
    });
  });
});
