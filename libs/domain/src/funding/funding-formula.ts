import type Decimal from 'decimal.js';
import { Violation } from '../errors/violation';
import { allocateWithCeilings, sum } from './allocation';
import {
  convertByRate,
  Dec,
  formatMinorUnits,
  formatMoney,
  isCurrencyCode,
  parseAmount,
  parseDecimal,
  powerOfTen,
} from './money';

/**
 * The funding formula of a programme: who pays what part of a project budget. Pure and
 * exact, so the same rule version gives the same split in the API, in a Temporal workflow
 * replay and in a report years later.
 *
 * Violation paths name a field of the rule (`shares[2].ceiling`, `minimumPooled`,
 * `backstop.role`) or of the request (`total`, `currency`, `exchangeRates.USD`,
 * `shortfalls.municipal`). The two sets never collide, so a caller that nests them in a
 * larger input can prefix them (see `prefixViolations`).
 */

export interface FundingShareRule {
  /** Funding role key, e.g. 'migrants', 'municipal', 'state', 'federal', 'private'. */
  role: string;
  /** Relative weight (a percent or a ratio): share = weight / sum(weights). "25" or "1". */
  weight: string;
  /** The most this role funds per project, in the project currency. */
  ceiling?: string;
  /** The currency this role pledges in when it differs from the project's (USD for migrants). */
  currency?: string;
}

export interface FundingRule {
  shares: FundingShareRule[];
  /** E.g. Guanajuato's Mi Comunidad: migrants must pool at least 60000 USD. */
  minimumPooled?: { role: string; amount: string; currency: string };
  /** E.g. federal covers a municipality's shortfall, up to `limit` per project (project currency). */
  backstop?: { role: string; covers: string[]; limit?: string };
}

export interface FundingRequest {
  /** Project budget, major units of `currency`. */
  total: string;
  /** Project currency, e.g. 'MXN'. */
  currency: string;
  /** Units of project currency per 1 unit of foreign currency, e.g. { USD: '17.2500' }. */
  exchangeRates?: Record<string, string>;
  /** Role -> part of its share it cannot pay (project currency); the backstop covers it. */
  shortfalls?: Record<string, string>;
}

export interface FundingLine {
  /** Who pays. */
  role: string;
  /** In project currency, exact at minor units. */
  amount: string;
  /** Set on backstop lines: whose shortfall this pays. */
  coversRole?: string;
  /**
   * When the role pledges in another currency: the amount at the recorded rate, rounded, and
   * where the rate came from (its source and the day it is valid from).
   */
  pledged?: { amount: string; currency: string; rate: string; source?: string; validOn?: string };
}

export interface FundingSplit {
  currency: string;
  total: string;
  lines: FundingLine[];
}

/** A share once read: weight scaled to an integer, amounts in minor units of the project. */
interface Share {
  role: string;
  weight: Decimal;
  ceiling?: Decimal;
  /** Only when it differs from the project currency. */
  foreignCurrency?: string;
}

interface Line {
  role: string;
  minor: Decimal;
  coversRole?: string;
}

/**
 * Splits `request.total` among the rule's roles. Lines come in the order of the rule's
 * shares, one per share role even when it is zero (so every party of the programme shows up
 * in the split, as on the project's plaque), followed by one backstop line for each role
 * that fell short, in the same order. The lines always sum to exactly `total`.
 *
 * Every violation of the rule and of the request is reported at once; only the checks that
 * need a split (ceilings, shortfalls against shares, the pooled minimum) wait until the
 * inputs are sound.
 */
export function computeFundingSplit(
  rule: FundingRule,
  request: FundingRequest,
): { ok: true; split: FundingSplit } | { ok: false; violations: Violation[] } {
  const inputViolations = [...checkFundingRule(rule), ...checkFundingRequest(rule, request)];
  if (inputViolations.length > 0) return { ok: false, violations: inputViolations };

  const { currency } = request;
  const total = amountOf(request.total, currency);
  const shares = readShares(rule, currency);

  const allocation = allocateWithCeilings(
    total,
    shares.map((s) => s.weight),
    shares.map((s) => s.ceiling),
  );
  if (!allocation.ok) {
    return {
      ok: false,
      violations: [
        {
          path: 'total',
          message:
            `${formatMoney(total, currency)} exceeds the ${formatMoney(allocation.capacity, currency)}` +
            ' that the ceilings of all shares allow',
        },
      ],
    };
  }

  const { lines, violations } = coverShortfalls(rule, request, shares, allocation.amounts);
  violations.push(...checkMinimumPooled(rule, request, lines));
  if (violations.length > 0) return { ok: false, violations };

  return {
    ok: true,
    split: {
      currency,
      total: formatMinorUnits(total, currency),
      lines: lines.map((line) => toFundingLine(line, shares, request)),
    },
  };
}

/**
 * Static validation of a rule, without a project: every problem at once, each named by the
 * path of its field. Amounts in the project currency (ceilings, the backstop limit) are
 * checked for their number of decimals only once the project currency is known.
 */
export function checkFundingRule(rule: FundingRule): Violation[] {
  const violations: Violation[] = [];
  if (!Array.isArray(rule.shares) || rule.shares.length === 0) {
    return [{ path: 'shares', message: 'must name at least one funding role' }];
  }
  const firstIndexOfRole = new Map<string, number>();
  rule.shares.forEach((share, i) => {
    const at = `shares[${i}]`;
    if (typeof share.role !== 'string' || !share.role.trim()) {
      violations.push({ path: `${at}.role`, message: 'must not be blank' });
    } else if (firstIndexOfRole.has(share.role)) {
      violations.push({
        path: `${at}.role`,
        message: `"${share.role}" is already the role of shares[${firstIndexOfRole.get(share.role)}]; a role has one share`,
      });
    } else {
      firstIndexOfRole.set(share.role, i);
    }
    violations.push(...checkPositiveDecimal(share.weight, `${at}.weight`, '"25" or "1"'));
    if (share.ceiling !== undefined) {
      violations.push(...checkPositiveDecimal(share.ceiling, `${at}.ceiling`, '"1000000.00"'));
    }
    if (share.currency !== undefined && !isCurrencyCode(share.currency)) {
      violations.push({ path: `${at}.currency`, message: notACurrency(share.currency) });
    }
  });
  const isRole = (role: unknown): boolean => typeof role === 'string' && firstIndexOfRole.has(role);

  const minimum = rule.minimumPooled;
  if (minimum !== undefined) {
    if (!isRole(minimum.role)) {
      violations.push({ path: 'minimumPooled.role', message: notARole(minimum.role) });
    }
    if (!isCurrencyCode(minimum.currency)) {
      violations.push({ path: 'minimumPooled.currency', message: notACurrency(minimum.currency) });
      violations.push(...checkPositiveDecimal(minimum.amount, 'minimumPooled.amount', '"60000"'));
    } else {
      violations.push(
        ...checkPositiveAmount(minimum.amount, minimum.currency, 'minimumPooled.amount'),
      );
    }
  }

  const backstop = rule.backstop;
  if (backstop !== undefined) {
    if (!isRole(backstop.role)) {
      violations.push({ path: 'backstop.role', message: notARole(backstop.role) });
    }
    if (!Array.isArray(backstop.covers) || backstop.covers.length === 0) {
      violations.push({ path: 'backstop.covers', message: 'must name at least one role' });
    } else {
      backstop.covers.forEach((role, i) => {
        const at = `backstop.covers[${i}]`;
        if (!isRole(role)) violations.push({ path: at, message: notARole(role) });
        else if (role === backstop.role) {
          violations.push({ path: at, message: `the backstop (${role}) cannot cover itself` });
        } else if (backstop.covers.indexOf(role) < i) {
          violations.push({ path: at, message: `"${role}" is already covered` });
        }
      });
    }
    if (backstop.limit !== undefined) {
      violations.push(...checkPositiveDecimal(backstop.limit, 'backstop.limit', '"500000.00"'));
    }
  }
  return violations;
}

/** The request's own problems, and those of the rule that only the project currency reveals. */
function checkFundingRequest(rule: FundingRule, request: FundingRequest): Violation[] {
  const violations: Violation[] = [];
  const { currency } = request;
  const currencyKnown = isCurrencyCode(currency);
  if (!currencyKnown) {
    violations.push({ path: 'currency', message: notACurrency(currency) });
    violations.push(...checkPositiveDecimal(request.total, 'total', '"1000000.00"'));
  } else {
    violations.push(...checkPositiveAmount(request.total, currency, 'total'));
    violations.push(...checkProjectAmountsOfRule(rule, currency));
  }
  violations.push(...checkExchangeRates(rule, request));
  violations.push(...checkShortfalls(rule, request));
  return violations;
}

/** Ceilings and the backstop limit are in the project currency: whole minor units of it. */
function checkProjectAmountsOfRule(rule: FundingRule, currency: string): Violation[] {
  const violations: Violation[] = [];
  const check = (value: string | undefined, path: string): void => {
    // A malformed or non-positive figure is already reported by checkFundingRule.
    if (value === undefined || !isPositive(parseDecimal(value))) return;
    const parsed = parseAmount(value, currency);
    if (!parsed.ok) violations.push({ path, message: parsed.reason });
  };
  sharesOf(rule).forEach((share, i) => check(share.ceiling, `shares[${i}].ceiling`));
  check(rule.backstop?.limit, 'backstop.limit');
  return violations;
}

/**
 * Every given rate must be a positive decimal of a known currency; a rate is required for
 * each currency the rule converts into. A rate for the project currency itself can only be 1.
 */
function checkExchangeRates(rule: FundingRule, request: FundingRequest): Violation[] {
  const violations: Violation[] = [];
  const rates = request.exchangeRates ?? {};
  for (const [code, rate] of Object.entries(rates)) {
    const at = `exchangeRates.${code}`;
    if (!isCurrencyCode(code)) violations.push({ path: at, message: notACurrency(code) });
    else if (code === request.currency && !new Dec(1).equals(parseDecimal(rate) ?? 0)) {
      violations.push({ path: at, message: `the project currency converts to itself at 1` });
    } else violations.push(...checkPositiveDecimal(rate, at, '"17.2500"'));
  }
  if (!isCurrencyCode(request.currency)) return violations;

  const needed = new Map<string, string>();
  for (const share of sharesOf(rule)) {
    if (isCurrencyCode(share.currency) && share.currency !== request.currency) {
      if (!needed.has(share.currency)) {
        needed.set(share.currency, `${share.role} pledges in ${share.currency}`);
      }
    }
  }
  const minimum = rule.minimumPooled;
  if (isCurrencyCode(minimum?.currency) && minimum.currency !== request.currency) {
    if (!needed.has(minimum.currency)) {
      needed.set(minimum.currency, `the pooled minimum is in ${minimum.currency}`);
    }
  }
  for (const [code, why] of needed) {
    if (!Object.hasOwn(rates, code)) {
      violations.push({
        path: `exchangeRates.${code}`,
        message: `is required: ${why} (${request.currency} per 1 ${code}, e.g. "17.2500")`,
      });
    }
  }
  return violations;
}

/**
 * A shortfall must be a well-formed amount of a funding role that the backstop covers. A
 * zero shortfall is the absence of one and needs no backstop. Comparing it with the role's
 * share waits for the split.
 */
function checkShortfalls(rule: FundingRule, request: FundingRequest): Violation[] {
  const violations: Violation[] = [];
  const roles = new Set(sharesOf(rule).map((s) => s.role));
  const backstop = rule.backstop;
  for (const [role, value] of Object.entries(request.shortfalls ?? {})) {
    const at = `shortfalls.${role}`;
    if (!roles.has(role)) {
      violations.push({ path: at, message: notARole(role) });
      continue;
    }
    const amount = isCurrencyCode(request.currency)
      ? parseAmount(value, request.currency)
      : { ok: parseDecimal(value) !== undefined, reason: 'must be a decimal string' };
    if (!amount.ok) {
      violations.push({ path: at, message: amount.reason });
      continue;
    }
    if (parseDecimal(value)?.isZero()) continue;
    if (backstop === undefined) {
      violations.push({
        path: at,
        message: `the rule has no backstop to cover ${role}'s shortfall`,
      });
    } else if (!Array.isArray(backstop.covers) || !backstop.covers.includes(role)) {
      violations.push({
        path: at,
        message: `the backstop (${backstop.role}) does not cover ${role}`,
      });
    }
  }
  return violations;
}

/** The rule's shares, read once they are known to be sound. */
function readShares(rule: FundingRule, currency: string): Share[] {
  const weights = rule.shares.map((s) => decimalOf(s.weight));
  // Scale every weight by the same power of ten so they are integers with the same ratios:
  // the split is then integer arithmetic with no rounding at all until the last minor unit.
  const scale = powerOfTen(Math.max(...weights.map((w) => w.decimalPlaces())));
  return rule.shares.map((s, i) => ({
    role: s.role,
    weight: weights[i].times(scale),
    ...(s.ceiling !== undefined ? { ceiling: amountOf(s.ceiling, currency) } : {}),
    ...(s.currency !== undefined && s.currency !== currency ? { foreignCurrency: s.currency } : {}),
  }));
}

/**
 * Reduces each short role's line and adds a line for the backstop that pays the difference
 * (a national funder helping a municipality meet its match). The backstop's own ceiling
 * bounds only its own share; what it pays for others is bounded by `backstop.limit`, the
 * programme's separate per-project figure for that help.
 */
function coverShortfalls(
  rule: FundingRule,
  request: FundingRequest,
  shares: Share[],
  amounts: Decimal[],
): { lines: Line[]; violations: Violation[] } {
  const { currency } = request;
  const shareLines: Line[] = shares.map((s, i) => ({ role: s.role, minor: amounts[i] }));
  const backstopLines: Line[] = [];
  const violations: Violation[] = [];
  const backstop = rule.backstop;
  // Without a backstop any non-zero shortfall was already refused with the request.
  if (backstop === undefined) return { lines: shareLines, violations };
  const limit = backstop.limit !== undefined ? amountOf(backstop.limit, currency) : undefined;
  let covered = new Dec(0);
  let crossedAt: string | undefined;
  for (const line of shareLines) {
    const shortfalls = request.shortfalls ?? {};
    if (!Object.hasOwn(shortfalls, line.role)) continue;
    const shortfall = amountOf(shortfalls[line.role], currency);
    if (shortfall.isZero()) continue;
    if (shortfall.greaterThan(line.minor)) {
      violations.push({
        path: `shortfalls.${line.role}`,
        message:
          `${line.role} cannot fall short by ${formatMoney(shortfall, currency)}: ` +
          `its share is ${formatMoney(line.minor, currency)}`,
      });
      continue;
    }
    covered = covered.plus(shortfall);
    if (limit !== undefined && crossedAt === undefined && covered.greaterThan(limit)) {
      crossedAt = line.role;
    }
    line.minor = line.minor.minus(shortfall);
    backstopLines.push({ role: backstop.role, minor: shortfall, coversRole: line.role });
  }
  if (limit !== undefined && crossedAt !== undefined) {
    // Reported once, at the shortfall that crosses the limit: those before it still fit.
    violations.push({
      path: `shortfalls.${crossedAt}`,
      message:
        `the backstop (${backstop.role}) covers at most ${formatMoney(limit, currency)} ` +
        `per project; the shortfalls come to ${formatMoney(covered, currency)}`,
    });
  }
  return { lines: [...shareLines, ...backstopLines], violations };
}

/**
 * Mi Comunidad: the role's whole contribution to the project, every line it pays, expressed
 * in the minimum's currency at the recorded rate (rounded half-even like a pledge), must
 * reach the minimum.
 */
function checkMinimumPooled(
  rule: FundingRule,
  request: FundingRequest,
  lines: Line[],
): Violation[] {
  const minimum = rule.minimumPooled;
  if (minimum === undefined) return [];
  const contributed = sum(lines.filter((l) => l.role === minimum.role).map((l) => l.minor));
  const pooled =
    minimum.currency === request.currency
      ? contributed
      : convertByRate(
          contributed,
          request.currency,
          minimum.currency,
          rateOf(request, minimum.currency),
        );
  const required = amountOf(minimum.amount, minimum.currency);
  if (pooled.greaterThanOrEqualTo(required)) return [];
  return [
    {
      path: 'minimumPooled',
      message: `${minimum.role} pool ${formatMoney(pooled, minimum.currency)}, below the minimum of ${formatMoney(required, minimum.currency)}`,
    },
  ];
}

/**
 * The public line. A role that pledges in another currency gets its pledge converted at the
 * request's rate, rounded half-even to that currency's minor units, with the rate recorded
 * as given so the conversion can be reproduced. Each line is converted on its own, so the
 * pledges of a role with two lines may differ by a minor unit from converting their sum.
 */
function toFundingLine(line: Line, shares: Share[], request: FundingRequest): FundingLine {
  const out: FundingLine = {
    role: line.role,
    amount: formatMinorUnits(line.minor, request.currency),
  };
  if (line.coversRole !== undefined) out.coversRole = line.coversRole;
  const foreign = shares.find((s) => s.role === line.role)?.foreignCurrency;
  if (foreign !== undefined) {
    const rate = (request.exchangeRates ?? {})[foreign];
    const pledged = convertByRate(line.minor, request.currency, foreign, rateOf(request, foreign));
    out.pledged = { amount: formatMinorUnits(pledged, foreign), currency: foreign, rate };
  }
  return out;
}

function checkPositiveDecimal(value: unknown, path: string, example: string): Violation[] {
  const parsed = parseDecimal(value);
  if (parsed === undefined) {
    return [{ path, message: `must be a decimal string, such as ${example}` }];
  }
  return parsed.isZero() ? [{ path, message: 'must be positive' }] : [];
}

function checkPositiveAmount(value: unknown, currency: string, path: string): Violation[] {
  const parsed = parseAmount(value, currency);
  if (!parsed.ok) return [{ path, message: parsed.reason }];
  return parsed.value.isZero() ? [{ path, message: 'must be positive' }] : [];
}

/** The rule's shares, or none when a malformed rule (data from a file) has no array there. */
function sharesOf(rule: FundingRule): FundingShareRule[] {
  return Array.isArray(rule.shares) ? rule.shares : [];
}

function isPositive(value: Decimal | undefined): boolean {
  return value !== undefined && !value.isZero();
}

function notARole(role: unknown): string {
  return `${JSON.stringify(role)} is not a funding role of this rule`;
}

function notACurrency(code: unknown): string {
  return `${JSON.stringify(code)} is not an ISO 4217 currency code in use`;
}

/** Reads an amount already validated; a failure here is a bug, not an input problem. */
function amountOf(value: string, currency: string): Decimal {
  const parsed = parseAmount(value, currency);
  if (!parsed.ok) throw new Error(`unchecked amount ${value}: ${parsed.reason}`);
  return parsed.value;
}

function decimalOf(value: string): Decimal {
  const parsed = parseDecimal(value);
  if (parsed === undefined) throw new Error(`unchecked decimal ${value}`);
  return parsed;
}

function rateOf(request: FundingRequest, currency: string): Decimal {
  return decimalOf((request.exchangeRates ?? {})[currency]);
}
