/** Kinds of organisation that take part in co-development programmes. */
export enum OrganisationKind {
  GOVERNMENT_BODY = 'GOVERNMENT_BODY',
  MIGRANT_CLUB = 'MIGRANT_CLUB',
  FEDERATION_OF_CLUBS = 'FEDERATION_OF_CLUBS',
  IMMIGRANT_ASSOCIATION = 'IMMIGRANT_ASSOCIATION',
  NGO = 'NGO',
  PRIVATE_COMPANY = 'PRIVATE_COMPANY',
  FINANCIAL_INSTITUTION = 'FINANCIAL_INSTITUTION',
  INTERNATIONAL_ORGANISATION = 'INTERNATIONAL_ORGANISATION',
  UNIVERSITY = 'UNIVERSITY',
  COMMUNITY_COMMITTEE = 'COMMUNITY_COMMITTEE',
  /**
   * A natural person taking part on their own behalf: a migrant who borrows or saves. Their
   * name as a party is an alias; who they are is personal data, kept apart.
   */
  PERSON = 'PERSON',
}

/**
 * Migrant organisations are the link between a community abroad and its community of origin,
 * so each must say which community of origin it is tied to.
 */
export const MIGRANT_ORGANISATION_KINDS: ReadonlySet<OrganisationKind> = new Set([
  OrganisationKind.MIGRANT_CLUB,
  OrganisationKind.FEDERATION_OF_CLUBS,
  OrganisationKind.IMMIGRANT_ASSOCIATION,
]);

export function isMigrantOrganisation(kind: OrganisationKind): boolean {
  return MIGRANT_ORGANISATION_KINDS.has(kind);
}
