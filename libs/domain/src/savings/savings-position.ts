import { Dec, minorUnitDigits } from '../funding/money';

/**
 * A co-development savings account: what the partner institution received from the saver,
 * what the saver invested from it in a project in the country of origin, and what they took
 * back. Amounts are decimal strings in the account's currency; dates are value dates.
 */
export type SavingsEvent =
  | { kind: 'DEPOSIT'; reference: string; amount: string; on: string }
  | {
      kind: 'RELEASE';
      reference: string;
      amount: string;
      on: string;
      projectApplicationId: string;
      /** What a matching funder added to the release (matched savings), if any. */
      matched?: string | null;
    }
  | { kind: 'WITHDRAWAL'; reference: string; amount: string; on: string };

export interface SavingsYear {
  year: number;
  deposited: string;
  /** What the year's deposits may take off the saver's taxable income: at most the cap. */
  taxRelieved: string;
  aboveCap: string;
}

export interface SavingsPosition {
  deposited: string;
  released: string;
  withdrawn: string;
  balance: string;
  /** What matching funders added to the releases: not the saver's money, never in the balance. */
  matched: string;
  years: SavingsYear[];
  /**
   * Relief taken back because savings were withdrawn instead of invested: relieved money
   * leaves first, so this is the smaller of what was withdrawn and what was relieved.
   */
  reliefReclaimed: string;
}

const sum = (xs: string[]) => xs.reduce((s, x) => s.plus(x), new Dec(0));

/**
 * A matching funder's premium on a release: `percent` of it, rounded down to the currency's
 * minor unit (a premium never pays a fraction of a cent more than the rule gives).
 */
export function matchedAmount(amount: string, percent: string, currency: string): string {
  return new Dec(amount)
    .times(percent)
    .dividedBy(100)
    .toDecimalPlaces(minorUnitDigits(currency), Dec.ROUND_DOWN)
    .toFixed(minorUnitDigits(currency));
}

/**
 * The account from its events. `yearlyReliefCap` is the programme's ceiling on the deposits
 * of one calendar year that count for tax relief (none: every deposit counts).
 */
export function savingsPosition(
  events: readonly SavingsEvent[],
  yearlyReliefCap?: string | null,
): SavingsPosition {
  const of = (kind: SavingsEvent['kind']) =>
    sum(events.filter((e) => e.kind === kind).map((e) => e.amount));
  const deposited = of('DEPOSIT');
  const released = of('RELEASE');
  const withdrawn = of('WITHDRAWAL');
  const byYear = new Map<number, InstanceType<typeof Dec>>();
  for (const e of events)
    if (e.kind === 'DEPOSIT') {
      const year = Number(e.on.slice(0, 4));
      byYear.set(year, (byYear.get(year) ?? new Dec(0)).plus(e.amount));
    }
  const years = [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, amount]) => {
      const relieved = yearlyReliefCap == null ? amount : Dec.min(amount, yearlyReliefCap);
      return {
        year,
        deposited: amount.toString(),
        taxRelieved: relieved.toString(),
        aboveCap: amount.minus(relieved).toString(),
      };
    });
  const relieved = sum(years.map((y) => y.taxRelieved));
  return {
    deposited: deposited.toString(),
    released: released.toString(),
    withdrawn: withdrawn.toString(),
    balance: deposited.minus(released).minus(withdrawn).toString(),
    matched: sum(
      events.flatMap((e) => (e.kind === 'RELEASE' && e.matched ? [e.matched] : [])),
    ).toString(),
    years,
    reliefReclaimed: Dec.min(withdrawn, relieved).toString(),
  };
}

/** Why an outgoing amount cannot leave the account now, or undefined when it can. */
export function savingsShortfall(
  events: readonly SavingsEvent[],
  amount: string,
): string | undefined {
  const { balance } = savingsPosition(events);
  return new Dec(amount).gt(balance)
    ? `the account holds ${balance}, less than ${amount}`
    : undefined;
}
