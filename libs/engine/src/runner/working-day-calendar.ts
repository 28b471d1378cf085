import { parseJurisdictionCode } from '@codev/domain';
import {
  addWorkingDays,
  type CalendarRef,
  checkCalendarRef,
  isWorkingDay,
} from '@codev/domain/calendar';
import type { CalendarPort } from '../stages/projection';

/**
 * The working calendar of a jurisdiction: its country's holidays, and its region's where the
 * holiday data knows the region (it knows no Mexican state, for instance); `base` lends its
 * extra holidays when it is the same country's calendar.
 */
export function calendarOfPlace(jurisdictionCode: string, base?: CalendarRef): CalendarRef | null {
  const parsed = parseJurisdictionCode(jurisdictionCode);
  if (!parsed.ok) return null;
  const place = parsed.value;
  const country = place.countryCode;
  const subdivision =
    place.kind === 'MUNICIPALITY'
      ? place.parentCode
      : place.kind === 'SUBDIVISION'
        ? place.code
        : undefined;
  const extra =
    base?.country === country && base.extraHolidays ? { extraHolidays: base.extraHolidays } : {};
  const regional = subdivision ? { country, subdivision, ...extra } : undefined;
  return regional && checkCalendarRef(regional, 'calendar').length === 0
    ? regional
    : { country, ...extra };
}

const label = (c: CalendarRef) => c.subdivision ?? c.country;

/** Deadlines in working days of the calendar of whoever must act, for the stage kinds' projections. */
export const workingDayCalendar: CalendarPort = {
  dueAt(from, deadline, { place, fallback, timeZone }) {
    if ('at' in deadline) return { dueAt: new Date(deadline.at).toISOString(), calendar: 'fixed' };
    const start = new Date(from);
    if ('seconds' in deadline)
      return {
        dueAt: new Date(start.getTime() + deadline.seconds * 1000).toISOString(),
        calendar: 'seconds',
      };
    const calendar =
      deadline.calendar ?? (place && calendarOfPlace(place.jurisdictionCode, fallback)) ?? fallback;
    return {
      dueAt: addWorkingDays(start, {
        workingDays: deadline.workingDays,
        calendar,
        timeZone,
      }).toISOString(),
      calendar: label(calendar),
    };
  },
  isWorkingDay(localDate, jurisdictionCode) {
    const calendar = calendarOfPlace(jurisdictionCode);
    if (!calendar) throw new Error(`no calendar for jurisdiction ${jurisdictionCode}`);
    return isWorkingDay(localDate, calendar);
  },
};
