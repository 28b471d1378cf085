import type DataLoader from 'dataloader';
import type { JurisdictionEntity, ProgrammeVersionEntity } from '@codev/persistence';

/** Per-request loaders: created with each request's context so caches never leak across callers. */
export interface Loaders {
  jurisdiction: DataLoader<string, JurisdictionEntity | null>;
  /** All versions of a programme, by programme id, newest first. */
  programmeVersions: DataLoader<string, ProgrammeVersionEntity[]>;
}

export interface GraphqlContext {
  req: unknown;
  loaders: Loaders;
}
