import type { CallStatus } from '@codev/engine';

export interface CallNextActionView {
  /** ISSUER, APPLICANTS (anyone eligible) or APPLICANT (the organisations named). */
  party: 'ISSUER' | 'APPLICANTS' | 'APPLICANT';
  organisationIds: string[];
  what: string;
  dueAt: Date | null;
}

/**
 * Who must act on a call now, by its phase: anyone eligible while it is open; applicants
 * whose applications are defective while they may fix them; the issuer while it evaluates;
 * every applicant while objections are open (the issuer answering those lodged). Once
 * resolved, each funded project's own `nextActions` say who acts.
 */
export function callNextActions(
  call: { status: CallStatus; issuerId: string; closesAt: Date; phaseDeadline: Date | null },
  entries: readonly { status: string; applicantId: string }[],
): CallNextActionView[] {
  const applicants = (status?: string) => [
    ...new Set(entries.filter((e) => !status || e.status === status).map((e) => e.applicantId)),
  ];
  switch (call.status) {
    case 'OPEN':
      return [
        {
          party: 'APPLICANTS',
          organisationIds: [],
          what: 'submit applications',
          dueAt: call.closesAt,
        },
      ];
    case 'CLOSED': {
      const defective = applicants('DEFECTIVE');
      return defective.length
        ? [
            {
              party: 'APPLICANT',
              organisationIds: defective,
              what: 'add the missing documents (completeCallApplication)',
              dueAt: call.phaseDeadline,
            },
          ]
        : [];
    }
    case 'EVALUATION':
      return [
        {
          party: 'ISSUER',
          organisationIds: [call.issuerId],
          what: 'score the complete applications, then close the evaluation (closeCallEvaluation)',
          dueAt: call.phaseDeadline,
        },
      ];
    case 'PROVISIONAL':
      return [
        {
          party: 'APPLICANT',
          organisationIds: applicants(),
          what: 'may object to the provisional resolution (lodgeCallObjection)',
          dueAt: call.phaseDeadline,
        },
        {
          party: 'ISSUER',
          organisationIds: [call.issuerId],
          what: 'answer the objections lodged (answerCallObjection)',
          dueAt: call.phaseDeadline,
        },
      ];
    default:
      return [];
  }
}
