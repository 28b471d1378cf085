import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { addWorkingDays } from '@codev/domain/calendar';
import { localTime } from '../../apps/api/src/cli/demo-call';
import { loadDemoWorld, registerOrganisation, tokenFor } from '../support/demo-world';
import { errorCodes, gql } from '../support/graphql-client';
import { startTestStack, TestStack } from '../support/test-stack';
import { mintToken } from '../support/tokens';

const CALLS = join(__dirname, '..', '..', 'calls');
const PUBLISH = `mutation($input: PublishCallInput!) { publishCall(input: $input) { id key status opensAt closesAt budget } }`;
const SUBMIT = `mutation($input: SubmitCallApplicationInput!) { submitCallApplication(input: $input) { id submittedAt } }`;

let stack: TestStack;
let orgs: Map<string, string>;
let ngo: string;
let donostia: string;

/**
 * A call of calls/ with its window moved to the coming month: a call is published before its
 * window closes (the files keep the dates the calls had).
 */
const callFile = (file: string) => {
  const call = parse(readFileSync(join(CALLS, file), 'utf8')) as Record<string, unknown>;
  const window = call.window as { timeZone: string };
  const opens = new Date(Date.now() + 86_400_000);
  const closes = new Date(opens.getTime() + 30 * 86_400_000);
  call.window = {
    ...window,
    opens: localTime(opens, window.timeZone),
    closes: localTime(closes, window.timeZone),
  };
  return call;
};
const issuerToken = (id: string) =>
  mintToken({ sub: 'issuer-admin', org: id, roles: ['org-admin'] });

const madridTime = (instant: Date) => localTime(instant, 'Europe/Madrid');

const register = (input: Record<string, unknown>) => registerOrganisation(stack, input);

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

  it('is refused when its window has already closed, writing nothing', async () => {
    const closed: Record<string, unknown> = {
      ...callFile('es-donostia-2010.yaml'),
      key: 'es-donostia-2010-closed',
    };
    closed.window = {
      ...(closed.window as object),
      opens: '2010-06-01T09:00',
      closes: '2010-06-30T14:00',
    };
    const res = await gql(
      stack.url,
      PUBLISH,
      { input: { definition: stringify(closed), issuerOrganisationId: donostia } },
      issuerToken(donostia),
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([
      {
        path: 'definition.window.closes',
        message:
          '2010-06-30T14:00 (Europe/Madrid) has passed: a call is published before its window closes',
      },
    ]);
    expect(
      await stack.db.dataSource.query(`SELECT 1 FROM call WHERE key = 'es-donostia-2010-closed'`),
    ).toEqual([]);
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
    implementingNgoOrganisationId: orgs.get('Fundación Esquel'),
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

    // 40 submissions spread over the last and first 1.5 s around the close.
    const burst = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const at = closesAt - 1500 + i * 75;
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
    // None of these applications carries its documents: each is defective and has 10 working
    // days of the issuer's calendar (Madrid's region) to fix them, ending at midnight local time.
    let fixBy: string | null = null;
    for (let i = 0; i < 50 && !fixBy; i++) {
      fixBy = (
        await gql<{ call: { phaseDeadline: string | null } }>(
          stack.url,
          '{ call(key: "es-madrid-window-test") { phaseDeadline } }',
        )
      ).data!.call.phaseDeadline;
      if (!fixBy) await new Promise((r) => setTimeout(r, 200));
    }
    const expected = addWorkingDays(new Date(closesAt), {
      workingDays: 10,
      calendar: { country: 'ES', subdivision: 'ES-MD' },
      timeZone: 'Europe/Madrid',
    });
    expect(new Date(fixBy!).toISOString()).toBe(expected.toISOString());
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
      // Donostia asks for applicants registered in the municipality; this one is in Madrid.
      'input.applicantOrganisationId',
    ]);
  });
});

describe('a competitive call from close to final resolution', () => {
  const KEY = 'es-madrid-procedure-test';
  const madrid = () => orgs.get('Ayuntamiento de Madrid')!;
  const evaluator = (sub: string) => mintToken({ sub, org: madrid(), roles: ['evaluator'] });
  const READ = `query { call(key: "${KEY}") { status phaseDeadline applications { id title status defects rank totalScore granted projectApplicationId applicant { name } } } }`;
  type View = {
    status: string;
    phaseDeadline: string | null;
    applications: {
      id: string;
      title: string;
      status: string;
      defects: string[];
      rank: number | null;
      totalScore: string | null;
      granted: string | null;
      projectApplicationId: string | null;
      applicant: { name: string };
    }[];
  };
  const read = async () => (await gql<{ call: View }>(stack.url, READ)).data!.call;
  const waitFor = async (predicate: (c: View) => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = await read();
      if (predicate(c)) return c;
      if (Date.now() > deadline)
        throw new Error(`call never reached the expected state: ${JSON.stringify(c)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const WITHDRAW =
    'mutation($i: WithdrawApplicationInput!) { withdrawApplication(input: $i) { status } }';

  it('checks completeness, ranks with the tie-break, allocates, hears objections, resolves, and moves the reserve up', async () => {
    const association = await register({
      name: 'Asociación de Ecuatorianos en Madrid',
      kind: 'IMMIGRANT_ASSOCIATION',
      countryOfResidence: 'ES',
      jurisdictionCode: 'ES-MD-28079',
      originJurisdictionCode: 'EC',
    });
    const opens = new Date(Date.now() + 2000);
    const closes = new Date(opens.getTime() + 3000);
    const definition = {
      ...callFile('es-madrid-ayuntamiento-2008.yaml'),
      key: KEY,
      budget: '600000.00',
      requiredDocuments: ['PROJECT_DOCUMENT', 'BUDGET'],
      window: { opens: madridTime(opens), closes: madridTime(closes), timeZone: 'Europe/Madrid' },
      defectFixPeriod: { seconds: 4 },
      objectionsPeriod: { seconds: 4 },
    };
    const published = await gql(
      stack.url,
      PUBLISH,
      { input: { definition: stringify(definition), issuerOrganisationId: madrid() } },
      issuerToken(madrid()),
    );
    expect(published.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, opens.getTime() - Date.now() + 200));

    const docs = (...types: string[]) =>
      types.map((documentType) => ({
        documentType,
        uri: `https://docs.example.org/${documentType}.pdf`,
      }));
    const apply = async (
      title: string,
      applicant: string,
      requested: string,
      documents = docs('PROJECT_DOCUMENT', 'BUDGET'),
    ) => {
      const token = mintToken({ sub: `member-${title}`, org: applicant, roles: ['member'] });
      const res = await gql<{ submitCallApplication: { id: string } }>(
        stack.url,
        SUBMIT,
        {
          input: {
            callKey: KEY,
            applicantOrganisationId: applicant,
            title,
            sector: 'GOVERNANCE',
            countryOfOrigin: 'EC',
            objective: 'LOCAL_INSTITUTIONAL_CAPACITY',
            totalAmount: '300000.00',
            requestedAmount: requested,
            implementingNgoOrganisationId: orgs.get('Fundación Esquel'),
            documents,
          },
        },
        token,
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return { id: res.data!.submitCallApplication.id, token };
    };
    const a = await apply('A', ngo, '200000.00');
    const b = await apply('B', association, '200000.00');
    const c = await apply('C', ngo, '200000.00');
    const d = await apply('D', association, '50000.00', docs('PROJECT_DOCUMENT'));
    const e = await apply('E', ngo, '100000.00', docs('PROJECT_DOCUMENT'));
    const f = await apply('F', ngo, '100000.00');

    // Completeness: D and E lack their budget; D fixes it in time, E does not.
    let call = await waitFor((x) => x.status === 'CLOSED' && x.phaseDeadline !== null);
    // Each names who applied.
    expect(call.applications.find((x) => x.id === b.id)?.applicant).toEqual({
      name: 'Asociación de Ecuatorianos en Madrid',
    });
    expect(call.applications.find((x) => x.id === d.id)).toMatchObject({
      status: 'DEFECTIVE',
      defects: ['a BUDGET document is missing'],
    });
    const COMPLETE =
      'mutation($i: CompleteCallApplicationInput!) { completeCallApplication(input: $i) { status } }';
    expect(
      (
        await gql(
          stack.url,
          COMPLETE,
          { i: { applicationId: d.id, documents: docs('BUDGET') } },
          d.token,
        )
      ).errors,
    ).toBeUndefined();
    call = await waitFor((x) => x.status === 'EVALUATION');
    // Who must act: the issuer, evaluating.
    const NEXT = `query { call(key: "${KEY}") { nextActions { party organisationIds what dueAt } } }`;
    const next = await gql<{
      call: { nextActions: { party: string; organisationIds: string[] }[] };
    }>(stack.url, NEXT);
    expect(next.data!.call.nextActions).toEqual([
      expect.objectContaining({ party: 'ISSUER', organisationIds: [madrid()] }),
    ]);
    expect(call.applications.find((x) => x.id === e.id)?.status).toBe('SET_ASIDE');
    expect(
      errorCodes(
        await gql(
          stack.url,
          COMPLETE,
          { i: { applicationId: e.id, documents: docs('BUDGET') } },
          e.token,
        ),
      ),
    ).toEqual(['CONFLICT']);

    // Evaluation: two evaluators score everything; a third recuses from A. B and C tie at 80,
    // and the call breaks ties by institutional capacity, where B is stronger.
    const marks: [string, number[]][] = [
      [a.id, [9, 9, 9, 9]],
      [b.id, [7, 9, 8, 8]],
      [c.id, [9, 7, 8, 8]],
      [d.id, [7, 7, 7, 7]],
      [f.id, [4, 4, 4, 4]],
    ];
    const criteria = ['relevance', 'institutional-capacity', 'counterpart', 'sustainability'];
    const SCORE =
      'mutation($i: ScoreCallApplicationInput!) { scoreCallApplication(input: $i) { accepted } }';
    const RECUSE =
      'mutation($i: CallApplicationReasonInput!) { recuseFromCallApplication(input: $i) { accepted } }';
    expect(
      (
        await gql(
          stack.url,
          RECUSE,
          { i: { applicationId: a.id, text: 'I advised the applicant' } },
          evaluator('ev3'),
        )
      ).errors,
    ).toBeUndefined();
    const recusedScore = await gql(
      stack.url,
      SCORE,
      {
        i: {
          applicationId: a.id,
          scores: criteria.map((criterionId) => ({ criterionId, score: '10', reason: 'x' })),
        },
      },
      evaluator('ev3'),
    );
    expect(errorCodes(recusedScore)).toEqual(['CONFLICT']);
    const CLOSE = `mutation { closeCallEvaluation(callKey: "${KEY}") { status } }`;
    expect(errorCodes(await gql(stack.url, CLOSE, {}, issuerToken(madrid())))).toEqual([
      'BAD_USER_INPUT',
    ]);
    for (const ev of ['ev1', 'ev2']) {
      for (const [applicationId, m] of marks) {
        const res = await gql(
          stack.url,
          SCORE,
          {
            i: {
              applicationId,
              scores: criteria.map((criterionId, k) => ({
                criterionId,
                score: String(m[k]),
                reason: `${ev} on ${criterionId}`,
              })),
            },
          },
          evaluator(ev),
        );
        expect(res.errors).toBeUndefined();
      }
    }
    const outOfRange = await gql(
      stack.url,
      SCORE,
      {
        i: {
          applicationId: b.id,
          scores: criteria.map((criterionId) => ({ criterionId, score: '11', reason: 'x' })),
        },
      },
      evaluator('ev4'),
    );
    expect(errorCodes(outOfRange)).toEqual(['BAD_USER_INPUT']);
    // While the evaluation runs, the standings are the issuer's: sealed to the public and to
    // applicants, the reasons to everyone but the issuer.
    const STANDING = `query { call(key: "${KEY}") { applications { id totalScore rank assessments { evaluator criterionId score reason } } } }`;
    type Standing = {
      call: {
        applications: {
          id: string;
          totalScore: string | null;
          rank: number | null;
          assessments: { evaluator: string; criterionId: string; reason: string }[] | null;
        }[];
      };
    };
    const standing = async (token?: string) =>
      (await gql<Standing>(stack.url, STANDING, {}, token)).data!.call.applications.find(
        (x) => x.id === a.id,
      )!;
    expect(await standing()).toMatchObject({ totalScore: null, rank: null, assessments: null });
    expect(await standing(a.token)).toMatchObject({ totalScore: null, assessments: null });
    const issuerView = await standing(issuerToken(madrid()));
    expect(issuerView.assessments).toContainEqual({
      evaluator: 'evaluator 1',
      criterionId: 'relevance',
      score: expect.any(String),
      reason: 'ev1 on relevance',
    });
    // Its results are not open data before they are published.
    expect((await fetch(`${stack.url}/exports/calls/${KEY}/results.csv`)).status).toBe(404);
    expect((await gql(stack.url, CLOSE, {}, issuerToken(madrid()))).errors).toBeUndefined();
    // Closing twice is a conflict, whether the API's check or the workflow's validator sees it first.
    expect(errorCodes(await gql(stack.url, CLOSE, {}, issuerToken(madrid())))).toEqual([
      'CONFLICT',
    ]);

    // Provisional resolution: A, B, C funded to the budget; D on the reserve; F below 50.
    call = await waitFor((x) => x.status === 'PROVISIONAL');
    const byTitle = Object.fromEntries(call.applications.map((x) => [x.title, x]));
    expect(
      ['A', 'B', 'C', 'D', 'E', 'F'].map((t) => [
        t,
        byTitle[t].status,
        byTitle[t].rank,
        byTitle[t].totalScore,
      ]),
    ).toEqual([
      ['A', 'FUNDED', 1, '90.0000'],
      ['B', 'FUNDED', 2, '80.0000'],
      ['C', 'FUNDED', 3, '80.0000'],
      ['D', 'RESERVE', 4, '70.0000'],
      ['E', 'SET_ASIDE', null, null],
      ['F', 'EXCLUDED', 5, '40.0000'],
    ]);
    const results = await (await fetch(`${stack.url}/exports/calls/${KEY}/results.csv`)).text();
    expect(results.split('\n').slice(0, 2)).toEqual([
      'rank,title,applicant,status,total_score,requested,granted,currency',
      expect.stringMatching(/^1,A,ONG Codesarrollo Madrid,FUNDED,90\.0000,200000\.00,[\d.]+,EUR$/),
    ]);
    // Published: the applicant reads why; another applicant and the public do not.
    const ownView = await standing(a.token);
    expect(ownView.totalScore).toBe('90.0000');
    expect(ownView.assessments!.map((x) => x.reason)).toContain('ev2 on sustainability');
    expect((await standing(b.token)).assessments).toBeNull();
    expect(await standing()).toMatchObject({ totalScore: '90.0000', assessments: null });
    // The issuer hears of objections to this call's applications, not of another call's.
    const SUBSCRIBE = `mutation($i: SubscribeToNotificationsInput!) { subscribeToNotifications(input: $i) { id callId } }`;
    const subscribe = async (callKey: string) =>
      (
        await gql<{ subscribeToNotifications: { id: string; callId: string } }>(
          stack.url,
          SUBSCRIBE,
          {
            i: {
              channel: 'EMAIL',
              target: 'registro@madrid.es',
              language: 'es',
              callKey,
              kinds: ['OBJECTION_LODGED', 'OBJECTION_ANSWERED'],
            },
          },
          issuerToken(madrid()),
        )
      ).data!.subscribeToNotifications.id;
    const thisCall = await subscribe(KEY);
    const otherCall = await subscribe('es-madrid-window-test');
    const OBJECT =
      'mutation($i: CallApplicationReasonInput!) { lodgeCallObjection(input: $i) { accepted } }';
    expect(
      (
        await gql(
          stack.url,
          OBJECT,
          { i: { applicationId: d.id, text: 'Our counterpart capacity was underrated' } },
          d.token,
        )
      ).errors,
    ).toBeUndefined();
    // The resolving body answers it, with its reasons, into the application's history.
    const ANSWER =
      'mutation($i: AnswerCallObjectionInput!) { answerCallObjection(input: $i) { accepted outcome } }';
    const answer = (objection: string, decision: string, token: string) =>
      gql<{ answerCallObjection: { outcome: string } }>(
        stack.url,
        ANSWER,
        {
          i: {
            applicationId: d.id,
            objection,
            decision,
            text: 'The counterpart letter was weighed under criterion 3',
          },
        },
        token,
      );
    expect(errorCodes(await answer('1', 'DISMISSED', d.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await answer('2', 'DISMISSED', issuerToken(madrid())))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect((await answer('1', 'DISMISSED', issuerToken(madrid()))).data).toEqual({
      answerCallObjection: { accepted: true, outcome: 'DISMISSED' },
    });
    expect((await answer('1', 'DISMISSED', issuerToken(madrid()))).errors).toBeUndefined();
    expect(errorCodes(await answer('1', 'UPHELD', issuerToken(madrid())))).toEqual(['CONFLICT']);
    const announced = async (subscription: string) =>
      (
        (await stack.db.dataSource.query(
          `SELECT kind FROM notification_outbox WHERE subscription_id = $1 ORDER BY id`,
          [subscription],
        )) as { kind: string }[]
      ).map((r) => r.kind);
    expect(await announced(thisCall)).toEqual(['OBJECTION_LODGED', 'OBJECTION_ANSWERED']);
    expect(await announced(otherCall)).toEqual([]);
    const HISTORY = `query($id: ID!) { application(id: $id) { history { kind reason detail } } }`;
    const history = (
      await gql<{ application: { history: { kind: string; reason: string; detail: object }[] } }>(
        stack.url,
        HISTORY,
        { id: d.id },
      )
    ).data!.application.history;
    expect(history.filter((e) => e.kind.startsWith('OBJECTION_'))).toEqual([
      {
        kind: 'OBJECTION_LODGED',
        reason: 'Our counterpart capacity was underrated',
        detail: { objection: 1 },
      },
      {
        kind: 'OBJECTION_ANSWERED',
        reason: 'The counterpart letter was weighed under criterion 3',
        detail: { objection: 1, decision: 'DISMISSED' },
      },
    ]);

    // Final resolution: the grants are committed to the call's envelope.
    call = await waitFor((x) => x.status === 'RESOLVED');
    expect(
      errorCodes(
        await gql(stack.url, OBJECT, { i: { applicationId: d.id, text: 'late' } }, d.token),
      ),
    ).toEqual(['CONFLICT']);
    const envelope = async () =>
      (
        await stack.db.dataSource.query(
          `SELECT committed::text FROM envelope WHERE funder_role = $1`,
          [`call:${KEY}`],
        )
      )[0].committed;
    expect(await envelope()).toBe('600000.000000');

    // Each funded project now follows the programme's procedure: the 70% advance is paid at
    // once, the rest when the issuer accepts the final justification.
    const projectOf = (title: string) =>
      call.applications.find((x) => x.title === title)!.projectApplicationId!;
    const PROJECT = `query($id: ID!) { application(id: $id) { status parties { role organisation { name } } ledger { role committed disbursed } } }`;
    type Project = {
      status: string;
      parties: { role: string; organisation: { name: string } }[];
      ledger: { role: string; committed: string; disbursed: string }[];
    };
    const project = async (title: string) =>
      (await gql<{ application: Project }>(stack.url, PROJECT, { id: projectOf(title) })).data!
        .application;
    const waitProject = async (title: string, predicate: (p: Project) => boolean) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const p = await project(title);
        if (predicate(p)) return p;
        if (Date.now() > deadline)
          throw new Error(
            `project ${title} never reached the expected state: ${JSON.stringify(p)}`,
          );
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const disbursed = (p: Project) =>
      Object.fromEntries(p.ledger.map((b) => [b.role, Number(b.disbursed)]));
    let projectA = await waitProject('A', (p) => p.ledger.some((b) => Number(b.disbursed) > 0));
    expect(projectA.parties.map((p) => [p.role, p.organisation.name]).sort()).toEqual([
      ['applicant', 'ONG Codesarrollo Madrid'],
      ['implementing-ngo', 'Fundación Esquel'],
      ['issuer', 'Ayuntamiento de Madrid'],
    ]);
    expect(disbursed(projectA)).toEqual({ applicant: 70000, issuer: 140000 });
    const issuerMember = mintToken({ sub: 'madrid-officer', org: madrid(), roles: ['member'] });
    const REPORT =
      'mutation($i: FileReportInput!) { fileMonitoringReport(input: $i) { accepted } }';
    for (const reportType of ['INTERIM_JUSTIFICATION', 'FINAL_JUSTIFICATION']) {
      await waitProject('A', (p) => p.status === 'IN_EXECUTION');
      const res = await gql(
        stack.url,
        REPORT,
        {
          i: {
            applicationId: projectOf('A'),
            stageId: 'justification',
            reportType,
            uri: `https://docs.example.org/${reportType}.pdf`,
            summary: 'Accounts justified',
          },
        },
        issuerMember,
      );
      expect(res.errors).toBeUndefined();
    }
    projectA = await waitProject('A', (p) => p.status === 'COMPLETED');
    expect(disbursed(projectA)).toEqual({ applicant: 100000, issuer: 200000 });
    const completedWithdrawal = await gql(
      stack.url,
      WITHDRAW,
      { i: { applicationId: a.id, reason: 'too late' } },
      a.token,
    );
    expect(errorCodes(completedWithdrawal)).toEqual(['CONFLICT']);

    // B withdraws after its advance was paid: what it still had committed (30%) is released and
    // its project stops; D, first on the reserve, fits in what came back and moves up.
    await waitProject('B', (p) => p.ledger.some((b) => Number(b.disbursed) > 0));
    const withdrawn = await gql<{ withdrawApplication: { status: string } }>(
      stack.url,
      WITHDRAW,
      { i: { applicationId: b.id, reason: 'the counterpart dissolved' } },
      b.token,
    );
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data!.withdrawApplication.status).toBe('WITHDRAWN');
    // The call's workflow hears of it and moves the reserve list up.
    call = await waitFor((x) => x.applications.find((y) => y.title === 'D')?.status === 'FUNDED');
    expect(
      call.applications.map((x) => [
        x.title,
        x.status,
        x.granted === null ? null : Number(x.granted),
      ]),
    ).toEqual([
      ['A', 'FUNDED', 200000],
      ['B', 'WITHDRAWN', 200000],
      ['C', 'FUNDED', 200000],
      ['D', 'FUNDED', 50000],
      ['E', 'SET_ASIDE', null],
      ['F', 'EXCLUDED', null],
    ]);
    const projectB = await project('B');
    expect(projectB.status).toBe('WITHDRAWN');
    expect(projectB.ledger.every((b) => Number(b.committed) === 0)).toBe(true);
    // 600,000 committed − 60,000 released by B + 50,000 for D.
    expect(await envelope()).toBe('590000.000000');
    await waitProject('D', (p) => p.ledger.some((b) => Number(b.disbursed) > 0));
  });
});
