import * as jwt from 'jsonwebtoken';
import { LOCAL_TOKEN_AUDIENCE, LOCAL_TOKEN_ISSUER } from '@codev/auth';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256!';

export function mintToken(
  claims: { sub: string; org?: string; roles?: string[] },
  options: jwt.SignOptions = { expiresIn: '1h' },
): string {
  return jwt.sign({ roles: [], ...claims }, TEST_JWT_SECRET, {
    algorithm: 'HS256',
    issuer: LOCAL_TOKEN_ISSUER,
    audience: LOCAL_TOKEN_AUDIENCE,
    ...options,
  });
}

export const adminToken = () => mintToken({ sub: 'test-admin', roles: ['platform-admin'] });
