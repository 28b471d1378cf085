import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallEntity, keysetPage, type Page } from '@codev/persistence';
import { type CallApplicationRow, toCall, toCallApplication } from './call.mapper';
import type { Call, CallApplication } from './call.model';

export interface AssessmentRow {
  application_id: string;
  evaluator: string;
  criterion_id: string;
  score: string;
  reason: string;
}

/** Calls and their lists as the call and application workflows projected them. */
@Injectable()
export class CallQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findByKey(key: string): Promise<Call | null> {
    const row = await this.db.manager.findOneBy(CallEntity, { key });
    return row && toCall(row);
  }

  async list(args: { first: number; after?: string | null }): Promise<Page<Call>> {
    const page = await keysetPage(this.db.manager.createQueryBuilder(CallEntity, 'c'), args, {
      column: 'key',
      value: (c) => c.key,
    });
    return { ...page, nodes: page.nodes.map(toCall) };
  }

  /** Applications of several calls in one query, in order of submission (for the loader). */
  async applications(callIds: readonly string[]): Promise<CallApplication[][]> {
    const rows = (await this.db.query(
      `SELECT a.id, s.call_id, a.title, a.sector, a.country_code, s.objective, a.total_amount::text,
              s.requested_amount::text, a.currency, s.status, s.defects, s.total_score::text, s.score_by_criterion,
              s.rank, s.granted::text, s.partial_grant, a.submitted_at, a.applicant_id,
              c.status AS call_status, c.issuer_id
       FROM selection_entry s JOIN application a ON a.id = s.application_id JOIN call c ON c.id = s.call_id
       WHERE s.call_id = ANY($1::uuid[]) ORDER BY a.submitted_at, a.id`,
      [[...callIds]],
    )) as CallApplicationRow[];
    return callIds.map((id) => rows.filter((r) => r.call_id === id).map(toCallApplication));
  }

  /** The evaluators' scores and reasons, by application (for the loader), evaluators in order of scoring. */
  async assessments(applicationIds: readonly string[]): Promise<AssessmentRow[][]> {
    const rows = (await this.db.query(
      `SELECT application_id, evaluator, criterion_id, score::text, reason, scored_at
         FROM selection_score WHERE application_id = ANY($1::uuid[])
        ORDER BY application_id, scored_at, evaluator, criterion_id`,
      [[...applicationIds]],
    )) as AssessmentRow[];
    return applicationIds.map((id) => rows.filter((r) => r.application_id === id));
  }

  async application(id: string): Promise<CallApplication | null> {
    const [row] = (await this.db.query(
      `SELECT a.id, s.call_id, a.title, a.sector, a.country_code, s.objective, a.total_amount::text,
              s.requested_amount::text, a.currency, s.status, s.defects, s.total_score::text, s.score_by_criterion,
              s.rank, s.granted::text, s.partial_grant, a.submitted_at, a.applicant_id,
              c.status AS call_status, c.issuer_id
       FROM selection_entry s JOIN application a ON a.id = s.application_id JOIN call c ON c.id = s.call_id
       WHERE a.id = $1`,
      [id],
    )) as CallApplicationRow[];
    return row ? toCallApplication(row) : null;
  }
}
