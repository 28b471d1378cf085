import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ProgrammeDefinition } from '@codev/engine';

@Entity('programme')
export class ProgrammeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  key!: string;

  @Column('text')
  name!: string;

  /** The organisation whose designers steward it; null: the platform's. */
  @Column('uuid', { name: 'owner_organisation_id', nullable: true })
  ownerOrganisationId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export type ProgrammeVersionStatus = 'DRAFT' | 'PUBLISHED' | 'RETIRED';

@Entity('programme_version')
export class ProgrammeVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'programme_id' })
  programmeId!: string;

  @Column('int')
  version!: number;

  @Column('text')
  status!: ProgrammeVersionStatus;

  @Column('text', { name: 'rules_label' })
  rulesLabel!: string;

  @Column('jsonb')
  definition!: ProgrammeDefinition;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @Column('timestamptz', { name: 'retired_at', nullable: true })
  retiredAt!: Date | null;
}
