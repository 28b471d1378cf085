import { instantOfLocalDateTime } from '@codev/domain/calendar/zoned-time';
import type { LoanPosition } from '@codev/domain/loan/loan-position';
import type { Sql } from '../projection';
import type { LoanSettled } from './loan.projection';

/** The borrower's time zone: the project's place's, else its country's, else the programme's. */
export async function zoneOf(
  sql: Sql,
  applicationId: string,
  e: Record<string, unknown>,
): Promise<string> {
  const [row] = (await sql.query(
    `SELECT COALESCE(j.time_zone, c.time_zone) AS zone
       FROM application a JOIN jurisdiction j ON j.id = a.project_jurisdiction_id
       LEFT JOIN jurisdiction c ON c.code = split_part(j.code, '-', 1)
      WHERE a.id = $1`,
    [applicationId],
  )) as { zone: string | null }[];
  return row?.zone ?? (e.timeZone as string);
}

const DAY = 86_400_000;
const dayAfter = (date: string, days = 1) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

export function settled(p: LoanPosition, asOf: string, zone: string): LoanSettled {
  const open = p.status === 'CURRENT' || p.status === 'IN_ARREARS';
  // Days whose end is worth a look: each unpaid due date to come, and the last day before
  // the loan would be 31 or 91 days past due.
  const candidates = open
    ? p.instalments
        .filter((i) => ['DUE', 'FUTURE', 'PARTLY_PAID'].includes(i.status))
        .map((i) => i.dueOn)
    : [];
  if (open && p.daysPastDue > 0) {
    const oldest = dayAfter(asOf, -p.daysPastDue);
    candidates.push(dayAfter(oldest, 30), dayAfter(oldest, 90));
  }
  const next = candidates.filter((d) => d >= asOf).sort()[0];
  return {
    status: p.status,
    arrears: p.arrears,
    daysPastDue: p.daysPastDue,
    nextCheckAt: next
      ? instantOfLocalDateTime(`${dayAfter(next)}T00:00`, zone).toISOString()
      : null,
  };
}
