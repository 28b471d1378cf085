import { addWorkingDays } from '@codev/domain/calendar';
import type { CallDefinition, DeadlineDefinition } from '@codev/engine';
import { calendarOfPlace } from '@codev/engine/runner/working-day-calendar';

/**
 * The end of a period of a call (fixing defects, objections, the reserve list) counted from
 * `from` in the issuer's calendar (its country's, and its region's where the holiday data
 * knows the region), unless the period names its own.
 */
export function callPeriodEnd(
  call: CallDefinition,
  issuerJurisdiction: string | null,
  period: DeadlineDefinition,
  from: Date,
): Date {
  if ('seconds' in period) return new Date(from.getTime() + period.seconds * 1000);
  const calendar =
    period.calendar ?? (issuerJurisdiction ? calendarOfPlace(issuerJurisdiction) : null);
  if (!calendar)
    throw new Error(`the issuer of ${call.key} has no jurisdiction, so no calendar to count in`);
  return addWorkingDays(from, {
    workingDays: period.workingDays,
    calendar,
    timeZone: call.window.timeZone,
  });
}
