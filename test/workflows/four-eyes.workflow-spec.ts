import { mintToken } from '../support/tokens';
import { gql } from '../support/graphql-client';
import {
  act,
  attempt,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  microCreditProgramme,
  publish,
  STATE,
  submit,
  waitFor,
  World,
} from './support';

// Maker-checker: at a LOAN stage that asks for four eyes, the lender's clerk proposes the
// disbursement and a write-off; nothing moves until a second person of the lender holding an
// approving role confirms (or turns it down). Both people are in the history.

let w: World;
const LENDER = 'Caja Popular de Jerez';
const KEY = 'micro-credit-four-eyes';
const person = (sub: string, roles: string[], organisation = LENDER) =>
  mintToken({ sub, org: w.orgs.get(organisation)!, roles });
const clerk = () => person('clerk-rosa', ['member']);
const otherClerk = () => person('clerk-juan', ['member']);
const manager = () => person('manager-elena', ['member', 'org-admin']);

const definition = () => microCreditProgramme(KEY, { fourEyes: { approverRoles: ['org-admin'] } });

const LEDGER = `query($id: ID!) { application(id: $id) { ledger { role disbursed } loans { disbursedOn position { status } } } }`;
async function lent(id: string) {
  const res = await gql<{
    application: {
      ledger: { role: string; disbursed: string }[];
      loans: { disbursedOn: string | null; position: { status: string } | null }[];
    };
  }>(w.stack.url, LEDGER, { id });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const { ledger, loans } = res.data!.application;
  return {
    disbursed: ledger.find((l) => l.role === 'mfi')!.disbursed,
    status: loans[0]?.position?.status ?? null,
  };
}
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  w = await bootWorld();
  await publish(w, definition());
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('a LOAN stage with four eyes', () => {
  it('moves no money on one person’s word: a second person of the lender confirms or turns it down', async () => {
    const id = await submit(w, KEY, {
      parties: [
        { role: 'migrants', organisationId: w.orgs.get(CLUB) },
        { role: 'state', organisationId: w.orgs.get(STATE) },
        { role: 'mfi', organisationId: w.orgs.get(LENDER) },
      ],
    });
    await waitFor(w, id, (a) => a.activeStages.includes('micro-loan'));
    const disbursement = {
      applicationId: id,
      stageId: 'micro-loan',
      reference: 'D-1',
      disbursedOn: yesterday(),
    };
    const proposed = await act(w, 'recordLoanDisbursement', disbursement, clerk());
    expect(proposed.outcome).toBe('PENDING_CONFIRMATION');
    expect(await lent(id)).toEqual({ disbursed: '0.00', status: null });
    // The same proposal again is answered the same; another under its reference is refused.
    expect(
      (await attempt(w, 'recordLoanDisbursement', disbursement, clerk())).answer,
    ).toMatchObject({ outcome: 'PENDING_CONFIRMATION' });
    expect(
      (
        await attempt(
          w,
          'recordLoanDisbursement',
          { ...disbursement, disbursedOn: new Date().toISOString().slice(0, 10) },
          otherClerk(),
        )
      ).codes,
    ).toEqual(['CONFLICT']);

    const confirm = { applicationId: id, stageId: 'micro-loan', reference: 'D-1' };
    // Not the proposer, not a colleague without the approving role, not another organisation.
    const own = await attempt(w, 'confirmMoneyStep', confirm, clerk());
    expect(own.codes).toEqual(['FORBIDDEN']);
    expect(own.message).toMatch(/second person/);
    expect((await attempt(w, 'confirmMoneyStep', confirm, otherClerk())).message).toMatch(
      /org-admin/,
    );
    expect(
      (await attempt(w, 'confirmMoneyStep', confirm, person('admin-club', ['org-admin'], CLUB)))
        .codes,
    ).toEqual(['FORBIDDEN']);
    expect(
      (await attempt(w, 'confirmMoneyStep', { ...confirm, reference: 'D-9' }, manager())).codes,
    ).toEqual(['CONFLICT']);
    expect(await lent(id)).toEqual({ disbursed: '0.00', status: null });

    await act(w, 'confirmMoneyStep', confirm, manager());
    expect(await lent(id)).toEqual({ disbursed: '100000.00', status: 'CURRENT' });

    // A write-off proposed, then turned down by the manager: the loan stays as it was.
    const writeOff = {
      applicationId: id,
      stageId: 'micro-loan',
      reference: 'W-1',
      writtenOffOn: yesterday(),
      reason: 'the borrower cannot be found',
    };
    expect((await act(w, 'writeOffLoan', writeOff, clerk())).outcome).toBe('PENDING_CONFIRMATION');
    const turnedDown = await act(
      w,
      'rejectMoneyStep',
      {
        applicationId: id,
        stageId: 'micro-loan',
        reference: 'W-1',
        reason: 'found him in Fresnillo',
      },
      manager(),
    );
    expect(turnedDown.outcome).toBe('TURNED_DOWN');
    expect(await lent(id)).toEqual({ disbursed: '100000.00', status: 'CURRENT' });

    const view = await waitFor(w, id, (a) => a.history.some((e) => e.kind === 'STEP_TURNED_DOWN'));
    const money = view.history
      .filter((e) => e.stageId === 'micro-loan' && e.kind !== 'LOAN_OVERDUE')
      .map((e) => [e.kind, e.actorSubject, e.detail?.reference ?? null]);
    expect(money).toEqual([
      ['STAGE_STARTED', null, null],
      ['STEP_PROPOSED', 'clerk-rosa', 'D-1'],
      ['STEP_CONFIRMED', 'manager-elena', 'D-1'],
      ['LOAN_DISBURSED', 'clerk-rosa', 'D-1'],
      ['STEP_PROPOSED', 'clerk-rosa', 'W-1'],
      ['STEP_TURNED_DOWN', 'manager-elena', 'W-1'],
    ]);
    expect(view.history.find((e) => e.kind === 'STEP_TURNED_DOWN')!.reason).toBe(
      'found him in Fresnillo',
    );
  });
});
