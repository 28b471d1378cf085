import { CodevError } from '@codev/domain';
import { checkLifetime } from './token-verifier';

const now = Date.UTC(2026, 11, 4, 12);
const at = (hoursFromNow: number) => Math.floor(now / 1000) + hoursFromNow * 3600;
const refusal = (claims: { iat?: number; exp?: number }) => {
  try {
    checkLifetime(claims, 24, now);
    return null;
  } catch (e) {
    return e instanceof CodevError ? `${e.code}: ${e.message}` : String(e);
  }
};

describe('a token’s lifetime', () => {
  it('must be stated, start no later than now, and last no longer than the API allows', () => {
    expect(refusal({ iat: at(0), exp: at(12) })).toBeNull();
    expect(refusal({ exp: at(24) })).toBeNull();
    expect(refusal({ iat: at(0) })).toBe('UNAUTHENTICATED: The bearer token has no expiry (exp)');
    expect(refusal({ iat: at(-1), exp: at(24) })).toMatch(/longer than the 24 hours/);
    expect(refusal({ exp: at(25) })).toMatch(/longer than the 24 hours/);
    expect(refusal({ iat: at(1), exp: at(2) })).toMatch(/issued in the future/);
  });
});
