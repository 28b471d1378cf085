import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { CodevError, prefixViolations, Violation } from '@codev/domain';

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
 * (`input.countryOfResidence`).
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
