import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { GovernmentLevel, OrganisationKind } from '@codev/domain';

@Entity('organisation')
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'name_key' })
  nameKey!: string;

  @Column('text')
  kind!: OrganisationKind;

  @Column('char', { name: 'country_of_residence', length: 2 })
  countryOfResidence!: string;

  @Column('uuid', { name: 'jurisdiction_id', nullable: true })
  jurisdictionId!: string | null;

  @Column('text', { name: 'government_level', nullable: true })
  governmentLevel!: GovernmentLevel | null;

  @Column('uuid', { name: 'origin_jurisdiction_id', nullable: true })
  originJurisdictionId!: string | null;

  @Column('text', { name: 'registration_number', nullable: true })
  registrationNumber!: string | null;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The key under which two organisation names count as the same. */
export function organisationNameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('und');
}
