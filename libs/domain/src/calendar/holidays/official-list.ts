import { isWorkingDay, type CalendarRef } from '../working-calendar';
import { formatDayNumber, parseLocalDate } from '../local-date';
import { isWeekendIn } from '../weekends';

/**
 * For the per-country specs: the days of `year` that the calendar (library + corrections)
 * treats as non-working although they are not in the country's weekend, i.e. the weekday
 * holidays an official list has to account for, sorted.
 */
export function nonWorkingWeekdays(year: number, ref: CalendarRef): string[] {
  const first = parseLocalDate(`${year}-01-01`) as number;
  const last = parseLocalDate(`${year}-12-31`) as number;
  const days: string[] = [];
  for (let day = first; day <= last; day++) {
    const date = formatDayNumber(day);
    if (!isWeekendIn(ref.country, day) && !isWorkingDay(date, ref)) days.push(date);
  }
  return days;
}

/** The dates of an official list, without the weekend days it names for completeness. */
export function weekdaysOf(country: string, dates: readonly string[]): string[] {
  return dates.filter((d) => !isWeekendIn(country, parseLocalDate(d) as number)).sort();
}
