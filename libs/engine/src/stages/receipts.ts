import { parseLocalDate } from '@codev/domain/calendar/local-date';
import { refuse, type Refusal, type StageContext } from './stage-kind';

/**
 * What partner institutions report at a stage (a loan's repayments, a savings account's
 * deposits): each carries the institution's receipt reference and a value date.
 */

/** How far back an institution may date what it reports (batch reporting). */
export const MAX_BACKDATING_DAYS = 366;

export const today = (ctx: StageContext) => new Date(ctx.now).toISOString().slice(0, 10);

/** The earliest value date an institution may report today. */
export const earliestValueDate = (ctx: StageContext) =>
  new Date(ctx.now - MAX_BACKDATING_DAYS * 86_400_000).toISOString().slice(0, 10);

/** A date the institution reports: a real date, not before `notBefore`, not in the future. */
export function checkValueDate(
  date: string,
  field: string,
  notBefore: string,
  ctx: StageContext,
): Refusal | undefined {
  const bad = (message: string) => refuse.badInput(message, [{ path: field, message }]);
  if (parseLocalDate(date) === undefined) return bad('must be a date YYYY-MM-DD');
  if (date < notBefore) return bad(`must be on or after ${notBefore}`);
  if (date > today(ctx)) return bad(`must not be after ${today(ctx)}`);
  return undefined;
}

/**
 * A retried posting (same receipt, same content) is accepted and changes nothing; the same
 * receipt with other content is refused. `references` maps each receipt to a digest of what
 * it recorded.
 */
export function seenReceipt(
  references: Readonly<Record<string, string>>,
  reference: string,
  digest: string,
): Refusal | 'again' | undefined {
  const before = references[reference];
  if (before === undefined) return undefined;
  return before === digest
    ? 'again'
    : refuse.conflict(`receipt ${reference} is already recorded for another operation`);
}

export const receiptReference = {
  type: 'text',
  max: 200,
  description: "The institution's receipt reference",
} as const;
