import type { CostItemInput } from '@codev/domain';

/** A way in: an application to a programme (first come, project by project) or to a call. */
export type Submission = ProgrammeSubmission | CallSubmission;

interface Common {
  title: string;
  sector: string;
  totalAmount: string;
  documents?: { documentType: string; uri: string }[] | null;
  /** The budget line by line, where the programme itemises it (expert days, trips…). */
  costItems?: CostItemInput[] | null;
  /** The project's own baseline and target of the indicators its type declares. */
  indicators?: { indicator: string; baseline: string; target: string }[] | null;
  /** A client key: a retried submission with the same key returns the same application. */
  idempotencyKey?: string | null;
}

export interface ProgrammeSubmission extends Common {
  way: 'programme';
  programmeKey: string;
  projectJurisdictionCode: string;
  parties: { role: string; organisationId: string }[];
  shortfalls?: { role: string; amount: string }[] | null;
}

export interface CallSubmission extends Common {
  way: 'call';
  callKey: string;
  applicantOrganisationId: string;
  countryOfOrigin: string;
  /** Where in the country of origin, when the call's programme places projects more precisely. */
  projectJurisdictionCode?: string | null;
  objective: string;
  /** For calls whose grant is requested; absent where the programme's formula sets it. */
  requestedAmount?: string | null;
  implementingNgoOrganisationId?: string | null;
  /** The programme's other parties, for calls funded by the programme's formula. */
  parties?: { role: string; organisationId: string }[] | null;
}
