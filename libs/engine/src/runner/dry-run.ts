import type { ApplicationWorkflowInput } from '../contract/application.contract';
import type { StageDefinition } from '../definition/programme-definition.schema';
import type { CalendarPort } from '../stages/projection';
import { stageKindOf } from '../stages/registry';
import { layoutProcedure } from './procedure-layout';
import { calendarFor, stageContext } from './stage-context';

export interface SimulatedStage {
  id: string;
  name: string;
  kind: string;
  /** The PARALLEL stage it runs in, beside the other branches. */
  within: string | null;
  /** The roles whose step the stage waits for once it opens. */
  actingRoles: string[];
  /** Were it to open at `now`: when its deadline would fall, counted in whose calendar. */
  deadline: { dueAt: string; calendar: string; timeZone: string } | null;
}

/**
 * A sample application's procedure, stage by stage, without running it: who must act when
 * each stage opens and — were it to open now — when its deadline would fall, in the
 * calendar and time zone of the party that counts it. Each kind opens its stage in memory
 * as the interpreter would (`start`); nothing is recorded or written.
 */
export function dryRunProcedure(
  input: ApplicationWorkflowInput,
  now: number,
  calendar: CalendarPort,
): SimulatedStage[] {
  const layout = layoutProcedure(input.definition.procedure.stages);
  const ctx = stageContext(input, input.funding, now, new Map());
  return [...layout.values()].map(({ stage, parallel }) => {
    const base = { id: stage.id, name: stage.name, kind: stage.kind, within: parallel };
    // A PARALLEL only holds others; a SELECTION opens with its call's round, not on submission.
    if (stage.kind === 'PARALLEL' || (stage.kind === 'SELECTION' && !input.round))
      return { ...base, actingRoles: [], deadline: null };
    const kind = stageKindOf(stage.kind);
    const opened = kind.start(stage, ctx);
    const actingRoles = kind.waitingFor?.(stage, opened.state, ctx) ?? [];
    if (!opened.deadline) return { ...base, actingRoles, deadline: null };
    const where = calendarFor(input, stage as StageDefinition, opened.state);
    const due = calendar.dueAt(new Date(now).toISOString(), opened.deadline, {
      place: where.place,
      fallback: where.calendar,
      timeZone: where.timeZone,
    });
    return {
      ...base,
      actingRoles,
      deadline: { dueAt: due.dueAt, calendar: due.calendar, timeZone: where.timeZone },
    };
  });
}
