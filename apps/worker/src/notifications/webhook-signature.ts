import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a webhook proves it came from codev: `Codev-Signature: v1=<hex HMAC-SHA256 of
 * "<Codev-Timestamp>.<raw body>" under the subscription's secret>`. A receiver recomputes
 * it, compares in constant time, and refuses a timestamp older than a few minutes, so a
 * captured request cannot be replayed later.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver checks (tests use it as a receiver would). */
export function verifyWebhook(
  secret: string,
  signature: string,
  timestamp: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const sent = Number(timestamp);
  if (!Number.isInteger(sent) || Math.abs(nowSeconds - sent) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, sent, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
