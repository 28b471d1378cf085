import { type Principal, Role } from '@codev/auth';

/** The fields of a history event that secrecy concerns. */
export interface HistoryEvent {
  stageId: string | null;
  kind: string;
  actorSubject: string | null;
  actorOrganisationId: string | null;
  actorRole: string | null;
  reason: string | null;
  detail: unknown;
}

/**
 * A committee's votes stay sealed while it is still deciding: anyone reading the history then
 * sees that a seat voted, and when, but not who voted, how, or why — so that no member votes
 * under the pressure of the others' votes, and no applicant lobbies the undecided. The voter
 * sees their own vote, and platform administrators see all. Once the stage has decided, the
 * votes are public with their reasons, as the programmes' rules publish them.
 */
export function sealOpenVotes<E extends HistoryEvent>(
  events: readonly E[],
  activeStages: readonly string[],
  viewer: Principal | undefined,
): E[] {
  if (viewer?.roles.has(Role.PlatformAdmin)) return [...events];
  return events.map((e) =>
    e.kind === 'VOTE' &&
    e.stageId !== null &&
    activeStages.includes(e.stageId) &&
    e.actorSubject !== viewer?.subject
      ? {
          ...e,
          actorSubject: null,
          actorOrganisationId: null,
          reason: null,
          detail: { sealed: true },
        }
      : e,
  );
}
