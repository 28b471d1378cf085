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
  amount: string;
  currency: string;
  original?: { amount: string; currency: string; rate: string };
}

export interface LedgerBalance {
  partyRole: string;
  organisationId: string | null;
  currency: string;
  committed: string;
  disbursed: string;
}

export type LedgerTransactionKind =
  'PLEDGE' | 'COMMITMENT' | 'DISBURSEMENT' | 'REFUND' | 'CORRECTION';

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
  ensureEnvelope(
    programmeId: string,
    role: string,
    year: number,
    currency: string,
    amount: string,
  ): Promise<string>;
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
}

export interface ProjectionContext {
  sql: Sql;
  ledger: LedgerPort;
  calendar: CalendarPort;
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
  paidOut: (organisationId: string) => `funder:${organisationId}:paid-out`,
};
