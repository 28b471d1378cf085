import type Decimal from 'decimal.js';
import { parseDecimal } from '../funding/money';

/**
 * The ranking of a competitive call: the order in which the budget is handed out and, past
 * the budget, the order in which the reserve list moves up. Both are legal consequences, so
 * the order must be total and reproducible: the same scores give the same ranking on every
 * machine, whatever order the applications were loaded in.
 */

/**
 * How the call's rules separate equal totals, applied in the order listed:
 * - CRITERION: the higher score on the named criterion first (calls usually name their most
 *   important criterion, so equal merit is settled by the merit that matters most);
 * - EARLIER_SUBMISSION: the earlier registered application first (the classic *orden de
 *   presentación*);
 * - LOWER_REQUEST: the smaller request first (with equal merit, the cheaper project leaves more
 *   of the budget for those below).
 */
export type TieBreak =
  { by: 'CRITERION'; criterionId: string } | { by: 'EARLIER_SUBMISSION' } | { by: 'LOWER_REQUEST' };

export interface Candidate {
  applicationId: string;
  /** The aggregate score (`aggregateScore(...).total`), a decimal string. */
  total: string;
  /** Per-criterion values (`aggregateScore(...).byCriterion`). */
  byCriterion: Record<string, string>;
  /** ISO 8601 instant WITH an offset ("2008-03-14T09:30:00Z", "…+01:00"). */
  submittedAt: string;
  /** Money in major units ("150000.00"). */
  requested: string;
}

export interface Ranked extends Candidate {
  /** 1..n, never shared. */
  rank: number;
  /**
   * When this candidate's total equals the one ranked just above it, the rule that put it
   * below: "CRITERION:<id>", "EARLIER_SUBMISSION", "LOWER_REQUEST", or "APPLICATION_ID" when
   * the call's own rules could not separate them. Null otherwise (first, or a lower total).
   * The resolution must say why two equal scores were ordered as they were.
   */
  tieBrokenBy: string | null;
}

/** Name of the last-resort rule in `Ranked.tieBrokenBy`. */
export const BY_APPLICATION_ID = 'APPLICATION_ID';

interface Keyed {
  candidate: Candidate;
  total: Decimal;
  submittedAt: number;
  requested: Decimal;
  criteria: Map<string, Decimal>;
}

/**
 * Higher total first; equal totals by `tieBreaks` in order, then by applicationId ascending
 * (code-unit order, not locale order, so the result does not depend on the machine's locale).
 * The id is a last resort that no rule chose, but an arbitrary rule that is always the same
 * is better than an order that depends on how the applications were loaded.
 *
 * @throws Error on duplicate ids, a total, criterion value or request that is not a
 *   non-negative decimal string, a `submittedAt` that is not an ISO instant with an offset, or a
 *   CRITERION tie-break naming a criterion some candidate lacks. These are checked for every
 *   candidate, not only tied ones, so that a bad input fails the same way whatever the scores.
 */
export function rank(candidates: Candidate[], tieBreaks: TieBreak[]): Ranked[] {
  const keyed = keyCandidates(candidates, tieBreaks);
  const sorted = [...keyed].sort((a, b) => compare(a, b, tieBreaks).order);
  return sorted.map((k, i) => ({
    ...k.candidate,
    byCriterion: { ...k.candidate.byCriterion },
    rank: i + 1,
    tieBrokenBy: i === 0 ? null : compare(sorted[i - 1], k, tieBreaks).by,
  }));
}

/** Negative when `a` ranks above `b`, with the rule that decided when totals were equal. */
function compare(a: Keyed, b: Keyed, tieBreaks: TieBreak[]): { order: number; by: string | null } {
  const byTotal = b.total.comparedTo(a.total);
  if (byTotal !== 0) return { order: byTotal, by: null };
  for (const tieBreak of tieBreaks) {
    const order = compareBy(tieBreak, a, b);
    if (order !== 0) return { order, by: ruleName(tieBreak) };
  }
  const idA = a.candidate.applicationId;
  const idB = b.candidate.applicationId;
  return { order: idA < idB ? -1 : idA > idB ? 1 : 0, by: BY_APPLICATION_ID };
}

function compareBy(tieBreak: TieBreak, a: Keyed, b: Keyed): number {
  switch (tieBreak.by) {
    case 'CRITERION': {
      const id = tieBreak.criterionId;
      return criterionValue(b, id).comparedTo(criterionValue(a, id));
    }
    case 'EARLIER_SUBMISSION':
      return Math.sign(a.submittedAt - b.submittedAt);
    case 'LOWER_REQUEST':
      return a.requested.comparedTo(b.requested);
  }
}

function ruleName(tieBreak: TieBreak): string {
  return tieBreak.by === 'CRITERION' ? `CRITERION:${tieBreak.criterionId}` : tieBreak.by;
}

function criterionValue(k: Keyed, criterionId: string): Decimal {
  const value = k.criteria.get(criterionId);
  // keyCandidates checked every tie-break criterion of every candidate.
  if (value === undefined) throw new Error(`no "${criterionId}" score`);
  return value;
}

function keyCandidates(candidates: Candidate[], tieBreaks: TieBreak[]): Keyed[] {
  const seen = new Set<string>();
  return candidates.map((c) => {
    if (seen.has(c.applicationId)) {
      throw new Error(`application "${c.applicationId}" appears twice in the ranking`);
    }
    seen.add(c.applicationId);
    const criteria = new Map<string, Decimal>();
    for (const t of tieBreaks) {
      if (t.by !== 'CRITERION') continue;
      const raw = Object.prototype.hasOwnProperty.call(c.byCriterion, t.criterionId)
        ? c.byCriterion[t.criterionId]
        : undefined;
      criteria.set(t.criterionId, decimalOf(c, `byCriterion["${t.criterionId}"]`, raw));
    }
    return {
      candidate: c,
      total: decimalOf(c, 'total', c.total),
      submittedAt: instantOf(c),
      requested: decimalOf(c, 'requested', c.requested),
      criteria,
    };
  });
}

function decimalOf(c: Candidate, field: string, value: string | undefined): Decimal {
  const d = parseDecimal(value);
  if (d === undefined) {
    throw new Error(
      `application "${c.applicationId}": ${field} must be a non-negative decimal string, not ${JSON.stringify(value)}`,
    );
  }
  return d;
}

// An offset is required: without one, Date.parse reads the time in the machine's zone, and
// the same two submissions could be ordered differently on two servers.
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Milliseconds since the epoch. Submissions less than a millisecond apart compare equal and
 * fall through to the next rule; registers stamp to the second or minute anyway. The fields
 * are range-checked here because Date.parse rolls "02-30" over into March.
 */
function instantOf(c: Candidate): number {
  const m = ISO_INSTANT.exec(c.submittedAt);
  const ms = m && fieldsInRange(m) ? Date.parse(c.submittedAt) : NaN;
  if (Number.isNaN(ms)) {
    throw new Error(
      `application "${c.applicationId}": submittedAt must be an ISO 8601 instant with an offset, not ${JSON.stringify(c.submittedAt)}`,
    );
  }
  return ms;
}

function fieldsInRange(m: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = m
    .slice(1)
    .map((field) => Number(field ?? '0'));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return (
    daysInMonth !== undefined &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour <= 23 &&
    offsetMinute <= 59
  );
}
