import type { FundingSplit } from '@codev/domain/funding/funding-formula';
import type { ApplicationWorkflowInput } from '../contract/application.contract';
import type { StageDefinition } from '../definition/programme-definition.schema';
import { stageKindOf } from '../stages/registry';
import { type EngineFeatures, refuse, type StageContext } from '../stages/stage-kind';

/** What a stage kind sees of its application when it decides a step. */
export function stageContext(
  input: ApplicationWorkflowInput,
  funding: FundingSplit,
  now: number,
  facts: Map<string, unknown>,
  features: EngineFeatures = {},
): StageContext {
  const { applicationId, definition, parties, round, record } = input;
  return {
    applicationId,
    definition,
    parties,
    funding,
    round,
    now,
    facts,
    submittedDocuments: record.documents,
    indicators: record.indicators ?? [],
    features,
    timeZoneOf: (role) => input.places?.[role]?.timeZone ?? definition.timeZone,
    actsAs: (actor, role) =>
      parties[role] && parties[role] === actor.organisationId
        ? undefined
        : refuse.forbidden(
            `only the organisation acting as "${role}" in this application may do this`,
          ),
  };
}

/**
 * Whose calendar counts a stage's deadline: the role the definition names, else the party
 * that must act; its jurisdiction's holidays and time zone. The programme's calendar where
 * that party has no place.
 */
export function calendarFor(
  input: ApplicationWorkflowInput,
  stage: StageDefinition,
  state: unknown,
) {
  const role =
    (stage as { calendarOf?: string }).calendarOf ??
    stageKindOf(stage.kind).actingRole?.(stage, state);
  const place = role ? input.places?.[role] : undefined;
  const { calendar, timeZone } = input.definition;
  return {
    calendar,
    place: place ? { role, ...place } : null,
    timeZone: place?.timeZone ?? timeZone,
  };
}
