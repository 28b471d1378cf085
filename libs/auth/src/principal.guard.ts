import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { CodevError } from '@codev/domain';
import { requestOf } from './auth.decorators';
import { MUTATION_PERMISSIONS, type MutationPermissions } from './permissions';
import { TokenVerifier } from './token-verifier';

/**
 * Runs on every request: a bearer token, when sent, must be valid (even for public reads, so
 * a client learns its token is bad); every mutation needs the permission the API's one table
 * declares for it, and a mutation the table does not name is refused.
 */
@Injectable()
export class PrincipalGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    @Inject(MUTATION_PERMISSIONS) private readonly permissions: MutationPermissions,
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
    if (context.getType<string>() !== 'graphql') return true;
    const info = GqlExecutionContext.create(context).getInfo<{
      parentType: { name: string };
      fieldName: string;
    }>();
    if (info.parentType.name !== 'Mutation') return true;
    const permission = this.permissions.get(info.fieldName);
    if (!permission) throw CodevError.forbidden(`No permission is declared for ${info.fieldName}`);
    if (!req.principal) throw CodevError.unauthenticated();
    const required = permission.roles;
    if (required.length > 0 && !required.some((r) => req.principal!.roles.has(r))) {
      throw CodevError.forbidden(`This operation needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}
