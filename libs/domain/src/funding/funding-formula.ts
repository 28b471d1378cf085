import type Decimal from 'decimal.js';
import { Violation } from '../errors/violation';
import { allocateWithCeilings, sum } from './allocation';
import type {
  FundingLine,
  FundingRequest,
  FundingRule,
  FundingShareRule,
  FundingSplit,
  RuleAmount,
} from './funding-rule';
import { checkFundingRequest, checkFundingRule } from './funding-rule-check';
import {
  convertByRate,
  convertIntoRoundingDown,
  Dec,
  formatMinorUnits,
  formatMoney,
  MAX_AMOUNT_DIGITS,
  parseAmount,
  parseDecimal,
  powerOfTen,
} from './money';

export type {
  FundingLine,
  FundingRequest,
  FundingRule,
  FundingShareRule,
  FundingSplit,
  RuleAmount,
};
export { checkFundingRule };

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
  const shares = readShares(rule, request);

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

  const fundingLines = lines.map((line) => toFundingLine(line, shares, request));
  const unpayable = fundingLines.flatMap((l) => unpayablePledge(l, request));
  if (unpayable.length > 0) return { ok: false, violations: unpayable };

  return {
    ok: true,
    split: {
      currency,
      total: formatMinorUnits(total, currency),
      lines: fundingLines,
    },
  };
}

/** The rule's shares, read once they are known to be sound. */
function readShares(rule: FundingRule, request: FundingRequest): Share[] {
  const { currency } = request;
  const weights = rule.shares.map((s) => decimalOf(s.weight));
  // Scale every weight by the same power of ten so they are integers with the same ratios:
  // the split is then integer arithmetic with no rounding at all until the last minor unit.
  const scale = powerOfTen(Math.max(...weights.map((w) => w.decimalPlaces())));
  return rule.shares.map((s, i) => ({
    role: s.role,
    weight: weights[i].times(scale),
    ...(s.ceiling !== undefined ? { ceiling: inProjectCurrency(s.ceiling, request) } : {}),
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
  const limit =
    backstop.limit !== undefined ? inProjectCurrency(backstop.limit, request) : undefined;
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
        `the backstop (${backstop.role}) covers at most ${formatMoney(limit, currency)}` +
        `${statedAs(backstop.limit!, currency)} per project; ` +
        `the shortfalls come to ${formatMoney(covered, currency)}`,
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

/**
 * A pledge the ledger could not carry: a share converted at a rate so small that it rounds to
 * nothing (the funder would owe 0.00 for a real share), or so large that it has more digits
 * than an amount may. Either way the rate is wrong, and saying so now beats a commitment
 * that can never be written.
 */
function unpayablePledge(line: FundingLine, request: FundingRequest): Violation[] {
  if (!line.pledged) return [];
  const { amount, currency, rate } = line.pledged;
  const path = `exchangeRates.${currency}`;
  const integerDigits = amount.split('.')[0].replace(/^0+(?=\d)/, '').length;
  if (integerDigits > MAX_AMOUNT_DIGITS)
    return [
      {
        path,
        message: `at ${rate} ${request.currency} per ${currency}, ${line.role} would pledge ${amount} ${currency}: more than an amount may hold (${MAX_AMOUNT_DIGITS} digits)`,
      },
    ];
  if (new Dec(amount).isZero() && !new Dec(line.amount).isZero())
    return [
      {
        path,
        message: `at ${rate} ${request.currency} per ${currency}, ${line.role} would pledge 0 ${currency} for a share of ${line.amount} ${request.currency}: the rate cannot be right`,
      },
    ];
  return [];
}

/**
 * A rule's amount as minor units of the project currency. One stated in another currency is
 * converted at the request's rate rounding down, so what the project pays within it never
 * passes the amount in the currency it was stated in.
 */
function inProjectCurrency(value: RuleAmount, request: FundingRequest): Decimal {
  if (typeof value === 'string') return amountOf(value, request.currency);
  const stated = amountOf(value.amount, value.currency);
  if (value.currency === request.currency) return stated;
  return convertIntoRoundingDown(
    stated,
    value.currency,
    request.currency,
    rateOf(request, value.currency),
  );
}

/** `" (300000 MAD)"` after a converted figure, so a message shows what the rule said. */
function statedAs(value: RuleAmount, currency: string): string {
  return typeof value === 'string' || value.currency === currency
    ? ''
    : ` (${value.amount} ${value.currency})`;
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
