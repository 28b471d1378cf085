import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CodevError, type Violation } from '@codev/domain';
import type { RecordJurisdictionIndicatorsInput } from './jurisdiction-indicator.input';
import type { JurisdictionIndicator } from './jurisdiction-indicator.model';

/**
 * Indicators of jurisdictions, loaded from published files: one indicator, year and source
 * for many places at once. Loading again replaces that year's values (a corrected release);
 * a code naming no jurisdiction refuses the whole file, so nothing is half loaded.
 */
@Injectable()
export class JurisdictionIndicatorService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(input: RecordJurisdictionIndicatorsInput): Promise<number> {
    const codes = input.values.map((v) => v.jurisdictionCode);
    return this.db.transaction(async (em) => {
      const found = (await em.query(
        `SELECT id, code FROM jurisdiction WHERE code = ANY($1::text[])`,
        [codes],
      )) as { id: string; code: string }[];
      const idOf = new Map(found.map((j) => [j.code, j.id]));
      const violations: Violation[] = input.values.flatMap((v, i) => [
        ...(idOf.has(v.jurisdictionCode)
          ? []
          : [
              {
                path: `input.values[${i}].jurisdictionCode`,
                message: `no jurisdiction has code ${v.jurisdictionCode}`,
              },
            ]),
        ...(codes.indexOf(v.jurisdictionCode) !== i
          ? [{ path: `input.values[${i}].jurisdictionCode`, message: 'is given twice' }]
          : []),
      ]);
      if (violations.length) throw CodevError.badInput(violations);
      await em.query(
        `INSERT INTO jurisdiction_indicator (jurisdiction_id, indicator, year, value, source)
         SELECT v.id, $1, $2, v.value, $3 FROM unnest($4::uuid[], $5::numeric[]) AS v (id, value)
         ON CONFLICT (jurisdiction_id, indicator, year)
           DO UPDATE SET value = excluded.value, source = excluded.source, loaded_at = now()`,
        [
          input.indicator,
          input.year,
          input.source,
          input.values.map((v) => idOf.get(v.jurisdictionCode)),
          input.values.map((v) => v.value),
        ],
      );
      return input.values.length;
    });
  }

  /** Each jurisdiction's indicators, latest year first: one statement for many. */
  async ofJurisdictions(ids: readonly string[]): Promise<Map<string, JurisdictionIndicator[]>> {
    const rows = (await this.db.query(
      `SELECT jurisdiction_id AS id, indicator, year, value::text AS value, source
       FROM jurisdiction_indicator WHERE jurisdiction_id = ANY($1::uuid[])
       ORDER BY indicator, year DESC`,
      [ids],
    )) as (JurisdictionIndicator & { id: string })[];
    const out = new Map<string, JurisdictionIndicator[]>(ids.map((id) => [id, []]));
    for (const { id, ...r } of rows) out.get(id)!.push(r);
    return out;
  }
}
