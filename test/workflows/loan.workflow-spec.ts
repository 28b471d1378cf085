import {
  act,
  attempt,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  expectOrderedHistory,
  FEDERAL,
  expectRefusedAtSave,
  member,
  microCreditProgramme,
  publish,
  STATE,
  submit,
  trail,
  waitFor,
  World,
} from './support';
import { gql } from '../support/graphql-client';

// LOAN: a migrant entrepreneur's project funded by their own money, a state grant and a
// micro-loan from a partner institution. The institution records the disbursement (dated
// back, as institutions report in batches), the schedule follows on Mexico's working days,
// one instalment goes unpaid into PAR30, the arrears are paid and the loan cured, and the
// rest is repaid early: the stage ends and the application completes. Money in the ledger.

let w: World;
const LENDER = 'Caja Popular de Jerez';
const lender = () => member(w, LENDER);
/** The club borrows, the state gives, the credit union lends. */
const loanParties = () => [
  { role: 'migrants', organisationId: w.orgs.get(CLUB) },
  { role: 'state', organisationId: w.orgs.get(STATE) },
  { role: 'mfi', organisationId: w.orgs.get(LENDER) },
];
const KEY = 'micro-credit';

const definition = () => microCreditProgramme(KEY);

const LOAN = `query($id: ID!, $asOf: String) { application(id: $id) {
  status activeStages ledger { role committed disbursed }
  loans { stageId lenderRole principal { amount currency } fee { amount } totalInterest { amount } disbursedOn
    schedule { number dueOn principal { amount } interest { amount } }
    position(asOf: $asOf) { status principalRepaid { amount } principalOutstanding { amount } interestPaid { amount }
      arrears { amount } daysPastDue ageing overpaid { amount } payoff { amount } guaranteeCalled { amount }
      instalments { number status daysLate } } } } }`;
const PORTFOLIO = `query($key: String!, $asOf: String) { loanPortfolio(programmeKey: $key, asOf: $asOf) {
  currency loans outstanding { amount } atRisk { amount } loansAtRisk percent } }`;

interface LoanView {
  disbursedOn: string;
  schedule: {
    number: number;
    dueOn: string;
    principal: { amount: string };
    interest: { amount: string };
  }[];
  position: {
    status: string;
    payoff: { amount: string };
    guaranteeCalled: { amount: string };
    principalRepaid: { amount: string };
    principalOutstanding: { amount: string };
    interestPaid: { amount: string };
    arrears: { amount: string };
    daysPastDue: number;
    ageing: string;
    overpaid: { amount: string };
    instalments: { number: number; status: string; daysLate: number }[];
  };
}

async function loanOf(id: string, asOf?: string) {
  const res = await gql<{ application: { status: string; loans: LoanView[]; ledger: unknown[] } }>(
    w.stack.url,
    LOAN,
    { id, asOf: asOf ?? null },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.application;
}
async function portfolio() {
  const res = await gql<{ loanPortfolio: unknown[] }>(w.stack.url, PORTFOLIO, {
    key: KEY,
    asOf: null,
  });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.loanPortfolio;
}
/** What the application's ledger transactions of a kind moved (their positive postings). */
async function moved(id: string, kind: string): Promise<string> {
  const [row] = (await w.stack.db.dataSource.query(
    `SELECT sum(p.amount) FILTER (WHERE p.amount > 0)::numeric(24, 2)::text AS amount
       FROM ledger_transaction t JOIN ledger_posting p ON p.transaction_id = t.id
      WHERE t.application_id = $1 AND t.kind = $2`,
    [id, kind],
  )) as { amount: string }[];
  return row.amount;
}
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const today = () => daysAgo(0);
const repay = (id: string, reference: string, amount: string, receivedOn: string) =>
  attempt(
    w,
    'recordLoanRepayment',
    { applicationId: id, stageId: 'micro-loan', reference, amount, receivedOn },
    lender(),
  );

/** A revolving fund with room for one loan at a time, half of its losses guaranteed. */
const revolving = () => {
  const p = definition();
  p.key = 'micro-credit-revolving';
  (p.funding as Record<string, unknown>).envelopes = [{ role: 'mfi', yearlyAmount: '100000.00' }];
  const stages = (p.procedure as { stages: Record<string, unknown>[] }).stages;
  Object.assign(stages[3], { revolving: true, guarantee: { guarantor: 'federal', percent: '50' } });
  return p;
};

beforeAll(async () => {
  w = await bootWorld();
  await publish(w, definition());
  await publish(w, revolving());
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('a LOAN stage', () => {
  it('runs a grant and a micro-loan from proposal to the last repayment, through PAR30 and its cure', async () => {
    const id = await submit(w, KEY, {
      parties: loanParties(),
    });
    await waitFor(w, id, (a) => a.activeStages.includes('micro-loan'));
    // The grant and the own contribution are paid in the tranche; the loan waits for its lender.
    expect((await loanOf(id)).ledger).toEqual([
      { role: 'mfi', committed: '100000.00', disbursed: '0.00' },
      { role: 'migrants', committed: '0.00', disbursed: '40000.00' },
      { role: 'state', committed: '0.00', disbursed: '60000.00' },
    ]);

    // Only the lender records the disbursement, never in the future.
    const disbursement = {
      applicationId: id,
      stageId: 'micro-loan',
      reference: 'D-1',
      disbursedOn: daysAgo(135),
    };
    expect(
      (await attempt(w, 'recordLoanDisbursement', disbursement, member(w, CLUB))).codes,
    ).toEqual(['FORBIDDEN']);
    expect(
      (
        await attempt(
          w,
          'recordLoanDisbursement',
          { ...disbursement, disbursedOn: daysAgo(-3) },
          lender(),
        )
      ).fields,
    ).toEqual([{ path: 'disbursedOn', message: `must not be after ${today()}` }]);
    expect(
      (
        await attempt(
          w,
          'recordLoanRepayment',
          {
            applicationId: id,
            stageId: 'micro-loan',
            reference: 'R-0',
            amount: '1.00',
            receivedOn: today(),
          },
          lender(),
        )
      ).codes,
    ).toEqual(['CONFLICT']);
    await act(w, 'recordLoanDisbursement', disbursement, lender());

    let app = await loanOf(id);
    const [loan] = app.loans;
    expect(loan).toMatchObject({
      disbursedOn: daysAgo(135),
      principal: { amount: '100000.00', currency: 'MXN' },
      fee: { amount: '1000.00' },
      totalInterest: { amount: '16000.00' },
    });
    // Two months of grace (interest only), then six instalments; every due date a working day.
    expect(loan.schedule.map((i) => [i.principal.amount, i.interest.amount])).toEqual([
      ['0.00', '2000.00'],
      ['0.00', '2000.00'],
      ['16666.67', '2000.00'],
      ['16666.67', '2000.00'],
      ['16666.67', '2000.00'],
      ['16666.67', '2000.00'],
      ['16666.66', '2000.00'],
      ['16666.66', '2000.00'],
    ]);
    for (const i of loan.schedule)
      expect([0, 6]).not.toContain(new Date(`${i.dueOn}T12:00:00Z`).getUTCDay());
    expect(app.ledger).toContainEqual({ role: 'mfi', committed: '0.00', disbursed: '100000.00' });
    // Reported late, the loan is seen overdue at once; the stage's timer is set for the end of
    // the next unpaid due date, midnight in Zacatecas.
    let view = await waitFor(w, id, (a) => a.history.some((e) => e.kind === 'LOAN_OVERDUE'));
    const overdue = view.history.find((e) => e.kind === 'LOAN_OVERDUE')!;
    // Two months of interest and two instalments.
    expect(overdue.detail).toMatchObject({ arrears: '41333.34' });
    expect(overdue.detail.daysPastDue).toBeGreaterThan(90);
    const next = loan.schedule.find((i) => i.dueOn >= today())!;
    const midnightAfter = new Date(
      Date.parse(`${next.dueOn}T06:00:00Z`) + 86_400_000,
    ).toISOString();
    expect(view.deadlines).toContainEqual({
      stageId: 'micro-loan',
      dueAt: midnightAfter,
      status: 'OPEN',
    });

    // The grace months paid on time; the first principal instalment is not.
    const [first, second, third] = loan.schedule;
    expect((await repay(id, 'R-1', '2000.00', first.dueOn)).codes).toEqual([]);
    expect((await repay(id, 'R-2', '2000.00', second.dueOn)).codes).toEqual([]);
    // A retry of a receipt changes nothing; the same receipt for another amount is refused.
    expect((await repay(id, 'R-2', '2000.00', second.dueOn)).codes).toEqual([]);
    expect((await repay(id, 'R-2', '2500.00', second.dueOn)).codes).toEqual(['CONFLICT']);
    expect((await repay(id, 'R-3', '10.001', today())).fields).toEqual([
      { path: 'amount', message: '"10.001" has 3 decimals; MXN has 2' },
    ]);

    app = await loanOf(id);
    const late = app.loans[0].position;
    expect(late).toMatchObject({
      status: 'IN_ARREARS',
      principalRepaid: { amount: '0.00' },
      interestPaid: { amount: '4000.00' },
    });
    expect(late.daysPastDue).toBeGreaterThan(30);
    expect(late.daysPastDue).toBe(
      Math.round((Date.parse(today()) - Date.parse(third.dueOn)) / 86_400_000),
    );
    expect(late.instalments.slice(0, 3).map((i) => i.status)).toEqual(['PAID', 'PAID', 'OVERDUE']);
    expect(await portfolio()).toEqual([
      {
        currency: 'MXN',
        loans: 1,
        outstanding: { amount: '100000.00' },
        atRisk: { amount: '100000.00' },
        loansAtRisk: 1,
        percent: '100.00',
      },
    ]);

    // The borrower pays the arrears: cured.
    expect((await repay(id, 'R-3', late.arrears.amount, today())).codes).toEqual([]);
    app = await loanOf(id);
    expect(app.loans[0].position).toMatchObject({
      status: 'CURRENT',
      daysPastDue: 0,
      arrears: { amount: '0.00' },
    });
    expect(app.loans[0].position.instalments[2].daysLate).toBe(late.daysPastDue);
    expect(await portfolio()).toEqual([
      expect.objectContaining({ atRisk: { amount: '0.00' }, percent: '0.00' }),
    ]);

    // The rest repaid early: the next instalment in full, the principal after it; no interest
    // is owed on the months not reached. The stage ends, and with it the application.
    const outstanding = app.loans[0].position.principalOutstanding.amount;
    const rest = (Number(outstanding) + 2000).toFixed(2);
    expect((await repay(id, 'R-4', rest, today())).codes).toEqual([]);
    const done = await waitFor(w, id, (a) => a.status === 'COMPLETED');
    view = done;
    // The loan repaid, its timer is met.
    expect(view.deadlines).toContainEqual(
      expect.objectContaining({ stageId: 'micro-loan', status: 'MET' }),
    );
    expect(trail(done).slice(-4)).toEqual([
      'LOAN_REPAYMENT_RECEIVED:micro-loan',
      'LOAN_REPAID:micro-loan',
      'STAGE_COMPLETED:micro-loan',
      'COMPLETED',
    ]);
    const final = (await loanOf(id)).loans[0].position;
    expect(final).toMatchObject({
      status: 'REPAID',
      principalRepaid: { amount: '100000.00' },
      principalOutstanding: { amount: '0.00' },
      overpaid: { amount: '0.00' },
    });
    expect(await portfolio()).toEqual([]);
    // The application has ended: a further receipt is refused, saying so.
    const after = await repay(id, 'R-5', '1.00', today());
    expect(after.codes).toEqual(['CONFLICT']);
    expect(after.message).toMatch(/COMPLETED|completed|closed/);

    // The one ledger: each receipt split into principal and interest, balanced in every currency.
    const rows = (await w.stack.db.dataSource.query(
      `SELECT t.kind, sum(p.amount)::text AS net, sum(p.amount) FILTER (WHERE p.amount > 0)::text AS moved
         FROM ledger_transaction t JOIN ledger_posting p ON p.transaction_id = t.id
        WHERE t.application_id = $1 AND t.kind IN ('LOAN_DISBURSEMENT', 'LOAN_REPAYMENT', 'INTEREST_PAYMENT')
        GROUP BY t.kind ORDER BY t.kind`,
      [id],
    )) as { kind: string; net: string; moved: string }[];
    expect(rows.map((r) => [r.kind, Number(r.net), Number(r.moved)])).toEqual([
      ['INTEREST_PAYMENT', 0, 10000],
      ['LOAN_DISBURSEMENT', 0, 100000],
      ['LOAN_REPAYMENT', 0, 100000],
    ]);
    await expectOrderedHistory(w, id);
  });

  it('reschedules the principal in arrears over new instalments; interest already due stays due', async () => {
    const id = await submit(w, KEY, { parties: loanParties() });
    await waitFor(w, id, (a) => a.activeStages.includes('micro-loan'));
    const at = { applicationId: id, stageId: 'micro-loan' };
    await act(
      w,
      'recordLoanDisbursement',
      { ...at, reference: 'D-S', disbursedOn: daysAgo(135) },
      lender(),
    );
    const { schedule } = (await loanOf(id)).loans[0];
    await repay(id, 'R-S1', '2000.00', schedule[0].dueOn);
    await repay(id, 'R-S2', '2000.00', schedule[1].dueOn);
    const yesterday = daysAgo(1);
    await act(
      w,
      'rescheduleLoan',
      { ...at, reference: 'S-1', rescheduledOn: yesterday, instalments: '12' },
      lender(),
    );
    const view = (await loanOf(id)).loans[0].position;
    // The two instalments in arrears keep their interest, overdue; their principal and the
    // rest are spread over twelve new instalments.
    expect(view).toMatchObject({
      status: 'IN_ARREARS',
      arrears: { amount: '4000.00' },
      principalOutstanding: { amount: '100000.00' },
    });
    const fresh = view.instalments.filter((i) => i.number > 8);
    expect(fresh).toHaveLength(12);
    expect(fresh.every((i) => i.status === 'FUTURE')).toBe(true);
    // A receipt dated before the rescheduling is refused; the interest in arrears cures the loan.
    expect((await repay(id, 'R-S3', '4000.00', daysAgo(2))).fields).toEqual([
      { path: 'receivedOn', message: `must be on or after ${yesterday}` },
    ]);
    expect((await repay(id, 'R-S3', '4000.00', today())).codes).toEqual([]);
    const cured = (await loanOf(id)).loans[0].position;
    expect(cured).toMatchObject({ status: 'CURRENT', daysPastDue: 0 });
    expect((await repay(id, 'R-S4', cured.payoff.amount, today())).codes).toEqual([]);
    await waitFor(w, id, (a) => a.status === 'COMPLETED');
    expect(trail(await waitFor(w, id, () => true))).toContain('LOAN_RESCHEDULED:micro-loan');
  });

  it('closes the stage on a write-off, with the outstanding principal written off in the ledger', async () => {
    const id = await submit(w, KEY, {
      parties: loanParties(),
    });
    await waitFor(w, id, (a) => a.activeStages.includes('micro-loan'));
    const step = { applicationId: id, stageId: 'micro-loan' };
    await act(
      w,
      'recordLoanDisbursement',
      { ...step, reference: 'D-9', disbursedOn: daysAgo(200) },
      lender(),
    );
    const { schedule } = (await loanOf(id)).loans[0];
    // Paid late, on the third due date: the two months of interest first, then the third.
    expect((await repay(id, 'R-9', '20666.67', schedule[2].dueOn)).codes).toEqual([]);
    const off = { ...step, reference: 'W-9', writtenOffOn: today(), reason: 'the workshop closed' };
    expect((await attempt(w, 'writeOffLoan', off, member(w, STATE))).codes).toEqual(['FORBIDDEN']);
    await act(w, 'writeOffLoan', off, lender());
    const done = await waitFor(w, id, (a) => a.status === 'COMPLETED');
    expect(trail(done)).toContain('LOAN_CLOSED_WRITTEN_OFF:micro-loan');
    expect((await loanOf(id)).loans[0].position).toMatchObject({
      status: 'WRITTEN_OFF',
      principalRepaid: { amount: '14666.67' },
      principalOutstanding: { amount: '0.00' },
    });
    expect(await moved(id, 'WRITE_OFF')).toBe('85333.33');
  });

  it('posts a receipt once when thirty copies of it race, and answers every copy alike', async () => {
    const id = await submit(w, KEY, { parties: loanParties() });
    await waitFor(w, id, (a) => a.activeStages.includes('micro-loan'));
    const step = { applicationId: id, stageId: 'micro-loan' };
    const disbursements = await Promise.all(
      Array.from({ length: 30 }, () =>
        attempt(
          w,
          'recordLoanDisbursement',
          { ...step, reference: 'D-7', disbursedOn: daysAgo(40) },
          lender(),
        ),
      ),
    );
    expect(disbursements.filter((a) => a.codes.length).map((a) => a.message)).toEqual([]);
    const { schedule } = (await loanOf(id)).loans[0];
    const receipts = await Promise.all(
      Array.from({ length: 30 }, () => repay(id, 'R-7', '2000.00', schedule[0].dueOn)),
    );
    expect(receipts.filter((a) => a.codes.length).map((a) => a.message)).toEqual([]);
    const app = await waitFor(w, id, (a) =>
      a.history.some((e) => e.kind === 'LOAN_REPAYMENT_RECEIVED'),
    );
    expect(app.history.filter((e) => e.kind === 'LOAN_DISBURSED')).toHaveLength(1);
    expect(app.history.filter((e) => e.kind === 'LOAN_REPAYMENT_RECEIVED')).toHaveLength(1);
    expect(await moved(id, 'INTEREST_PAYMENT')).toBe('2000.00');
    expect((await loanOf(id)).ledger).toContainEqual({
      role: 'mfi',
      committed: '0.00',
      disbursed: '100000.00',
    });
  }, 180_000);

  it('a revolving fund lends again what is repaid; a guarantee fund pays its share of a write-off', async () => {
    const key = 'micro-credit-revolving';
    const parties = [...loanParties(), { role: 'federal', organisationId: w.orgs.get(FEDERAL) }];
    const envelope = async () =>
      (
        (await w.stack.db.dataSource.query(
          `SELECT e.committed::numeric(24, 2)::text AS c FROM envelope e JOIN programme p ON p.id = e.programme_id
            WHERE p.key = $1 AND e.funder_role = 'mfi'`,
          [key],
        )) as { c: string }[]
      )[0]?.c;
    const first = await submit(w, key, { parties });
    await waitFor(w, first, (a) => a.activeStages.includes('micro-loan'));
    expect(await envelope()).toBe('100000.00');
    // The fund is lent out: the next project cannot be committed.
    const second = await submit(w, key, { parties });
    const refused = await waitFor(w, second, (a) => a.status === 'REJECTED');
    expect(refused.history.at(-1)!.reason).toMatch(
      /the mfi envelope for \d{4} cannot take 100000\.00 MXN more/,
    );

    // The first loan is repaid at once: its principal returns to the fund.
    const step = { applicationId: first, stageId: 'micro-loan' };
    await act(
      w,
      'recordLoanDisbursement',
      { ...step, reference: 'D-A', disbursedOn: today() },
      lender(),
    );
    const payoff = (await loanOf(first)).loans[0].position.payoff.amount;
    expect((await repay(first, 'R-A', payoff, today())).codes).toEqual([]);
    await waitFor(w, first, (a) => a.status === 'COMPLETED');
    expect(await envelope()).toBe('0.00');

    // So a third project can borrow; it is written off after one instalment of principal.
    const third = await submit(w, key, { parties });
    await waitFor(w, third, (a) => a.activeStages.includes('micro-loan'));
    const at = { applicationId: third, stageId: 'micro-loan' };
    await act(
      w,
      'recordLoanDisbursement',
      { ...at, reference: 'D-C', disbursedOn: daysAgo(100) },
      lender(),
    );
    const { schedule } = (await loanOf(third)).loans[0];
    const first3 = schedule
      .slice(0, 3)
      .reduce((sum, i) => sum + Number(i.principal.amount) + Number(i.interest.amount), 0);
    expect((await repay(third, 'R-C', first3.toFixed(2), today())).codes).toEqual([]);
    await act(
      w,
      'writeOffLoan',
      { ...at, reference: 'W-C', writtenOffOn: today(), reason: 'closed' },
      lender(),
    );
    await waitFor(w, third, (a) => a.status === 'COMPLETED');
    const position = (await loanOf(third)).loans[0].position;
    expect(position).toMatchObject({
      status: 'WRITTEN_OFF',
      principalRepaid: { amount: '16666.67' },
      // Half of 83,333.33, rounded half to even.
      guaranteeCalled: { amount: '41666.66' },
    });
    // The fund got back only what was repaid; the guarantee call is in the ledger.
    expect(await envelope()).toBe('83333.33');
    expect(await moved(third, 'GUARANTEE_CALL')).toBe('41666.66');
  });

  it('refuses at save a LOAN whose lender gives a grant, and a loan share no stage lends', async () => {
    const grant = definition();
    (grant.funding as { shares: Record<string, unknown>[] }).shares[2].instrument = 'GRANT';
    await expectRefusedAtSave(w, { ...grant, key: 'micro-credit-grant' }, [
      {
        path: 'definition.procedure.stages[3].lender',
        message: 'the share of "mfi" is a grant: give it instrument: LOAN',
      },
    ]);
    const careless = definition();
    Object.assign((careless.procedure as { stages: Record<string, unknown>[] }).stages[3], {
      revolving: true,
      guarantee: { guarantor: 'nobody', percent: '150' },
    });
    await expectRefusedAtSave(w, { ...careless, key: 'micro-credit-careless' }, [
      {
        path: 'definition.procedure.stages[3].guarantee.guarantor',
        message: '"nobody" is not a party role of this programme',
      },
      { path: 'definition.procedure.stages[3].guarantee.percent', message: 'must be at most 100' },
      {
        path: 'definition.procedure.stages[3].revolving',
        message:
          'a revolving fund lends again from an envelope: give "mfi" one in funding.envelopes',
      },
    ]);
    const unlent = definition();
    (unlent.funding as { shares: Record<string, unknown>[] }).shares[1].instrument = 'LOAN';
    await expectRefusedAtSave(w, { ...unlent, key: 'micro-credit-unlent' }, [
      {
        path: 'definition.funding.shares[1].instrument',
        message: 'no LOAN stage names "state" as its lender',
      },
    ]);
  });
});
