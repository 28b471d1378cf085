import { DataSource } from 'typeorm';
import {
  SAVER,
  BANK,
  WORKSHOP,
  savingsAccountInput,
  workshopProjectInput,
} from '../support/thies-world';
import { useDemoWorld, submitAs, tokenFor } from '../support/demo-world';
import { assertOk, errorCodes, gql } from '../support/graphql-client';
import { driveToCompletion } from '../support/procedure-driver';

// A co-development savings account through GraphQL: a migrant living in Montreuil saves at
// her bank towards a workshop in Thiès; the deposits of a year count for tax relief up to the
// programme's ceiling; she releases part of the savings into the workshop's application under
// the France–Senegal programme, where they fund the applicant's own contribution (valued in
// CFA francs at the rate of the day), and withdraws the rest, which closes the account.

const world = useDemoWorld();

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

const submit = (input: Record<string, unknown>, as: string) =>
  submitAs(world.stack, world.orgs, input, as);

/** A SAVINGS step through its generated mutation, as `who`. */
const step = (mutation: string, input: Record<string, unknown>, who: string) =>
  gql<Record<string, { status: string }>>(
    world.stack.url,
    `mutation($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { status } }`,
    { input: { stageId: 'account', ...input } },
    tokenFor(world.orgs, who),
  );

const ACCOUNT = `query($id: ID!) { application(id: $id) { status savingsAccounts {
  deposited { amount currency } released { amount } withdrawn { amount } balance { amount }
  years { deposited { amount } taxRelieved { amount } aboveCap { amount } }
  reliefReclaimed { amount } events { kind reference amount { amount } projectAmount { amount currency } } } } }`;
interface AccountView {
  application: {
    status: string;
    savingsAccounts: {
      deposited: { amount: string; currency: string };
      released: { amount: string };
      withdrawn: { amount: string };
      balance: { amount: string };
      years: {
        deposited: { amount: string };
        taxRelieved: { amount: string };
        aboveCap: { amount: string };
      }[];
      reliefReclaimed: { amount: string };
      events: {
        kind: string;
        reference: string;
        amount: { amount: string };
        projectAmount: { amount: string; currency: string } | null;
      }[];
    }[];
  };
}
const account = async (id: string, as?: string) =>
  (
    await gql<AccountView>(
      world.stack.url,
      ACCOUNT,
      { id },
      as ? tokenFor(world.orgs, as) : undefined,
    )
  ).data!.application;

describe('a co-development savings account', () => {
  it('collects deposits against the yearly relief ceiling, funds a project in Thiès and closes', async () => {
    const savings = await submit(
      savingsAccountInput(world.orgs, 'Épargne pour l’atelier de Thiès'),
      SAVER,
    );
    // The bank reports two deposits of one day (so of one calendar year) and retries one.
    const on = daysAgo(5);
    const deposit = (reference: string, amount: string) =>
      step(
        'recordSavingsDeposit',
        { applicationId: savings, reference, amount, depositedOn: on },
        BANK,
      );
    assertOk(await deposit('VIR-001', '15000'));
    assertOk(await deposit('VIR-002', '9000'));
    assertOk(await deposit('VIR-001', '15000'));
    expect(errorCodes(await deposit('VIR-001', '15001'))).toEqual(['CONFLICT']);
    // Only the bank reports deposits; the saver cannot invent one.
    expect(
      errorCodes(
        await step(
          'recordSavingsDeposit',
          { applicationId: savings, reference: 'X', amount: '1', depositedOn: on },
          SAVER,
        ),
      ),
    ).toEqual(['FORBIDDEN']);

    const before = await account(savings, SAVER);
    expect(before.savingsAccounts[0]).toMatchObject({
      deposited: { amount: '24000.00', currency: 'EUR' },
      balance: { amount: '24000.00' },
      years: [
        {
          deposited: { amount: '24000.00' },
          taxRelieved: { amount: '20000.00' },
          aboveCap: { amount: '4000.00' },
        },
      ],
    });
    // Personal finances: the workshop and anonymous readers see no account.
    expect((await account(savings, WORKSHOP)).savingsAccounts).toEqual([]);
    expect((await account(savings)).savingsAccounts).toEqual([]);

    // The workshop applies under the France–Senegal programme; its own contribution is
    // XOF 4,402,372 (docs/examples/micro-credit-thies.md).
    const project = await submit(
      workshopProjectInput(world.orgs, 'Atelier de couture financé par l’épargne'),
      WORKSHOP,
    );
    const release = (reference: string, amount: string, projectApplicationId = project) =>
      step(
        'releaseSavings',
        { applicationId: savings, reference, amount, releasedOn: daysAgo(1), projectApplicationId },
        SAVER,
      );
    // EUR 6,000 at the fixed parity 655.957 is XOF 3,935,742.
    assertOk(await release('INV-1', '6000'));
    assertOk(await release('INV-1', '6000'));
    // The contribution has XOF 466,630 of room left: EUR 1,000 (XOF 655,957) does not fit.
    const tooMuch = await release('INV-2', '1000');
    expect(errorCodes(tooMuch)).toEqual(['CONFLICT']);
    expect(tooMuch.errors![0].message).toContain('at most 466630');
    // Not into the account itself, not more than it holds.
    expect(errorCodes(await release('INV-3', '10', savings))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await release('INV-4', '18000.01'))).toEqual(['CONFLICT']);

    const funded = await gql<{ application: { fundedBySavings: unknown[] } }>(
      world.stack.url,
      `query($id: ID!) { application(id: $id) { fundedBySavings { amount { amount currency } projectAmount { amount currency } } } }`,
      { id: project },
    );
    expect(funded.data!.application.fundedBySavings).toEqual([
      {
        amount: { amount: '6000.00', currency: 'EUR' },
        projectAmount: { amount: '3935742', currency: 'XOF' },
      },
    ]);

    // She takes the rest back: the relief on it is reclaimed and the account closes.
    assertOk(
      await step(
        'withdrawSavings',
        { applicationId: savings, reference: 'RET-1', amount: '18000', withdrawnOn: daysAgo(0) },
        SAVER,
      ),
    );
    const after = await account(savings, BANK);
    expect(after.status).toBe('COMPLETED');
    // The same withdrawal sent again after the account closed is recognised, not refused;
    // the same reference with another amount finds the account closed.
    const withdrawAgain = (amount: string, who = SAVER) =>
      step(
        'withdrawSavings',
        { applicationId: savings, reference: 'RET-1', amount, withdrawnOn: daysAgo(0) },
        who,
      );
    expect(assertOk(await withdrawAgain('18000')).data!.withdrawSavings.status).toBe('COMPLETED');
    expect(errorCodes(await withdrawAgain('17000'))).toEqual(['CONFLICT']);
    expect(errorCodes(await withdrawAgain('18000', BANK))).toEqual(['CONFLICT']);
    expect(after.savingsAccounts[0]).toMatchObject({
      released: { amount: '6000.00' },
      withdrawn: { amount: '18000.00' },
      balance: { amount: '0.00' },
      reliefReclaimed: { amount: '18000.00' },
    });
    expect(after.savingsAccounts[0].events.map((e) => [e.kind, e.reference])).toEqual([
      ['DEPOSIT', 'VIR-001'],
      ['DEPOSIT', 'VIR-002'],
      ['RELEASE', 'INV-1'],
      ['WITHDRAWAL', 'RET-1'],
    ]);
    // Every euro is in the ledger: the account's postings come back to nothing.
    const [held] = (await world.stack.app
      .get(DataSource)
      .query(
        `SELECT sum(amount)::text AS total, count(*)::int AS n FROM ledger_posting WHERE account = $1`,
        [`savings:${savings}:held`],
      )) as { total: string; n: number }[];
    expect({ total: Number(held.total), n: held.n }).toEqual({ total: 0, n: 4 });

    // The project goes on to the end with its savings-funded contribution.
    await driveToCompletion(world.stack.url, project);
  });

  it('matches a release with the French state’s premium where the account names it', async () => {
    const savings = await submit(
      savingsAccountInput(world.orgs, 'Épargne primée pour l’atelier', {
        totalAmount: '10000',
        premium: true,
      }),
      SAVER,
    );
    assertOk(
      await step(
        'recordSavingsDeposit',
        { applicationId: savings, reference: 'VIR-P1', amount: '10000', depositedOn: daysAgo(3) },
        BANK,
      ),
    );
    const project = await submit(
      workshopProjectInput(world.orgs, 'Atelier financé par l’épargne primée'),
      WORKSHOP,
    );
    const release = (reference: string, amount: string) =>
      step(
        'releaseSavings',
        {
          applicationId: savings,
          reference,
          amount,
          releasedOn: daysAgo(1),
          projectApplicationId: project,
        },
        SAVER,
      );
    // EUR 4,000 released and EUR 1,000 of premium: XOF 3,279,785 of the 4,402,372 contribution.
    assertOk(await release('INV-P1', '4000'));
    // EUR 2,000 more would bring EUR 2,500 with its premium: more than the room left.
    const tooMuch = await release('INV-P2', '2000');
    expect(errorCodes(tooMuch)).toEqual(['CONFLICT']);
    expect(tooMuch.errors![0].message).toContain('at most 1122587');

    const funded = await gql<{ application: { fundedBySavings: unknown[] } }>(
      world.stack.url,
      `query($id: ID!) { application(id: $id) { fundedBySavings {
        amount { amount currency } projectAmount { amount } projectMatched { amount currency } } } }`,
      { id: project },
    );
    expect(funded.data!.application.fundedBySavings).toEqual([
      {
        amount: { amount: '4000.00', currency: 'EUR' },
        projectAmount: { amount: '2623828' },
        projectMatched: { amount: '655957', currency: 'XOF' },
      },
    ]);
    const mine = await account(savings, SAVER);
    expect(mine.savingsAccounts[0]).toMatchObject({
      released: { amount: '4000.00' },
      balance: { amount: '6000.00' },
    });
    // In the ledger: the saver's EUR 4,000 and the state's EUR 1,000 went into the project.
    const rows = (await world.stack.app.get(DataSource).query(
      `SELECT t.kind, p.party_role AS role, p.amount::numeric::text AS amount
         FROM ledger_posting p JOIN ledger_transaction t ON t.id = p.transaction_id
        WHERE p.account = $1 ORDER BY t.kind`,
      [`savings-invested:${project}`],
    )) as { kind: string; role: string; amount: string }[];
    expect(rows.map((r) => [r.kind, r.role, Number(r.amount)])).toEqual([
      ['SAVINGS_MATCH', 'fr-state', 1000],
      ['SAVINGS_RELEASE', 'saver', 4000],
    ]);
  });
});
