import { type Permission, Role } from '@codev/auth';
import { stageActions } from '@codev/engine';

const anyone: Permission = { roles: [] };
const roles = (...r: Role[]): Permission => ({ roles: r });
const actingForAnOrganisation = roles(Role.Member, Role.OrganisationAdmin);

/**
 * Who may call each mutation: the one table. A mutation missing here is refused, and a test
 * checks every mutation of the schema has its line. Who acts for which organisation, and
 * which party may take which step, is checked where the target is known (services, workflows).
 */
export const MUTATION_PERMISSIONS = new Map<string, Permission>([
  ['createJurisdiction', roles(Role.PlatformAdmin)],
  ['recordJurisdictionIndicators', roles(Role.PlatformAdmin)],
  ['registerOrganisation', roles(Role.PlatformAdmin)],
  ['updateOrganisation', anyone],
  ['saveProgrammeDraft', roles(Role.ProgrammeDesigner, Role.PlatformAdmin)],
  ['publishProgrammeDraft', roles(Role.ProgrammeDesigner, Role.PlatformAdmin)],
  ['retireProgrammeVersion', roles(Role.ProgrammeDesigner, Role.PlatformAdmin)],
  ['discardProgrammeDraft', roles(Role.ProgrammeDesigner, Role.PlatformAdmin)],
  ['transferProgramme', roles(Role.PlatformAdmin)],
  ['publishDirective', roles(Role.PlatformAdmin, Role.ProgrammeDesigner)],
  ['recordExchangeRates', roles(Role.PlatformAdmin, Role.ProgrammeDesigner)],
  // Acting for an organisation takes a member's or its administrator's token; the services
  // check it is the organisation the call or application names.
  ['publishCall', actingForAnOrganisation],
  ['closeCallEvaluation', roles(Role.OrganisationAdmin)],
  ['submitApplication', actingForAnOrganisation],
  ['submitCallApplication', actingForAnOrganisation],
  ['withdrawApplication', actingForAnOrganisation],
  ['proposeWorkPlan', roles(Role.Member, Role.OrganisationAdmin)],
  ['castWorkPlanVote', roles(Role.Member, Role.OrganisationAdmin)],
  // An organisation's administrator chooses what it hears about; dead letters are its too.
  ['subscribeToNotifications', roles(Role.OrganisationAdmin)],
  ['cancelNotificationSubscription', roles(Role.OrganisationAdmin)],
  ['redeliverNotification', roles(Role.OrganisationAdmin, Role.PlatformAdmin)],
  // The stage kinds' steps: each declares the roles its token needs.
  ...[...stageActions.values()].map(
    ({ action }) => [action.spec.mutation, { roles: action.spec.tokenRoles }] as const,
  ),
]);
