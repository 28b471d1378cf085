import fc from 'fast-check';
import Decimal from 'decimal.js';
import {
  checkCommunityPriority,
  checkIndicatorConditions,
  markFromIndicator,
  markFromPriorities,
  targetedShares,
  type IndicatorReading,
} from './indicator-conditions';

const reading = (value: string): IndicatorReading => ({
  indicator: 'marginalisation-index',
  value,
  year: 2005,
  source: 'CONAPO',
  jurisdictionCode: 'MX-ZAC-020',
});
const readings = (value?: string) =>
  new Map(value === undefined ? [] : [['marginalisation-index', reading(value)]]);

describe('targeting by indicators', () => {
  it('admits a place within the bounds and names the value and source of one outside', () => {
    const c = [{ indicator: 'marginalisation-index', atLeast: '-0.5' }];
    expect(checkIndicatorConditions(c, readings('0.12'))).toEqual([]);
    expect(checkIndicatorConditions(c, readings('-0.9'))).toEqual([
      {
        path: 'projectJurisdictionCode',
        message:
          'projects must be where marginalisation-index at least -0.5; found -0.9 (CONAPO, 2005, for MX-ZAC-020)',
      },
    ]);
    expect(checkIndicatorConditions(c, readings())[0].message).toMatch(/no value is recorded/);
  });

  it('raises a share where the place meets a condition, else keeps its weight', () => {
    const shares = [
      {
        role: 'federal',
        weight: '1',
        weightWhere: [{ indicator: 'marginalisation-index', atLeast: '1', weight: '2' }],
      },
      { role: 'migrants', weight: '1' },
    ];
    expect(targetedShares(shares, readings('1.5')).map((s) => s.weight)).toEqual(['2', '1']);
    expect(targetedShares(shares, readings('0.2')).map((s) => s.weight)).toEqual(['1', '1']);
  });

  it('marks linearly between low and high, capped, either way round', () => {
    expect(markFromIndicator('1', { low: '-1', high: '3' }, '10')).toBe('5');
    expect(markFromIndicator('9', { low: '-1', high: '3' }, '10')).toBe('10');
    expect(markFromIndicator('-1', { low: '3', high: '-1' }, '10')).toBe('10');
    fc.assert(
      fc.property(fc.integer({ min: -10000, max: 10000 }), (v) => {
        const m = new Decimal(
          markFromIndicator(String(v / 100), { low: '-2.4', high: '4.3' }, '10'),
        );
        return m.gte(0) && m.lte(10);
      }),
    );
  });

  it('gives the points of the rank a sector holds among the priorities, ties alike', () => {
    const ranking = [
      { priority: 'POTABLE_WATER', votes: 9, rank: 1 },
      { priority: 'HEALTH_CENTRE', votes: 4, rank: 2 },
      { priority: 'ROADS', votes: 4, rank: 2 },
      { priority: 'SEWERAGE', votes: 1, rank: 4 },
      { priority: 'HOUSING', votes: 0, rank: 5 },
    ];
    const points = ['10', '7', '4', '2', '1'];
    expect(markFromPriorities('POTABLE_WATER', ranking, points)).toBe('10');
    expect(markFromPriorities('ROADS', ranking, points)).toBe('7');
    expect(markFromPriorities('SEWERAGE', ranking, ['10', '7', '4'])).toBe('0');
    expect(markFromPriorities('HOUSING', ranking, points)).toBe('0');
    expect(markFromPriorities('CULTURE', ranking, points)).toBe('0');
  });

  it('admits only the types among the community’s first priorities', () => {
    const consulted = {
      closedOn: '2026-03-02',
      ranking: [
        { priority: 'POTABLE_WATER', votes: 9, rank: 1 },
        { priority: 'ROADS', votes: 4, rank: 2 },
        { priority: 'SEWERAGE', votes: 0, rank: 3 },
      ],
    };
    expect(checkCommunityPriority(2, 'ROADS', consulted)).toEqual([]);
    expect(checkCommunityPriority(3, 'SEWERAGE', consulted)).toEqual([
      {
        path: 'sector',
        message:
          'SEWERAGE is not among the first 3 priorities of the community consultation closed 2026-03-02 (POTABLE_WATER, ROADS)',
      },
    ]);
    expect(checkCommunityPriority(3, 'ROADS', null)[0].path).toBe('projectJurisdictionCode');
  });
});
