import {
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CodevError, type Violation } from '@codev/domain';

/**
 * A workflow's refusal of an Update, as the typed error a client sees. The workflow's
 * validator names the problem; a closed workflow has nothing left to accept.
 */
export function fromWorkflowError(e: unknown, what: string): unknown {
  if (isWorkflowClosed(e)) return CodevError.conflict(`${what} is closed`);
  if (
    e instanceof ServiceError ||
    (e instanceof Error &&
      /Workflow Task in failed state|deadline exceeded|UNAVAILABLE/i.test(e.message))
  )
    return CodevError.unavailable(
      `${what} could not reach its workflow in time; retry the request with the same idempotency key`,
    );
  const cause = e instanceof WorkflowUpdateFailedError ? e.cause : undefined;
  if (cause instanceof ApplicationFailure) {
    const { type, message } = cause;
    if (type === 'FORBIDDEN') return CodevError.forbidden(message);
    if (type === 'CONFLICT') return CodevError.conflict(message);
    if (type === 'BAD_USER_INPUT') {
      const violations = (cause.details?.[0] as Violation[] | undefined) ?? [
        { path: 'input', message },
      ];
      return CodevError.badInput(violations);
    }
    return CodevError.conflict(`${what} could not take this step: ${message}`);
  }
  return e;
}

export const isAlreadyStarted = (e: unknown) => e instanceof WorkflowExecutionAlreadyStartedError;

/** The workflow has ended (or is gone): no Update reaches it any more. */
export const isWorkflowClosed = (e: unknown) =>
  e instanceof WorkflowNotFoundError ||
  (e instanceof Error && /workflow execution already completed/i.test(e.message));
