import { GOVERNMENT_LEVEL_OF } from '@codev/domain';
import { JurisdictionEntity } from '@codev/persistence';
import { Jurisdiction } from './jurisdiction.model';

export function toJurisdiction(e: JurisdictionEntity): Jurisdiction {
  return {
    id: e.id,
    code: e.code,
    name: e.name,
    kind: e.kind,
    governmentLevel: GOVERNMENT_LEVEL_OF[e.kind],
    countryCode: e.countryCode,
    timeZone: e.timeZone,
    parentId: e.parentId,
  };
}
