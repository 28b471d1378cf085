import type { DeadlineDefinition } from '../definition/schema-atoms';

/** How long before a deadline its reminder comes: in working days, or seconds for tests. */
export type ReminderLead = { workingDays: number } | { seconds: number };

/**
 * When a deadline's reminder falls, if it has one: `lead` before it, counted in the deadline's
 * own unit. N working days before a deadline of W working days is the end of its (W − N)th
 * working day, counted from the same start in the same calendar (`countFromStart`). None when
 * the units differ, the lead is not shorter than the deadline, or the deadline is an instant.
 */
export function reminderInstant(
  deadline: DeadlineDefinition | { at: string },
  lead: ReminderLead | undefined,
  dueAt: string,
  countFromStart: (deadline: DeadlineDefinition) => string,
): string | undefined {
  if (!lead) return undefined;
  if ('seconds' in deadline && 'seconds' in lead && lead.seconds < deadline.seconds)
    return new Date(Date.parse(dueAt) - lead.seconds * 1000).toISOString();
  if ('workingDays' in deadline && 'workingDays' in lead && lead.workingDays < deadline.workingDays)
    return countFromStart({ ...deadline, workingDays: deadline.workingDays - lead.workingDays });
  return undefined;
}
