import { z } from 'zod';
import { isIsoCountryCode } from '@codev/domain/jurisdiction/jurisdiction-code';
import { isSectorCode, SECTOR_CODES } from '@codev/domain/sector/sector-codes';

// The small pieces every part of a definition is written with: keys, codes, decimals,
// calendars and deadlines. Stage kinds build their schemas from these.

export const key = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'must be lower-case letters, digits and dashes (e.g. "technical-file")',
  );
export const code = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,62}$/, 'must be an upper-case code (e.g. "POTABLE_WATER")');
/** A project type of the shared list (`libs/domain/src/sector/sector-codes.ts`). */
export const sectorCode = code.refine((c: string): boolean => isSectorCode(c), {
  message: `is not a known sector; known: ${Object.keys(SECTOR_CODES).join(', ')}`,
});
export const decimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal written as a string (e.g. "250000.00")');
export const positiveDecimal = decimal.refine((v) => Number(v) > 0, 'must be positive');
/**
 * A positive amount of money: at most 18 digits before the point and 6 after, what the
 * amount columns hold (MAX_AMOUNT_DIGITS), so that a definition cannot promise what the
 * ledger cannot write. Its currency's own decimals are checked where the currency is known.
 */
export const positiveAmount = z
  .string()
  .regex(
    /^\d{1,18}(\.\d{1,6})?$/,
    'must be an amount written as a string (e.g. "250000.00"), at most 18 digits before the point',
  )
  .refine((v) => Number(v) > 0, 'must be positive');
/**
 * A positive percentage of at most three digits and four decimals (e.g. "12.5"); whether it
 * may pass 100 is the stage kind's own check, made with the definition's other checks.
 */
export const percent = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,4})?$/, 'must be a percentage written as a string (e.g. "12.5")')
  .refine((v) => Number(v) > 0, 'must be positive');
/** A decimal that may be negative (indices are often centred on zero), e.g. "-0.75". */
export const signedDecimal = z
  .string()
  .regex(/^-?\d{1,12}(\.\d{1,6})?$/, 'must be a decimal written as a string (e.g. "-0.75")');

/**
 * A condition on an indicator of the project's place (loaded with its source and year;
 * the nearest region above it counts where the place has none), both ends inclusive.
 */
export const indicatorConditionFields = {
  indicator: key.describe(
    'An indicator loaded for jurisdictions (indicators/), e.g. marginalisation-index',
  ),
  atLeast: signedDecimal.optional(),
  atMost: signedDecimal.optional(),
};
const hasBound = (c: { atLeast?: string; atMost?: string }) =>
  c.atLeast !== undefined || c.atMost !== undefined;
export const indicatorCondition = z
  .strictObject(indicatorConditionFields)
  .refine(hasBound, { message: 'needs atLeast, atMost or both' });

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code (e.g. "MXN")');
/** A country of ISO 3166-1 (alpha-2), checked against the list, not only its shape. */
export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code (e.g. "MX")')
  .refine((c) => isIsoCountryCode(c), { message: 'is not an ISO 3166-1 country code' });
export const roleRef = key;
/** A role a bearer token carries (e.g. "committee-member"), not a party role of the programme. */
export const tokenRole = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be a lower-case role name (e.g. "committee-member")');
export const stageName = z.string().min(1);

/**
 * Maker-checker for the steps of a stage that move money (a loan paid out or written off,
 * savings released or withdrawn): one person proposes, a second person of the same
 * organisation holding one of `approverRoles` in their token confirms, and only then does it
 * take effect. Both are in the application's history.
 */
export const fourEyesSchema = z.strictObject({
  approverRoles: z.array(tokenRole).min(1),
});
export type FourEyesDefinition = z.infer<typeof fourEyesSchema>;

export const calendarRefSchema = z.strictObject({
  country: countryCode,
  subdivision: z
    .string()
    .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be an ISO 3166-2 code')
    .optional(),
  extraHolidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date'))
    .optional(),
});

/**
 * A deadline in working days of a calendar (the programme's unless given), or — for tests and
 * demos, which cannot wait a month — a plain duration in seconds.
 */
export const deadlineSchema = z.union([
  z.strictObject({
    workingDays: z.number().int().positive(),
    calendar: calendarRefSchema.optional(),
  }),
  z.strictObject({ seconds: z.number().int().positive() }),
]);

/** What happens when a deadline passes with no decision. */
export const onExpirySchema = z.union([
  z.strictObject({ outcome: z.enum(['APPROVE', 'REJECT']) }),
  z.strictObject({ escalateTo: roleRef }),
]);

export type CalendarRef = z.infer<typeof calendarRefSchema>;
export type DeadlineDefinition = z.infer<typeof deadlineSchema>;
export type OnExpiryDefinition = z.infer<typeof onExpirySchema>;

/** The fields every stage has. */
export const stageBase = { id: key, name: stageName };

/**
 * The fields of a stage with a deadline: when it falls, what happens when it passes, and
 * whose working calendar and time zone count it — by default those of the party that must act.
 */
export const deadlineFields = {
  deadline: deadlineSchema.optional(),
  onExpiry: onExpirySchema.optional(),
  calendarOf: roleRef.optional(),
};
