import * as fc from 'fast-check';
import {
  checkJurisdictionCode,
  JurisdictionKind,
  parseJurisdictionCode,
} from './jurisdiction-code';

describe('parseJurisdictionCode', () => {
  it.each([
    ['MX', JurisdictionKind.COUNTRY, 'MX', undefined],
    ['mx-zac', JurisdictionKind.SUBDIVISION, 'MX', 'MX'],
    ['MX-ZAC-020', JurisdictionKind.MUNICIPALITY, 'MX', 'MX-ZAC'],
    ['ES-MD-28079', JurisdictionKind.MUNICIPALITY, 'ES', 'ES-MD'],
    ['SN-DK', JurisdictionKind.SUBDIVISION, 'SN', 'SN'],
  ])('parses %s', (raw, kind, countryCode, parentCode) => {
    const parsed = parseJurisdictionCode(raw);
    expect(parsed).toEqual({
      ok: true,
      value: { code: raw.toUpperCase(), kind, countryCode, ...(parentCode ? { parentCode } : {}) },
    });
  });

  it.each(['XX', 'XX-ZAC', 'MEX', 'MX-', 'MX-ZACATECAS', '', 'MX ZAC'])(
    'refuses %p with a reason',
    (raw) => {
      const parsed = parseJurisdictionCode(raw);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reason.length).toBeGreaterThan(10);
    },
  );

  it('names the path and the expected kind', () => {
    expect(checkJurisdictionCode('MX-ZAC', 'input.code', JurisdictionKind.MUNICIPALITY)).toEqual([
      {
        path: 'input.code',
        message: '"MX-ZAC" is a subdivision code, expected a municipality code',
      },
    ]);
  });

  it('a parsed code always nests inside its parent code', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('MX', 'ES', 'SN', 'US', 'FR', 'ML'),
        fc.stringMatching(/^[A-Z0-9]{1,3}$/),
        fc.stringMatching(/^[A-Z0-9]{1,10}$/),
        (country, region, local) => {
          const parsed = parseJurisdictionCode(`${country}-${region}-${local}`);
          expect(parsed.ok).toBe(true);
          if (parsed.ok) {
            expect(parsed.value.parentCode).toBe(`${country}-${region}`);
            expect(parsed.value.code.startsWith(`${parsed.value.parentCode}-`)).toBe(true);
          }
        },
      ),
    );
  });
});
