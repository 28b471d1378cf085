import type { EntityManager } from 'typeorm';
import { markFromIndicator, markFromPriorities, type IndicatorReading } from '@codev/domain';
import { DATA_EVALUATOR, type EvaluatorScore } from '@codev/domain/calls/scoring';
import type { CallDefinition } from '@codev/engine';

type Scored = EvaluatorScore & { id: string };

/**
 * The marks of a call's criteria marked from data, for each application ranked: from an
 * indicator of its place (or the nearest region above it that has one), or from the latest
 * consultation of its place or municipality. Two statements whatever the number of
 * applications; each mark's reason says where it came from.
 */
export async function marksFromData(
  em: EntityManager,
  d: CallDefinition,
  ids: string[],
): Promise<Scored[]> {
  const fromData = d.criteria.filter((c) => c.from);
  if (!fromData.length || !ids.length) return [];
  const indicators = fromData.flatMap((c) =>
    c.from && 'indicator' in c.from ? [c.from.indicator] : [],
  );
  const [readings, places] = await Promise.all([
    // The places' indicators only where a criterion is marked from one.
    !indicators.length
      ? Promise.resolve([] as (IndicatorReading & { app: string })[])
      : (em.query(
          `WITH RECURSIVE up (app, id, depth) AS (
         SELECT a.id, a.project_jurisdiction_id, 0 FROM application a WHERE a.id = ANY($1::uuid[])
         UNION ALL SELECT up.app, j.parent_id, up.depth + 1 FROM jurisdiction j JOIN up ON j.id = up.id
           WHERE j.parent_id IS NOT NULL)
       SELECT DISTINCT ON (up.app, i.indicator) up.app, i.indicator, i.value::text AS value, i.year,
              i.source, j.code AS "jurisdictionCode"
       FROM up JOIN jurisdiction_indicator i ON i.jurisdiction_id = up.id AND i.indicator = ANY($2::text[])
       JOIN jurisdiction j ON j.id = up.id
       ORDER BY up.app, i.indicator, up.depth, i.year DESC`,
          [ids, indicators],
        ) as Promise<(IndicatorReading & { app: string })[]>),
    em.query(
      `SELECT a.id, a.sector, c.ranking, c.closed_at AS "closedAt"
       FROM application a
       LEFT JOIN LATERAL (
         SELECT r.ranking, r.closed_at FROM consultation_result r
         WHERE r.jurisdiction_id = a.project_jurisdiction_id
            OR r.jurisdiction_id = (SELECT m.id FROM jurisdiction m WHERE m.code = a.municipality_code)
         ORDER BY r.closed_at DESC LIMIT 1) c ON true
       WHERE a.id = ANY($1::uuid[])`,
      [ids],
    ) as Promise<
      {
        id: string;
        sector: string;
        ranking: { priority: string; votes: number; rank: number }[] | null;
        closedAt: Date | null;
      }[]
    >,
  ]);
  return places.flatMap((a) =>
    fromData.map((c): Scored => {
      const base = { id: a.id, evaluator: DATA_EVALUATOR, criterionId: c.id };
      if (c.from && 'indicator' in c.from) {
        const r = readings.find(
          (x) => x.app === a.id && x.indicator === (c.from as { indicator: string }).indicator,
        );
        return r
          ? {
              ...base,
              score: markFromIndicator(r.value, c.from, c.maxScore),
              reason: `${r.indicator} ${r.value} (${r.source}, ${r.year}, for ${r.jurisdictionCode})`,
            }
          : {
              ...base,
              score: '0',
              reason: `no ${c.from.indicator} is recorded for the project's place`,
            };
      }
      const points = (c.from as { consultation: { points: string[] } }).consultation.points;
      const held = a.ranking?.find((p) => p.priority === a.sector && p.votes > 0);
      return {
        ...base,
        score: markFromPriorities(a.sector, a.ranking ?? [], points),
        reason: !a.ranking
          ? 'no community consultation has been held for the project’s place'
          : `${a.sector} ${held ? `holds rank ${held.rank}` : 'received no vote'} in the consultation closed ${a.closedAt!.toISOString().slice(0, 10)}`,
      };
    }),
  );
}
