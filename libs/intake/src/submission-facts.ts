import { In, type EntityManager } from 'typeorm';
import { type IndicatorReading, parseJurisdictionCode, type PriorityRanking } from '@codev/domain';
import type { PartyPlace } from '@codev/engine';
import {
  CallEntity,
  JurisdictionEntity,
  OrganisationEntity,
  ProgrammeEntity,
  ProgrammeVersionEntity,
} from '@codev/persistence';

/** What the intake looks up to judge a submission: one query per kind of thing, not per item. */
export class SubmissionFacts {
  constructor(private readonly em: EntityManager) {}

  inForce(programmeKey: string): Promise<ProgrammeVersionEntity | null> {
    return this.em
      .createQueryBuilder(ProgrammeVersionEntity, 'v')
      .innerJoin(ProgrammeEntity, 'p', 'p.id = v.programme_id')
      .where('p.key = :programmeKey AND v.status = :status', { programmeKey, status: 'PUBLISHED' })
      .getOne();
  }

  call(key: string): Promise<CallEntity | null> {
    return this.em.findOneBy(CallEntity, { key });
  }

  jurisdiction(code: string): Promise<JurisdictionEntity | null> {
    const parsed = parseJurisdictionCode(code);
    return parsed.ok
      ? this.em.findOneBy(JurisdictionEntity, { code: parsed.value.code })
      : Promise.resolve(null);
  }

  async organisations(
    ids: (string | null | undefined)[],
  ): Promise<Map<string, OrganisationEntity>> {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))];
    const rows = wanted.length ? await this.em.findBy(OrganisationEntity, { id: In(wanted) }) : [];
    return new Map(rows.map((o) => [o.id, o]));
  }

  /**
   * The latest value of each indicator for a place: its own, else the nearest region's above
   * it (a state's figure stands for a municipality that has none). One statement.
   */
  async indicators(jurisdictionId: string): Promise<Map<string, IndicatorReading>> {
    const rows = (await this.em.query(
      `WITH RECURSIVE up (id, depth) AS (
         SELECT $1::uuid, 0
         UNION ALL SELECT j.parent_id, up.depth + 1 FROM jurisdiction j JOIN up ON j.id = up.id
           WHERE j.parent_id IS NOT NULL)
       SELECT DISTINCT ON (i.indicator) i.indicator, i.value::text AS value, i.year, i.source,
              j.code AS "jurisdictionCode"
       FROM up JOIN jurisdiction_indicator i ON i.jurisdiction_id = up.id
       JOIN jurisdiction j ON j.id = up.id
       ORDER BY i.indicator, up.depth, i.year DESC`,
      [jurisdictionId],
    )) as IndicatorReading[];
    return new Map(rows.map((r) => [r.indicator, r]));
  }

  /** The latest published consultation of a place, or of the municipality it lies in. */
  async consultation(place: JurisdictionEntity): Promise<PriorityRanking | null> {
    const [row] = (await this.em.query(
      `SELECT to_char(c.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "closedOn", c.ranking
         FROM consultation_result c
        WHERE c.jurisdiction_id = $1
           OR c.jurisdiction_id = (SELECT id FROM jurisdiction WHERE code = $2)
        ORDER BY c.closed_at DESC LIMIT 1`,
      [place.id, ancestry(place).municipality],
    )) as PriorityRanking[];
    return row ?? null;
  }

  /** The database's clock: the one clock a call's window is judged by. */
  async now(): Promise<Date> {
    const [row] = (await this.em.query(`SELECT clock_timestamp() AS now`)) as { now: Date }[];
    return row.now;
  }

  /** Where each organisation is based: its jurisdiction and that jurisdiction's time zone. */
  async places(ids: string[]): Promise<Map<string, PartyPlace>> {
    const rows = (await this.em.query(
      `SELECT o.id, j.code, j.time_zone FROM organisation o JOIN jurisdiction j ON j.id = o.jurisdiction_id
       WHERE o.id = ANY($1::uuid[])`,
      [ids],
    )) as { id: string; code: string; time_zone: string | null }[];
    return new Map(rows.map((r) => [r.id, { jurisdictionCode: r.code, timeZone: r.time_zone }]));
  }

  /** The code of the jurisdiction each organisation is based in (registration checks). */
  async basedIn(ids: string[]): Promise<Map<string, string | null>> {
    const rows = (await this.em.query(
      `SELECT o.id, j.code FROM organisation o LEFT JOIN jurisdiction j ON j.id = o.jurisdiction_id WHERE o.id = ANY($1::uuid[])`,
      [ids],
    )) as { id: string; code: string | null }[];
    return new Map(rows.map((r) => [r.id, r.code]));
  }
}

/** The subdivision and municipality codes above (or at) a project's jurisdiction, for filtering. */
export function ancestry(j: JurisdictionEntity): {
  subdivision: string | null;
  municipality: string | null;
} {
  const parsed = parseJurisdictionCode(j.code);
  if (!parsed.ok) return { subdivision: null, municipality: null };
  if (parsed.value.kind === 'MUNICIPALITY')
    return { subdivision: parsed.value.parentCode ?? null, municipality: j.code };
  if (parsed.value.kind === 'SUBDIVISION') return { subdivision: j.code, municipality: null };
  return { subdivision: null, municipality: null };
}
