/** The shapes of holiday corrections (holiday-corrections.data.ts) and of the days they fix. */

export interface NamedDate {
  date: string;
  name: string;
  /** The date-holidays rule that produced the date, or the month-day of a yearly addition. */
  rule?: string;
}

/**
 * How sure the date is. Lunar feasts are fixed by moon sighting, announced days before:
 * 'announced' is a date the authority proclaimed (or observed) and that we found;
 * 'unconfirmed' is a correction we apply without having found the official act.
 * Absent means the cited law or gazette states it.
 */
export type Confidence = 'announced' | 'unconfirmed';

interface Cited {
  /** The law, decree, gazette (with number and date) or official calendar page. */
  source: string;
  url?: string;
  note?: string;
  confidence?: Confidence;
}

/** A day off the library does not have (a decree's extra day, a feast on another day). */
export interface AddDay extends Cited {
  kind: 'add';
  date: string;
  name: string;
}

/** A day the library lists that is a working day. */
export interface RemoveDay extends Cited {
  kind: 'remove';
  date: string;
}

/** A holiday the library puts on the wrong day; the moved entry keeps its library rule. */
export interface MoveDay extends Cited {
  kind: 'move';
  from: string;
  to: string;
}

/** A fixed-date holiday the library lacks, every year in [fromYear, toYear]. */
export interface AddYearly extends Cited {
  kind: 'addYearly';
  /** 'MM-DD' */
  monthDay: string;
  name: string;
  fromYear: number;
  toYear?: number;
}

/** Drops every day the library derives from `rule` (its rule text, e.g. 'easter -3'). */
export interface RemoveRule extends Cited {
  kind: 'removeRule';
  rule: string;
  fromYear?: number;
  toYear?: number;
}

/** A feast the law gives `days` days off for where the library has one (two days for each Aïd in MA). */
export interface ExtendRule extends Cited {
  kind: 'extendRule';
  rule: string;
  days: number;
  fromYear?: number;
  toYear?: number;
}

export type HolidayCorrection = AddDay | RemoveDay | MoveDay | AddYearly | RemoveRule | ExtendRule;

export interface CalendarCorrections {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** date-holidays state code (ES: MD, PV…); absent for the national calendar. */
  state?: string;
  corrections: readonly HolidayCorrection[];
}
