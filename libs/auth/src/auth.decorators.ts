import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Principal, Role } from './principal';

export const REQUIRED_ROLES = 'codev:required-roles';

/**
 * The caller must be authenticated and, when roles are given, hold at least one of them.
 * Checks that depend on the target (acting for *this* organisation) belong in services.
 */
export const Authenticated = (...anyOfRoles: Role[]) => SetMetadata(REQUIRED_ROLES, anyOfRoles);

export interface RequestWithPrincipal {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

export function requestOf(context: ExecutionContext): RequestWithPrincipal | undefined {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req?: RequestWithPrincipal }>().req;
  }
  return context.switchToHttp().getRequest<RequestWithPrincipal>();
}

/** The authenticated caller; only on handlers marked `@Authenticated()`. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => requestOf(context)!.principal!,
);
