import { atMinorUnits } from '@codev/domain';
import type { CallEntity } from '@codev/persistence';
import type { Call, CallApplication, CallStatus } from './call.model';

export const toCall = (c: CallEntity): Call => ({
  id: c.id,
  key: c.key,
  name: c.definition.name,
  status: c.status,
  opensAt: c.opensAt,
  closesAt: c.closesAt,
  phaseDeadline: c.phaseDeadline,
  budget: c.definition.budget,
  currency: c.definition.currency,
  definition: c.definition,
  issuerId: c.issuerId,
});

/** A row of the call's list: the application and its selection entry. */
export interface CallApplicationRow {
  id: string;
  call_id: string;
  title: string;
  sector: string;
  country_code: string;
  objective: string;
  total_amount: string;
  requested_amount: string;
  currency: string;
  status: string;
  defects: string[];
  total_score: string | null;
  score_by_criterion: Record<string, string> | null;
  rank: number | null;
  granted: string | null;
  partial_grant: boolean;
  submitted_at: Date;
  applicant_id: string;
  call_status: CallStatus;
  issuer_id: string;
}

export const toCallApplication = (r: CallApplicationRow): CallApplication => ({
  id: r.id,
  title: r.title,
  sector: r.sector,
  countryOfOrigin: r.country_code,
  objective: r.objective,
  totalAmount: atMinorUnits(r.total_amount, r.currency),
  requestedAmount: atMinorUnits(r.requested_amount, r.currency),
  currency: r.currency,
  status: r.status,
  defects: r.defects,
  totalScore: r.total_score,
  scoreByCriterion: r.score_by_criterion,
  rank: r.rank,
  granted: r.granted === null ? null : atMinorUnits(r.granted, r.currency),
  partialGrant: r.partial_grant,
  submittedAt: r.submitted_at,
  applicantId: r.applicant_id,
  call: { status: r.call_status, issuerId: r.issuer_id },
  projectApplicationId: r.granted === null ? null : r.id,
});
