import * as fc from 'fast-check';
import {
  convertByRate,
  Dec,
  divideRoundHalfEven,
  formatMinorUnits,
  formatMoney,
  isCurrencyCode,
  minorUnitDigits,
  parseAmount,
  parseDecimal,
} from './money';

describe('minorUnitDigits', () => {
  it.each([
    ['MXN', 2],
    ['USD', 2],
    ['EUR', 2],
    ['XOF', 0],
    ['JPY', 0],
    ['BHD', 3],
  ])('%s has %i minor-unit digits', (code, digits) => {
    expect(minorUnitDigits(code)).toBe(digits);
  });

  it.each(['ABC', 'usd', 'US', '', 'MXNN'])('refuses %p with a clear error', (code) => {
    expect(() => minorUnitDigits(code)).toThrow(/is not an ISO 4217 currency code/);
  });
});

describe('isCurrencyCode', () => {
  it('knows the codes in use, upper case only', () => {
    expect(isCurrencyCode('MXN')).toBe(true);
    expect(isCurrencyCode('XOF')).toBe(true);
    expect(isCurrencyCode('mxn')).toBe(false);
    expect(isCurrencyCode('XYZ')).toBe(false);
    expect(isCurrencyCode(840)).toBe(false);
    expect(isCurrencyCode(undefined)).toBe(false);
  });
});

describe('parseAmount', () => {
  it.each([
    ['1234.50', 'MXN', '123450'],
    ['1234.5', 'MXN', '123450'],
    ['1234', 'MXN', '123400'],
    ['0.01', 'USD', '1'],
    ['1000000.00', 'MXN', '100000000'],
    ['1000', 'XOF', '1000'],
    ['0', 'MXN', '0'],
  ])('reads %s %s as %s minor units', (amount, currency, minor) => {
    const parsed = parseAmount(amount, currency);
    expect(parsed.ok && parsed.value.toFixed()).toBe(minor);
  });

  it('refuses more decimals than the currency has, rather than rounding', () => {
    expect(parseAmount('1234.567', 'MXN')).toEqual({
      ok: false,
      reason: '"1234.567" has 3 decimals; MXN has 2',
    });
    expect(parseAmount('1000.5', 'XOF')).toEqual({
      ok: false,
      reason: '"1000.5" has 1 decimals; XOF has 0',
    });
  });

  it.each(['-1', '1e3', ' 1', '1.', '.5', '1,000.00', '', 'NaN', 'Infinity'])(
    'refuses %p and shows the expected shape',
    (amount) => {
      expect(parseAmount(amount, 'MXN')).toEqual({
        ok: false,
        reason: 'must be a decimal string in MXN, such as "1234.50"',
      });
    },
  );

  it('refuses a JS number: money travels as strings', () => {
    expect(parseAmount(12.5, 'MXN').ok).toBe(false);
    expect(parseAmount(12, 'XOF')).toEqual({
      ok: false,
      reason: 'must be a decimal string in XOF, such as "1234"',
    });
  });

  it('refuses absurdly long figures', () => {
    expect(parseAmount('1'.repeat(31), 'MXN').ok).toBe(false);
  });
});

describe('parseDecimal', () => {
  it('reads weights and rates of any scale', () => {
    expect(parseDecimal('25')?.toFixed()).toBe('25');
    expect(parseDecimal('17.2500')?.toFixed()).toBe('17.25');
    expect(parseDecimal('-1')).toBeUndefined();
    expect(parseDecimal('1e2')).toBeUndefined();
    expect(parseDecimal(25)).toBeUndefined();
  });
});

describe('formatMinorUnits', () => {
  it.each([
    ['123450', 'MXN', '1234.50'],
    ['5', 'MXN', '0.05'],
    ['0', 'USD', '0.00'],
    ['1000', 'XOF', '1000'],
    ['1234567', 'BHD', '1234.567'],
    ['100000000000000', 'MXN', '1000000000000.00'],
  ])('writes %s minor units of %s as %s', (minor, currency, text) => {
    expect(formatMinorUnits(new Dec(minor), currency)).toBe(text);
  });

  it('names the currency for messages', () => {
    expect(formatMoney(new Dec(6000000), 'USD')).toBe('60000.00 USD');
  });

  it('refuses a fraction of a minor unit', () => {
    expect(() => formatMinorUnits(new Dec('0.5'), 'MXN')).toThrow(/not a whole number/);
  });

  it('round-trips with parseAmount for any amount the columns hold (18 digits before the point)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }),
        fc.constantFrom('MXN', 'XOF', 'BHD'),
        (minor, currency) => {
          const text = formatMinorUnits(new Dec(minor.toString()), currency);
          const parsed = parseAmount(text, currency);
          expect(parsed.ok && parsed.value.toFixed()).toBe(minor.toString());
        },
      ),
    );
  });
});

describe('the bound on amounts', () => {
  it('is what an amount column holds: 18 digits before the point, leading zeros aside', () => {
    expect(parseAmount('999999999999999999.99', 'MXN').ok).toBe(true);
    expect(parseAmount(`0001${'0'.repeat(18)}`, 'XOF').ok).toBe(false);
    expect(parseAmount(`0001${'0'.repeat(17)}`, 'XOF').ok).toBe(true);
    expect(parseAmount('10000000000000000000000000', 'USD')).toEqual({
      ok: false,
      reason: 'must have at most 18 digits before the point',
    });
  });
});

describe('divideRoundHalfEven', () => {
  it.each([
    [5, 2, 2],
    [15, 2, 8],
    [7, 2, 4],
    [1, 3, 0],
    [2, 3, 1],
    [10, 5, 2],
    [0, 7, 0],
  ])('%i / %i rounds to %i', (n, d, q) => {
    expect(divideRoundHalfEven(new Dec(n), new Dec(d)).toNumber()).toBe(q);
  });

  it('refuses a zero divisor or a fraction', () => {
    expect(() => divideRoundHalfEven(new Dec(1), new Dec(0))).toThrow();
    expect(() => divideRoundHalfEven(new Dec('1.5'), new Dec(2))).toThrow();
  });
});

describe('convertByRate', () => {
  it('converts a 3x1 share of MXN 250,000.00 to USD at 17.2500', () => {
    const usd = convertByRate(new Dec(25_000_000), 'MXN', 'USD', new Dec('17.2500'));
    expect(formatMinorUnits(usd, 'USD')).toBe('14492.75');
  });

  it('rounds half to even on the exact quotient', () => {
    // 0.05 MXN at 2 MXN per USD is exactly 0.025 USD: a tie, to the even cent.
    expect(convertByRate(new Dec(5), 'MXN', 'USD', new Dec(2)).toNumber()).toBe(2);
    expect(convertByRate(new Dec(15), 'MXN', 'USD', new Dec(2)).toNumber()).toBe(8);
  });

  it('converts between currencies with different minor units', () => {
    // 1000.00 EUR at 0.0015 EUR per XOF = 666666.67 XOF, XOF has no minor unit.
    expect(convertByRate(new Dec(100000), 'EUR', 'XOF', new Dec('0.0015')).toFixed()).toBe(
      '666667',
    );
  });

  it('is the exact quotient within half a minor unit, for any amount and rate', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 16n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.integer({ min: 0, max: 8 }),
        (minor, rateDigits, rateScale) => {
          const rate = new Dec(rateDigits.toString()).dividedBy(new Dec(10).pow(rateScale));
          const result = convertByRate(new Dec(minor.toString()), 'MXN', 'USD', rate);
          // exact = minor / rate (both currencies have 2 digits); |result - exact| <= 1/2.
          const error = result.times(rate).minus(minor.toString()).abs();
          expect(error.times(2).lessThanOrEqualTo(rate)).toBe(true);
        },
      ),
    );
  });
});
