import { parseJurisdictionCode } from '@codev/domain';
import { addWorkingDays, checkCalendarRef } from '@codev/domain/calendar';
import type { CallDefinition, DeadlineDefinition } from '@codev/engine';

/**
 * The end of a period of a call (fixing defects, objections, the reserve list) counted from
 * `from` in the issuer's calendar: its country's holidays, and its region's where the
 * holiday library knows the region (it knows no Mexican state, for instance).
 */
export function callPeriodEnd(
  call: CallDefinition,
  issuerJurisdiction: string | null,
  period: DeadlineDefinition,
  from: Date,
): Date {
  if ('seconds' in period) return new Date(from.getTime() + period.seconds * 1000);
  const parsed = issuerJurisdiction ? parseJurisdictionCode(issuerJurisdiction) : undefined;
  const place = parsed?.ok ? parsed.value : undefined;
  const subdivision =
    place?.kind === 'MUNICIPALITY'
      ? place.parentCode
      : place?.kind === 'SUBDIVISION'
        ? place.code
        : undefined;
  if (!place && !period.calendar)
    throw new Error(`the issuer of ${call.key} has no jurisdiction, so no calendar to count in`);
  const regional = subdivision ? { country: place!.countryCode, subdivision } : undefined;
  const calendar =
    period.calendar ??
    (regional && checkCalendarRef(regional, 'calendar').length === 0
      ? regional
      : { country: place!.countryCode });
  return addWorkingDays(from, {
    workingDays: period.workingDays,
    calendar,
    timeZone: call.window.timeZone,
  });
}
