import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { CallDefinition, CallStatus, SelectionStatus } from '@codev/engine';

const numeric = { to: (v: string) => v, from: (v: string | null) => v };

@Entity('call')
export class CallEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') key!: string;
  @Column('uuid', { name: 'issuer_id' }) issuerId!: string;
  @Column('uuid', { name: 'programme_id' }) programmeId!: string;
  @Column('jsonb') definition!: CallDefinition;
  @Column('text') status!: CallStatus;
  @Column('timestamptz', { name: 'phase_deadline', nullable: true }) phaseDeadline!: Date | null;
  @Column('timestamptz', { name: 'opens_at' }) opensAt!: Date;
  @Column('timestamptz', { name: 'closes_at' }) closesAt!: Date;
  @Column('uuid', { name: 'envelope_id' }) envelopeId!: string;
  @Column('text', { name: 'workflow_id' }) workflowId!: string;
  @Column('text', { name: 'published_by' }) publishedBy!: string;
  @Column('timestamptz', { name: 'published_at' }) publishedAt!: Date;
}

/** An application's place in its call: the selection stage's projection. */
@Entity('selection_entry')
export class SelectionEntryEntity {
  @PrimaryColumn('uuid', { name: 'application_id' }) applicationId!: string;
  @Column('uuid', { name: 'call_id' }) callId!: string;
  @Column('text') objective!: string;
  @Column('numeric', { name: 'requested_amount', transformer: numeric }) requestedAmount!: string;
  @Column('uuid', { name: 'implementing_ngo_id', nullable: true }) implementingNgoId!:
    string | null;
  @Column('text') status!: SelectionStatus;
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
}
