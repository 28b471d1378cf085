import { OrganisationEntity } from '@codev/persistence';
import { Organisation } from './organisation.model';

export function toOrganisation(e: OrganisationEntity): Organisation {
  return {
    id: e.id,
    name: e.name,
    kind: e.kind,
    countryOfResidence: e.countryOfResidence,
    governmentLevel: e.governmentLevel,
    registrationNumber: e.registrationNumber,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    jurisdictionId: e.jurisdictionId,
    originJurisdictionId: e.originJurisdictionId,
  };
}
