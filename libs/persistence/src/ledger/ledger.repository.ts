import Decimal from 'decimal.js';
import { EntityManager } from 'typeorm';
import type {
  LedgerBalance as Balance,
  LedgerPort,
  LedgerTransactionKind,
  PostingInput,
} from '@codev/engine/stages/projection';

export type { Balance, PostingInput };
export { accounts } from '@codev/engine/stages/projection';

/**
 * The append-only double-entry ledger. A transaction is written once per idempotency key
 * (workflow id + step): a retried activity finds its key and posts nothing again.
 */
export class LedgerRepository implements LedgerPort {
  constructor(private readonly em: EntityManager) {}

  /** Returns false when a transaction with this key exists already (nothing is written). */
  async post(
    idempotencyKey: string,
    kind: LedgerTransactionKind,
    applicationId: string | null,
    description: string,
    postings: PostingInput[],
  ): Promise<boolean> {
    const inserted: { id: string }[] = await this.em.query(
      `WITH inserted AS (
         INSERT INTO ledger_transaction (idempotency_key, kind, application_id, description) VALUES ($1, $2, $3, $4)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id)
       SELECT id FROM inserted`,
      [idempotencyKey, kind, applicationId, description],
    );
    if (inserted.length === 0) return false;
    const rows = postings.filter((p) => Number(p.amount) !== 0 || Number(p.base.amount) !== 0);
    if (rows.length) {
      await this.em.query(
        `INSERT INTO ledger_posting (transaction_id, account, application_id, party_role, organisation_id, amount, currency,
                                     base_amount, base_currency, rate, rate_source, rate_date)
         SELECT $1, * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::uuid[], $6::numeric[], $7::char(3)[],
                                  $8::numeric[], $9::char(3)[], $10::numeric[], $11::text[], $12::date[])`,
        [
          inserted[0].id,
          rows.map((p) => p.account),
          rows.map((p) => p.applicationId),
          rows.map((p) => p.partyRole),
          rows.map((p) => p.organisationId),
          rows.map((p) => p.amount),
          rows.map((p) => p.currency),
          rows.map((p) => p.base.amount),
          rows.map((p) => p.base.currency),
          rows.map((p) => p.rate?.rate ?? null),
          rows.map((p) => p.rate?.source ?? null),
          rows.map((p) => p.rate?.validOn ?? null),
        ],
      );
    }
    return true;
  }

  /**
   * Adds to an envelope's committed amount, or returns false when that would pass its
   * amount. The row lock taken by UPDATE serialises concurrent commitments, and the CHECK
   * constraint is the last word even if this guard were bypassed.
   */
  async commitToEnvelope(envelopeId: string, amount: string): Promise<boolean> {
    // A CTE, so the driver returns plain rows whatever the statement.
    const rows: unknown[] = await this.em.query(
      `WITH updated AS (UPDATE envelope SET committed = committed + $2 WHERE id = $1 AND committed + $2 <= amount RETURNING id)
       SELECT id FROM updated`,
      [envelopeId, amount],
    );
    return rows.length > 0;
  }

  async ensureEnvelope(
    programmeId: string,
    role: string,
    year: number,
    currency: string,
    amount: string,
  ): Promise<{ id: string; currency: string }> {
    await this.em.query(
      `INSERT INTO envelope (programme_id, funder_role, year, currency, amount) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (programme_id, funder_role, year) DO NOTHING`,
      [programmeId, role, year, currency, amount],
    );
    const [row] = (await this.em.query(
      `SELECT id, currency FROM envelope WHERE programme_id = $1 AND funder_role = $2 AND year = $3`,
      [programmeId, role, year],
    )) as { id: string; currency: string }[];
    return row;
  }

  async ensureComponentEnvelope(
    agreementId: string,
    component: string,
    role: string,
    year: number,
    currency: string,
    amount: string,
  ): Promise<{ id: string; currency: string }> {
    await this.em.query(
      `INSERT INTO envelope (agreement_id, component, funder_role, year, currency, amount)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (agreement_id, component, funder_role, year) WHERE agreement_id IS NOT NULL DO NOTHING`,
      [agreementId, component, role, year, currency, amount],
    );
    const [row] = (await this.em.query(
      `SELECT id, currency FROM envelope
        WHERE agreement_id = $1 AND component = $2 AND funder_role = $3 AND year = $4`,
      [agreementId, component, role, year],
    )) as { id: string; currency: string }[];
    return row;
  }

  /**
   * Each funder's money on each application — committed and disbursed in its own currency and
   * in the programme's, and the exchange differences of its payments — in one query for many.
   */
  async balances(applicationIds: readonly string[]): Promise<Map<string, Balance[]>> {
    const rows = (await this.em.query(
      `SELECT application_id, party_role, organisation_id, split_part(account, ':', 3) AS kind,
              currency, base_currency, sum(amount)::text AS amount, sum(base_amount)::text AS base
       FROM ledger_posting WHERE application_id = ANY($1::uuid[]) AND account LIKE 'application:%'
       GROUP BY application_id, party_role, organisation_id, kind, currency, base_currency
       ORDER BY party_role`,
      [[...applicationIds]],
    )) as {
      application_id: string;
      party_role: string;
      organisation_id: string | null;
      kind: 'committed' | 'disbursed' | 'exchange';
      currency: string;
      base_currency: string;
      amount: string;
      base: string;
    }[];
    const out = new Map<string, Balance[]>(applicationIds.map((id) => [id, []]));
    const byRole = new Map<string, typeof rows>();
    for (const r of rows) {
      const k = `${r.application_id} ${r.party_role}`;
      byRole.set(k, [...(byRole.get(k) ?? []), r]);
    }
    for (const group of byRole.values()) {
      const first = group[0];
      // The funder's own currency is the one it committed in.
      const own = group.find((r) => r.kind === 'committed')?.currency ?? first.currency;
      const sum = (pick: (r: (typeof rows)[number]) => string | null) =>
        group.reduce((s, r) => s.plus(pick(r) ?? 0), new Decimal(0)).toString();
      out.get(first.application_id)?.push({
        partyRole: first.party_role,
        organisationId: first.organisation_id,
        currency: first.base_currency,
        committed: sum((r) => (r.kind === 'committed' ? r.base : null)),
        disbursed: sum((r) => (r.kind === 'disbursed' ? r.base : null)),
        own: {
          currency: own,
          committed: sum((r) => (r.kind === 'committed' && r.currency === own ? r.amount : null)),
          disbursed: sum((r) => (r.kind === 'disbursed' && r.currency === own ? r.amount : null)),
        },
        exchangeDifference: new Decimal(sum((r) => (r.kind === 'exchange' ? r.base : null)))
          .negated()
          .toString(),
      });
    }
    return out;
  }
}
