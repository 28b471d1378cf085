import { type Permission, Role } from '@codev/auth';
import { stageActions } from '@codev/engine';

const anyone: Permission = { roles: [] };
const roles = (...r: Role[]): Permission => ({ roles: r });

/**
 * Who may call each mutation: the one table. A mutation missing here is refused, and a test
 * checks every mutation of the schema has its line. Who acts for which organisation, and
 * which party may take which step, is checked where the target is known (services, workflows).
 */
export const MUTATION_PERMISSIONS = new Map<string, Permission>([
  ['createJurisdiction', roles(Role.PlatformAdmin)],
  ['registerOrganisation', roles(Role.PlatformAdmin)],
  ['updateOrganisation', anyone],
  ['saveProgrammeDraft', roles(Role.ProgrammeDesigner, Role.PlatformAdmin)],
  ['publishProgrammeDraft', roles(Role.ProgrammeDesigner, Role.PlatformAdmin)],
  ['retireProgrammeVersion', roles(Role.ProgrammeDesigner, Role.PlatformAdmin)],
  ['publishDirective', roles(Role.PlatformAdmin, Role.ProgrammeDesigner)],
  ['recordExchangeRates', roles(Role.PlatformAdmin, Role.ProgrammeDesigner)],
  ['publishCall', anyone],
  ['closeCallEvaluation', roles(Role.OrganisationAdmin)],
  ['submitApplication', anyone],
  ['submitCallApplication', anyone],
  ['withdrawApplication', anyone],
  ['proposeWorkPlan', roles(Role.Member, Role.OrganisationAdmin)],
  ['castWorkPlanVote', roles(Role.Member, Role.OrganisationAdmin)],
  // The stage kinds' steps: each declares the roles its token needs.
  ...[...stageActions.values()].map(
    ({ action }) => [action.spec.mutation, { roles: action.spec.tokenRoles }] as const,
  ),
]);
