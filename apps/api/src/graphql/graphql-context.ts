import type DataLoader from 'dataloader';
import type { JurisdictionEntity } from '@codev/persistence';

/** Per-request loaders: created with each request's context so caches never leak across callers. */
export interface Loaders {
  jurisdiction: DataLoader<string, JurisdictionEntity | null>;
}

export interface GraphqlContext {
  req: unknown;
  loaders: Loaders;
}
