import {
  act,
  attempt,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  expectOrderedHistory,
  expectRefused,
  expectRefusedAtSave,
  ledgerOf,
  member,
  programme,
  publish,
  read,
  recordedEvents,
  seqOf,
  STATE,
  submit,
  trail,
  waitFor,
  World,
} from './support';
import { gql } from '../support/graphql-client';

// COMMITMENT: every funder's share committed in one ledger transaction, against the
// programme's yearly envelopes, decided by the result the database gives (a follow-up
// transition); an envelope that cannot take its share rejects the application and writes
// nothing; whatever is committed returns when the application ends early.

let w: World;
const commitmentProgramme = (key: string, envelope: string, before = false) =>
  programme(
    key,
    [
      { id: 'eligibility', name: 'Eligibility', kind: 'CHECK' },
      ...(before
        ? [{ id: 'state-review', name: 'State review', kind: 'REVIEW', reviewer: 'state' }]
        : []),
      { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
      { id: 'final-review', name: 'Final review', kind: 'REVIEW', reviewer: 'state' },
    ],
    { envelope },
  );

async function envelope(key: string): Promise<{ amount: string; committed: string } | undefined> {
  const [row] = await w.stack.db.dataSource.query(
    `SELECT e.amount::text, e.committed::text FROM envelope e JOIN programme p ON p.id = e.programme_id WHERE p.key = $1`,
    [key],
  );
  return row;
}
const ledgerTransactions = async (id: string) =>
  (
    (await w.stack.db.dataSource.query(
      `SELECT kind, idempotency_key AS key FROM ledger_transaction WHERE application_id = $1 ORDER BY occurred_at, kind`,
      [id],
    )) as { kind: string; key: string }[]
  ).map((t) => `${t.kind} ${t.key.replace(id, 'app')}`);
const withdraw = (id: string, reason = 'the club dissolved') =>
  attempt(w, 'withdrawApplication', { applicationId: id, reason }, member(w, CLUB));

beforeAll(async () => {
  w = await bootWorld();
  await publish(w, commitmentProgramme('commitment-fits', '1000000.00'));
  await publish(w, commitmentProgramme('commitment-too-small', '50000.00'));
  await publish(w, commitmentProgramme('commitment-race', '2000000.00', true));
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('a COMMITMENT stage', () => {
  it('commits every share in one ledger transaction, then goes on in a follow-up transition', async () => {
    const id = await submit(w, 'commitment-fits');
    const app = await waitFor(w, id, (a) => a.activeStages.includes('final-review'));
    expect(app.status).toBe('APPROVED');
    expect(trail(app)).toEqual([
      'SUBMITTED',
      'WORKFLOW_STARTED',
      'STAGE_STARTED:eligibility',
      'CHECK_PASSED:eligibility',
      'STAGE_COMPLETED:eligibility',
      'STAGE_STARTED:commitment',
      'FUNDING_COMMITTED:commitment',
      'STAGE_COMPLETED:commitment',
      'STAGE_STARTED:final-review',
    ]);
    // Committed by the submission's transition; recorded as committed by the next one.
    const keys = (await recordedEvents(w, id)).map((e) => seqOf(e.key));
    expect(keys).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 2]);
    expect(ledgerOf(app)).toEqual({ migrants: [100000, 0], state: [100000, 0] });
    expect(await ledgerTransactions(id)).toEqual(['COMMITMENT app:commitment:commit']);
    expect(await envelope('commitment-fits')).toEqual({
      amount: '1000000.000000',
      committed: '100000.000000',
    });
    await expectOrderedHistory(w, id);
  });

  it('releases the commitment and the envelope when a later stage rejects the application', async () => {
    const id = await submit(w, 'commitment-fits');
    await waitFor(w, id, (a) => a.activeStages.includes('final-review'));
    const committedBefore = Number((await envelope('commitment-fits'))!.committed);
    await act(
      w,
      'decideReview',
      { applicationId: id, stageId: 'final-review', decision: 'REJECT', reason: 'no' },
      member(w, STATE),
    );
    const app = await expectOrderedHistory(w, id);
    expect(app.status).toBe('REJECTED');
    expect(ledgerOf(app)).toEqual({ migrants: [0, 0], state: [0, 0] });
    expect(await ledgerTransactions(id)).toEqual([
      'COMMITMENT app:commitment:commit',
      'REFUND app:release',
    ]);
    expect(Number((await envelope('commitment-fits'))!.committed)).toBe(committedBefore - 100000);
  });

  it('releases the commitment and the envelope when the applicant withdraws', async () => {
    const id = await submit(w, 'commitment-fits');
    await waitFor(w, id, (a) => a.activeStages.includes('final-review'));
    const committedBefore = Number((await envelope('commitment-fits'))!.committed);
    expect((await withdraw(id)).answer).toMatchObject({ status: 'WITHDRAWN', activeStages: [] });
    const app = await expectOrderedHistory(w, id);
    expect(trail(app).at(-1)).toBe('WITHDRAWN');
    expect(app.history.at(-1)).toMatchObject({
      actorRole: 'migrants',
      reason: 'the club dissolved',
    });
    expect(ledgerOf(app)).toEqual({ migrants: [0, 0], state: [0, 0] });
    expect(Number((await envelope('commitment-fits'))!.committed)).toBe(committedBefore - 100000);
    // Only the applicant withdraws, and only once.
    await expectRefused(
      w,
      id,
      'withdrawApplication',
      { reason: 'again' },
      member(w, CLUB),
      'CONFLICT',
    );
    const other = await submit(w, 'commitment-fits');
    await expectRefused(
      w,
      other,
      'withdrawApplication',
      { reason: 'not mine' },
      member(w, STATE),
      'FORBIDDEN',
    );
  });

  it('rejects with the reason when an envelope is too small, and writes nothing to the ledger', async () => {
    const id = await submit(w, 'commitment-too-small');
    const app = await waitFor(w, id, (a) => a.status === 'REJECTED');
    expect(trail(app).slice(-2)).toEqual(['STAGE_STARTED:commitment', 'REJECTED:commitment']);
    expect(app.history.at(-1)!.reason).toMatch(
      /^the state envelope for \d{4} cannot take 100000\.00 MXN more$/,
    );
    expect(app.history.some((e) => e.kind === 'FUNDING_COMMITTED')).toBe(false);
    expect(app.ledger).toEqual([]);
    expect(await ledgerTransactions(id)).toEqual([]);
    const [{ n }] = await w.stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM ledger_posting WHERE application_id = $1`,
      [id],
    );
    expect(n).toBe(0);
    // Not even the year's envelope row: the commitment is undone to its savepoint.
    expect((await envelope('commitment-too-small'))?.committed ?? '0.000000').toBe('0.000000');
    await expectOrderedHistory(w, id);
  });

  it('leaves nothing committed when a withdrawal races the step that starts the commitment (many times)', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => submit(w, 'commitment-race')));
    const raced = await Promise.all(
      ids.map((id) =>
        Promise.all([
          attempt(
            w,
            'decideReview',
            { applicationId: id, stageId: 'state-review', decision: 'APPROVE', reason: 'ok' },
            member(w, STATE),
          ),
          withdraw(id, 'changed our plans'),
        ]),
      ),
    );
    const problems: string[] = [];
    for (const [n, id] of ids.entries()) {
      const [, withdrawal] = raced[n];
      // A withdrawal refused while the commitment is being written (CONFLICT) is sent again.
      if (withdrawal.codes.length) {
        expect(withdrawal.codes).toEqual(['CONFLICT']);
        expect((await withdraw(id)).codes).toEqual([]);
      }
      const app = await waitFor(w, id, (a) => a.status === 'WITHDRAWN');
      await expectOrderedHistory(w, id);
      const committed = app.ledger.reduce((s, b) => s + Number(b.committed), 0);
      if (committed !== 0)
        problems.push(
          `${id}: ${committed} MXN still committed after the withdrawal (${trail(app).join(', ')})`,
        );
    }
    expect(problems).toEqual([]);
    expect(await envelope('commitment-race')).toEqual({
      amount: '2000000.000000',
      committed: '0.000000',
    });
  });
});

describe('a COMMITMENT under concurrent submissions', () => {
  it('never over-commits the envelope: exactly those that fit are committed', async () => {
    await publish(w, commitmentProgramme('commitment-three', '300000.00'));
    const ids = await Promise.all(Array.from({ length: 5 }, () => submit(w, 'commitment-three')));
    const apps = await Promise.all(
      ids.map((id) =>
        waitFor(w, id, (a) => a.status === 'REJECTED' || a.activeStages.includes('final-review')),
      ),
    );
    expect(apps.filter((a) => a.status === 'APPROVED')).toHaveLength(3);
    for (const a of apps.filter((x) => x.status === 'REJECTED')) {
      expect(a.ledger).toEqual([]);
      expect((await read(w, a.id)).history.at(-1)!.reason).toMatch(
        /cannot take 100000\.00 MXN more/,
      );
    }
    expect(await envelope('commitment-three')).toEqual({
      amount: '300000.000000',
      committed: '300000.000000',
    });
  });
});

// A funder that budgets in its own money: the state pledges in US dollars, caps its share of
// a peso project in dollars, and its yearly envelope is kept in dollars (demo rate: 17.25 MXN
// per USD).
const ownCurrencyProgramme = (key: string, envelopeCurrency = 'USD') => {
  const p = commitmentProgramme(key, '1');
  p.funding = {
    shares: [
      { role: 'migrants', weight: '1' },
      {
        role: 'state',
        weight: '1',
        currency: 'USD',
        ceiling: { amount: '5000.00', currency: 'USD' },
      },
    ],
    envelopes: [{ role: 'state', yearlyAmount: '7000.00', currency: envelopeCurrency }],
  };
  return p;
};

const ENVELOPES = `query($key: String!) { programme(key: $key) {
  envelopes { role year amount { amount currency } committed { amount currency } available { amount currency } } } }`;
const FUNDING = `query($id: ID!) { application(id: $id) {
  ledger { role committed inOwnCurrency { committed { amount currency } } } } }`;

async function envelopesOf(key: string) {
  const res = await gql<{ programme: { envelopes: unknown[] } }>(w.stack.url, ENVELOPES, { key });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.programme.envelopes;
}

describe('a COMMITMENT in a funder currency', () => {
  const usd = (amount: string) => ({ amount, currency: 'USD' });

  it('caps a share at a ceiling in the funder currency and takes it from an envelope kept in that currency', async () => {
    await publish(w, ownCurrencyProgramme('commitment-usd'));
    const first = await submit(w, 'commitment-usd');
    await waitFor(w, first, (a) => a.activeStages.includes('final-review'));
    // Half of 200,000 MXN would be 100,000; the ceiling is 5,000 USD = 86,250.00 MXN.
    const funding = await gql<{ application: { ledger: unknown[] } }>(w.stack.url, FUNDING, {
      id: first,
    });
    expect(funding.data!.application.ledger).toEqual([
      {
        role: 'migrants',
        committed: '113750.00',
        inOwnCurrency: { committed: { amount: '113750.00', currency: 'MXN' } },
      },
      { role: 'state', committed: '86250.00', inOwnCurrency: { committed: usd('5000.00') } },
    ]);
    const year = new Date().getUTCFullYear();
    expect(await envelopesOf('commitment-usd')).toEqual([
      {
        role: 'state',
        year,
        amount: usd('7000.00'),
        committed: usd('5000.00'),
        available: usd('2000.00'),
      },
    ]);

    // A second project would take the envelope past its 7,000 USD: refused, in dollars.
    const second = await submit(w, 'commitment-usd');
    const refused = await waitFor(w, second, (a) => a.status === 'REJECTED');
    expect(refused.history.at(-1)!.reason).toBe(
      `the state envelope for ${year} cannot take 5000.00 USD more`,
    );

    // The first withdrawn: the envelope gets its dollars back.
    expect((await withdraw(first)).codes).toEqual([]);
    await waitFor(w, first, (a) => a.status === 'WITHDRAWN');
    expect(await envelopesOf('commitment-usd')).toEqual([
      {
        role: 'state',
        year,
        amount: usd('7000.00'),
        committed: usd('0.00'),
        available: usd('7000.00'),
      },
    ]);
  });

  it('refuses at save an envelope in a currency its funder does not pledge in, and a ceiling in no currency', async () => {
    const bad = ownCurrencyProgramme('commitment-eur', 'EUR');
    (bad.funding as { shares: Record<string, unknown>[] }).shares[1].ceiling = {
      amount: '5000.00',
      currency: 'XXY',
    };
    await expectRefusedAtSave(w, bad, [
      {
        path: 'definition.funding.shares[1].ceiling.currency',
        message: '"XXY" is not an ISO 4217 currency code in use',
      },
      {
        path: 'definition.funding.envelopes[0].currency',
        message:
          "state pledges in USD: its envelope is kept in that currency or in the programme's (MXN), not in EUR",
      },
    ]);
  });
});
