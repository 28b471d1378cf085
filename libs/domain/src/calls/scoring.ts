import type Decimal from 'decimal.js';
import type { Violation } from '../errors/violation';
import { parseDecimal } from '../funding/money';
import { type Ratio, dividedBy, ratio, roundHalfEven, sum, times } from './exact-ratio';

/**
 * Scoring of applications to a competitive call (*concurrencia competitiva*, Ley 38/2003
 * General de Subvenciones, art. 22.1): applications are compared against each other on the
 * criteria published in the call, never on anything else, so the criteria and their weights
 * are data fixed before the first application arrives.
 */

/**
 * One published criterion, e.g. `{ id: 'impact', weight: '40', maxScore: '10' }`.
 * `weight` is relative: totals divide by the sum of weights, so a call that publishes
 * percentages (40/30/20/10) and one that publishes points (4/3/2/1) score identically.
 * `maxScore` is the top of the scale evaluators mark on (0..10, 0..5): each criterion is
 * normalised to 0..100 so that a criterion marked out of 5 weighs no less than one out of 10.
 */
export interface Criterion {
  id: string;
  weight: string;
  maxScore: string;
  /**
   * Marked from data — an indicator of the project's place, a community consultation's
   * priorities — once, when the call ranks, never by evaluators (`criterion-from-data.ts`).
   */
  from?: object;
}

/**
 * WEIGHTED applies the published weights; MEAN treats every criterion alike (some calls
 * publish criteria without weights, and a committee may want the unweighted figure beside it).
 */
export type Aggregation = 'WEIGHTED' | 'MEAN';

export interface EvaluatorScore {
  evaluator: string;
  criterionId: string;
  /** A decimal string on the criterion's scale, 0..maxScore ("7.5"). */
  score: string;
  /** Why this mark: required, see `checkScore`. */
  reason: string;
}

/**
 * Every mark given to one application. Evaluators listed in `recused` declared a conflict of
 * interest (a relative in the applicant association, say); their marks, if any were entered
 * before the recusal, are ignored, because a recusal that still counted would be no recusal.
 */
export interface ScoreSheet {
  applicationId: string;
  scores: EvaluatorScore[];
  recused: string[];
}

export type AggregateResult =
  { ok: true; total: string; byCriterion: Record<string, string> } | { ok: false; reason: string };

/** Who marks the criteria marked from data, in a score sheet. */
export const DATA_EVALUATOR = 'data';

/** Totals and criterion values are published with this many decimals. */
export const SCORE_DECIMALS = 4;

/**
 * Problems with a call's published criteria: ids present and unique, weights and top marks
 * positive decimals. A zero weight would be a criterion that cannot matter (and would still
 * count under MEAN); a zero top mark cannot be normalised.
 */
export function checkCriteria(criteria: Criterion[]): Violation[] {
  if (criteria.length === 0) return [{ path: '', message: 'a call needs at least one criterion' }];
  const seen = new Set<string>();
  return criteria.flatMap((c, i) => {
    const out: Violation[] = [];
    if (c.id.trim() === '') out.push({ path: `${i}.id`, message: 'must not be blank' });
    else if (seen.has(c.id)) out.push({ path: `${i}.id`, message: `"${c.id}" is repeated` });
    seen.add(c.id);
    if (!isPositive(parseDecimal(c.weight))) {
      out.push({ path: `${i}.weight`, message: 'must be a positive decimal string, such as "40"' });
    }
    if (!isPositive(parseDecimal(c.maxScore))) {
      out.push({
        path: `${i}.maxScore`,
        message: 'must be a positive decimal string, such as "10"',
      });
    }
    return out;
  });
}

/**
 * Problems with one evaluator's mark, with paths relative to the score. A mark needs a
 * written reason because applicants may object to the provisional resolution and a
 * contested score must be defensible; an unreasoned number cannot be.
 */
export function checkScore(criteria: Criterion[], s: EvaluatorScore): Violation[] {
  const out: Violation[] = [];
  if (s.evaluator.trim() === '') out.push({ path: 'evaluator', message: 'must not be blank' });
  const criterion = criteria.find((c) => c.id === s.criterionId);
  if (!criterion) {
    out.push({
      path: 'criterionId',
      message: `"${s.criterionId}" is not a criterion of this call`,
    });
  } else if (criterion.from && s.evaluator !== DATA_EVALUATOR) {
    out.push({
      path: 'criterionId',
      message: `"${s.criterionId}" is marked from data, not by evaluators`,
    });
  }
  const score = parseSignedDecimal(s.score);
  if (score === undefined) {
    out.push({ path: 'score', message: 'must be a decimal string, such as "7.5"' });
  } else if (criterion) {
    const max = parseDecimal(criterion.maxScore);
    if (score.lessThan(0) || (max !== undefined && score.greaterThan(max))) {
      out.push({ path: 'score', message: `must be between 0 and ${criterion.maxScore}` });
    }
  }
  if (s.reason.trim() === '') out.push({ path: 'reason', message: 'must not be blank' });
  return out;
}

/**
 * The committee's score of one application.
 *
 * Per criterion: the mean of the non-recused evaluators' marks (a mean, not a sum, so that an
 * application is not favoured by having been marked by more people), normalised to 0..100.
 * WEIGHTED: `sum(weight × normalised) / sum(weights)`; MEAN: the plain mean of the normalised
 * criterion values. Everything is exact until one half-even rounding to 4 decimals at the
 * end, so the published total is the true total rounded, never a rounding of roundings.
 *
 * Refused (`ok: false`) when a counted mark is invalid, an evaluator marked a criterion twice
 * (which mark counts would be a guess), or a criterion has fewer than `minimumEvaluators`
 * counted marks: a recusal can leave a criterion under-examined, and the call's rules then
 * need another evaluator rather than a score from too few eyes.
 *
 * @throws Error when the criteria themselves are invalid (see `checkCriteria`) or
 *   `minimumEvaluators` is not a positive integer: those are faults of the call, not the sheet.
 */
export function aggregateScore(
  criteria: Criterion[],
  aggregation: Aggregation,
  sheet: ScoreSheet,
  minimumEvaluators: number,
): AggregateResult {
  assertCriteria(criteria);
  if (!Number.isSafeInteger(minimumEvaluators) || minimumEvaluators < 1) {
    throw new Error(`minimumEvaluators must be a positive integer, not ${minimumEvaluators}`);
  }
  const recused = new Set(sheet.recused);
  const counted = sheet.scores.filter((s) => !recused.has(s.evaluator));
  const problem = invalidScore(criteria, counted) ?? repeatedScore(counted);
  if (problem) return { ok: false, reason: problem };

  const normalised: Ratio[] = [];
  for (const c of criteria) {
    const marks = counted.filter((s) => s.criterionId === c.id);
    // A criterion marked from data has one mark: the data's.
    const needed = c.from ? 1 : minimumEvaluators;
    if (marks.length < needed) {
      return {
        ok: false,
        reason: `criterion "${c.id}" has ${marks.length} counted evaluator score(s); at least ${needed} needed`,
      };
    }
    normalised.push(normalisedMean(c, marks));
  }
  const total =
    aggregation === 'WEIGHTED' ? weightedMean(criteria, normalised) : plainMean(normalised);
  return {
    ok: true,
    total: roundHalfEven(total, SCORE_DECIMALS),
    byCriterion: Object.fromEntries(
      criteria.map((c, i) => [c.id, roundHalfEven(normalised[i], SCORE_DECIMALS)]),
    ),
  };
}

/** mean(marks) / maxScore × 100, exactly. */
function normalisedMean(c: Criterion, marks: EvaluatorScore[]): Ratio {
  const total = sum(marks.map((m) => ratio(requireDecimal(parseSignedDecimal(m.score)))));
  const mean = dividedBy(total, ratio(marks.length));
  return times(dividedBy(mean, ratio(requireDecimal(parseDecimal(c.maxScore)))), ratio(100));
}

function weightedMean(criteria: Criterion[], normalised: Ratio[]): Ratio {
  const weights = criteria.map((c) => ratio(requireDecimal(parseDecimal(c.weight))));
  return dividedBy(sum(normalised.map((n, i) => times(weights[i], n))), sum(weights));
}

function plainMean(normalised: Ratio[]): Ratio {
  return dividedBy(sum(normalised), ratio(normalised.length));
}

function invalidScore(criteria: Criterion[], scores: EvaluatorScore[]): string | undefined {
  for (const s of scores) {
    const violations = checkScore(criteria, s);
    if (violations.length > 0) {
      const what = violations.map((v) => `${v.path} ${v.message}`).join('; ');
      return `score by "${s.evaluator}" on "${s.criterionId}" is invalid: ${what}`;
    }
  }
  return undefined;
}

function repeatedScore(scores: EvaluatorScore[]): string | undefined {
  const seen = new Set<string>();
  for (const s of scores) {
    const key = JSON.stringify([s.evaluator, s.criterionId]);
    if (seen.has(key)) return `"${s.evaluator}" scored criterion "${s.criterionId}" more than once`;
    seen.add(key);
  }
  return undefined;
}

function assertCriteria(criteria: Criterion[]): void {
  const violations = checkCriteria(criteria);
  if (violations.length > 0) {
    const what = violations.map((v) => `criteria${v.path ? `.${v.path}` : ''}: ${v.message}`);
    throw new Error(`invalid call criteria: ${what.join('; ')}`);
  }
}

/**
 * A decimal string that may carry a leading minus, so that "-1" is reported as out of range
 * (what the evaluator got wrong) rather than as not a number.
 */
function parseSignedDecimal(value: string): Decimal | undefined {
  if (typeof value !== 'string') return undefined;
  if (!value.startsWith('-')) return parseDecimal(value);
  return parseDecimal(value.slice(1))?.negated();
}

function isPositive(d: Decimal | undefined): boolean {
  return d !== undefined && !d.isZero();
}

function requireDecimal(d: Decimal | undefined): Decimal {
  // Only reached after validation; a miss here is a bug in this module.
  if (d === undefined) throw new Error('unvalidated decimal reached the score computation');
  return d;
}
