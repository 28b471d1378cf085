import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@codev/migrations';
import { JurisdictionEntity } from './entities/jurisdiction.entity';
import { OrganisationEntity } from './entities/organisation.entity';
import { ProgrammeEntity, ProgrammeVersionEntity } from './entities/programme.entity';
import { CallEntity, SelectionEntryEntity } from './entities/call.entity';
import {
  ApplicationDeadlineEntity,
  ApplicationDocumentEntity,
  ApplicationEntity,
  ApplicationEventEntity,
  ApplicationFailureEntity,
  ApplicationPartyEntity,
} from './entities/application.entity';

export const ENTITIES = [
  JurisdictionEntity,
  OrganisationEntity,
  ProgrammeEntity,
  ProgrammeVersionEntity,
  ApplicationEntity,
  ApplicationPartyEntity,
  ApplicationEventEntity,
  ApplicationDeadlineEntity,
  ApplicationDocumentEntity,
  ApplicationFailureEntity,
  CallEntity,
  SelectionEntryEntity,
];

/** The one place connection options are built: the API, the worker and the CLI share it. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: poolSize },
  };
}
