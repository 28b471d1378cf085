import { Violation } from '../errors/violation';
import {
  checkJurisdictionCode,
  GovernmentLevel,
  GOVERNMENT_LEVEL_OF,
  isIsoCountryCode,
  parseJurisdictionCode,
} from '../jurisdiction/jurisdiction-code';
import { isMigrantOrganisation, OrganisationKind } from './organisation-kind';

/** What a caller says about an organisation, before any of it is looked up. */
export interface OrganisationProfile {
  name: string;
  kind: OrganisationKind;
  countryOfResidence: string;
  /** Where the organisation is based; a government body's territory. */
  jurisdictionCode?: string | null;
  /** For government bodies: the tier they belong to. */
  governmentLevel?: GovernmentLevel | null;
  /** For migrant organisations: the community of origin they are linked to. */
  originJurisdictionCode?: string | null;
}

/**
 * The rules of a coherent organisation profile that need no database: every violation at
 * once, each named by its field, so a caller can fix them all in one go.
 */
export function checkOrganisationProfile(p: OrganisationProfile): Violation[] {
  const violations: Violation[] = [];
  if (!p.name.trim()) violations.push({ path: 'name', message: 'must not be blank' });
  if (!isIsoCountryCode(p.countryOfResidence)) {
    violations.push({
      path: 'countryOfResidence',
      message: `"${p.countryOfResidence}" is not an ISO 3166-1 alpha-2 country code`,
    });
  }
  if (p.jurisdictionCode) violations.push(...checkBase(p));
  if (p.originJurisdictionCode) {
    violations.push(...checkJurisdictionCode(p.originJurisdictionCode, 'originJurisdictionCode'));
  }

  if (p.kind === OrganisationKind.GOVERNMENT_BODY) {
    violations.push(...checkGovernmentBody(p));
  } else if (p.governmentLevel) {
    violations.push({
      path: 'governmentLevel',
      message: 'only a government body has a government level',
    });
  }

  if (isMigrantOrganisation(p.kind) && !p.originJurisdictionCode) {
    violations.push({
      path: 'originJurisdictionCode',
      message: 'a migrant organisation must name its community of origin',
    });
  }
  if (p.kind === OrganisationKind.GOVERNMENT_BODY && p.originJurisdictionCode) {
    violations.push({
      path: 'originJurisdictionCode',
      message: 'a government body has no community of origin',
    });
  }
  return violations;
}

const LEVEL_RANK: Record<GovernmentLevel, number> = {
  [GovernmentLevel.NATIONAL]: 0,
  [GovernmentLevel.REGIONAL]: 1,
  [GovernmentLevel.LOCAL]: 2,
};

function checkGovernmentBody(p: OrganisationProfile): Violation[] {
  if (!p.jurisdictionCode) {
    return [
      {
        path: 'jurisdictionCode',
        message: 'a government body must name the jurisdiction it governs',
      },
    ];
  }
  if (!p.governmentLevel) {
    return [
      { path: 'governmentLevel', message: 'a government body must give its government level' },
    ];
  }
  const parsed = parseJurisdictionCode(p.jurisdictionCode);
  if (!parsed.ok) return []; // already reported against jurisdictionCode
  const violations: Violation[] = [];
  // A body may work in a territory below its own tier (a federal delegation in a state),
  // never above it (a municipality does not govern a state).
  const territoryLevel = GOVERNMENT_LEVEL_OF[parsed.value.kind];
  if (LEVEL_RANK[p.governmentLevel] > LEVEL_RANK[territoryLevel]) {
    violations.push({
      path: 'governmentLevel',
      message: `a ${p.governmentLevel.toLowerCase()} body cannot govern ${p.jurisdictionCode}, a ${parsed.value.kind.toLowerCase()}`,
    });
  }
  return violations;
}

/** An organisation is based in a jurisdiction of the country where it resides. */
function checkBase(p: OrganisationProfile): Violation[] {
  const syntax = checkJurisdictionCode(p.jurisdictionCode!, 'jurisdictionCode');
  if (syntax.length) return syntax;
  const parsed = parseJurisdictionCode(p.jurisdictionCode!);
  if (parsed.ok && parsed.value.countryCode !== p.countryOfResidence) {
    return [
      {
        path: 'jurisdictionCode',
        message: `${parsed.value.code} is not in the country of residence (${p.countryOfResidence})`,
      },
    ];
  }
  return [];
}
