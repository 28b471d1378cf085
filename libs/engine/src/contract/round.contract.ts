import type { Criterion } from '@codev/domain/calls/scoring';

/**
 * What an application taking part in a competitive round (a call) knows of it: set at
 * submission from the published call, so the application's workflow validates scores and
 * fixes on its own.
 */
export interface RoundInfo {
  callId: string;
  callKey: string;
  /** The call's workflow, told of withdrawals after the resolution. */
  workflowId: string;
  /** The call's budget in the ledger; the resolution reserves each grant in it. */
  envelopeId: string;
  /** The issuing body: its evaluators score, it pays the grant. */
  issuerId: string;
  currency: string;
  criteria: Criterion[];
  requiredDocuments: string[];
  /** The programme roles a funded project's parties play. */
  roles: { applicant: string; issuer: string; implementer?: string };
  /** The grant asked of the round (the issuer's share). */
  requested: string;
  /** What the call's list shows of the application besides the application itself. */
  objective: string;
  implementingNgoId: string | null;
  /** The call's window closes; the application is judged by `arrivedAt`. */
  closesAt: string;
  /** When the submission reached the API, by the database's clock: what the window judges. */
  arrivedAt: string;
}

export type SelectionResult = 'FUNDED' | 'RESERVE' | 'EXCLUDED';

/**
 * The round's phases, as the call's workflow tells each application. A message may arrive
 * twice (the call's broadcast is retried); the selection stage ignores what it already knows.
 */
export type RoundMessage =
  | { phase: 'CLOSED'; defects: string[]; fixBy: string | null }
  | { phase: 'EVALUATION' }
  | {
      phase: 'PROVISIONAL';
      result: SelectionResult;
      rank: number;
      totalScore: string;
      granted: string | null;
      partial: boolean;
      objectionsUntil: string;
    }
  | { phase: 'RESOLVED'; result: SelectionResult; granted: string | null; partial: boolean }
  | { phase: 'PROMOTED'; granted: string; partial: boolean }
  | { phase: 'RESERVE_EXPIRED' };

/** The status of an application in its round, as the call's list shows it. */
export const SELECTION_STATUSES = [
  'SUBMITTED',
  'COMPLETE',
  'DEFECTIVE',
  'SET_ASIDE',
  'FUNDED',
  'RESERVE',
  'EXCLUDED',
  'WITHDRAWN',
] as const;
export type SelectionStatus = (typeof SELECTION_STATUSES)[number];
