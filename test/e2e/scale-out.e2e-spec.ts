import { Client as TemporalClient, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applicationIdFor } from '@codev/intake';
import { errorCodes, gql, GraphqlResponse } from '../support/graphql-client';
import {
  buildServices,
  closeServiceConnections,
  killAllServices,
  runCli,
  ServiceEnvironment,
  ServiceProcess,
  spawnApi,
  spawnWorker,
} from '../support/service-processes';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { mintToken, TEST_JWT_SECRET } from '../support/tokens';

/**
 * Scale-out: two API processes and two worker processes — the production build, each an OS
 * process of its own — share one database and one Temporal: with `npm run test:scale-out` (and
 * .ci/run) the real Temporal server on that PostgreSQL with four history shards, as
 * `npm start -- --temporal=server` runs it. Forty applications run their whole
 * lifecycle at once, spread over both APIs, some submitted several times over with one key;
 * mid-way one worker is killed with SIGKILL and so is one API, whose requests fail over to the
 * other. Nothing is lost and nothing is doubled: every submission is there once, every
 * application completes, each has one commitment in the ledger, and the envelope holds exactly
 * the sum of the state's shares (it is sized to that sum, so a second posting would be refused).
 */
const APPLICATIONS = 40;
const PROGRAMME = 'test-scale-out';
const CLUB = 'Club Jerezano de Los Ángeles';
const STATE = 'Gobierno del Estado de Zacatecas';
const TOTAL = 200_000;
const STATE_SHARE = TOTAL / 2;

const programme = {
  key: PROGRAMME,
  name: 'Scale-out programme',
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
    // Exactly what forty commitments take: one posting too many would be refused.
    envelopes: [{ role: 'state', yearlyAmount: `${APPLICATIONS * STATE_SHARE}.00` }],
  },
  procedure: {
    stages: [
      { id: 'check', name: 'Check', kind: 'CHECK' },
      { id: 'state-review', name: 'State review', kind: 'REVIEW', reviewer: 'state' },
      { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
    ],
  },
};

const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id status activeStages } }`;
const DECIDE = `mutation($input: DecideReviewInput!) { decideReview(input: $input) { accepted outcome } }`;

let db: TestDatabase;
let env: ServiceEnvironment;
let programmeDir: string;
let apis: ServiceProcess[] = [];
let workers: ServiceProcess[] = [];
let orgs: Map<string, string>;
const timings: Record<string, number> = {};

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  db.dataSource.query(query, params) as Promise<T[]>;

/**
 * What a load balancer in front of the APIs does: send to the API chosen, and when it cannot
 * be reached (or dies with the request in flight) send the same request to the next one. The
 * request carries its idempotency key, so wherever it lands it lands once.
 */
class LoadBalancer {
  failovers = 0;
  constructor(private readonly targets: ServiceProcess[]) {}

  async send<T>(
    prefer: number,
    query: string,
    variables: Record<string, unknown>,
    token: string,
  ): Promise<GraphqlResponse<T>> {
    let last: unknown;
    for (let attempt = 0; attempt < this.targets.length * 3; attempt++) {
      const target = this.targets[(prefer + attempt) % this.targets.length];
      try {
        return await gql<T>(target.url, query, variables, token);
      } catch (e) {
        last = e; // connection refused or reset: the next API takes it
        this.failovers += 1;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`no API answered: ${String(last)}`);
  }
}

/**
 * A client as the API's contract asks for: a request that failed for a reason of the server's
 * (INTERNAL_SERVER_ERROR) is sent again with the same idempotency key, a few times, so it lands
 * once. What was retried is kept, to be reported: under load, or while a killed worker's
 * workflow task times out, Temporal refuses an Update with FAILED_PRECONDITION ("Workflow Task
 * in failed state"), which the API answers as an internal error.
 */
class Client {
  readonly retried: string[] = [];
  constructor(private readonly lb: LoadBalancer) {}

  async send<T>(
    prefer: number,
    query: string,
    variables: Record<string, unknown>,
    token: string,
  ): Promise<GraphqlResponse<T>> {
    for (let attempt = 1; ; attempt++) {
      const res = await this.lb.send<T>(prefer, query, variables, token);
      if (attempt === 6 || !errorCodes(res as GraphqlResponse).includes('INTERNAL_SERVER_ERROR'))
        return res;
      this.retried.push(String((variables.input as { idempotencyKey?: string }).idempotencyKey));
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

beforeAll(async () => {
  let t = Date.now();
  const [build, database] = await Promise.all([buildServices(), createTestDatabase()]);
  db = database;
  timings.build = build.ms;
  env = {
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
    TEMPORAL_TASK_QUEUE: `scale-out-${randomBytes(4).toString('hex')}`,
    JWT_SECRET: TEST_JWT_SECRET,
  };
  t = Date.now();
  // The demo parties and the programme, loaded by the CLIs `npm start` runs, while the APIs
  // and the workers boot.
  programmeDir = mkdtempSync(join(tmpdir(), 'codev-scale-out-'));
  writeFileSync(join(programmeDir, `${PROGRAMME}.json`), JSON.stringify(programme));
  const seeded = (async () => {
    await Promise.all([
      runCli('apps/api/src/cli/seed-demo.js', [join(__dirname, '..', '..', 'demo')], env),
      runCli('apps/api/src/cli/load-programmes.js', [programmeDir], env),
    ]);
    const rows = await sql<{ id: string; name: string }>(`SELECT id, name FROM organisation`);
    orgs = new Map(rows.map((r) => [r.name, r.id]));
  })();
  apis = await Promise.all([spawnApi('api-a', env), spawnApi('api-b', env)]);
  workers = [spawnWorker('worker-a', env), spawnWorker('worker-b', env)];
  await Promise.all([seeded, ...[...apis, ...workers].map((p) => p.ready)]);
  timings.boot = Date.now() - t;
}, 300_000);

afterAll(async () => {
  await killAllServices();
  await closeServiceConnections();
  if (programmeDir) rmSync(programmeDir, { recursive: true, force: true });
  await db?.drop();
  console.log(`scale-out timings (ms): ${JSON.stringify(timings)}`);
});

const token = (name: string) =>
  mintToken({ sub: `user-of-${name}`, org: orgs.get(name), roles: ['member'] });

const proposal = (i: number) => ({
  programmeKey: PROGRAMME,
  title: `Red de agua potable ${i}`,
  sector: 'POTABLE_WATER',
  projectJurisdictionCode: 'MX-ZAC-020',
  totalAmount: `${TOTAL}.00`,
  parties: [
    { role: 'migrants', organisationId: orgs.get(CLUB) },
    { role: 'state', organisationId: orgs.get(STATE) },
  ],
  idempotencyKey: `scale-out-${i}`,
});

describe('two APIs and two workers on one database and one Temporal', () => {
  it('lose nothing and double nothing while a worker and an API are killed mid-way', async () => {
    const started = Date.now();
    const lb = new LoadBalancer(apis);
    const client = new Client(lb);
    const clubToken = token(CLUB);
    const stateToken = token(STATE);
    let submitted = 0;
    const kills: Promise<void>[] = [];
    const killed: string[] = [];

    async function lifecycle(i: number): Promise<string> {
      await new Promise((r) => setTimeout(r, i * 150)); // spread over six seconds
      const expected = applicationIdFor(`user-of-${CLUB}`, `scale-out-${i}`);
      // One in eight is sent three times at once, to both APIs, with the same key.
      const copies = i % 8 === 0 ? 3 : 1;
      const answers = await Promise.all(
        Array.from({ length: copies }, (_, c) =>
          client.send<{ submitApplication: { id: string; activeStages: string[] } }>(
            i + c,
            SUBMIT,
            { input: proposal(i) },
            clubToken,
          ),
        ),
      );
      for (const a of answers) {
        expect(a.errors).toBeUndefined();
        expect(a.data!.submitApplication).toMatchObject({
          id: expected,
          activeStages: ['state-review'],
        });
      }
      submitted += 1;
      if (submitted === 12) {
        killed.push(`worker ${workers[0].pid}`);
        kills.push(workers[0].kill());
      }
      if (submitted === 24) {
        killed.push(`api ${apis[1].pid}`);
        kills.push(apis[1].kill());
      }
      const review = await client.send<{ decideReview: { accepted: boolean; outcome: string } }>(
        i + 1,
        DECIDE,
        {
          input: {
            applicationId: expected,
            stageId: 'state-review',
            decision: 'APPROVE',
            reason: 'viable and within the envelope',
            idempotencyKey: `approve-${i}`,
          },
        },
        stateToken,
      );
      expect(review.errors).toBeUndefined();
      expect(review.data!.decideReview).toMatchObject({ accepted: true, outcome: 'APPROVE' });
      return expected;
    }

    const ids = await Promise.all(Array.from({ length: APPLICATIONS }, (_, i) => lifecycle(i)));
    await Promise.all(kills);
    timings.steps = Date.now() - started;
    expect(killed).toHaveLength(2);
    expect(await workers[0].exited).toBe('SIGKILL');
    expect(await apis[1].exited).toBe('SIGKILL');
    expect(new Set(ids).size).toBe(APPLICATIONS);
    expect(lb.failovers).toBeGreaterThan(0); // requests meant for the dead API went elsewhere

    // Every application completes (the commitment is the last stage).
    const deadline = Date.now() + 60_000;
    let statuses: { status: string; n: number }[] = [];
    for (;;) {
      statuses = await sql<{ status: string; n: number }>(
        `SELECT a.status, count(*)::int AS n FROM application a JOIN programme p ON p.id = a.programme_id
         WHERE p.key = $1 GROUP BY 1 ORDER BY 1`,
        [PROGRAMME],
      );
      if (statuses.length === 1 && statuses[0].status === 'COMPLETED') break;
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    timings.completed = Date.now() - started;
    expect(statuses).toEqual([{ status: 'COMPLETED', n: APPLICATIONS }]);

    // Every submission exactly once, with its history written once.
    const rows = await sql<{ id: string; submitted: number; approved: number; completed: number }>(
      `SELECT a.id,
              count(*) FILTER (WHERE e.kind = 'SUBMITTED')::int AS submitted,
              count(*) FILTER (WHERE e.kind = 'REVIEW_APPROVED')::int AS approved,
              count(*) FILTER (WHERE e.kind = 'COMPLETED')::int AS completed
       FROM application a JOIN programme p ON p.id = a.programme_id
       LEFT JOIN application_event e ON e.application_id = a.id
       WHERE p.key = $1 GROUP BY a.id ORDER BY a.id`,
      [PROGRAMME],
    );
    expect(rows.map((r) => r.id)).toEqual([...ids].sort());
    for (const r of rows) expect(r).toMatchObject({ submitted: 1, approved: 1, completed: 1 });

    // One commitment per application in the ledger, posted once.
    const ledger = await sql<{ application_id: string; keys: string[]; transactions: number }>(
      `SELECT t.application_id, array_agg(DISTINCT t.idempotency_key) AS keys,
              count(DISTINCT t.id)::int AS transactions
       FROM ledger_transaction t WHERE t.application_id = ANY($1) GROUP BY 1`,
      [ids],
    );
    expect(ledger).toHaveLength(APPLICATIONS);
    for (const l of ledger)
      expect(l).toMatchObject({
        keys: [`${l.application_id}:commitment:commit`],
        transactions: 1,
      });

    // The envelope took each application's state share once: exactly full.
    const envelope = await sql<{ amount: string; committed: string }>(
      `SELECT e.amount::text, e.committed::text FROM envelope e JOIN programme p ON p.id = e.programme_id
       WHERE p.key = $1`,
      [PROGRAMME],
    );
    const full = `${APPLICATIONS * STATE_SHARE}.000000`;
    expect(envelope).toEqual([{ amount: full, committed: full }]);

    // Temporal ran one workflow per application on the task queue, each to its end, and lists
    // them by the engine's search attributes, kept current to the last status.
    const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
    try {
      const temporal = new TemporalClient({ connection });
      const query =
        `TaskQueue = '${env.TEMPORAL_TASK_QUEUE}' AND CodevProgramme = '${PROGRAMME}' ` +
        `AND CodevStatus = 'COMPLETED'`;
      const runs: { workflowId: string; status: string }[] = [];
      for (const until = Date.now() + 15_000; ;) {
        runs.length = 0;
        for await (const w of temporal.workflow.list({ query }))
          runs.push({ workflowId: w.workflowId, status: w.status.name });
        if (runs.every((r) => r.status === 'COMPLETED') && runs.length === APPLICATIONS) break;
        if (Date.now() > until) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(runs.filter((r) => r.status === 'COMPLETED')).toHaveLength(APPLICATIONS);
      expect(new Set(runs.map((r) => r.workflowId)).size).toBe(APPLICATIONS);
    } finally {
      await connection.close();
    }

    // The surviving API reads what the other wrote.
    const read = await gql<{ application: { status: string } }>(
      apis[0].url,
      `query($id: ID!) { application(id: $id) { status } }`,
      { id: ids[APPLICATIONS - 1] },
    );
    expect(read.data?.application.status).toBe('COMPLETED');

    // A step retried after its application ended (its answer lost with a dying API) lands on
    // the same answer, not on an error.
    const retried = await lb.send<{ decideReview: { accepted: boolean; outcome: string } }>(
      0,
      DECIDE,
      {
        input: {
          applicationId: ids[0],
          stageId: 'state-review',
          decision: 'APPROVE',
          reason: 'viable and within the envelope',
          idempotencyKey: 'approve-0',
        },
      },
      stateToken,
    );
    expect(retried.errors).toBeUndefined();
    expect(retried.data?.decideReview).toMatchObject({ accepted: true, outcome: 'APPROVE' });
    timings.total = Date.now() - started;
    timings.failovers = lb.failovers;
    timings.retried = client.retried.length;
  }, 150_000);
});
