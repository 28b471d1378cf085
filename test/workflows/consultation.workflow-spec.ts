import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { windowFromNow } from '../support/call-window';
import { errorCodes, gql } from '../support/graphql-client';
import { mintToken } from '../support/tokens';
import {
  attempt,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  has,
  member,
  MUNICIPAL,
  programme,
  proposal,
  publish,
  read,
  STATE,
  waitFor,
  World,
} from './support';

// A community priority consultation is a stage kind: the municipality holds it, residents on
// its register propose and vote (one person one vote, the ballot secret), the ranking is
// published when the period ends — and a call's criterion scores projects by it, so the
// community's first priority raises a club's project above another the evaluators marked alike.

const ROOT = join(__dirname, '..', '..');
const CONSULTATION = 'consulta-prioridades-test';
const CALL = 'concurso-con-prioridades-test';
const FIRST_ONLY = 'solo-prioridades-test';
let w: World;
let consultationId: string;

const resident = (n: number, organisation = MUNICIPAL) =>
  mintToken({ sub: `resident-${n}`, org: w.orgs.get(organisation)!, roles: ['resident'] });
const vote = (n: number, ballot: string, organisation?: string) =>
  attempt(
    w,
    'castPriorityVote',
    { applicationId: consultationId, stageId: 'consultation', ballot },
    resident(n, organisation),
  );

beforeAll(async () => {
  w = await bootWorld();
  const demo = parse(
    readFileSync(join(ROOT, 'programmes', 'mx-consulta-prioridades.yaml'), 'utf8'),
  ) as { procedure: { stages: Record<string, unknown>[] } } & Record<string, unknown>;
  demo.procedure.stages[0].period = { seconds: 8 };
  await publish(w, { ...demo, key: CONSULTATION });
  // A first-come programme that funds only what the community put first.
  const firstOnly = programme(FIRST_ONLY, [
    { id: 'eligibility', name: 'Eligibility', kind: 'CHECK' },
  ]);
  Object.assign(firstOnly.eligibility as object, {
    sectors: ['POTABLE_WATER', 'STREET_PAVING'],
    communityPriorities: { top: 1 },
  });
  await publish(w, firstOnly);
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('a community priority consultation', () => {
  it('takes one secret vote per registered resident and publishes the ranking, never the voters', async () => {
    const submitted = await gql<{ submitApplication: { id: string } }>(
      w.stack.url,
      `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`,
      {
        input: {
          programmeKey: CONSULTATION,
          title: 'Consulta de prioridades de obra, Jerez',
          sector: 'GOVERNANCE',
          projectJurisdictionCode: 'MX-ZAC-020',
          totalAmount: '50000.00',
          parties: [{ role: 'municipality', organisationId: w.orgs.get(MUNICIPAL) }],
        },
      },
      member(w, MUNICIPAL),
    );
    if (submitted.errors) throw new Error(JSON.stringify(submitted.errors));
    consultationId = submitted.data!.submitApplication.id;
    await waitFor(w, consultationId, has('CONSULTATION_OPENED'));

    const propose = (token: string, priority: string) =>
      attempt(
        w,
        'proposePriority',
        {
          applicationId: consultationId,
          stageId: 'consultation',
          priority,
          description: 'El camino a la cabecera',
        },
        token,
      );
    expect((await propose(resident(1), 'ROADS')).codes).toEqual([]);
    expect((await propose(resident(2), 'ROADS')).codes).toEqual(['CONFLICT']);
    // A member's token is no resident's credential; another register's resident is not this one's.
    expect((await propose(member(w, MUNICIPAL), 'HOUSING')).codes).toEqual(['FORBIDDEN']);
    expect((await propose(resident(9, STATE), 'HOUSING')).codes).toEqual(['FORBIDDEN']);

    for (const [n, ballot] of [
      [1, 'POTABLE_WATER'],
      [2, 'POTABLE_WATER'],
      [3, 'POTABLE_WATER'],
      [4, 'ROADS'],
      [5, 'STREET_PAVING'],
    ] as const)
      expect((await vote(n, ballot)).codes).toEqual([]);
    expect((await vote(1, 'ROADS')).codes).toEqual(['CONFLICT']);
    expect((await vote(6, 'CASINO')).fields).toEqual([
      { path: 'ballot', message: expect.stringMatching(/^is not on the ballot: POTABLE_WATER, /) },
    ]);
    expect((await vote(7, 'ROADS', CLUB)).codes).toEqual(['FORBIDDEN']);

    const closed = await waitFor(w, consultationId, (a) => a.status === 'COMPLETED');
    const results = await gql<{
      consultationResults: {
        applicationId: string;
        voters: number;
        ranking: { priority: string; votes: number; rank: number }[];
      }[];
    }>(
      w.stack.url,
      `{ consultationResults(jurisdictionCode: "MX-ZAC-020") { applicationId voters ranking { priority votes rank } } }`,
    );
    const [result] = results.data!.consultationResults;
    expect(result.applicationId).toBe(consultationId);
    expect(result.voters).toBe(5);
    expect(result.ranking.slice(0, 3)).toEqual([
      { priority: 'POTABLE_WATER', votes: 3, rank: 1 },
      { priority: 'STREET_PAVING', votes: 1, rank: 2 },
      { priority: 'ROADS', votes: 1, rank: 2 },
    ]);
    // Who voted, and for what, is nowhere public: not in the history (even an administrator's
    // view), and the audit trail says that a resident voted, not how.
    const everything = JSON.stringify(closed.history);
    expect(everything).not.toMatch(/resident-/);
    expect(closed.history.find((e) => e.kind === 'CONSULTATION_RESULT_PUBLISHED')?.detail).toEqual({
      ranking: result.ranking,
      voters: 5,
    });
    const audit = (await w.stack.db.dataSource.query(
      `SELECT arguments FROM audit_entry WHERE operation = 'castPriorityVote'`,
    )) as { arguments: { input: { ballot: string } } }[];
    expect(audit.length).toBeGreaterThanOrEqual(5);
    expect(new Set(audit.map((a) => a.arguments.input.ballot))).toEqual(new Set(['[withheld]']));
    expect((await read(w, consultationId, null)).history.length).toBeGreaterThan(0);
  });

  it('admits to a programme only the projects of the community’s first priority', async () => {
    const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`;
    const paving = await gql(
      w.stack.url,
      SUBMIT,
      { input: proposal(w, FIRST_ONLY, { sector: 'STREET_PAVING' }) },
      member(w, CLUB),
    );
    expect(paving.errors![0].extensions!.fields).toEqual([
      {
        path: 'input.sector',
        message: expect.stringMatching(
          /^STREET_PAVING is not among the first 1 priorities of the community consultation closed \d{4}-\d\d-\d\d \(POTABLE_WATER\)$/,
        ),
      },
    ]);
    const water = await gql(
      w.stack.url,
      SUBMIT,
      { input: proposal(w, FIRST_ONLY) },
      member(w, CLUB),
    );
    expect(water.errors).toBeUndefined();
  });

  it('scores a call’s projects by the consultation: the first priority outranks what evaluators marked alike', async () => {
    const definition = parse(
      readFileSync(join(ROOT, 'calls', 'mx-zac-3x1-concurso-2006.yaml'), 'utf8'),
    ) as { criteria: unknown[] } & Record<string, unknown>;
    definition.criteria.push({
      id: 'priorities',
      label: 'Prioridad de la consulta ciudadana',
      weight: '20',
      maxScore: '10',
      from: { consultation: { points: ['10', '7', '4'] } },
    });
    // And the place's marginalisation (the demo's 2005 index for Jerez, -0.87), 0 at -2.4, 10 at 4.3.
    definition.criteria.push({
      id: 'place',
      label: 'Índice de marginación del municipio',
      weight: '10',
      maxScore: '10',
      from: { indicator: 'marginalisation-index', low: '-2.4', high: '4.3' },
    });
    Object.assign(definition, {
      key: CALL,
      budget: '600000.00',
      maximumPerProject: '600000.00',
      window: windowFromNow(1500, 12000, 'America/Mexico_City'),
      defectFixPeriod: { seconds: 2 },
      objectionsPeriod: { seconds: 2 },
    });
    const state = w.orgs.get(STATE)!;
    const admin = mintToken({ sub: 'zac-admin', org: state, roles: ['org-admin'] });
    const published = await gql(
      w.stack.url,
      `mutation($input: PublishCallInput!) { publishCall(input: $input) { key } }`,
      { input: { definition: stringify(definition), issuerOrganisationId: state } },
      admin,
    );
    expect(published.errors).toBeUndefined();
    const READ = `{ call(key: "${CALL}") { status applications { id title status rank totalScore } } }`;
    type View = {
      status: string;
      applications: {
        id: string;
        title: string;
        status: string;
        rank: number;
        totalScore: string;
      }[];
    };
    const callAt = async (status: string) => {
      const until = Date.now() + 40_000;
      for (;;) {
        const c = (await gql<{ call: View }>(w.stack.url, READ)).data!.call;
        if (c.status === status) return c;
        if (Date.now() > until) throw new Error(`call stayed ${c.status}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await callAt('OPEN');
    const submit = async (title: string, sector: string) => {
      const res = await gql<{ submitCallApplication: { id: string } }>(
        w.stack.url,
        `mutation($i: SubmitCallApplicationInput!) { submitCallApplication(input: $i) { id } }`,
        {
          i: {
            callKey: CALL,
            applicantOrganisationId: w.orgs.get(CLUB),
            title,
            sector,
            countryOfOrigin: 'MX',
            projectJurisdictionCode: 'MX-ZAC-020',
            objective: 'SOCIAL_INFRASTRUCTURE',
            totalAmount: '2000000.00',
            parties: [
              { role: 'municipal', organisationId: w.orgs.get(MUNICIPAL) },
              { role: 'federal', organisationId: w.orgs.get('SEDESOL') },
              { role: 'works-committee', organisationId: w.orgs.get('Comité de Obra de Jerez') },
            ],
            documents: [
              { documentType: 'PROJECT_PROPOSAL', uri: 'https://docs.example.org/p.pdf' },
            ],
          },
        },
        member(w, CLUB),
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data!.submitCallApplication.id;
    };
    // Submitted in this order, so that without the consultation the earlier one would lead.
    const paving = await submit('Pavimentación de la calle Hidalgo', 'STREET_PAVING');
    const water = await submit('Red de agua potable en La Ermita', 'POTABLE_WATER');

    await callAt('EVALUATION');
    const score = (evaluator: string, id: string, criteria: string[]) =>
      gql(
        w.stack.url,
        `mutation($i: ScoreCallApplicationInput!) { scoreCallApplication(input: $i) { accepted } }`,
        {
          i: {
            applicationId: id,
            scores: criteria.map((criterionId) => ({
              criterionId,
              score: '8',
              reason: `${evaluator} on ${criterionId}`,
            })),
          },
        },
        mintToken({ sub: evaluator, org: state, roles: ['evaluator'] }),
      );
    const human = ['marginalisation', 'community', 'feasibility'];
    // The consultation's criterion is marked from data: an evaluator may not mark it.
    const marked = await score('ev-a', water, [...human, 'priorities']);
    expect(errorCodes(marked)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(marked.errors)).toContain('is marked from data, not by evaluators');
    for (const evaluator of ['ev-a', 'ev-b'])
      for (const id of [paving, water])
        expect((await score(evaluator, id, human)).errors).toBeUndefined();
    expect(
      (
        await gql(
          w.stack.url,
          `mutation { closeCallEvaluation(callKey: "${CALL}") { status } }`,
          {},
          admin,
        )
      ).errors,
    ).toBeUndefined();

    // 8/10 on every human criterion (80); the consultation gives water 10/10 (rank 1) and
    // paving 7/10 (rank 2, tied); the place 2.2836/10 to both (1.53 / 6.7 of the scale):
    // (40·80 + 30·80 + 30·80 + 20·100 + 10·22.836) / 130 and (… + 20·70 + 10·22.836) / 130.
    const resolved = await callAt('RESOLVED');
    expect(
      resolved.applications
        .map((a) => [a.id, a.rank, a.totalScore, a.status])
        .sort((a, b) => Number(a[1]) - Number(b[1])),
    ).toEqual([
      [water, 1, '78.6797', 'FUNDED'],
      [paving, 2, '74.0643', 'RESERVE'],
    ]);
  });
});
