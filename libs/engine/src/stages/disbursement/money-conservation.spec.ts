import Decimal from 'decimal.js';
import * as fc from 'fast-check';
import type { FundingSplit } from '@codev/domain/funding/funding-formula';
import { minorUnitDigits } from '@codev/domain/funding/money';
import { releasePostings } from '../../runner/release-postings';
import { commitmentPostings } from '../commitment/commitment-postings';
import { accounts, type LedgerBalance, type PostingInput } from '../projection';
import { trancheParts, tranchePostings, type RateOf } from './tranche-postings';

/**
 * For any funders, currencies, tranche splits and rates of the day: every transaction
 * balances in each currency and in the programme's, and no unit is created or lost between
 * a commitment, its tranches and the release of what was not paid.
 */
const APP = '00000000-0000-4000-8000-000000000001';
const PROGRAMME = 'MXN';

/** A ledger in memory: balances per account and currency, and per account in the base. */
class Ledger {
  readonly own = new Map<string, Decimal>();
  readonly base = new Map<string, Decimal>();
  post(postings: PostingInput[]): void {
    const byCurrency = new Map<string, Decimal>();
    let baseSum = new Decimal(0);
    for (const p of postings) {
      const k = `${p.account}|${p.currency}`;
      this.own.set(k, (this.own.get(k) ?? new Decimal(0)).plus(p.amount));
      this.base.set(p.account, (this.base.get(p.account) ?? new Decimal(0)).plus(p.base.amount));
      byCurrency.set(p.currency, (byCurrency.get(p.currency) ?? new Decimal(0)).plus(p.amount));
      baseSum = baseSum.plus(p.base.amount);
      expect(p.base.currency).toBe(PROGRAMME);
    }
    for (const [currency, sum] of byCurrency)
      expect([currency, sum.toString()]).toEqual([currency, '0']);
    expect(baseSum.toString()).toBe('0');
  }
  ownOf(account: string, currency: string): Decimal {
    return this.own.get(`${account}|${currency}`) ?? new Decimal(0);
  }
  baseOf(account: string): Decimal {
    return this.base.get(account) ?? new Decimal(0);
  }
}

const minor = (digits: number, max: number) =>
  fc.integer({ min: 1, max }).map((n) => new Decimal(n).dividedBy(10 ** digits).toFixed(digits));

const funder = fc.record({
  foreign: fc.constantFrom(null, 'USD', 'EUR', 'XOF', 'JPY'),
  amount: minor(2, 50_000_000),
  rate: fc
    .integer({ min: 1, max: 2_000_000 })
    .map((n) => new Decimal(n).dividedBy(10_000).toString()),
});

const tranchePercents = fc
  .array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 })
  .map((ws) => {
    const total = ws.reduce((a, b) => a + b, 0);
    const percents = ws.map((w) =>
      new Decimal(w).times(100).dividedBy(total).toDecimalPlaces(2, Decimal.ROUND_DOWN),
    );
    const last = new Decimal(100).minus(
      percents.slice(0, -1).reduce((a, b) => a.plus(b), new Decimal(0)),
    );
    return percents.map((p, i) => ({
      id: `t${i + 1}`,
      percent: (i === percents.length - 1 ? last : p).toString(),
    }));
  })
  .filter((ts) => ts.every((t) => new Decimal(t.percent).gt(0)));

describe('money across commitment, tranches and release', () => {
  it('no unit is created or lost, in any currency, for any funders, splits and rates', () => {
    fc.assert(
      fc.property(
        fc.array(funder, { minLength: 1, maxLength: 4 }),
        tranchePercents,
        fc.array(fc.integer({ min: 1, max: 3_000_000 }), { minLength: 5, maxLength: 5 }),
        fc.nat({ max: 5 }),
        (funders, tranches, dayRates, paidCount) => {
          const lines = funders.map((f, i) => {
            const role = `funder-${i}`;
            if (!f.foreign) return { role, amount: f.amount, organisationId: `org-${i}` };
            const ownDigits = minorUnitDigits(f.foreign);
            const pledged = new Decimal(f.amount)
              .dividedBy(f.rate)
              .toDecimalPlaces(ownDigits, Decimal.ROUND_HALF_EVEN)
              .toFixed(ownDigits);
            return {
              role,
              amount: f.amount,
              organisationId: `org-${i}`,
              pledged: { amount: pledged, currency: f.foreign, rate: f.rate },
            };
          });
          const funding: FundingSplit = { currency: PROGRAMME, total: '0', lines };
          const ledger = new Ledger();
          ledger.post(commitmentPostings(APP, PROGRAMME, lines));

          const parts = trancheParts({ tranches }, funding);
          const paid = tranches.slice(0, Math.min(paidCount, tranches.length));
          paid.forEach((t, day) => {
            const rateOf: RateOf = new Map(
              ['USD', 'EUR', 'XOF', 'JPY'].map((c) => [
                c,
                {
                  rate: new Decimal(dayRates[day]).dividedBy(10_000).toString(),
                  source: 'test',
                  validOn: '2026-01-01',
                },
              ]),
            );
            const of = parts
              .filter((p) => p.trancheId === t.id)
              .map((p) => ({ ...p, organisationId: `org-${p.role.split('-')[1]}` }));
            ledger.post(tranchePostings(APP, PROGRAMME, of, rateOf));
          });
          const allPaid = paid.length === tranches.length;
          if (!allPaid) ledger.post(releasePostings(APP, balancesOf(ledger, lines)));

          for (const l of lines) {
            const own = l.pledged?.currency ?? PROGRAMME;
            const committed = ledger.ownOf(accounts.committed(APP, l.role), own);
            const disbursed = ledger.ownOf(accounts.disbursed(APP, l.role), own);
            const funderAccount = ledger.ownOf(accounts.funderCommitments(l.organisationId), own);
            // Nothing stays committed; what left the funder is exactly what was paid.
            expect(committed.toString()).toBe('0');
            expect(ledger.baseOf(accounts.committed(APP, l.role)).toString()).toBe('0');
            expect(funderAccount.plus(disbursed).toString()).toBe('0');
            if (allPaid)
              expect(disbursed.toString()).toBe(
                new Decimal(l.pledged?.amount ?? l.amount).toString(),
              );
            // In the programme's currency, payments differ from the commitment only by the
            // exchange differences posted beside them.
            const base = ledger.baseOf(accounts.disbursed(APP, l.role));
            const exchange = ledger.baseOf(accounts.exchange(APP, l.role));
            const paidBase = parts
              .filter((p) => p.role === l.role && paid.some((t) => t.id === p.trancheId))
              .reduce((s, p) => s.plus(p.amount), new Decimal(0));
            expect(base.plus(exchange).toString()).toBe(paidBase.toString());
            if (!l.pledged) expect(exchange.toString()).toBe('0');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** What the ledger repository would report as still committed per funder. */
function balancesOf(
  ledger: Ledger,
  lines: { role: string; organisationId: string; pledged?: { currency: string } }[],
): LedgerBalance[] {
  return lines.map((l) => {
    const own = l.pledged?.currency ?? PROGRAMME;
    return {
      partyRole: l.role,
      organisationId: l.organisationId,
      currency: PROGRAMME,
      committed: ledger.baseOf(accounts.committed(APP, l.role)).toString(),
      disbursed: ledger.baseOf(accounts.disbursed(APP, l.role)).toString(),
      own: {
        currency: own,
        committed: ledger.ownOf(accounts.committed(APP, l.role), own).toString(),
        disbursed: ledger.ownOf(accounts.disbursed(APP, l.role), own).toString(),
      },
      exchangeDifference: ledger.baseOf(accounts.exchange(APP, l.role)).negated().toString(),
    };
  });
}
