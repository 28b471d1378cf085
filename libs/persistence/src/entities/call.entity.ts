import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CallDefinition } from '@codev/domain';

const numeric = { to: (v: string) => v, from: (v: string | null) => v };

@Entity('call')
export class CallEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') key!: string;
  @Column('uuid', { name: 'issuer_id' }) issuerId!: string;
  @Column('uuid', { name: 'programme_id' }) programmeId!: string;
  @Column('jsonb') definition!: CallDefinition;
  @Column('text') status!:
    'SCHEDULED' | 'OPEN' | 'CLOSED' | 'EVALUATION' | 'PROVISIONAL' | 'RESOLVED';
  @Column('timestamptz', { name: 'phase_deadline', nullable: true }) phaseDeadline!: Date | null;
  @Column('timestamptz', { name: 'opens_at' }) opensAt!: Date;
  @Column('timestamptz', { name: 'closes_at' }) closesAt!: Date;
  @Column('uuid', { name: 'envelope_id' }) envelopeId!: string;
  @Column('text', { name: 'workflow_id' }) workflowId!: string;
  @Column('text', { name: 'published_by' }) publishedBy!: string;
  @Column('timestamptz', { name: 'published_at' }) publishedAt!: Date;
}

@Entity('call_application')
export class CallApplicationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'call_id' }) callId!: string;
  @Column('uuid', { name: 'applicant_id' }) applicantId!: string;
  @Column('text') title!: string;
  @Column('text') sector!: string;
  @Column('char', { name: 'country_of_origin', length: 2 }) countryOfOrigin!: string;
  @Column('text') objective!: string;
  @Column('numeric', { name: 'total_amount', transformer: numeric }) totalAmount!: string;
  @Column('numeric', { name: 'requested_amount', transformer: numeric }) requestedAmount!: string;
  @Column('char', { length: 3 }) currency!: string;
  @Column('text') status!: string;
  @Column('jsonb') documents!: { documentType: string; uri: string }[];
  @Column('jsonb') defects!: string[];
  @Column('numeric', { name: 'total_score', nullable: true, transformer: numeric }) totalScore!:
    string | null;
  @Column('jsonb', { name: 'score_by_criterion', nullable: true }) scoreByCriterion!: Record<
    string,
    string
  > | null;
  @Column('int', { nullable: true }) rank!: number | null;
  @Column('numeric', { nullable: true, transformer: numeric }) granted!: string | null;
  @Column('boolean', { name: 'partial_grant' }) partialGrant!: boolean;
  @Column('uuid', { name: 'implementing_ngo_id', nullable: true }) implementingNgoId!:
    string | null;
  @Column('uuid', { name: 'application_id', nullable: true }) applicationId!: string | null;
  @Column('text', { name: 'submitted_by' }) submittedBy!: string;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt!: Date;
}
