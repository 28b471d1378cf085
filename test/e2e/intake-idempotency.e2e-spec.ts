import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { Principal, Role } from '@codev/auth';
import { applicationWorkflowId } from '@codev/engine';
import { applicationIdFor } from '@codev/intake';
import { TemporalClientProvider } from '@codev/temporal';
import { localTime } from '../../apps/api/src/cli/demo-call';
import { ProgrammeService } from '../../apps/api/src/programmes/programme.service';
import {
  APPLICATION_FIELDS,
  atStage,
  loadDemoWorld,
  registerOrganisation,
  step,
  tokenFor,
  waitForApplication,
} from '../support/demo-world';
import { errorCodes, gql, GraphqlResponse } from '../support/graphql-client';
import { startTestStack, TestStack } from '../support/test-stack';
import { mintToken } from '../support/tokens';

/**
 * The intake is idempotent by the client's key: however many times, however concurrently a
 * request is sent, it makes one application and one workflow, and every answer names it; the
 * same key with another request is a conflict that writes nothing; a retry after the
 * application ended finds it, it does not start it again.
 */
let stack: TestStack;
let orgs: Map<string, string>;

const CLUB = 'Club Jerezano de Los Ángeles';
const STATE = 'Gobierno del Estado de Zacatecas';
const PROGRAMME = 'test-intake-idempotency';
const CALL = 'es-madrid-idempotency-test';
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id status } }`;
const SUBMIT_CALL = `mutation($input: SubmitCallApplicationInput!) { submitCallApplication(input: $input) { id } }`;
const WITHDRAW = `mutation($i: WithdrawApplicationInput!) { withdrawApplication(input: $i) { status } }`;
const designer: Principal = {
  subject: 'test-designer',
  organisationId: null,
  roles: new Set([Role.PlatformAdmin]),
};

const programme = {
  key: PROGRAMME,
  name: 'Idempotent intake programme',
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
  },
  procedure: {
    stages: [
      { id: 'check', name: 'Check', kind: 'CHECK' },
      { id: 'state-review', name: 'State review', kind: 'REVIEW', reviewer: 'state' },
      { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
      {
        id: 'disbursement',
        name: 'Disbursement',
        kind: 'DISBURSEMENT',
        tranches: [{ id: 'single', percent: '100' }],
      },
    ],
  },
};

const proposal = (idempotencyKey: string, extra: Record<string, unknown> = {}) => ({
  programmeKey: PROGRAMME,
  title: 'Pozo profundo',
  sector: 'POTABLE_WATER',
  projectJurisdictionCode: 'MX-ZAC-020',
  totalAmount: '200000.00',
  parties: [
    { role: 'migrants', organisationId: orgs.get(CLUB) },
    { role: 'state', organisationId: orgs.get(STATE) },
  ],
  idempotencyKey,
  ...extra,
});

const clubToken = () => tokenFor(orgs, CLUB);
const submit = (input: Record<string, unknown>, token = clubToken()) =>
  gql<{ submitApplication: { id: string; status: string } }>(stack.url, SUBMIT, { input }, token);

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  stack.db.dataSource.query(query, params) as Promise<T[]>;

/** What the database holds of an application and its workflow: nothing may be added twice. */
async function written(id: string) {
  const [counts] = await sql<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM application WHERE id = $1) AS applications,
            (SELECT count(*)::int FROM application_event WHERE application_id = $1) AS events,
            (SELECT count(*)::int FROM application_event WHERE application_id = $1 AND kind = 'SUBMITTED') AS submitted,
            (SELECT count(*)::int FROM application_transition WHERE application_id = $1) AS transitions,
            (SELECT count(*)::int FROM application_party WHERE application_id = $1) AS parties,
            (SELECT count(*)::int FROM ledger_transaction WHERE application_id = $1) AS ledger`,
    [id],
  );
  return counts;
}

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

/** Every run Temporal has of the application's workflow (visibility catches up first). */
async function runsOf(id: string): Promise<{ runId: string; status: string }[]> {
  const query = `WorkflowId = '${applicationWorkflowId(id)}'`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const runs: { runId: string; status: string }[] = [];
    for await (const w of temporal().workflow.list({ query }))
      runs.push({ runId: w.runId, status: w.status.name });
    if (runs.length > 0 || Date.now() > deadline) return runs;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How many submit Updates the workflow's history accepted. */
async function submitsAccepted(id: string): Promise<number> {
  const history = await temporal().workflow.getHandle(applicationWorkflowId(id)).fetchHistory();
  return (history.events ?? []).filter(
    (e) =>
      e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'submit',
  ).length;
}

const ids = (responses: GraphqlResponse<Record<string, { id: string }>>[], field: string) =>
  responses.map((r) => (r.errors ? `error: ${JSON.stringify(r.errors)}` : r.data![field].id));

beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  orgs = await loadDemoWorld(stack);
  const programmes = stack.app.get(ProgrammeService);
  await programmes.publishIfChanged(programmes.parse(JSON.stringify(programme)), designer);
});
afterAll(() => stack?.close());

describe('submitApplication with an idempotency key', () => {
  it('50 identical requests at once make one application, one workflow, and all answer its id', async () => {
    const key = 'pozo-profundo-50';
    const expected = applicationIdFor(`user-of-${CLUB}`, key);
    const responses = await Promise.all(Array.from({ length: 50 }, () => submit(proposal(key))));
    expect(new Set(ids(responses, 'submitApplication'))).toEqual(new Set([expected]));
    const [{ n }] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM application a JOIN programme p ON p.id = a.programme_id WHERE p.key = $1`,
      [PROGRAMME],
    );
    expect(n).toBe(1);
    await waitForApplication(stack, expected, atStage('state-review'));
    expect(await written(expected)).toMatchObject({ applications: 1, submitted: 1, parties: 2 });
    expect(await runsOf(expected)).toEqual([expect.objectContaining({ status: 'RUNNING' })]);
    expect(await submitsAccepted(expected)).toBe(1);
  });

  it('the same key with another request is a conflict and writes nothing', async () => {
    const key = 'pozo-profundo-conflict';
    const first = await submit(proposal(key));
    expect(first.errors).toBeUndefined();
    const id = first.data!.submitApplication.id;
    await waitForApplication(stack, id, atStage('state-review'));
    const before = await written(id);
    const [{ n: applicationsBefore }] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM application`,
    );

    const others = await Promise.all([
      submit(proposal(key, { title: 'Otro pozo' })),
      submit(proposal(key, { totalAmount: '300000.00' })),
      submit(proposal(key, { documents: [{ documentType: 'X', uri: 'https://x.org/x.pdf' }] })),
    ]);
    for (const r of others) {
      expect(errorCodes(r)).toEqual(['CONFLICT']);
      expect(r.errors![0].message).toMatch(/idempotency key was used for a different submission/);
    }
    expect(await written(id)).toEqual(before);
    const [{ n: applicationsAfter }] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM application`,
    );
    expect(applicationsAfter).toBe(applicationsBefore);
    expect(await submitsAccepted(id)).toBe(1);
    // The same request again is still the same application.
    const again = await submit(proposal(key));
    expect(again.data?.submitApplication.id).toBe(id);
  });

  it('two different requests racing with one key: one wins whole, every other answer is a conflict', async () => {
    const key = 'pozo-race';
    const expected = applicationIdFor(`user-of-${CLUB}`, key);
    const titles = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'Pozo A' : 'Pozo B'));
    const responses = await Promise.all(titles.map((title) => submit(proposal(key, { title }))));
    const won = responses.map((r, i) => (r.errors ? null : titles[i]));
    const winner = won.find((t) => t !== null);
    expect(winner).toBeDefined();
    responses.forEach((r, i) => {
      if (titles[i] === winner) expect(r.data?.submitApplication.id).toBe(expected);
      else expect(errorCodes(r)).toEqual(['CONFLICT']);
    });
    const rows = await sql<{ title: string }>(`SELECT title FROM application WHERE id = $1`, [
      expected,
    ]);
    expect(rows).toEqual([{ title: winner }]);
    expect(await written(expected)).toMatchObject({ applications: 1, submitted: 1 });
    expect(await submitsAccepted(expected)).toBe(1);
  });

  it('a key belongs to whoever sent it: another member using it makes its own application', async () => {
    const key = 'shared-by-chance';
    const mine = await submit(proposal(key));
    const theirs = await submit(
      proposal(key),
      mintToken({ sub: 'another-member', org: orgs.get(CLUB), roles: ['member'] }),
    );
    expect(mine.errors).toBeUndefined();
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.submitApplication.id).not.toBe(mine.data!.submitApplication.id);
  });

  it.each([
    [
      'rejected',
      async (id: string) =>
        step(
          stack,
          'decideReview',
          {
            applicationId: id,
            stageId: 'state-review',
            decision: 'REJECT',
            reason: 'no water table',
          },
          tokenFor(orgs, STATE),
        ),
    ],
    [
      'withdrawn',
      async (id: string) => {
        const res = await gql(
          stack.url,
          WITHDRAW,
          { i: { applicationId: id, reason: 'changed plans' } },
          clubToken(),
        );
        if (res.errors) throw new Error(JSON.stringify(res.errors));
      },
    ],
  ])(
    'a retry after the application was %s returns it, with no new workflow run',
    async (end, close) => {
      const key = `pozo-${end}`;
      const first = await submit(proposal(key));
      expect(first.errors).toBeUndefined();
      const id = first.data!.submitApplication.id;
      await waitForApplication(stack, id, atStage('state-review'));
      await close(id);
      const status = end.toUpperCase();
      await waitForApplication(stack, id, (a) => a.status === status);
      const handle = temporal().workflow.getHandle(applicationWorkflowId(id));
      await expect(handle.result()).resolves.toEqual({ status });
      const { runId } = await handle.describe();
      const before = await written(id);

      const retries = await Promise.all(Array.from({ length: 5 }, () => submit(proposal(key))));
      for (const r of retries) {
        expect(r.errors).toBeUndefined();
        expect(r.data!.submitApplication).toEqual({ id, status });
      }
      const conflict = await submit(proposal(key, { title: 'Otro pozo' }));
      expect(errorCodes(conflict)).toEqual(['CONFLICT']);

      expect(await written(id)).toEqual(before);
      const runs = await runsOf(id);
      expect(runs).toEqual([{ runId, status: 'COMPLETED' }]);
      expect((await handle.describe()).runId).toBe(runId);
    },
  );
});

describe('submitCallApplication with an idempotency key', () => {
  let ngo: string;
  const application = (idempotencyKey: string, extra: Record<string, unknown> = {}) => ({
    callKey: CALL,
    applicantOrganisationId: ngo,
    title: 'Fortalecimiento municipal',
    sector: 'GOVERNANCE',
    countryOfOrigin: 'EC',
    objective: 'LOCAL_INSTITUTIONAL_CAPACITY',
    totalAmount: '200000.00',
    requestedAmount: '170000.00',
    implementingNgoOrganisationId: orgs.get('Fundación Esquel'),
    idempotencyKey,
    ...extra,
  });
  const ngoToken = () => mintToken({ sub: 'ngo-member', org: ngo, roles: ['member'] });
  const submitCall = (input: Record<string, unknown>) =>
    gql<{ submitCallApplication: { id: string } }>(stack.url, SUBMIT_CALL, { input }, ngoToken());

  beforeAll(async () => {
    ngo = await registerOrganisation(stack, {
      name: 'ONG Idempotente',
      kind: 'NGO',
      countryOfResidence: 'ES',
      jurisdictionCode: 'ES-MD-28079',
    });
    const madrid = orgs.get('Ayuntamiento de Madrid')!;
    // Far enough ahead that a submission is still early once the call is published, on a
    // busy machine (the window is written to the second, so it may open up to 1 s sooner).
    const opens = new Date(Date.now() + 5000);
    const closes = new Date(opens.getTime() + 120_000);
    const file = parse(
      readFileSync(
        join(__dirname, '..', '..', 'calls', 'es-madrid-ayuntamiento-2008.yaml'),
        'utf8',
      ),
    ) as Record<string, unknown>;
    const definition = {
      ...file,
      key: CALL,
      window: {
        opens: localTime(opens, 'Europe/Madrid'),
        closes: localTime(closes, 'Europe/Madrid'),
        timeZone: 'Europe/Madrid',
      },
    };
    const published = await within(
      gql(
        stack.url,
        `mutation($input: PublishCallInput!) { publishCall(input: $input) { id } }`,
        { input: { definition: stringify(definition), issuerOrganisationId: madrid } },
        mintToken({ sub: 'issuer-admin', org: madrid, roles: ['org-admin'] }),
      ),
      15_000,
      'publishCall',
    );
    expect(published.errors).toBeUndefined();
    // Too early: the workflow refuses it at the database's clock, and writes no application.
    const early = await submitCall(application('too-early'));
    expect(errorCodes(early)).toEqual(['CONFLICT']);
    expect(early.errors![0].message).toMatch(/not open yet/);
    await new Promise((r) => setTimeout(r, opens.getTime() - Date.now() + 300));
  });

  it('a retry of a refused submission, even once the call is open, answers the refusal again and writes nothing', async () => {
    const id = applicationIdFor('ngo-member', 'too-early');
    const retry = await submitCall(application('too-early'));
    expect(errorCodes(retry)).toEqual(['CONFLICT']);
    expect(retry.errors![0].message).toMatch(/not open yet/);
    expect(await written(id)).toMatchObject({ applications: 0, events: 0, transitions: 0 });
    const runs = await runsOf(id);
    expect(runs).toEqual([expect.objectContaining({ status: 'COMPLETED' })]);
    await expect(
      temporal().workflow.getHandle(applicationWorkflowId(id)).result(),
    ).resolves.toMatchObject({
      status: 'REFUSED',
    });
    // A new key is a new submission.
    const fresh = await submitCall(application('in-time'));
    expect(fresh.errors).toBeUndefined();
  });

  it('50 identical requests at once make one application, and the same key with another request is a conflict', async () => {
    const key = 'call-50';
    const expected = applicationIdFor('ngo-member', key);
    const callApplications = async () =>
      (
        await sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM application a JOIN call c ON c.id = a.call_id WHERE c.key = $1`,
          [CALL],
        )
      )[0].n;
    const before = await callApplications();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => submitCall(application(key))),
    );
    expect(new Set(ids(responses, 'submitCallApplication'))).toEqual(new Set([expected]));
    expect(await callApplications()).toBe(before + 1);
    const [{ entries }] = await sql<{ entries: number }>(
      `SELECT count(*)::int AS entries FROM selection_entry WHERE application_id = $1`,
      [expected],
    );
    expect(entries).toBe(1);
    expect(await runsOf(expected)).toEqual([expect.objectContaining({ status: 'RUNNING' })]);
    expect(await submitsAccepted(expected)).toBe(1);

    const writtenBefore = await written(expected);
    const conflict = await submitCall(application(key, { requestedAmount: '150000.00' }));
    expect(errorCodes(conflict)).toEqual(['CONFLICT']);
    expect(await written(expected)).toEqual(writtenBefore);
    expect(await callApplications()).toBe(before + 1);
  });

  it('a retry after the call application was withdrawn returns it, with no new workflow run', async () => {
    const key = 'call-withdrawn';
    const first = await submitCall(application(key));
    expect(first.errors).toBeUndefined();
    const id = first.data!.submitCallApplication.id;
    const withdrawn = await gql<{ withdrawApplication: { status: string } }>(
      stack.url,
      WITHDRAW,
      { i: { applicationId: id, reason: 'partner left' } },
      ngoToken(),
    );
    expect(withdrawn.errors).toBeUndefined();
    const handle = temporal().workflow.getHandle(applicationWorkflowId(id));
    await expect(handle.result()).resolves.toEqual({ status: 'WITHDRAWN' });
    const { runId } = await handle.describe();
    const before = await written(id);
    const retry = await submitCall(application(key));
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.submitCallApplication.id).toBe(id);
    const app = await gql<{ application: { status: string } }>(
      stack.url,
      `query($id: ID!) { application(id: $id) { ${APPLICATION_FIELDS} } }`,
      { id },
    );
    expect(app.data!.application.status).toBe('WITHDRAWN');
    expect(await written(id)).toEqual(before);
    expect(await runsOf(id)).toEqual([{ runId, status: 'COMPLETED' }]);
  });
});
