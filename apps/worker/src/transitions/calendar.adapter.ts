import type { CalendarPort, CalendarRef } from '@codev/engine';
import { addWorkingDays } from '@codev/domain/calendar';

/** Deadlines in working days of a calendar, for the stage kinds' projections. */
export const workingDayCalendar: CalendarPort = {
  dueAt(from, deadline, calendar: CalendarRef, timeZone) {
    if ('at' in deadline) return new Date(deadline.at).toISOString();
    const start = new Date(from);
    if ('seconds' in deadline)
      return new Date(start.getTime() + deadline.seconds * 1000).toISOString();
    return addWorkingDays(start, {
      workingDays: deadline.workingDays,
      calendar: deadline.calendar ?? calendar,
      timeZone,
    }).toISOString();
  },
};
