import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { FundingSplit, PricedCostItem } from '@codev/domain';
import type { ApplicationStatus } from '@codev/engine/contract/application.contract';

const numeric = { to: (v: string) => v, from: (v: string | null) => v };

@Entity('application')
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'programme_id' }) programmeId!: string;
  @Column('uuid', { name: 'programme_version_id' }) programmeVersionId!: string;
  @Column('text') title!: string;
  @Column('text') sector!: string;
  @Column('uuid', { name: 'applicant_id' }) applicantId!: string;
  @Column('uuid', { name: 'project_jurisdiction_id' }) projectJurisdictionId!: string;
  @Column('char', { name: 'country_code', length: 2 }) countryCode!: string;
  @Column('text', { name: 'subdivision_code', nullable: true }) subdivisionCode!: string | null;
  @Column('text', { name: 'municipality_code', nullable: true }) municipalityCode!: string | null;
  @Column('numeric', { name: 'total_amount', transformer: numeric }) totalAmount!: string;
  @Column('char', { length: 3 }) currency!: string;
  @Column('jsonb', { name: 'funding_split' }) fundingSplit!: FundingSplit;
  /** The itemised budget, where the programme declares cost items. */
  @Column('jsonb', { name: 'cost_items' }) costItems!: PricedCostItem[];
  @Column('text') status!: ApplicationStatus;
  @Column('text', { name: 'active_stages', array: true }) activeStages!: string[];
  @Column('text', { name: 'waiting_for', array: true }) waitingFor!: string[];
  @Column('text', { name: 'workflow_id' }) workflowId!: string;
  @Column('text', { name: 'submitted_by' }) submittedBy!: string;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt!: Date;
  @Column('int', { name: 'submitted_year' }) submittedYear!: number;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('jsonb', { name: 'disbursement_timeline', nullable: true })
  disbursementTimeline!: unknown;
  @Column('jsonb', { nullable: true }) certificate!: unknown;
  @Column('text', { name: 'plaque_text', nullable: true }) plaqueText!: string | null;
  /** Set when the application competes in a call. */
  @Column('uuid', { name: 'call_id', nullable: true }) callId!: string | null;
  @Column('text', { nullable: true }) fingerprint!: string | null;
}

@Entity('application_party')
export class ApplicationPartyEntity {
  @PrimaryColumn('uuid', { name: 'application_id' }) applicationId!: string;
  @PrimaryColumn('text') role!: string;
  @Column('uuid', { name: 'organisation_id' }) organisationId!: string;
}

@Entity('application_event')
export class ApplicationEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'application_id' }) applicationId!: string;
  @Column('text', { name: 'event_key' }) eventKey!: string;
  @Column('text', { name: 'stage_id', nullable: true }) stageId!: string | null;
  @Column('text') kind!: string;
  @Column('text', { name: 'actor_subject', nullable: true }) actorSubject!: string | null;
  @Column('uuid', { name: 'actor_organisation_id', nullable: true }) actorOrganisationId!:
    string | null;
  @Column('text', { name: 'actor_role', nullable: true }) actorRole!: string | null;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('jsonb') detail!: Record<string, unknown>;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
}

@Entity('application_deadline')
export class ApplicationDeadlineEntity {
  @PrimaryColumn('uuid', { name: 'application_id' }) applicationId!: string;
  @PrimaryColumn('text', { name: 'stage_id' }) stageId!: string;
  @Column('timestamptz', { name: 'due_at' }) dueAt!: Date;
  @Column('text') status!: 'OPEN' | 'MET' | 'EXPIRED' | 'CLOSED';
  @Column('text', { name: 'time_zone', nullable: true }) timeZone!: string | null;
  @Column('text', { nullable: true }) calendar!: string | null;
}

@Entity('application_document')
export class ApplicationDocumentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'application_id' }) applicationId!: string;
  @Column('text', { name: 'stage_id', nullable: true }) stageId!: string | null;
  @Column('text', { name: 'document_type' }) documentType!: string;
  @Column('text') uri!: string;
  @Column('uuid', { name: 'organisation_id', nullable: true }) organisationId!: string | null;
  @Column('text', { name: 'submitted_by' }) submittedBy!: string;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt!: Date;
}

@Entity('application_failure')
export class ApplicationFailureEntity {
  @PrimaryColumn('uuid', { name: 'application_id' }) applicationId!: string;
  @Column('text', { name: 'workflow_id' }) workflowId!: string;
  @Column('text', { name: 'stage_id', nullable: true }) stageId!: string | null;
  @Column('text') reason!: string;
  @Column('timestamptz', { name: 'failed_at' }) failedAt!: Date;
}
