import Decimal from 'decimal.js';

/**
 * Money in codev travels as decimal STRINGS in major units ("1000000.00" MXN), never as JS
 * numbers: a float cannot hold 0.10 exactly, and a programme that loses or invents a cent
 * cannot be audited. Inside, amounts become integers of minor units (centavos, cents) and
 * every computation is integer arithmetic on decimal.js values, so it is exact.
 */

/**
 * A private Decimal constructor, so that no other module's `Decimal.set` can change our
 * rounding and ours cannot change theirs. The precision is far above anything we form:
 * inputs are bounded to MAX_DECIMAL_DIGITS digits either side of the point, and the largest
 * product we build multiplies three such numbers, so integer results are always exact.
 */
export const Dec = Decimal.clone({
  precision: 400,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -500,
  toExpPos: 500,
});

/** The most digits accepted on either side of the decimal point of a weight or a rate. */
export const MAX_DECIMAL_DIGITS = 30;

/**
 * The most digits of an amount before the point, and after it: what the amount columns
 * (numeric(24,6)) hold. One bound for the GraphQL inputs, the definitions and the database,
 * so that nothing accepted at the door overflows a column at commitment.
 */
export const MAX_AMOUNT_DIGITS = 18;
export const MAX_AMOUNT_DECIMALS = 6;
/** An amount as the API accepts it: "1000000.00"; its currency's decimals are checked later. */
export const AMOUNT_STRING = /^\d{1,18}(\.\d{1,6})?$/;
export const AMOUNT_SHAPE_MESSAGE = `must be a decimal string such as "1000000.00", with at most ${MAX_AMOUNT_DIGITS} digits before the point`;

const DECIMAL_STRING = /^(\d+)(?:\.(\d+))?$/;

// Codes in current use according to the runtime's ICU data. Historic or fund codes (CLF, XAU)
// are refused: nobody pledges in them.
const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

const digitsCache = new Map<string, number>();

/** True for an upper-case ISO 4217 code in current use ("MXN", "USD", "XOF"). */
export function isCurrencyCode(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && CURRENCY_CODES.has(code);
}

/**
 * How many digits the currency's minor unit has: 2 for MXN/USD/EUR, 0 for XOF/JPY, 3 for
 * BHD. The figure comes from the runtime's CLDR data through Intl, the same source every
 * display of the amount will use, so what we store is what can be shown.
 * @throws Error when `currency` is not a currency code in use.
 */
export function minorUnitDigits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  if (!isCurrencyCode(currency)) {
    throw new Error(`"${currency}" is not an ISO 4217 currency code in use`);
  }
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  if (digits === undefined) throw new Error(`no minor-unit digits known for ${currency}`);
  digitsCache.set(currency, digits);
  return digits;
}

/** An example amount in the currency's shape, for messages: "1234.50", or "1234" for XOF. */
export function exampleAmount(currency: string): string {
  const digits = minorUnitDigits(currency);
  return digits === 0 ? '1234' : `1234.${'5'.padEnd(digits, '0')}`;
}

/**
 * A non-negative decimal string of any scale ("25", "17.2500"), for weights and rates.
 * Signs, exponents, blanks and a bare "." are refused so that a stored figure reads the same
 * everywhere it is shown.
 */
export function parseDecimal(value: unknown): Decimal | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DECIMAL_STRING.exec(value);
  if (!match) return undefined;
  const [, integer, fraction = ''] = match;
  if (integer.length > MAX_DECIMAL_DIGITS || fraction.length > MAX_DECIMAL_DIGITS) {
    return undefined;
  }
  return new Dec(value);
}

export type AmountParse = { ok: true; value: Decimal } | { ok: false; reason: string };

/**
 * Reads an amount in major units ("1234.50" MXN) as an integer of minor units (123450).
 * Refuses more decimals than the currency has, rather than rounding: an amount that is not a
 * whole number of centavos cannot be paid, so silently rounding it would move money.
 * @throws Error when `currency` is not a currency code in use (check it first).
 */
export function parseAmount(value: unknown, currency: string): AmountParse {
  const digits = minorUnitDigits(currency);
  const shape = `must be a decimal string in ${currency}, such as "${exampleAmount(currency)}"`;
  if (typeof value !== 'string') return { ok: false, reason: shape };
  const match = DECIMAL_STRING.exec(value);
  if (!match) return { ok: false, reason: shape };
  const [, integer, fraction = ''] = match;
  if (integer.replace(/^0+(?=\d)/, '').length > MAX_AMOUNT_DIGITS) {
    return { ok: false, reason: `must have at most ${MAX_AMOUNT_DIGITS} digits before the point` };
  }
  if (fraction.length > digits) {
    return {
      ok: false,
      reason: `"${value}" has ${fraction.length} decimals; ${currency} has ${digits}`,
    };
  }
  return { ok: true, value: new Dec(value).times(powerOfTen(digits)) };
}

/** Minor units (123450) as a major-unit string at the currency's precision ("1234.50"). */
export function formatMinorUnits(minor: Decimal, currency: string): string {
  if (!minor.isInteger())
    throw new Error(`${minor.toString()} is not a whole number of minor units`);
  const digits = minorUnitDigits(currency);
  return new Dec(minor).dividedBy(powerOfTen(digits)).toFixed(digits);
}

/**
 * A decimal amount at its currency's precision (ISO 4217 minor units: 2 for MXN, 0 for
 * XOF), rounded half to even: "250000.000000" MXN → "250000.00"; "1000.4" XOF → "1000".
 */
export function atMinorUnits(amount: string, currency: string): string {
  return new Dec(amount).toFixed(minorUnitDigits(currency), Dec.ROUND_HALF_EVEN);
}

/** Minor units with their currency, for messages: "250000.00 MXN". */
export function formatMoney(minor: Decimal, currency: string): string {
  return `${formatMinorUnits(minor, currency)} ${currency}`;
}

/**
 * Converts minor units of `from` into minor units of `to` at `rate` units of `from` per one
 * unit of `to` (the way a rate is quoted and recorded: 17.25 MXN per USD), rounding half to
 * even once, on the exact quotient. Dividing with decimals first and rounding afterwards
 * would round twice and can be a minor unit off; here the rate is scaled to an integer so
 * the quotient is a ratio of integers and the single rounding is exact.
 */
export function convertByRate(minor: Decimal, from: string, to: string, rate: Decimal): Decimal {
  if (!rate.isPositive() || rate.isZero()) throw new Error('an exchange rate must be positive');
  const rateScale = rate.decimalPlaces();
  const numerator = new Dec(minor)
    .times(powerOfTen(minorUnitDigits(to)))
    .times(powerOfTen(rateScale));
  const denominator = new Dec(rate).times(powerOfTen(rateScale + minorUnitDigits(from)));
  return divideRoundHalfEven(numerator, denominator);
}

/**
 * Converts minor units of a foreign currency `from` into minor units of `to` at `rate` units
 * of `to` per one unit of `from`, rounding down. A ceiling in a funder's currency becomes a
 * project-currency cap this way: any amount within the cap, converted back to the funder's
 * currency half-even (as a pledge is), stays within the ceiling.
 */
export function convertIntoRoundingDown(
  minor: Decimal,
  from: string,
  to: string,
  rate: Decimal,
): Decimal {
  if (!rate.isPositive() || rate.isZero()) throw new Error('an exchange rate must be positive');
  const rateScale = rate.decimalPlaces();
  const numerator = new Dec(minor)
    .times(new Dec(rate).times(powerOfTen(rateScale)))
    .times(powerOfTen(minorUnitDigits(to)));
  const denominator = powerOfTen(rateScale + minorUnitDigits(from));
  return numerator.divToInt(denominator);
}

/**
 * `numerator / denominator` for non-negative integers, rounded half to even (banker's
 * rounding, which has no upward bias over many conversions).
 */
export function divideRoundHalfEven(numerator: Decimal, denominator: Decimal): Decimal {
  if (!numerator.isInteger() || !denominator.isInteger() || numerator.isNegative()) {
    throw new Error('divideRoundHalfEven takes a non-negative integer over a positive integer');
  }
  if (!denominator.isPositive() || denominator.isZero()) throw new Error('division by zero');
  const quotient = numerator.divToInt(denominator);
  const twiceRemainder = numerator.minus(quotient.times(denominator)).times(2);
  const against = twiceRemainder.comparedTo(denominator);
  const odd = !quotient.mod(2).isZero();
  return against > 0 || (against === 0 && odd) ? quotient.plus(1) : quotient;
}

/** 10^n as an exact Decimal. */
export function powerOfTen(n: number): Decimal {
  return new Dec(10).pow(n);
}
