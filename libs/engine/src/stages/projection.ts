import type { Effect } from '../contract/application.contract';
import type { DeadlineDefinition, CalendarRef } from '../definition/schema-atoms';
import type { RefusalType } from './stage-kind';

/**
 * What a stage kind's projection may use: the transition's database transaction, the ledger
 * and the calendar, handed in by the worker. Kinds write SQL against these ports and import
 * no database library, so their folders stay importable by workflow code.
 */
export interface Sql {
  query(text: string, parameters?: unknown[]): Promise<unknown>;
}

export interface PostingInput {
  account: string;
  applicationId: string | null;
  partyRole: string | null;
  organisationId: string | null;
  /** In the currency of the party that pays or receives it. */
  amount: string;
  currency: string;
  /** Its equivalent in the programme's currency (the same when that is the party's). */
  base: { amount: string; currency: string };
  /** The rate between the two, with where it came from and the day it is valid from. */
  rate?: { rate: string; source?: string; validOn?: string };
}

/** A funder's money on an application, in its own currency and in the programme's. */
export interface LedgerBalance {
  partyRole: string;
  organisationId: string | null;
  /** The programme's currency, of `committed`, `disbursed` and `exchangeDifference`. */
  currency: string;
  committed: string;
  disbursed: string;
  /** The funder's own currency and its balances in it. */
  own: { currency: string; committed: string; disbursed: string };
  /** What rate changes between commitment and payment added to the payments (negative: took). */
  exchangeDifference: string;
}

export type LedgerTransactionKind =
  | 'PLEDGE'
  | 'COMMITMENT'
  | 'DISBURSEMENT'
  | 'REFUND'
  | 'CORRECTION'
  | 'LOAN_DISBURSEMENT'
  | 'LOAN_REPAYMENT'
  | 'INTEREST_PAYMENT'
  | 'WRITE_OFF'
  | 'GUARANTEE_CALL'
  | 'SAVINGS_DEPOSIT'
  | 'SAVINGS_RELEASE'
  | 'SAVINGS_WITHDRAWAL'
  | 'SAVINGS_MATCH';

export interface LedgerPort {
  /** Returns false when a transaction with this key exists already (nothing is written). */
  post(
    idempotencyKey: string,
    kind: LedgerTransactionKind,
    applicationId: string | null,
    description: string,
    postings: PostingInput[],
  ): Promise<boolean>;
  /** Adds to an envelope's committed amount, or returns false when that would pass its amount. */
  commitToEnvelope(envelopeId: string, amount: string): Promise<boolean>;
  /** The envelope of a funder's year, created with this amount and currency when it has none. */
  ensureEnvelope(
    programmeId: string,
    role: string,
    year: number,
    currency: string,
    amount: string,
  ): Promise<{ id: string; currency: string }>;
  /** The envelope of a funder's year in an agreement component, created when it has none. */
  ensureComponentEnvelope(
    agreementId: string,
    component: string,
    role: string,
    year: number,
    currency: string,
    amount: string,
  ): Promise<{ id: string; currency: string }>;
  balances(applicationIds: readonly string[]): Promise<Map<string, LedgerBalance[]>>;
}

export interface CalendarPort {
  /**
   * The instant a deadline falls, counted from `from` in working days of the calendar the
   * deadline names, else of the jurisdiction `place` (its country, and its region where the
   * holiday data knows it), else `fallback` (the programme's calendar); and which calendar
   * counted it.
   */
  dueAt(
    from: string,
    deadline: DeadlineDefinition | { at: string },
    where: { place: { jurisdictionCode: string } | null; fallback: CalendarRef; timeZone: string },
  ): { dueAt: string; calendar: string };
  /** Whether a date is a working day in the calendar of a jurisdiction (its country, its region). */
  isWorkingDay(localDate: string, jurisdictionCode: string): boolean;
}

/** The rates table: the rate into `to` in force on a day, for each currency of `from`. */
export interface RatesPort {
  inForce(
    from: string[],
    to: string,
    on: string,
  ): Promise<Map<string, { rate: string; source: string; validOn: string }>>;
}

export interface ProjectionContext {
  sql: Sql;
  ledger: LedgerPort;
  calendar: CalendarPort;
  rates: RatesPort;
  applicationId: string;
}

export type ProjectionHandler = (effect: Effect, ctx: ProjectionContext) => Promise<unknown>;
export type Projection = Readonly<Record<string, ProjectionHandler>>;

/** A refusal found while writing (a call that closed meanwhile): nothing of the transition is kept. */
export class EffectRefused extends Error {
  constructor(
    readonly type: RefusalType,
    message: string,
  ) {
    super(message);
    this.name = 'EffectRefused';
  }
}

/** Account names: where money sits, per funder and per application. */
export const accounts = {
  funderCommitments: (organisationId: string) => `funder:${organisationId}:commitments`,
  committed: (applicationId: string, role: string) =>
    `application:${applicationId}:committed:${role}`,
  disbursed: (applicationId: string, role: string) =>
    `application:${applicationId}:disbursed:${role}`,
  /** Exchange differences between what a foreign-currency share was committed at and paid at. */
  exchange: (applicationId: string, role: string) =>
    `application:${applicationId}:exchange:${role}`,
  paidOut: (organisationId: string) => `funder:${organisationId}:paid-out`,
  /** What a borrower settled of a loan: repaid, paid as interest, written off, overpaid. */
  borrower: (applicationId: string) => `borrower:${applicationId}`,
  /** What a guarantee fund paid out on the loans it covers. */
  guaranteeCalls: (organisationId: string) => `funder:${organisationId}:guarantee-calls`,
  /** What a savings account holds. */
  savings: (applicationId: string) => `savings:${applicationId}:held`,
  /** The saver's own money, before it is deposited and after it is withdrawn. */
  saver: (applicationId: string) => `saver:${applicationId}`,
  /** Savings released into a project, funding its applicant's contribution. */
  invested: (projectApplicationId: string) => `savings-invested:${projectApplicationId}`,
  loan: (
    applicationId: string,
    role: string,
    part: 'repaid' | 'interest' | 'written-off' | 'overpaid' | 'guaranteed',
  ) => `application:${applicationId}:loan-${part}:${role}`,
};
