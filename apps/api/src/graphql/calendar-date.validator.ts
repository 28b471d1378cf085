import { ValidateBy, type ValidationOptions } from 'class-validator';
import { parseLocalDate } from '@codev/domain/calendar/local-date';

/**
 * A real calendar date written YYYY-MM-DD: 2026-02-30, 2026-13-01 and 0000-00-00 are refused
 * at the door, so no query or workflow ever sees them (PostgreSQL would refuse them with a
 * server error, a workflow would carry them forever).
 */
export const isCalendarDate = (value: unknown): boolean =>
  typeof value === 'string' && parseLocalDate(value) !== undefined;

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: isCalendarDate,
        defaultMessage: (args) => `${args?.property} must be a calendar date YYYY-MM-DD`,
      },
    },
    options,
  );
}
