import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@codev/auth';
import { redactArguments } from './audit-redaction';
import { type AuditTarget, auditTarget } from './audit-targets';

export interface AuditEntryRow {
  id: string;
  occurredAt: Date;
  subject: string | null;
  organisationId: string | null;
  roles: string[];
  operation: string;
  target: string | null;
  arguments: unknown;
  outcome: string;
  before: unknown;
  after: unknown;
}

/** Shifts a target's parameters ($1, $2) by `offset`, to sit after the entry's own. */
const shifted = (sql: string, offset: number) =>
  sql.replace(/\$(\d+)/g, (_all, n: string) => `$${Number(n) + offset}`);

/**
 * The append-only audit trail: every mutation with who, when, what, its outcome and its
 * target's state before and after. Writing it never fails the mutation it records (the
 * change is made by then); a write that fails is logged as an error for operators.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The state before: read when the target is known from the arguments. */
  async before(operation: string, args: Record<string, unknown>) {
    const target = auditTarget(operation, args);
    if (!target) return { target, state: null };
    try {
      const [row] = (await this.db.query(`SELECT ${target.state} AS state`, target.params)) as {
        state: unknown;
      }[];
      return { target, state: row?.state ?? null };
    } catch {
      return { target, state: null };
    }
  }

  /** The entry, with the target's state after read inside the same statement. */
  async record(
    principal: Principal | undefined,
    operation: string,
    args: Record<string, unknown>,
    outcome: string,
    before: { target: AuditTarget | null; state: unknown },
    result?: unknown,
  ): Promise<void> {
    const target = before.target ?? auditTarget(operation, args, result);
    const values = [
      principal?.subject ?? null,
      principal?.organisationId ?? null,
      [...(principal?.roles ?? [])],
      operation,
      target?.target ?? null,
      JSON.stringify(redactArguments(args)),
      outcome,
      before.state === null ? null : JSON.stringify(before.state),
    ];
    const after = target ? shifted(target.state, values.length) : 'NULL::jsonb';
    try {
      await this.db.query(
        `INSERT INTO audit_entry (subject, organisation_id, roles, operation, target, arguments, outcome, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ${after})`,
        [...values, ...(target?.params ?? [])],
      );
    } catch (e) {
      this.logger.error(`the audit trail could not record ${operation}: ${(e as Error).message}`);
    }
  }

  /** Newest first, after a cursor (an entry's id), optionally for one target or operation. */
  list(filter: {
    target?: string | null;
    operation?: string | null;
    subject?: string | null;
    beforeId?: string | null;
    first: number;
  }): Promise<AuditEntryRow[]> {
    return this.db.query(
      `SELECT id::text, occurred_at AS "occurredAt", subject, organisation_id AS "organisationId", roles,
              operation, target, arguments, outcome, before, after
         FROM audit_entry
        WHERE ($1::text IS NULL OR target = $1) AND ($2::text IS NULL OR operation = $2)
          AND ($3::text IS NULL OR subject = $3) AND ($4::bigint IS NULL OR id < $4)
        ORDER BY id DESC LIMIT $5`,
      [
        filter.target ?? null,
        filter.operation ?? null,
        filter.subject ?? null,
        filter.beforeId ?? null,
        filter.first,
      ],
    );
  }
}
