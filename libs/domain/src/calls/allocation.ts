import type Decimal from 'decimal.js';
import { Dec, formatMinorUnits, parseAmount, parseDecimal } from '../funding/money';
import type { Ranked } from './ranking';

/**
 * Allocation of a competitive call's budget down the ranking: grants go to the best-scored
 * applications "within the available credit" (Ley 38/2003, art. 22.1), and those that
 * qualified but found the money gone form a reserve list that takes up money a beneficiary
 * gives back (RD 887/2006, art. 63.3). All money is integer minor units (cents) inside and
 * decimal strings in major units outside, so nothing is ever rounded.
 */

/**
 * What happens at the first application the remaining budget cannot cover in full:
 * - STOP: strict ranking order; nobody below it is funded before it is. It and everything
 *   below go to the reserve, and money may be left unspent.
 * - SKIP_TO_NEXT_THAT_FITS: it waits in the reserve, and lower-ranked applications that still
 *   fit are funded, so the budget is used as fully as the requests allow.
 * - FUND_PARTIALLY: it is offered whatever remains (calls then ask the beneficiary to
 *   reformulate the project to the grant, Ley 38/2003 art. 27), and everything below goes to
 *   the reserve. If what remains is below `minimumPartialShare` of its request, the project
 *   could not be carried out on it, so no offer is made: it goes to the reserve and the walk
 *   continues as SKIP_TO_NEXT_THAT_FITS (a partial offer is made at most once per walk, to
 *   the application at the budget's edge, not to whichever lower one happens to clear it).
 */
export type LastFitRule = 'SKIP_TO_NEXT_THAT_FITS' | 'FUND_PARTIALLY' | 'STOP';

export interface AllocationInput {
  ranked: Ranked[];
  /** Money in major units ("2000000.00"). */
  budget: string;
  /** ISO 4217 code; budget and requests are read at its minor-unit precision. */
  currency: string;
  lastFit: LastFitRule;
  /** Totals strictly below this decimal are excluded: the call's quality threshold. */
  minimumTotal?: string;
  /** A decimal in [0, 1], e.g. "0.5": a partial grant below this share of the request is not offered. */
  minimumPartialShare?: string;
}

export interface FundedGrant {
  applicationId: string;
  rank: number;
  /** Money in major units; equals the request unless `partial`. */
  granted: string;
  partial: boolean;
}

export interface ReserveEntry {
  applicationId: string;
  rank: number;
}

export interface ExcludedEntry {
  applicationId: string;
  rank: number;
  reason: string;
}

export interface Allocation {
  /** In ranking order. */
  funded: FundedGrant[];
  /** In ranking order: who moves up first. */
  reserve: ReserveEntry[];
  /** Never reserve: below the call's minimum score. */
  excluded: ExcludedEntry[];
  committed: string;
  remaining: string;
}

interface Entry {
  applicationId: string;
  rank: number;
  total: Decimal;
  /** The total as published, for messages. */
  totalText: string;
  /** Minor units, positive. */
  request: Decimal;
}

interface Terms {
  budget: Decimal;
  currency: string;
  lastFit: LastFitRule;
  entries: Entry[];
  minimumTotal: Decimal | undefined;
  minimumPartialShare: Decimal | undefined;
}

interface Walked {
  funded: { entry: Entry; granted: Decimal; partial: boolean }[];
  reserve: Entry[];
  remaining: Decimal;
}

/**
 * Walks down the ranking once. Applications under `minimumTotal` are excluded, whatever the
 * budget: a reserve list is for applications the call would fund if it had the money, and
 * these it would not.
 *
 * @throws Error when the input cannot be read: an unknown currency, a budget or request that
 *   is not an amount in that currency, a request of zero, repeated ids or ranks, a malformed
 *   minimum. Those are faults in what the caller assembled, not outcomes of the call.
 */
export function allocate(input: AllocationInput): Allocation {
  const terms = readTerms(input);
  const eligible: Entry[] = [];
  const excluded: ExcludedEntry[] = [];
  for (const entry of terms.entries) {
    const min = terms.minimumTotal;
    if (min !== undefined && entry.total.lessThan(min)) {
      excluded.push({
        applicationId: entry.applicationId,
        rank: entry.rank,
        reason: `total ${entry.totalText} is below the call's minimum of ${input.minimumTotal ?? ''}`,
      });
    } else {
      eligible.push(entry);
    }
  }
  const walked = walk(eligible, terms.budget, terms);
  return present(terms, walked.funded.map(toGrant(terms.currency)), walked.reserve, excluded);
}

/**
 * `withdrawnId` gives up its place. A funded project's grant returns to the budget and the
 * reserve moves up: the same rule is walked again over the reserve, in ranking order, with
 * what is now remaining. Every other funded project keeps its grant exactly, partial grants
 * included (they are not topped up): a beneficiary's grant is a resolution already notified,
 * and nobody's grant may change because somebody else withdrew. A reserve (or excluded)
 * entry that withdraws is simply removed; it held no money, so nothing else moves.
 *
 * The withdrawn application disappears from the allocation; it stays in `input.ranked`, so a
 * later `allocate(input)` from scratch would bring it back. Callers keep the withdrawal.
 *
 * @throws Error when `withdrawnId` is in none of the lists, when `current` does not balance
 *   against `input.budget`, or when a reserve entry is missing from `input.ranked`.
 */
export function withdraw(
  input: AllocationInput,
  current: Allocation,
  withdrawnId: string,
): Allocation {
  const terms = readTerms(input);
  const remaining = checkBalance(terms, current);
  const isIt = (e: { applicationId: string }) => e.applicationId === withdrawnId;
  const leaving = current.funded.find(isIt);
  if (leaving) {
    const kept = current.funded.filter((f) => !isIt(f));
    const freed = remaining.plus(amountOf(leaving.granted, terms.currency, 'granted'));
    return fillFromReserve(terms, kept, current, freed);
  }
  if (current.reserve.some(isIt) || current.excluded.some(isIt)) {
    return copy({
      ...current,
      reserve: current.reserve.filter((r) => !isIt(r)),
      excluded: current.excluded.filter((x) => !isIt(x)),
    });
  }
  throw new Error(
    `cannot withdraw "${withdrawnId}": it is neither funded, in reserve nor excluded in this allocation`,
  );
}

/**
 * The reserve moves up into money `current` has remaining (what withdrawals gave back, once
 * they are out of the allocation): the call's rule is walked over the reserve, in ranking
 * order. Funded projects keep their grants exactly.
 *
 * @throws Error when `current` does not balance against `input.budget`, or a reserve entry is
 *   missing from `input.ranked`.
 */
export function moveUp(input: AllocationInput, current: Allocation): Allocation {
  const terms = readTerms(input);
  const remaining = checkBalance(terms, current);
  return fillFromReserve(terms, current.funded, current, remaining);
}

function fillFromReserve(
  terms: Terms,
  kept: FundedGrant[],
  current: Allocation,
  available: Decimal,
): Allocation {
  const byId = new Map(terms.entries.map((e) => [e.applicationId, e]));
  const reserve = current.reserve.map((r) => {
    const entry = byId.get(r.applicationId);
    if (!entry) throw new Error(`reserve entry "${r.applicationId}" is not in the ranking`);
    return entry;
  });
  reserve.sort((a, b) => a.rank - b.rank);
  const walked = walk(reserve, available, terms);
  const funded = [...kept.map((f) => ({ ...f })), ...walked.funded.map(toGrant(terms.currency))];
  funded.sort((a, b) => a.rank - b.rank);
  return present(terms, funded, walked.reserve, current.excluded);
}

/** The walk itself, over entries in ranking order, from `budget` minor units. */
function walk(entries: Entry[], budget: Decimal, terms: Terms): Walked {
  const out: Walked = { funded: [], reserve: [], remaining: budget };
  // CLOSED: everything from here on waits in the reserve.
  let mode: LastFitRule | 'CLOSED' = terms.lastFit;
  for (const entry of entries) {
    if (mode !== 'CLOSED' && entry.request.lessThanOrEqualTo(out.remaining)) {
      out.funded.push({ entry, granted: entry.request, partial: false });
      out.remaining = out.remaining.minus(entry.request);
      continue;
    }
    if (mode === 'FUND_PARTIALLY' && offersPartial(out.remaining, entry.request, terms)) {
      out.funded.push({ entry, granted: out.remaining, partial: true });
      out.remaining = new Dec(0);
      mode = 'CLOSED';
      continue;
    }
    out.reserve.push(entry);
    if (mode === 'STOP') mode = 'CLOSED';
    if (mode === 'FUND_PARTIALLY') mode = 'SKIP_TO_NEXT_THAT_FITS';
  }
  return out;
}

/** A partial grant must be money (> 0) and, when the call sets one, at least the minimum share. */
function offersPartial(remaining: Decimal, request: Decimal, terms: Terms): boolean {
  const share = terms.minimumPartialShare;
  if (remaining.isZero()) return false;
  return share === undefined || remaining.greaterThanOrEqualTo(request.times(share));
}

function toGrant(currency: string) {
  return (f: Walked['funded'][number]): FundedGrant => ({
    applicationId: f.entry.applicationId,
    rank: f.entry.rank,
    granted: formatMinorUnits(f.granted, currency),
    partial: f.partial,
  });
}

/** Assembles the result, recomputing the totals from the grants so they always balance. */
function present(
  terms: Terms,
  funded: FundedGrant[],
  reserve: Entry[],
  excluded: ExcludedEntry[],
): Allocation {
  const committed = funded.reduce(
    (total, f) => total.plus(amountOf(f.granted, terms.currency, 'granted')),
    new Dec(0),
  );
  if (committed.greaterThan(terms.budget)) {
    throw new Error('allocation would commit more than the budget'); // unreachable by construction
  }
  return {
    funded,
    reserve: reserve.map((e) => ({ applicationId: e.applicationId, rank: e.rank })),
    excluded: excluded.map((x) => ({ ...x })),
    committed: formatMinorUnits(committed, terms.currency),
    remaining: formatMinorUnits(terms.budget.minus(committed), terms.currency),
  };
}

function copy(a: Allocation): Allocation {
  return {
    funded: a.funded.map((f) => ({ ...f })),
    reserve: a.reserve.map((r) => ({ ...r })),
    excluded: a.excluded.map((x) => ({ ...x })),
    committed: a.committed,
    remaining: a.remaining,
  };
}

/** `current.remaining` in minor units, after checking that `current` is an allocation of this budget. */
function checkBalance(terms: Terms, current: Allocation): Decimal {
  const committed = amountOf(current.committed, terms.currency, 'committed');
  const remaining = amountOf(current.remaining, terms.currency, 'remaining');
  const granted = current.funded.reduce(
    (total, f) => total.plus(amountOf(f.granted, terms.currency, 'granted')),
    new Dec(0),
  );
  if (!committed.plus(remaining).equals(terms.budget) || !granted.equals(committed)) {
    throw new Error('the current allocation does not balance against this budget');
  }
  return remaining;
}

function readTerms(input: AllocationInput): Terms {
  const budget = amountOf(input.budget, input.currency, 'budget');
  const minimumTotal = optionalDecimal(input.minimumTotal, 'minimumTotal');
  const minimumPartialShare = optionalDecimal(input.minimumPartialShare, 'minimumPartialShare');
  if (minimumPartialShare?.greaterThan(1)) {
    throw new Error('minimumPartialShare must be between 0 and 1');
  }
  const ids = new Set<string>();
  const ranks = new Set<number>();
  const entries = input.ranked.map((r): Entry => {
    if (ids.has(r.applicationId))
      throw new Error(`application "${r.applicationId}" is ranked twice`);
    if (!Number.isSafeInteger(r.rank) || r.rank < 1 || ranks.has(r.rank)) {
      throw new Error(`application "${r.applicationId}" has an invalid or shared rank ${r.rank}`);
    }
    ids.add(r.applicationId);
    ranks.add(r.rank);
    const request = amountOf(r.requested, input.currency, `"${r.applicationId}" requested`);
    if (request.isZero()) throw new Error(`application "${r.applicationId}" requests nothing`);
    const total = parseDecimal(r.total);
    if (total === undefined) throw new Error(`application "${r.applicationId}" has no valid total`);
    return { applicationId: r.applicationId, rank: r.rank, total, totalText: r.total, request };
  });
  // The walk follows `rank`, not the array's order, so a re-sorted list allocates the same.
  entries.sort((a, b) => a.rank - b.rank);
  return {
    budget,
    currency: input.currency,
    lastFit: input.lastFit,
    entries,
    minimumTotal,
    minimumPartialShare,
  };
}

function amountOf(value: string, currency: string, what: string): Decimal {
  const parsed = parseAmount(value, currency);
  if (!parsed.ok) throw new Error(`${what}: ${parsed.reason}`);
  return parsed.value;
}

function optionalDecimal(value: string | undefined, what: string): Decimal | undefined {
  if (value === undefined) return undefined;
  const d = parseDecimal(value);
  if (d === undefined) throw new Error(`${what} must be a non-negative decimal string`);
  return d;
}
