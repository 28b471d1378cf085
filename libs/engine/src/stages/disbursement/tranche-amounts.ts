import Decimal from 'decimal.js';

/**
 * Splits each funder's committed amount over tranches by percentage, in minor units, with the
 * last tranche taking what rounding left: the tranches of a funder always add up to exactly
 * what it committed.
 */
export function trancheAmounts(
  committed: { role: string; amount: string }[],
  tranches: { id: string; percent: string }[],
  minorDigits: number,
): { trancheId: string; role: string; amount: string }[] {
  return committed.flatMap(({ role, amount }) => {
    const total = new Decimal(amount);
    let allotted = new Decimal(0);
    return tranches.map((t, i) => {
      const part =
        i === tranches.length - 1
          ? total.minus(allotted)
          : total.times(t.percent).dividedBy(100).toDecimalPlaces(minorDigits, Decimal.ROUND_DOWN);
      allotted = allotted.plus(part);
      return { trancheId: t.id, role, amount: part.toFixed(minorDigits) };
    });
  });
}
