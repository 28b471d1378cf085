/** Roles a token may carry. Programme-level roles (committee member, reviewer…) come with programmes. */
export enum Role {
  /** Keeps reference data (jurisdictions) and registers organisations. */
  PlatformAdmin = 'platform-admin',
  /** Manages the profile of the organisation named in the token. */
  OrganisationAdmin = 'org-admin',
  /** Writes and publishes programme definitions. */
  ProgrammeDesigner = 'programme-designer',
  /** Acts for the organisation named in the token. */
  Member = 'member',
  /** Scores applications to the calls of the organisation named in the token. */
  Evaluator = 'evaluator',
  /**
   * A resident on the register of the organisation named in the token (a municipality):
   * proposes priorities and votes in its community consultations, one person one vote.
   */
  Resident = 'resident',
}

/** Who is calling: the verified claims of a bearer token. */
export interface Principal {
  subject: string;
  /** The organisation the caller acts for, if any. */
  organisationId: string | null;
  roles: ReadonlySet<string>;
}

export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.has(role);
}

/** True when the principal may act for `organisationId` as `role` (platform admins always may). */
export function actsFor(principal: Principal, organisationId: string, role: Role): boolean {
  return (
    hasRole(principal, Role.PlatformAdmin) ||
    (principal.organisationId === organisationId && hasRole(principal, role))
  );
}
