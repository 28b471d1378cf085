import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  type ConsultationResult,
  type EvaluationResult,
  type IndicatorResult,
  ResultsPlace,
} from './results.model';

/** The place column at each level: a closed list, never input. */
const PLACE: Record<ResultsPlace, string> = {
  [ResultsPlace.COUNTRY]: 'a.country_code',
  [ResultsPlace.SUBDIVISION]: 'a.subdivision_code',
  [ResultsPlace.MUNICIPALITY]: 'a.municipality_code',
};

/**
 * Results of the portfolio, from the projects' own records: indicators summed (baseline,
 * target, latest actual) by the year last measured and the place, and post-handover
 * evaluations by year and place. One statement each, whatever the number of projects.
 */
@Injectable()
export class ResultsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  indicators(programmeKey: string, level: ResultsPlace): Promise<IndicatorResult[]> {
    const place = PLACE[level];
    return this.db.query(
      `SELECT i.indicator, min(i.label) AS label, min(i.unit) AS unit,
              extract(year FROM m.measured_at)::int AS year, ${place} AS "jurisdictionCode",
              count(*)::int AS projects, count(m.value)::int AS "measuredProjects",
              trim_scale(sum(i.baseline))::text AS baseline, trim_scale(sum(i.target))::text AS target,
              trim_scale(coalesce(sum(m.value), 0))::text AS actual
         FROM project_indicator i
         JOIN application a ON a.id = i.application_id
         JOIN programme p ON p.id = a.programme_id
         LEFT JOIN LATERAL (SELECT value, measured_at FROM indicator_measurement x
                             WHERE x.application_id = i.application_id AND x.indicator = i.indicator
                             ORDER BY measured_at DESC, id DESC LIMIT 1) m ON true
        WHERE p.key = $1 AND a.status <> 'WITHDRAWN' AND a.status <> 'REJECTED'
        GROUP BY i.indicator, 4, 5
        ORDER BY i.indicator, 4 NULLS LAST, 5`,
      [programmeKey],
    );
  }

  evaluations(programmeKey: string, level: ResultsPlace): Promise<EvaluationResult[]> {
    const place = PLACE[level];
    return this.db.query(
      `SELECT extract(year FROM e.evaluated_at)::int AS year, ${place} AS "jurisdictionCode",
              count(*)::int AS evaluated,
              count(*) FILTER (WHERE e.in_use = 'IN_USE')::int AS "inUse",
              count(*) FILTER (WHERE e.in_use = 'PARTLY_IN_USE')::int AS "partlyInUse",
              count(*) FILTER (WHERE e.in_use = 'NOT_IN_USE')::int AS "notInUse",
              sum(e.jobs_created)::int AS "jobsCreated", sum(e.people_served)::int AS "peopleServed"
         FROM project_evaluation e
         JOIN application a ON a.id = e.application_id
         JOIN programme p ON p.id = a.programme_id
        WHERE p.key = $1
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [programmeKey],
    );
  }

  /** The published consultations of a place, latest first. */
  consultations(jurisdictionCode: string): Promise<ConsultationResult[]> {
    return this.db.query(
      `SELECT c.application_id AS "applicationId", j.code AS "jurisdictionCode", c.closed_at AS "closedAt",
              c.voters, c.ranking
         FROM consultation_result c JOIN jurisdiction j ON j.id = c.jurisdiction_id
        WHERE j.code = $1 ORDER BY c.closed_at DESC`,
      [jurisdictionCode],
    );
  }
}
