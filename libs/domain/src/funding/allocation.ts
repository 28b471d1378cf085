import type Decimal from 'decimal.js';
import { Dec } from './money';

/**
 * Exact division of an integer amount of minor units among integer weights. Everything here
 * is integer arithmetic: a quota is compared by cross-multiplying, never computed as a
 * fraction, so nothing is rounded except the final minor units, and those by a rule that
 * keeps the sum.
 */

export type Allocation = { ok: true; amounts: Decimal[] } | { ok: false; capacity: Decimal };

/**
 * Divides `total` minor units by weight, each share capped at its ceiling.
 *
 * A programme's ceiling (a national funder investing at most so much per project) means
 * the other parties fund the rest, still in their relative proportions. So: give each
 * uncapped share its exact (rational) quota; every share whose quota passes its ceiling is
 * fixed at the ceiling and leaves the pool; what is left is divided again among the others.
 * Capping all offenders in one round is sound because removing a capped share only raises
 * the others' quotas: an offender would offend again. The loop ends within n rounds.
 *
 * Only the last round is rounded to minor units (largest remainder), and a share's exact
 * quota there is within its ceiling, an integer, so rounding up cannot pass it.
 */
export function allocateWithCeilings(
  total: Decimal,
  weights: Decimal[],
  ceilings: (Decimal | undefined)[],
): Allocation {
  const amounts: Decimal[] = weights.map(() => new Dec(0));
  let open = weights.map((_, i) => i);
  let remaining = new Dec(total);
  for (;;) {
    const pool = remaining;
    const openWeight = sum(open.map((i) => weights[i]));
    const overCeiling = open.filter((i) => {
      const ceiling = ceilings[i];
      // quota = pool * w / W > ceiling, cross-multiplied to stay in integers.
      return ceiling !== undefined && pool.times(weights[i]).greaterThan(ceiling.times(openWeight));
    });
    if (overCeiling.length === 0) break;
    for (const i of overCeiling) {
      amounts[i] = new Dec(ceilings[i] as Decimal);
      remaining = remaining.minus(amounts[i]);
    }
    open = open.filter((i) => !overCeiling.includes(i));
    if (open.length === 0) {
      if (remaining.isZero()) break;
      return { ok: false, capacity: sum(ceilings.map((c) => c ?? new Dec(0))) };
    }
  }
  if (open.length > 0) {
    const parts = largestRemainder(
      remaining,
      open.map((i) => weights[i]),
    );
    open.forEach((i, k) => (amounts[i] = parts[k]));
  }
  return { ok: true, amounts };
}

/**
 * Divides `amount` (an integer of minor units) by integer weights so that the parts are
 * integers summing to exactly `amount`, each within one minor unit of its exact quota
 * (Hamilton's largest-remainder method). Each part first gets the floor of its quota; the
 * few minor units left over go one each to the largest remainders, ties to the earlier
 * share, so the outcome is deterministic and explainable: a rule lists the parties in order.
 */
export function largestRemainder(amount: Decimal, weights: Decimal[]): Decimal[] {
  const totalWeight = sum(weights);
  const floors = weights.map((w) => amount.times(w).divToInt(totalWeight));
  const remainders = weights.map((w, i) => amount.times(w).minus(floors[i].times(totalWeight)));
  let leftover = amount.minus(sum(floors)).toNumber(); // < weights.length, so a small integer
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => remainders[b].comparedTo(remainders[a]) || a - b);
  const parts = [...floors];
  for (const i of order) {
    if (leftover === 0) break;
    parts[i] = parts[i].plus(1);
    leftover -= 1;
  }
  return parts;
}

export function sum(values: Decimal[]): Decimal {
  return values.reduce((acc, v) => acc.plus(v), new Dec(0));
}
