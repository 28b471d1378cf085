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
    const rows = postings.filter((p) => Number(p.amount) !== 0);
    if (rows.length) {
      await this.em.query(
        `INSERT INTO ledger_posting (transaction_id, account, application_id, party_role, organisation_id, amount, currency,
                                     original_amount, original_currency, exchange_rate)
         SELECT $1, * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::uuid[], $6::numeric[], $7::char(3)[],
                                  $8::numeric[], $9::char(3)[], $10::numeric[])`,
        [
          inserted[0].id,
          rows.map((p) => p.account),
          rows.map((p) => p.applicationId),
          rows.map((p) => p.partyRole),
          rows.map((p) => p.organisationId),
          rows.map((p) => p.amount),
          rows.map((p) => p.currency),
          rows.map((p) => p.original?.amount ?? null),
          rows.map((p) => p.original?.currency ?? null),
          rows.map((p) => p.original?.rate ?? null),
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
  ): Promise<string> {
    await this.em.query(
      `INSERT INTO envelope (programme_id, funder_role, year, currency, amount) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (programme_id, funder_role, year) DO NOTHING`,
      [programmeId, role, year, currency, amount],
    );
    const [row] = (await this.em.query(
      `SELECT id FROM envelope WHERE programme_id = $1 AND funder_role = $2 AND year = $3`,
      [programmeId, role, year],
    )) as { id: string }[];
    return row.id;
  }

  /** Committed and disbursed per funder of each application, in one query for many applications. */
  async balances(applicationIds: readonly string[]): Promise<Map<string, Balance[]>> {
    const rows = (await this.em.query(
      `SELECT application_id, party_role, organisation_id, currency,
              coalesce(sum(amount) FILTER (WHERE account LIKE 'application:%:committed:%'), 0)::text AS committed,
              coalesce(sum(amount) FILTER (WHERE account LIKE 'application:%:disbursed:%'), 0)::text AS disbursed
       FROM ledger_posting WHERE application_id = ANY($1::uuid[]) AND account LIKE 'application:%'
       GROUP BY application_id, party_role, organisation_id, currency ORDER BY party_role`,
      [[...applicationIds]],
    )) as {
      application_id: string;
      party_role: string;
      organisation_id: string | null;
      currency: string;
      committed: string;
      disbursed: string;
    }[];
    const out = new Map<string, Balance[]>(applicationIds.map((id) => [id, []]));
    for (const r of rows) {
      out.get(r.application_id)?.push({
        partyRole: r.party_role,
        organisationId: r.organisation_id,
        currency: r.currency,
        committed: r.committed,
        disbursed: r.disbursed,
      });
    }
    return out;
  }
}
