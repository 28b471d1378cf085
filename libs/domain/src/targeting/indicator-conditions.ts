import Decimal from 'decimal.js';
import type { Violation } from '../errors/violation';

/**
 * Targeting by the place of a project: jurisdictions carry indicators loaded from published
 * files (a marginalisation index per municipality, with its source and year), and a programme
 * may restrict eligibility, raise a funder's weight or mark a call's criterion by them.
 */

/** The latest value of an indicator for a project's place: its own, else its nearest ancestor's. */
export interface IndicatorReading {
  indicator: string;
  /** A decimal string, possibly negative (indices are often centred on zero). */
  value: string;
  year: number;
  source: string;
  /** The jurisdiction the value is of (the project's, or the region above it). */
  jurisdictionCode: string;
}

/** Both ends inclusive; either may be absent. */
export interface IndicatorCondition {
  indicator: string;
  atLeast?: string;
  atMost?: string;
}

export type Readings = ReadonlyMap<string, IndicatorReading>;

export function meets(reading: IndicatorReading | undefined, c: IndicatorCondition): boolean {
  if (!reading) return false;
  const v = new Decimal(reading.value);
  return (
    (c.atLeast === undefined || v.gte(c.atLeast)) && (c.atMost === undefined || v.lte(c.atMost))
  );
}

export function describeCondition(c: IndicatorCondition): string {
  const bounds = [
    c.atLeast !== undefined ? `at least ${c.atLeast}` : null,
    c.atMost !== undefined ? `at most ${c.atMost}` : null,
  ].filter(Boolean);
  return `${c.indicator} ${bounds.join(' and ')}`;
}

/** Why a place is outside a programme's targeting: each condition it fails, with the value read. */
export function checkIndicatorConditions(
  conditions: readonly IndicatorCondition[],
  readings: Readings,
  path = 'projectJurisdictionCode',
): Violation[] {
  return conditions.flatMap((c) => {
    const r = readings.get(c.indicator);
    if (meets(r, c)) return [];
    const found = r
      ? `${r.value} (${r.source}, ${r.year}, for ${r.jurisdictionCode})`
      : 'no value is recorded for this place';
    return [{ path, message: `projects must be where ${describeCondition(c)}; found ${found}` }];
  });
}

/** A share's weight where the place meets a condition: the first condition met gives it. */
export interface TargetedWeight extends IndicatorCondition {
  weight: string;
}

/** Each share with the weight its place gives it (the share's own where no condition is met). */
export function targetedShares<S extends { weight: string; weightWhere?: TargetedWeight[] }>(
  shares: readonly S[],
  readings: Readings,
): S[] {
  return shares.map((s) => {
    const hit = s.weightWhere?.find((w) => meets(readings.get(w.indicator), w));
    return hit ? { ...s, weight: hit.weight } : s;
  });
}

/**
 * A mark on a criterion's scale from an indicator: `maxScore` at `high`, 0 at `low`, linear
 * between and capped outside. `low` may exceed `high` (a lower value deserves more points).
 * Exact decimals; rounded half-even to 4 places, as call scores are.
 */
export function markFromIndicator(
  value: string,
  range: { low: string; high: string },
  maxScore: string,
): string {
  const low = new Decimal(range.low);
  const span = new Decimal(range.high).minus(low);
  const position = Decimal.min(1, Decimal.max(0, new Decimal(value).minus(low).div(span)));
  return position.times(maxScore).toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toFixed();
}

/** A published consultation's ranking, as a programme's rules read it. */
export interface PriorityRanking {
  closedOn: string;
  ranking: readonly { priority: string; votes: number; rank: number }[];
}

/**
 * Whether a project's type is among the first `top` priorities its community voted for (its
 * municipality's latest consultation): every reason it is not, on the sector field.
 */
export function checkCommunityPriority(
  top: number,
  sector: string,
  consulted: PriorityRanking | null,
): Violation[] {
  if (!consulted)
    return [
      {
        path: 'projectJurisdictionCode',
        message:
          'no community consultation has been held for this place; the programme funds only its priorities',
      },
    ];
  const held = consulted.ranking.find((p) => p.priority === sector && p.votes > 0);
  if (held && held.rank <= top) return [];
  const firsts = consulted.ranking
    .filter((p) => p.votes > 0 && p.rank <= top)
    .map((p) => p.priority);
  return [
    {
      path: 'sector',
      message: `${sector} is not among the first ${top} priorities of the community consultation closed ${consulted.closedOn} (${firsts.join(', ') || 'none voted'})`,
    },
  ];
}

/**
 * A mark from a community consultation: `points[r - 1]` when the project's sector holds rank
 * r in its place's latest consultation (priorities with equal votes share a rank, and so
 * their points), 0 when it is ranked lower or received no vote.
 */
export function markFromPriorities(
  sector: string,
  ranking: readonly { priority: string; votes: number; rank: number }[],
  points: readonly string[],
): string {
  const held = ranking.find((p) => p.priority === sector && p.votes > 0);
  return held && held.rank <= points.length ? points[held.rank - 1] : '0';
}
