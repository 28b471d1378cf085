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

/**
 * The server turned an Update away because the worker's workflow task never took it in (under
 * a burst of Updates to one workflow the SDK can drop a task it was handed): the Update was
 * neither accepted nor applied, so sending it again is safe.
 */
export const isUpdateUnprocessed = (e: unknown) =>
  e instanceof WorkflowUpdateFailedError &&
  e.cause instanceof ApplicationFailure &&
  /wasn't processed by worker/.test(e.cause.message);

const UNPROCESSED_RETRIES = 5;

/** Sends an Update, again (with a short backoff) while the server says no worker took it in. */
export async function sendUpdate<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      if (!isUpdateUnprocessed(e) || attempt >= UNPROCESSED_RETRIES) throw e;
      await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    }
  }
}
