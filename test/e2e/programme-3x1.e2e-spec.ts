import {
  atStage,
  loadDemoWorld,
  readApplication,
  step,
  stepError,
  SUBMIT,
  tokenFor,
  waitForApplication,
} from '../support/demo-world';
import { errorCodes, gql } from '../support/graphql-client';
import { startTestStack, TestStack } from '../support/test-stack';

let stack: TestStack;
let orgs: Map<string, string>;
const CLUB = 'Club Jerezano de Los Ángeles';
const JEREZ = 'Municipio de Jerez';
const STATE = 'Gobierno del Estado de Zacatecas';
const DELEGATION = 'SEDESOL Delegación Zacatecas';
const SEDESOL = 'SEDESOL';
const COPLADE = 'COPLADE Zacatecas';
const WORKS = 'Comité de Obra de Jerez';

beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  orgs = await loadDemoWorld(stack);
});
afterAll(() => stack?.close());

/** Within a peso: the club's part, paid in dollars, is worth its MXN share give or take centavos. */
const near = (amount: string, expected: number) => Math.abs(Number(amount) - expected) < 1;

function potableWaterInJerez(overrides: Record<string, unknown> = {}) {
  return {
    programmeKey: 'mx-3x1',
    title: 'Red de agua potable de Jerez',
    sector: 'POTABLE_WATER',
    projectJurisdictionCode: 'MX-ZAC-020',
    totalAmount: '1000000.00',
    documents: [
      { documentType: 'PROJECT_PROPOSAL', uri: 'https://docs.example.org/jerez/propuesta.pdf' },
    ],
    parties: [
      ['migrants', CLUB],
      ['municipal', JEREZ],
      ['state', STATE],
      ['federal', SEDESOL],
      ['federal-delegation', DELEGATION],
      ['state-planning', COPLADE],
      ['community', WORKS],
      ['works-committee', WORKS],
    ].map(([role, name]) => ({ role, organisationId: orgs.get(name) })),
    ...overrides,
  };
}

async function submit(input = potableWaterInJerez()): Promise<string> {
  const res = await gql<{ submitApplication: { id: string } }>(
    stack.url,
    SUBMIT,
    { input },
    tokenFor(orgs, CLUB),
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.submitApplication.id;
}

async function covamVotes(applicationId: string, stageId: string, vote = 'FOR') {
  for (const [role, name] of [
    ['federal-delegation', DELEGATION],
    ['state', STATE],
    ['municipal', JEREZ],
    ['migrants', CLUB],
  ]) {
    await step(
      stack,
      'castCommitteeVote',
      {
        applicationId,
        stageId,
        role,
        vote,
        reason: `${name} ${vote === 'FOR' ? 'supports' : 'opposes'} the project`,
      },
      tokenFor(orgs, name),
    );
  }
}

describe('3x1 para Migrantes: a potable-water project in Jerez, from proposal to plaque', () => {
  it('runs every step of the 2006 rules, with four equal shares in the ledger and the plaque text', async () => {
    const id = await submit();
    let app = await readApplication(stack, id);
    expect(app.fundingSplit).toEqual([
      {
        role: 'migrants',
        amount: '250000.00',
        coversRole: null,
        pledgedAmount: '14492.75',
        pledgedCurrency: 'USD',
        exchangeRate: '17.25',
      },
      {
        role: 'municipal',
        amount: '250000.00',
        coversRole: null,
        pledgedAmount: null,
        pledgedCurrency: null,
        exchangeRate: null,
      },
      {
        role: 'state',
        amount: '250000.00',
        coversRole: null,
        pledgedAmount: null,
        pledgedCurrency: null,
        exchangeRate: null,
      },
      {
        role: 'federal',
        amount: '250000.00',
        coversRole: null,
        pledgedAmount: null,
        pledgedCurrency: null,
        exchangeRate: null,
      },
    ]);

    await waitForApplication(stack, id, atStage('covam-validation'));
    // A COVAM member from the state government cannot vote for the municipality.
    const wrongSeat = await stepError(
      stack,
      'castCommitteeVote',
      {
        applicationId: id,
        stageId: 'covam-validation',
        role: 'municipal',
        vote: 'FOR',
        reason: 'x',
      },
      tokenFor(orgs, STATE),
    );
    expect(wrongSeat.codes).toEqual(['FORBIDDEN']);
    await covamVotes(id, 'covam-validation');
    await step(
      stack,
      'setDisbursementTimeline',
      {
        applicationId: id,
        stageId: 'covam-validation',
        entries: [
          { role: 'federal', trancheId: 'advance', dueDate: '2026-03-01' },
          { role: 'state', trancheId: 'advance', dueDate: '2026-03-15' },
          { role: 'municipal', trancheId: 'advance', dueDate: '2026-03-15' },
          { role: 'migrants', trancheId: 'advance', dueDate: '2026-02-15' },
        ],
      },
      tokenFor(orgs, DELEGATION),
    );

    await waitForApplication(stack, id, atStage('technical-file'));
    await step(
      stack,
      'submitStageDocument',
      {
        applicationId: id,
        stageId: 'technical-file',
        role: 'municipal',
        documentType: 'TECHNICAL_FILE',
        uri: 'https://docs.example.org/jerez/expediente.pdf',
      },
      tokenFor(orgs, JEREZ),
    );

    await waitForApplication(stack, id, atStage('covam-file-compliance'));
    await covamVotes(id, 'covam-file-compliance');

    await waitForApplication(stack, id, atStage('coplade-review'));
    await step(
      stack,
      'decideReview',
      {
        applicationId: id,
        stageId: 'coplade-review',
        decision: 'APPROVE',
        reason: 'Reviewed with the municipality and the community',
      },
      tokenFor(orgs, COPLADE),
    );

    app = await waitForApplication(stack, id, atStage('delegation-viability'));
    const viability = await waitForApplication(stack, id, (a) =>
      a.deadlines.some((d) => d.stageId === 'delegation-viability'),
    );
    const due = viability.deadlines.find((d) => d.stageId === 'delegation-viability');
    expect(due?.status).toBe('OPEN');
    // 30 working days of the Mexican federal calendar: at least six weeks away.
    expect(new Date(due!.dueAt).getTime() - Date.now()).toBeGreaterThan(40 * 24 * 3600 * 1000);
    await step(
      stack,
      'decideReview',
      { applicationId: id, stageId: 'delegation-viability', decision: 'APPROVE', reason: 'Viable' },
      tokenFor(orgs, DELEGATION),
    );

    await waitForApplication(stack, id, atStage('national-review'));
    await step(
      stack,
      'decideReview',
      {
        applicationId: id,
        stageId: 'national-review',
        decision: 'APPROVE',
        reason: 'Meets the rules',
      },
      tokenFor(orgs, SEDESOL),
    );

    app = await waitForApplication(
      stack,
      id,
      (a) => atStage('works-supervision')(a) && a.ledger.length === 4,
    );
    expect(app.status).toBe('IN_EXECUTION');
    // The advance (50%) is released at once; the rest waits for the works committee's reports.
    await waitForApplication(stack, id, (a) => a.ledger.every((b) => near(b.disbursed, 125000)));

    await step(
      stack,
      'fileMonitoringReport',
      {
        applicationId: id,
        stageId: 'works-supervision',
        reportType: 'PROGRESS_REPORT',
        uri: 'https://docs.example.org/jerez/avance.pdf',
        summary: '60% built',
      },
      tokenFor(orgs, WORKS),
    );
    // The club pays in dollars: its part is worth the MXN share give or take the centavos its
    // rounded pledge leaves (posted as an exchange difference).
    await waitForApplication(stack, id, (a) => a.ledger.every((b) => near(b.disbursed, 200000)));

    const finding = await step(
      stack,
      'raiseFinding',
      {
        applicationId: id,
        stageId: 'works-supervision',
        description: 'Pipes of a lower grade than the technical file',
      },
      tokenFor(orgs, WORKS),
    );
    await step(
      stack,
      'fileMonitoringReport',
      {
        applicationId: id,
        stageId: 'works-supervision',
        reportType: 'COMPLETION_REPORT',
        uri: 'https://docs.example.org/jerez/final.pdf',
        summary: 'Built',
      },
      tokenFor(orgs, WORKS),
    );
    await new Promise((r) => setTimeout(r, 1500));
    app = await readApplication(stack, id);
    expect(app.ledger.every((b) => near(b.disbursed, 200000))).toBe(true); // held back by the finding
    await step(
      stack,
      'resolveFinding',
      {
        applicationId: id,
        stageId: 'works-supervision',
        findingId: finding.findingId,
        resolution: 'Pipes replaced',
      },
      tokenFor(orgs, WORKS),
    );

    await waitForApplication(stack, id, atStage('handover'));
    await step(
      stack,
      'certifyHandover',
      { applicationId: id, stageId: 'handover', remarks: 'Obra entregada a la comunidad' },
      tokenFor(orgs, JEREZ),
    );

    app = await waitForApplication(stack, id, (a) => a.status === 'COMPLETED');
    // Every peso and every dollar committed was paid; the club's dollars, paid at the rate of
    // the day, were worth six centavos less than its share (its pledge was rounded to the cent):
    // an exchange difference the ledger posts on its own.
    const ledger = await gql<{
      application: { ledger: Record<string, unknown>[] };
    }>(
      stack.url,
      `query($id: ID!) { application(id: $id) { ledger { role committed disbursed currency
         inOwnCurrency { committed { amount currency } disbursed { amount currency } }
         exchangeDifference { amount currency } } } }`,
      { id },
    );
    const mxn = (amount: string) => ({ amount, currency: 'MXN' });
    expect(ledger.data!.application.ledger).toEqual([
      ...['federal'].map((role) => ({
        role,
        committed: '0.00',
        disbursed: '250000.00',
        currency: 'MXN',
        inOwnCurrency: { committed: mxn('0.00'), disbursed: mxn('250000.00') },
        exchangeDifference: mxn('0.00'),
      })),
      {
        role: 'migrants',
        committed: '0.00',
        disbursed: '249999.94',
        currency: 'MXN',
        inOwnCurrency: {
          committed: { amount: '0.00', currency: 'USD' },
          disbursed: { amount: '14492.75', currency: 'USD' },
        },
        exchangeDifference: mxn('-0.06'),
      },
      ...['municipal', 'state'].map((role) => ({
        role,
        committed: '0.00',
        disbursed: '250000.00',
        currency: 'MXN',
        inOwnCurrency: { committed: mxn('0.00'), disbursed: mxn('250000.00') },
        exchangeDifference: mxn('0.00'),
      })),
    ]);
    expect(app.plaqueText).toContain('Red de agua potable de Jerez');
    expect(app.plaqueText).toContain(CLUB);
    expect(app.plaqueText).toContain(
      'Municipio de Jerez, Gobierno del Estado de Zacatecas y SEDESOL',
    );
    expect(app.plaqueText).toContain('SEDESOL MXN 250000.00');
    // Each funder's amount in the currency it paid in.
    expect(app.plaqueText).toContain(`${CLUB} USD 14492.75`);
    expect(app.certificate!.commitments.map((c) => c.role)).toEqual([
      'community',
      'municipal',
      'works-committee',
    ]);
    expect(app.disbursementTimeline).toHaveLength(4);
    const kinds = app.history.map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'SUBMITTED',
        'VOTE',
        'COMMITTEE_APPROVED',
        'DOCUMENT_SUBMITTED',
        'REVIEW_APPROVED',
        'FUNDING_COMMITTED',
        'TRANCHE_DISBURSED',
        'FINDING_RAISED',
        'FINDING_RESOLVED',
        'HANDOVER_CERTIFIED',
        'COMPLETED',
      ]),
    );
    const vote = app.history.find((e) => e.kind === 'VOTE' && e.actorRole === 'municipal');
    expect(vote).toMatchObject({
      actorSubject: `user-of-${JEREZ}`,
      reason: `${JEREZ} supports the project`,
    });
    const ledgerRows = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM ledger_transaction WHERE application_id = $1`,
      [id],
    );
    expect(ledgerRows[0].n).toBe(4); // one commitment, three tranches
  });

  it('ends an application that COVAM rejects, with nothing committed, as soon as no vote can save it', async () => {
    const id = await submit();
    await waitForApplication(stack, id, atStage('covam-validation'));
    // Two votes against of four seats: a tie is the best the rest could give, and a tie
    // without a casting vote rejects — the committee decides there and then.
    for (const [role, name] of [
      ['federal-delegation', DELEGATION],
      ['state', STATE],
    ]) {
      const vote = { applicationId: id, stageId: 'covam-validation', role, vote: 'AGAINST' };
      await step(stack, 'castCommitteeVote', { ...vote, reason: 'no' }, tokenFor(orgs, name));
    }
    const app = await waitForApplication(stack, id, (a) => a.status === 'REJECTED');
    expect(app.ledger).toEqual([]);
    expect(app.history.find((e) => e.kind === 'REJECTED')).toMatchObject({
      stageId: 'covam-validation',
      reason: '0 for, 2 against with 2 seat(s) still to vote: no vote left can approve it',
    });
    const lastSeat = await stepError(
      stack,
      'castCommitteeVote',
      {
        applicationId: id,
        stageId: 'covam-validation',
        role: 'migrants',
        vote: 'FOR',
        reason: 'yes',
      },
      tokenFor(orgs, CLUB),
    );
    expect(lastSeat.codes).toEqual(['CONFLICT']);
    const late = await stepError(
      stack,
      'submitStageDocument',
      {
        applicationId: id,
        stageId: 'technical-file',
        role: 'municipal',
        documentType: 'TECHNICAL_FILE',
        uri: 'https://x.org/f.pdf',
      },
      tokenFor(orgs, JEREZ),
    );
    expect(late.codes).toEqual(['CONFLICT']);
  });

  it('refuses an ineligible application with every reason at once and writes nothing', async () => {
    const before = (
      await stack.db.dataSource.query(`SELECT count(*)::int AS n FROM application`)
    )[0].n;
    const input = potableWaterInJerez({
      sector: 'CASINO',
      parties: (potableWaterInJerez().parties as { role: string; organisationId: string }[])
        .filter((p) => p.role !== 'state')
        .map((p) => (p.role === 'municipal' ? { ...p, organisationId: orgs.get(STATE) } : p)),
    });
    const res = await gql(stack.url, SUBMIT, { input }, tokenFor(orgs, CLUB));
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    const paths = (res.errors![0].extensions!.fields as { path: string }[]).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['input.sector', 'input.parties[1].organisationId', 'input.parties']),
    );
    expect(
      (await stack.db.dataSource.query(`SELECT count(*)::int AS n FROM application`))[0].n,
    ).toBe(before);
  });

  it('lets only the applicant club submit its own application', async () => {
    const res = await gql(
      stack.url,
      SUBMIT,
      { input: potableWaterInJerez() },
      tokenFor(orgs, JEREZ),
    );
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
  });
});
