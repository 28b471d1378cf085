import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { CodevError, prefixViolations, unstorableText, Violation } from '@codev/domain';

class InputViolations extends Error {
  constructor(readonly violations: Violation[]) {
    super('invalid input');
  }
}

function flatten(errors: ValidationError[], prefix = ''): Violation[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/**
 * The strict global pipe: unknown properties are refused, values transformed to their
 * classes, and every failure reported as BAD_USER_INPUT naming the argument's field path
 * (`input.countryOfResidence`). Every string of every argument, however deep, first meets the
 * one rule for stored text (no control characters, nothing blank that is not empty), so that
 * what the API accepts a column and a workflow history can hold.
 */
@Injectable()
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new InputViolations(flatten(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // 'custom' is everything a client did not send: the principal, the context, the parent.
    if (metadata.type !== 'custom') {
      const unstorable = unstorableText(value, metadata.data ?? '');
      if (unstorable.length > 0) throw CodevError.badInput(unstorable);
    }
    try {
      return await super.transform(value, metadata);
    } catch (e) {
      if (e instanceof InputViolations) {
        throw CodevError.badInput(
          metadata.data ? prefixViolations(metadata.data, e.violations) : e.violations,
        );
      }
      throw e;
    }
  }
}
