import DataLoader from 'dataloader';
import { JurisdictionEntity } from '@codev/persistence';
import { JurisdictionService } from './jurisdiction.service';

/** Batches jurisdiction look-ups by id within one request, so lists cost one query, not N. */
export function createJurisdictionLoader(
  service: JurisdictionService,
): DataLoader<string, JurisdictionEntity | null> {
  return new DataLoader(async (ids) => {
    const byId = new Map((await service.findByIds(ids)).map((j) => [j.id, j]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
