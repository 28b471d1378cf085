import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CodevError } from '@codev/domain';
import { REQUIRED_ROLES, requestOf } from './auth.decorators';
import { TokenVerifier } from './token-verifier';

/**
 * Runs on every request: a bearer token, when sent, must be valid (even for public reads, so
 * a client learns its token is bad); handlers marked `@Authenticated` need a principal.
 */
@Injectable()
export class PrincipalGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = requestOf(context);
    if (!req) return true;
    const header = req.headers['authorization'];
    const value = Array.isArray(header) ? header[0] : header;
    if (value && !req.principal) {
      const match = /^Bearer\s+(\S+)$/i.exec(value);
      if (!match)
        throw CodevError.unauthenticated('The Authorization header must be "Bearer <token>"');
      req.principal = await this.verifier.verify(match[1]);
    }
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required === undefined) return true;
    if (!req.principal) throw CodevError.unauthenticated();
    if (required.length > 0 && !required.some((r) => req.principal!.roles.has(r))) {
      throw CodevError.forbidden(`This operation needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}
