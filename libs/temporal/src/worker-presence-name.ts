import { createHash } from 'node:crypto';

/**
 * The PostgreSQL `application_name` a worker process shows while it runs
 * (`codev-worker:<task queue>:<pid>`), shared by the worker, which holds a session under that
 * name (apps/worker/src/health/worker-presence.ts), and the API's /health, which counts those sessions
 * (apps/api/src/health/worker-presence.check.ts). No Nest, no I/O: both sides import it.
 *
 * PostgreSQL keeps at most 63 bytes of an application_name, and only printable ASCII; a task
 * queue (with its namespace, when not `default`) that would not fit whole is named by a hash
 * instead, so that two queues never share a prefix.
 */
export const WORKER_PRESENCE_PREFIX = 'codev-worker:';
const MAX_APPLICATION_NAME = 63;
const MAX_PID_DIGITS = 10;

/** `codev-worker:<queue>:` — every session of a worker polling this queue starts so. */
export function workerPresencePrefix(namespace: string, taskQueue: string): string {
  const key = namespace === 'default' ? taskQueue : `${namespace}/${taskQueue}`;
  const fits =
    /^[\x20-\x7e]*$/.test(key) &&
    WORKER_PRESENCE_PREFIX.length + key.length + 1 + MAX_PID_DIGITS <= MAX_APPLICATION_NAME;
  const shown = fits
    ? key
    : `#${createHash('sha256').update(`${namespace}/${taskQueue}`).digest('hex').slice(0, 16)}`;
  return `${WORKER_PRESENCE_PREFIX}${shown}:`;
}

/** The application_name of this process's presence session. */
export function workerPresenceName(namespace: string, taskQueue: string, pid = process.pid) {
  return `${workerPresencePrefix(namespace, taskQueue)}${pid}`;
}
