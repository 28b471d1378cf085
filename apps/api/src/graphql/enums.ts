import { registerEnumType } from '@nestjs/graphql';
import { GovernmentLevel, JurisdictionKind, OrganisationKind } from '@codev/domain';

registerEnumType(JurisdictionKind, { name: 'JurisdictionKind' });
registerEnumType(GovernmentLevel, { name: 'GovernmentLevel', description: 'Tier of government' });
registerEnumType(OrganisationKind, { name: 'OrganisationKind' });

export { GovernmentLevel, JurisdictionKind, OrganisationKind };
