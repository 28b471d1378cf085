import type { EntityManager } from 'typeorm';

export interface ExchangeRate {
  from: string;
  to: string;
  /** Units of `to` per one unit of `from`. */
  rate: string;
  validOn: string;
  source: string;
}

/** The exchange-rate table: rates recorded with their source and date, looked up by date. */
export class ExchangeRateRepository {
  constructor(private readonly em: EntityManager) {}

  /** Records rates; one already recorded (same pair, date and source) is left as it is. */
  async record(rates: ExchangeRate[], recordedBy: string): Promise<number> {
    if (!rates.length) return 0;
    const rows = (await this.em.query(
      `INSERT INTO exchange_rate (from_currency, to_currency, rate, valid_on, source, recorded_by)
       SELECT f, t, r, d, s, $6 FROM unnest($1::text[], $2::text[], $3::numeric[], $4::date[], $5::text[]) AS x(f, t, r, d, s)
       ON CONFLICT ON CONSTRAINT exchange_rate_key DO NOTHING RETURNING id`,
      [
        rates.map((r) => r.from),
        rates.map((r) => r.to),
        rates.map((r) => r.rate),
        rates.map((r) => r.validOn),
        rates.map((r) => r.source),
        recordedBy,
      ],
    )) as unknown[];
    return rows.length;
  }

  /** The rate into `to` in force on `on` for each currency of `from` (the latest valid on or before it). */
  async inForce(from: string[], to: string, on: string): Promise<Map<string, ExchangeRate>> {
    const rows = (await this.em.query(
      `SELECT DISTINCT ON (from_currency) from_currency AS "from", to_currency AS "to", trim_scale(rate)::text AS rate, valid_on::text AS "validOn", source
       FROM exchange_rate WHERE from_currency = ANY($1::text[]) AND to_currency = $2 AND valid_on <= $3::date
       ORDER BY from_currency, valid_on DESC, recorded_at DESC`,
      [from, to, on],
    )) as ExchangeRate[];
    return new Map(
      rows.map((r) => [r.from.trim(), { ...r, from: r.from.trim(), to: r.to.trim() }]),
    );
  }

  /** Rates of a pair (or all), newest first. */
  list(
    filter: { from?: string | null; to?: string | null },
    limit: number,
  ): Promise<ExchangeRate[]> {
    return this.em.query(
      `SELECT from_currency AS "from", to_currency AS "to", trim_scale(rate)::text AS rate, valid_on::text AS "validOn", source
       FROM exchange_rate WHERE ($1::text IS NULL OR from_currency = $1) AND ($2::text IS NULL OR to_currency = $2)
       ORDER BY valid_on DESC, from_currency, to_currency LIMIT $3`,
      [filter.from ?? null, filter.to ?? null, limit],
    ) as Promise<ExchangeRate[]>;
  }
}
