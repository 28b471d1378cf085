import type Decimal from 'decimal.js';
import { Dec } from '../funding/money';

/**
 * Exact rational arithmetic for committee scores (internal to `calls/`).
 *
 * A score total is published with 4 decimals and decides who gets public money, so it must
 * be rounded exactly once, on the exact value. Decimal division alone would not do: a mean of
 * three scores is a repeating decimal, and two such approximations can add up to just under
 * a half-way point (…x4999…) whose exact value is …x5, flipping the published figure. Here a
 * value is a fraction of two integers and nothing is divided until `roundHalfEven`.
 *
 * The integers live in a private Decimal clone whose precision is far above anything formed:
 * every input has at most 30 digits either side of the point, fractions are reduced after
 * each operation, and `checkedTimes` refuses a product that could reach the precision rather
 * than letting it round silently.
 */
const PRECISION = 10_000;
const Int = Dec.clone({ precision: PRECISION, toExpNeg: -9e15, toExpPos: 9e15 });

export interface Ratio {
  /** Integer numerator; the sign of the value. */
  readonly num: Decimal;
  /** Positive integer denominator. */
  readonly den: Decimal;
}

function gcd(a: Decimal, b: Decimal): Decimal {
  let x = new Int(a).abs();
  let y = new Int(b).abs();
  while (!y.isZero()) [x, y] = [y, x.mod(y)];
  return x;
}

function checkedTimes(a: Decimal, b: Decimal): Decimal {
  if (a.precision(true) + b.precision(true) >= PRECISION) {
    throw new Error('a score computation outgrew exact arithmetic');
  }
  return new Int(a).times(b);
}

function reduce(num: Decimal, den: Decimal): Ratio {
  if (den.isZero()) throw new Error('division by zero');
  const g = gcd(num, den);
  const sign = den.isNegative() ? -1 : 1;
  return {
    num: new Int(num).dividedToIntegerBy(g).times(sign),
    den: new Int(den).dividedToIntegerBy(g).abs(),
  };
}

/** The exact value of a finite decimal (every Decimal we parse is one). */
export function ratio(value: Decimal | number): Ratio {
  const d = new Int(value);
  const scale = new Int(10).pow(d.decimalPlaces());
  return reduce(d.times(scale), scale);
}

export function add(a: Ratio, b: Ratio): Ratio {
  return reduce(
    checkedTimes(a.num, b.den).plus(checkedTimes(b.num, a.den)),
    checkedTimes(a.den, b.den),
  );
}

export function times(a: Ratio, b: Ratio): Ratio {
  return reduce(checkedTimes(a.num, b.num), checkedTimes(a.den, b.den));
}

export function dividedBy(a: Ratio, b: Ratio): Ratio {
  if (b.num.isZero()) throw new Error('division by zero');
  return reduce(checkedTimes(a.num, b.den), checkedTimes(a.den, b.num));
}

export function sum(values: Ratio[]): Ratio {
  return values.reduce(add, ratio(0));
}

/**
 * The value rounded half to even at `places` decimals, as a fixed-point string ("72.5000").
 * Half-even, as in codev's money code, because it has no upward bias: totals that land exactly
 * on a half go down as often as up.
 */
export function roundHalfEven(value: Ratio, places: number): string {
  const scaled = checkedTimes(value.num, new Int(10).pow(places));
  const negative = scaled.isNegative();
  const magnitude = scaled.abs();
  const quotient = magnitude.dividedToIntegerBy(value.den);
  const twiceRemainder = magnitude.minus(quotient.times(value.den)).times(2);
  const against = twiceRemainder.comparedTo(value.den);
  const odd = !quotient.mod(2).isZero();
  const rounded = against > 0 || (against === 0 && odd) ? quotient.plus(1) : quotient;
  const signed = negative ? rounded.negated() : rounded;
  return signed.dividedBy(new Int(10).pow(places)).toFixed(places);
}
