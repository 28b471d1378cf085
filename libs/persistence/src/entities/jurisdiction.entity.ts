import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { JurisdictionKind } from '@codev/domain';

@Entity('jurisdiction')
export class JurisdictionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  code!: string;

  @Column('text')
  name!: string;

  @Column('text')
  kind!: JurisdictionKind;

  @Column('char', { name: 'country_code', length: 2 })
  countryCode!: string;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => JurisdictionEntity, { nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: JurisdictionEntity | null;

  @Column('text', { name: 'time_zone', nullable: true })
  timeZone!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
