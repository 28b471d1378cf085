/**
 * Working-day calendars for deadlines. Deliberately NOT re-exported from
 * libs/domain/src/index.ts: workflow code imports '@codev/domain', and anything reachable from
 * there is bundled into the Temporal workflow bundle, which must not carry date-holidays and
 * its holiday data for ~200 countries. Callers (activities, the API) import
 * '@codev/domain/calendar' instead; the tsconfig path '@codev/domain/*' maps here.
 */
export {
  addWorkingDays,
  checkCalendarRef,
  holidaysOf,
  isWorkingDay,
  workingDaysBetween,
} from './working-calendar';
export type { CalendarRef, DeadlineSpec } from './working-calendar';
export { instantOfLocalDateTime, assertTimeZone } from './zoned-time';
