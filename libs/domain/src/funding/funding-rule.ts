// The shapes of a funding formula: the rule a programme defines, the request of one project,
// and the split the formula gives. The computation is in funding-formula.ts, the checks of a
// rule and a request in funding-rule-check.ts.

/**
 * An amount a rule sets: a decimal string in the project currency, or an amount in a stated
 * currency (a funder's ceiling in the money it budgets in), converted at the request's rate.
 */
export type RuleAmount = string | { amount: string; currency: string };

export interface FundingShareRule {
  /** Funding role key, e.g. 'migrants', 'municipal', 'state', 'federal', 'private'. */
  role: string;
  /** Relative weight (a percent or a ratio): share = weight / sum(weights). "25" or "1". */
  weight: string;
  /** The most this role funds per project (in the project currency unless it says another). */
  ceiling?: RuleAmount;
  /** The currency this role pledges in when it differs from the project's (USD for migrants). */
  currency?: string;
}

export interface FundingRule {
  shares: FundingShareRule[];
  /** E.g. Guanajuato's Mi Comunidad: migrants must pool at least 60000 USD. */
  minimumPooled?: { role: string; amount: string; currency: string };
  /** E.g. federal covers a municipality's shortfall, up to `limit` per project. */
  backstop?: { role: string; covers: string[]; limit?: RuleAmount };
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
