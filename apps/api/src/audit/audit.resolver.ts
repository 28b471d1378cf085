import { Args, Context, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@codev/auth';
import { CodevError } from '@codev/domain';
import { GraphqlContext } from '../graphql/graphql-context';
import { principalOf } from '../graphql/principal-of';
import { AuditEntry } from './audit.model';
import { AuditService } from './audit.service';

@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => [AuditEntry], {
    description:
      'The audit trail, newest first; platform administrators only. Page with beforeId (the last id seen)',
  })
  async auditTrail(
    @Context() ctx: GraphqlContext,
    @Args('target', { type: () => String, nullable: true }) target?: string | null,
    @Args('operation', { type: () => String, nullable: true }) operation?: string | null,
    @Args('subject', { type: () => String, nullable: true }) subject?: string | null,
    @Args('beforeId', { type: () => ID, nullable: true }) beforeId?: string | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
  ): Promise<AuditEntry[]> {
    const caller = principalOf(ctx);
    if (!caller) throw CodevError.unauthenticated();
    if (!caller.roles.has(Role.PlatformAdmin))
      throw CodevError.forbidden('The audit trail is for platform administrators');
    if (!Number.isInteger(first) || first < 1 || first > 500)
      throw CodevError.badInput([{ path: 'first', message: 'must be from 1 to 500' }]);
    if (beforeId != null && !/^\d{1,18}$/.test(beforeId))
      throw CodevError.badInput([{ path: 'beforeId', message: 'must be an entry id' }]);
    return this.audit.list({ target, operation, subject, beforeId, first });
  }
}
