import { createHash, randomUUID } from 'node:crypto';
import { v5 as uuidV5 } from 'uuid';
import type { Submission } from './submission';

/** A fixed namespace for application ids derived from client keys. */
const NAMESPACE = '5b8e0a52-7f0e-4c0b-9d8a-0c0de5e1a1a1';

/**
 * The application's id: derived from the caller and its idempotency key, so a retry lands on
 * the same workflow and row; random when the client gives no key.
 */
export function applicationIdFor(
  subject: string,
  idempotencyKey: string | null | undefined,
): string {
  return idempotencyKey ? uuidV5(`${subject}\u0000${idempotencyKey}`, NAMESPACE) : randomUUID();
}

/** A call's id, derived from its key: publishing twice lands on the same call. */
export const callIdFor = (key: string) => uuidV5(`call\u0000${key}`, NAMESPACE);

/** What the request asked for, whatever the order of its fields: a reused key must ask the same. */
export function fingerprintOf(value: Submission | Record<string, unknown>): string {
  const { idempotencyKey: _key, ...rest } = value as Record<string, unknown>;
  return createHash('sha256').update(stableJson(rest)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}
