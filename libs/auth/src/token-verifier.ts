import { Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { ApiConfig } from '@codev/config';
import { CodevError } from '@codev/domain';
import { Principal } from './principal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies bearer tokens: HS256 with a shared secret for local use, or keys from an OIDC
 * provider's JWKS in production. Claims: `sub`, `org` (organisation id), `roles` (string[]).
 */
@Injectable()
export class TokenVerifier {
  private readonly jwks?: JwksClient;
  /**
   * The shared secret as a key object, made once: given a string, jsonwebtoken first tries
   * to read it as a public key on every request, which cost the API a twentieth of its CPU.
   */
  private readonly secret?: KeyObject;

  constructor(private readonly config: ApiConfig) {
    if (config.JWT_JWKS_URL) {
      this.jwks = new JwksClient({ jwksUri: config.JWT_JWKS_URL, cache: true, rateLimit: true });
    } else if (config.JWT_SECRET) {
      this.secret = createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
    }
  }

  async verify(token: string): Promise<Principal> {
    const claims = await new Promise<jwt.JwtPayload>((resolve, reject) => {
      jwt.verify(
        token,
        this.jwks ? this.keyFromJwks : this.secret!,
        {
          algorithms: this.jwks ? ['RS256', 'ES256', 'PS256'] : ['HS256'],
          issuer: this.config.JWT_ISSUER ?? LOCAL_TOKEN_ISSUER,
          audience: this.config.JWT_AUDIENCE ?? LOCAL_TOKEN_AUDIENCE,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        },
        (err, decoded) =>
          err || !decoded || typeof decoded === 'string' ? reject(err) : resolve(decoded),
      );
    }).catch((err: unknown) => {
      throw CodevError.unauthenticated(
        err instanceof jwt.TokenExpiredError
          ? 'The bearer token has expired'
          : err instanceof jwt.JsonWebTokenError && /issuer|audience/.test(err.message)
            ? `The bearer token was not issued for this API (${err.message})`
            : 'The bearer token is malformed or its signature is invalid',
      );
    });
    checkLifetime(claims, this.config.JWT_MAX_LIFETIME_HOURS);
    return toPrincipal(claims);
  }

  private readonly keyFromJwks: jwt.GetPublicKeyOrSecret = (header, callback) => {
    this.jwks!.getSigningKey(header.kid)
      .then((key) => callback(null, key.getPublicKey()))
      .catch((err: Error) => callback(err));
  };
}

/** Issuer and audience of locally minted tokens (`npm run token`, the tests), with JWT_SECRET. */
export const LOCAL_TOKEN_ISSUER = 'codev-local';
export const LOCAL_TOKEN_AUDIENCE = 'codev-api';
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * A token must say when it expires, and may not live longer than the API allows: a stolen
 * token without `exp` would open the API for ever. Lifetime counts from `iat`, or from now.
 */
export function checkLifetime(claims: jwt.JwtPayload, maxHours: number, now = Date.now()): void {
  if (typeof claims.exp !== 'number')
    throw CodevError.unauthenticated('The bearer token has no expiry (exp)');
  const issued = typeof claims.iat === 'number' ? claims.iat : Math.floor(now / 1000);
  if (issued > now / 1000 + CLOCK_TOLERANCE_SECONDS)
    throw CodevError.unauthenticated('The bearer token was issued in the future (iat)');
  if (claims.exp - issued > maxHours * 3600)
    throw CodevError.unauthenticated(
      `The bearer token lives longer than the ${maxHours} hours this API accepts`,
    );
}

export function toPrincipal(claims: jwt.JwtPayload): Principal {
  const roles: unknown = claims.roles ?? [];
  const org: unknown = claims.org ?? null;
  if (!claims.sub || !Array.isArray(roles) || roles.some((r) => typeof r !== 'string')) {
    throw CodevError.unauthenticated('The bearer token lacks a subject or has malformed roles');
  }
  if (org !== null && (typeof org !== 'string' || !UUID.test(org))) {
    throw CodevError.unauthenticated('The bearer token names an organisation that is not an id');
  }
  return { subject: claims.sub, organisationId: org, roles: new Set(roles as string[]) };
}
