import type Decimal from 'decimal.js';
import { Violation } from '../errors/violation';
import type { FundingRequest, FundingRule, FundingShareRule, RuleAmount } from './funding-rule';
import { Dec, isCurrencyCode, parseAmount, parseDecimal } from './money';

/**
 * Static validation of a rule, without a project: every problem at once, each named by the
 * path of its field. Amounts in the project currency (ceilings, the backstop limit given as
 * bare decimals) are checked for their number of decimals only once it is known.
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
      violations.push(...checkRuleAmount(share.ceiling, `${at}.ceiling`, '"1000000.00"'));
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
      violations.push(...checkRuleAmount(backstop.limit, 'backstop.limit', '"500000.00"'));
    }
  }
  return violations;
}

/** The request's own problems, and those of the rule that only the project currency reveals. */
export function checkFundingRequest(rule: FundingRule, request: FundingRequest): Violation[] {
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

/**
 * Ceilings and the backstop limit given as bare decimals are in the project currency: whole
 * minor units of it. Those in a stated currency were checked against theirs.
 */
function checkProjectAmountsOfRule(rule: FundingRule, currency: string): Violation[] {
  const violations: Violation[] = [];
  const check = (value: RuleAmount | undefined, path: string): void => {
    // A malformed or non-positive figure is already reported by checkFundingRule.
    if (typeof value !== 'string' || !isPositive(parseDecimal(value))) return;
    const parsed = parseAmount(value, currency);
    if (!parsed.ok) violations.push({ path, message: parsed.reason });
  };
  sharesOf(rule).forEach((share, i) => check(share.ceiling, `shares[${i}].ceiling`));
  check(rule.backstop?.limit, 'backstop.limit');
  return violations;
}

/**
 * The currencies a rule converts from, for a project in `currency`, each with why: pledges,
 * the pooled minimum and amounts stated in another currency. The rates table is asked for
 * these and no others.
 */
export function ratesNeeded(rule: FundingRule, currency: string): Map<string, string> {
  const needed = new Map<string, string>();
  const need = (code: unknown, why: () => string) => {
    if (isCurrencyCode(code) && code !== currency && !needed.has(code)) needed.set(code, why());
  };
  for (const share of sharesOf(rule)) {
    need(share.currency, () => `${share.role} pledges in ${share.currency}`);
  }
  need(
    rule.minimumPooled?.currency,
    () => `the pooled minimum is in ${rule.minimumPooled!.currency}`,
  );
  for (const share of sharesOf(rule)) {
    const code = statedCurrency(share.ceiling);
    need(code, () => `the ceiling of ${share.role} is in ${code}`);
  }
  const limitCurrency = statedCurrency(rule.backstop?.limit);
  need(limitCurrency, () => `the backstop limit is in ${limitCurrency}`);
  return needed;
}

function statedCurrency(amount: RuleAmount | undefined): unknown {
  return typeof amount === 'object' && amount !== null ? amount.currency : undefined;
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

  const needed = ratesNeeded(rule, request.currency);
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

function checkPositiveDecimal(value: unknown, path: string, example: string): Violation[] {
  const parsed = parseDecimal(value);
  if (parsed === undefined) {
    return [{ path, message: `must be a decimal string, such as ${example}` }];
  }
  return parsed.isZero() ? [{ path, message: 'must be positive' }] : [];
}

/** A bare positive decimal (project currency), or `{ amount, currency }` at that currency's minor units. */
function checkRuleAmount(value: unknown, path: string, example: string): Violation[] {
  if (typeof value !== 'object' || value === null) {
    return checkPositiveDecimal(value, path, example);
  }
  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  if (!isCurrencyCode(currency)) {
    return [
      { path: `${path}.currency`, message: notACurrency(currency) },
      ...checkPositiveDecimal(amount, `${path}.amount`, example),
    ];
  }
  return checkPositiveAmount(amount, currency, `${path}.amount`);
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
