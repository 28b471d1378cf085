import * as jwt from 'jsonwebtoken';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256!';

export function mintToken(
  claims: { sub: string; org?: string; roles?: string[] },
  options: jwt.SignOptions = { expiresIn: '1h' },
): string {
  return jwt.sign({ roles: [], ...claims }, TEST_JWT_SECRET, { algorithm: 'HS256', ...options });
}

export const adminToken = () => mintToken({ sub: 'test-admin', roles: ['platform-admin'] });
