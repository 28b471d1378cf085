/** One funder's date for one tranche, as the committee set it. */
export interface TimelineEntry {
  role: string;
  trancheId: string;
  dueDate: string;
}
interface ReleaseEvent {
  kind: string;
  actorRole: string | null;
  detail: unknown;
  occurredAt: Date;
}
export interface ScheduledPart extends TimelineEntry {
  releasedAt: Date | null;
  /** The day it was paid, on the funder's calendar. */
  releasedOn: string | null;
  /** Paid after its date, or not paid and its date has passed. */
  late: boolean;
}

/**
 * The timeline against what happened: a funder's part is paid when the funder released it
 * (TRANCHE_RELEASED) or when the engine released the whole tranche (TRANCHE_DISBURSED).
 * `localDate(instant, role)` is that instant's day in the funder's time zone.
 */
export function disbursementSchedule(
  timeline: readonly TimelineEntry[],
  events: readonly ReleaseEvent[],
  now: Date,
  localDate: (instant: Date, role: string) => string,
): ScheduledPart[] {
  const trancheOf = (e: ReleaseEvent) => (e.detail as { trancheId?: string } | null)?.trancheId;
  return timeline.map((entry) => {
    const paid = events.find(
      (e) =>
        trancheOf(e) === entry.trancheId &&
        (e.kind === 'TRANCHE_DISBURSED' ||
          (e.kind === 'TRANCHE_RELEASED' && e.actorRole === entry.role)),
    );
    const releasedOn = paid ? localDate(paid.occurredAt, entry.role) : null;
    return {
      ...entry,
      releasedAt: paid?.occurredAt ?? null,
      releasedOn,
      late: (releasedOn ?? localDate(now, entry.role)) > entry.dueDate,
    };
  });
}
