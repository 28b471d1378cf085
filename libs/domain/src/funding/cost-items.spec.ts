import * as fc from 'fast-check';
import { Dec } from './money';
import { type CostItemDefinition, priceCostItems } from './cost-items';

// Expert missions of diaspora professionals: days at a capped daily rate, and their travel.
const CATALOGUE: CostItemDefinition[] = [
  { code: 'EXPERT_MISSION', label: 'Expert days', unit: 'DAY', maxUnitCost: '350' },
  { code: 'TRAVEL', label: 'Return trips', unit: 'TRIP', maxUnitCost: '900' },
];
const line = (code: string, quantity: string, unitCost: string) => ({
  code,
  description: `${code} line`,
  quantity,
  unitCost,
});

describe('priceCostItems', () => {
  it('prices days × daily rate and trips, and adds them up', () => {
    expect(
      priceCostItems(
        CATALOGUE,
        [line('EXPERT_MISSION', '20', '350'), line('TRAVEL', '2', '749.99')],
        'EUR',
      ),
    ).toEqual({
      ok: true,
      total: '8499.98',
      items: [
        { ...line('EXPERT_MISSION', '20', '350'), unit: 'DAY', amount: '7000.00' },
        { ...line('TRAVEL', '2', '749.99'), unit: 'TRIP', amount: '1499.98' },
      ],
    });
  });

  it('rounds half days at a rate in a currency without decimals', () => {
    const r = priceCostItems(CATALOGUE, [line('EXPERT_MISSION', '2.5', '101')], 'XOF');
    // 252.5 rounds half-even to 252.
    expect(r.ok && r.total).toBe('252');
  });

  it('names every bad line by its path', () => {
    const r = priceCostItems(
      CATALOGUE,
      [
        line('CATERING', '1', '10'),
        line('EXPERT_MISSION', '0', '100'),
        line('EXPERT_MISSION', '3', '350.01'),
        line('TRAVEL', '1.234', '10.001'),
      ],
      'EUR',
    );
    expect(r.ok ? [] : r.violations.map((v) => v.path)).toEqual([
      'costItems[0].code',
      'costItems[1].quantity',
      'costItems[2].unitCost',
      'costItems[3].quantity',
      'costItems[3].unitCost',
    ]);
  });

  it('makes the total the exact sum of its lines, for any budget', () => {
    const cents = (max: number) =>
      fc.integer({ min: 1, max }).map((c) => new Dec(c).div(100).toFixed(2));
    fc.assert(
      fc.property(
        fc.array(fc.record({ quantity: cents(100_000), unitCost: cents(35_000) }), {
          minLength: 1,
          maxLength: 30,
        }),
        (lines) => {
          const r = priceCostItems(
            CATALOGUE,
            lines.map((l) => line('EXPERT_MISSION', l.quantity, l.unitCost)),
            'EUR',
          );
          if (!r.ok) throw new Error(JSON.stringify(r.violations));
          const sum = r.items.reduce((s, i) => s.plus(i.amount), new Dec(0));
          expect(sum.toFixed(2)).toBe(r.total);
          // Each line is within half a cent of quantity × unit cost.
          for (const [i, l] of lines.entries())
            expect(
              new Dec(r.items[i].amount)
                .minus(new Dec(l.quantity).times(l.unitCost))
                .abs()
                .lte('0.005'),
            ).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
