import type DataLoader from 'dataloader';
import type { Application } from '../applications/application.model';
import type { JurisdictionIndicator } from '../jurisdictions/indicators/jurisdiction-indicator.model';
import type { CallApplication } from '../calls/call.model';
import type { AssessmentRow } from '../calls/call.queries';
import type { EnvelopeRow } from '../programmes/envelope.model';
import type { LoanRecord } from '../loans/loan.service';
import type { PersonalDataRequest } from '../persons/person.service';
import type { PersonalDataModel } from '../persons/personal-data.model';
import type { SavingsAccountRecord, SavingsReleaseRecord } from '../savings/savings.service';
import type { ComponentEnvelopeRow } from '../agreements/agreement.service';
import type { WorkPlanRow } from '../agreements/work-plan.service';
import type {
  ApplicationDeadlineEntity,
  ApplicationDocumentEntity,
  ApplicationEventEntity,
  ApplicationFailureEntity,
  ApplicationPartyEntity,
  Balance,
  JurisdictionEntity,
  OrganisationEntity,
  ProgrammeVersionEntity,
} from '@codev/persistence';

/** Per-request loaders: created with each request's context so caches never leak across callers. */
export interface Loaders {
  jurisdiction: DataLoader<string, JurisdictionEntity | null>;
  /** By jurisdiction id: its published indicators. */
  jurisdictionIndicators: DataLoader<string, JurisdictionIndicator[]>;
  /** All versions of a programme, by programme id, newest first. */
  programmeVersions: DataLoader<string, ProgrammeVersionEntity[]>;
  /** A programme's funders' envelopes, every year. */
  programmeEnvelopes: DataLoader<string, EnvelopeRow[]>;
  organisation: DataLoader<string, OrganisationEntity | null>;
  application: DataLoader<string, Application | null>;
  applicationFailure: DataLoader<string, ApplicationFailureEntity | null>;
  /** By application id. */
  applicationParties: DataLoader<string, ApplicationPartyEntity[]>;
  applicationHistory: DataLoader<string, ApplicationEventEntity[]>;
  applicationDocuments: DataLoader<string, ApplicationDocumentEntity[]>;
  applicationDeadlines: DataLoader<string, ApplicationDeadlineEntity[]>;
  applicationBalances: DataLoader<string, Balance[]>;
  /** By call application id: its evaluators' scores and reasons. */
  callAssessments: DataLoader<string, AssessmentRow[]>;
  /** By agreement id: its components' envelopes, every year. */
  agreementEnvelopes: DataLoader<string, ComponentEnvelopeRow[]>;
  /** By agreement id: its work plans, newest year first. */
  agreementWorkPlans: DataLoader<string, WorkPlanRow[]>;
  /** By application id: its loans with their receipts. */
  applicationLoans: DataLoader<string, LoanRecord[]>;
  /** By application id: its savings accounts with their events. */
  applicationSavings: DataLoader<string, SavingsAccountRecord[]>;
  /** By project application id: the savings released into it. */
  savingsReleases: DataLoader<string, SavingsReleaseRecord[]>;
  /** A person's data, by person and caller: null where the caller may not see it. */
  personalData: DataLoader<PersonalDataRequest, PersonalDataModel | null, string>;
  /** By call id, in order of submission. */
  callApplications: DataLoader<string, CallApplication[]>;
}

export interface GraphqlContext {
  req: unknown;
  loaders: Loaders;
}
