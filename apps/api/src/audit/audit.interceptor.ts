import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { requestOf } from '@codev/auth';
import { CodevError } from '@codev/domain';
import { AuditService } from './audit.service';

/** Records every GraphQL mutation in the audit trail, whether it succeeded or was refused. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<{ parentType: { name: string }; fieldName: string }>();
    if (info.parentType.name !== 'Mutation') return next.handle();
    const operation = info.fieldName;
    const args = gql.getArgs<Record<string, unknown>>();
    const principal = requestOf(context)?.principal;
    return from(
      (async () => {
        const before = await this.audit.before(operation, args);
        try {
          const result: unknown = await lastValueFrom(next.handle());
          await this.audit.record(principal, operation, args, 'OK', before, result);
          return result;
        } catch (e) {
          const outcome = e instanceof CodevError ? e.code : 'INTERNAL_SERVER_ERROR';
          await this.audit.record(principal, operation, args, outcome, before);
          throw e;
        }
      })(),
    );
  }
}
