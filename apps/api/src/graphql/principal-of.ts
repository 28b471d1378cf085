import type { Principal, RequestWithPrincipal } from '@codev/auth';
import type { GraphqlContext } from './graphql-context';

/** The caller of a request, when it sent a token: for field resolvers that hide private data. */
export const principalOf = (ctx: GraphqlContext): Principal | undefined =>
  (ctx.req as RequestWithPrincipal | undefined)?.principal;
