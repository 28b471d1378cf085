import { hasRole, Principal, Role } from '@codev/auth';
import { CodevError } from '@codev/domain';

/** What the stewardship rules need to know of an organisation. */
export interface StewardCandidate {
  id: string;
  name: string;
  kind: string;
  governmentLevel: string | null;
  countryOfResidence: string;
}

/**
 * A designer designs for the organisation their token names; a platform administrator may
 * act for the platform (no organisation). Returns the organisation a new programme belongs to.
 */
export function ownerOfNewProgramme(principal: Principal): string | null {
  if (hasRole(principal, Role.PlatformAdmin)) return principal.organisationId;
  if (!principal.organisationId)
    throw CodevError.forbidden(
      "A programme designer's token must name the organisation the programme belongs to",
    );
  return principal.organisationId;
}

/**
 * Only the owning organisation's designers change, publish or retire a programme; a
 * programme of the platform (no owner) only a platform administrator.
 */
export function assertSteward(
  principal: Principal,
  programme: { key: string; ownerOrganisationId: string | null },
): void {
  if (hasRole(principal, Role.PlatformAdmin)) return;
  if (programme.ownerOrganisationId === null)
    throw CodevError.forbidden(
      `Programme ${programme.key} is the platform's: only a platform administrator may change it`,
    );
  if (principal.organisationId !== programme.ownerOrganisationId)
    throw CodevError.forbidden(
      `Programme ${programme.key} belongs to another organisation: only its designers or a platform administrator may change it`,
    );
}

/**
 * A national directive binds every call of its country, so it is published by a national
 * government body of that country (or a platform administrator), never by a region or a
 * municipality. Returns the organisation recorded as its publisher.
 */
export function directivePublisher(
  principal: Principal,
  country: string,
  organisation: StewardCandidate | null,
): string | null {
  if (hasRole(principal, Role.PlatformAdmin)) return principal.organisationId;
  if (!organisation)
    throw CodevError.forbidden(
      `A national directive of ${country} is published by a national government body of ${country}: the token names none`,
    );
  if (
    organisation.kind !== 'GOVERNMENT_BODY' ||
    organisation.governmentLevel !== 'NATIONAL' ||
    organisation.countryOfResidence !== country
  )
    throw CodevError.forbidden(
      `A national directive of ${country} is published by a national government body of ${country}, not by ${organisation.name}`,
    );
  return organisation.id;
}
