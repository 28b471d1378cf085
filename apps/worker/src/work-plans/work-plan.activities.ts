import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WorkPlanActivities, WorkPlanDecision } from '@codev/engine';
import { transactionally } from '../transitions/activity-errors';

/**
 * The steering committee's decision on a work plan, written once (a retry finds the plan
 * decided and writes nothing again). An approved plan sets the year's envelope of each
 * component and funder it allocates; an envelope already committed beyond the plan keeps
 * what was committed, so no commitment is left above its envelope.
 */
@Injectable()
export class WorkPlanDecisionActivities implements WorkPlanActivities {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async decideWorkPlan(d: WorkPlanDecision): Promise<void> {
    await transactionally(this.db, async (em) => {
      const decided = (await em.query(
        `WITH decided AS (
           UPDATE agreement_work_plan SET status = $2, reason = $3, votes = $4, decided_at = now()
            WHERE id = $1 AND status = 'PROPOSED' RETURNING id)
         SELECT id FROM decided`,
        [d.workPlanId, d.status, d.reason, JSON.stringify(d.votes)],
      )) as unknown[];
      if (!decided.length || d.status !== 'APPROVED') return;
      await em.query(
        `INSERT INTO envelope (agreement_id, component, funder_role, year, currency, amount)
         SELECT $1, a.component, a.funder, $2, a.currency, a.amount
           FROM jsonb_to_recordset($3::jsonb) AS a(component text, funder text, currency text, amount numeric)
         ON CONFLICT (agreement_id, component, funder_role, year) WHERE agreement_id IS NOT NULL
         DO UPDATE SET amount = GREATEST(excluded.amount, envelope.committed)`,
        [d.agreementId, d.year, JSON.stringify(d.allocations)],
      );
    });
  }
}
