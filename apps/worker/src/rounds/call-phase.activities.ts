import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  type CallActivities,
  type CallWorkflowInput,
  callWorkflowId,
  missingDocuments,
} from '@codev/engine';
import { LedgerRepository } from '@codev/persistence';
import { transactionally } from '../transitions/activity-errors';
import { callPeriodEnd } from './call-periods';
import { entriesOf, lockCall, recordRoundEvents } from './round.repository';
import { RoundBroadcaster } from './round-broadcast';

/**
 * The call's phases up to the evaluation: its row and budget, opening, closing with the
 * completeness check. Each writes first, then tells the applications; each is safe to retry.
 */
@Injectable()
export class CallPhaseActivities implements Pick<
  CallActivities,
  'createCall' | 'openCall' | 'closeCall' | 'openEvaluation'
> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly broadcast: RoundBroadcaster,
  ) {}

  /** The call's row and its budget as a ledger envelope, written by the call's own workflow. */
  async createCall({ callId, record }: CallWorkflowInput) {
    await transactionally(this.db, async (em) => {
      const d = record.definition;
      const { id: envelopeId } = await new LedgerRepository(em).ensureEnvelope(
        record.programmeId,
        `call:${d.key}`,
        d.year,
        d.currency,
        d.budget,
      );
      await em.query(
        `INSERT INTO call (id, key, issuer_id, programme_id, definition, status, opens_at, closes_at, envelope_id,
                             workflow_id, published_by)
           VALUES ($1, $2, $3, $4, $5, 'SCHEDULED', $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
        [
          callId,
          record.key,
          record.issuerId,
          record.programmeId,
          d,
          record.opensAt,
          record.closesAt,
          envelopeId,
          callWorkflowId(record.key),
          record.publishedBy,
        ],
      );
    });
    return { callId, status: 'SCHEDULED' as const };
  }

  async openCall({ callId }: { callId: string }) {
    await this.db.query(`UPDATE call SET status = 'OPEN' WHERE id = $1 AND status = 'SCHEDULED'`, [
      callId,
    ]);
  }

  /**
   * Closes the window (the row lock waits for submissions in flight, so the list is final),
   * checks each application's documents, and gives the defective ones the period to fix
   * them, counted from the close in the issuer's calendar.
   */
  async closeCall({ callId, closedAt }: { callId: string; closedAt: string }) {
    const { entries, fixBy } = await transactionally(this.db, async (em) => {
      const call = await lockCall(em, callId);
      const entries = await entriesOf(em, callId);
      const submitted = entries.filter((e) => e.status === 'SUBMITTED');
      for (const e of submitted) {
        e.defects = missingDocuments(call.definition.requiredDocuments, e.documents);
        e.status = e.defects.length ? 'DEFECTIVE' : 'COMPLETE';
      }
      const defective = entries.some((e) => e.status === 'DEFECTIVE');
      const fixBy = defective
        ? callPeriodEnd(
            call.definition,
            call.issuerCode,
            call.definition.defectFixPeriod,
            new Date(closedAt),
          )
        : null;
      if (call.status === 'SCHEDULED' || call.status === 'OPEN') {
        await em.query(`UPDATE call SET status = 'CLOSED', phase_deadline = NULL WHERE id = $1`, [
          callId,
        ]);
        await em.query(
          `UPDATE selection_entry s SET status = x.status, defects = x.defects
           FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) AS x(id, status, defects) WHERE s.application_id = x.id`,
          [
            submitted.map((e) => e.applicationId),
            submitted.map((e) => e.status),
            submitted.map((e) => JSON.stringify(e.defects)),
          ],
        );
        await recordRoundEvents(
          em,
          'round:closed',
          'COMPLETENESS_CHECKED',
          submitted.map((e) => ({
            applicationId: e.applicationId,
            detail: { defects: e.defects },
          })),
        );
      }
      return { entries, fixBy: fixBy?.toISOString() ?? null };
    });
    await this.broadcast.send(
      entries
        .filter((e) => e.status === 'COMPLETE' || e.status === 'DEFECTIVE')
        .map((e) => ({
          workflowId: e.workflowId,
          message: {
            phase: 'CLOSED',
            defects: e.defects,
            fixBy: e.status === 'DEFECTIVE' ? fixBy : null,
          },
        })),
    );
    // Published once every application knows its defects: a client that sees the period can fix.
    await this.db.query(`UPDATE call SET phase_deadline = $2 WHERE id = $1 AND status = 'CLOSED'`, [
      callId,
      fixBy,
    ]);
    return { applications: entries.length, fixBy };
  }

  /**
   * The period to fix defects is over: what is still defective is set aside in the list at
   * once (each application sets itself aside on its own timer too, and one that fixed its
   * defects in time writes COMPLETE after this), and every application that may yet be
   * scored hears the evaluation opened.
   */
  async openEvaluation({ callId }: { callId: string }) {
    const entries = await transactionally(this.db, async (em) => {
      await lockCall(em, callId);
      const entries = await entriesOf(em, callId);
      await em.query(
        `UPDATE selection_entry SET status = 'SET_ASIDE' WHERE call_id = $1 AND status = 'DEFECTIVE'`,
        [callId],
      );
      return entries;
    });
    await this.broadcast.send(
      entries
        .filter((e) => e.status !== 'SET_ASIDE' && e.status !== 'WITHDRAWN')
        .map((e) => ({ workflowId: e.workflowId, message: { phase: 'EVALUATION' } })),
    );
    // Published once every application knows: a client that sees EVALUATION can score.
    await this.db.query(
      `UPDATE call SET status = 'EVALUATION', phase_deadline = NULL WHERE id = $1 AND status = 'CLOSED'`,
      [callId],
    );
  }
}
