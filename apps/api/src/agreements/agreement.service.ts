import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CodevError, prefixViolations, type Violation } from '@codev/domain';
import {
  type AgreementDefinition,
  parseProgrammeText,
  validateAgreementDefinition,
} from '@codev/engine';

export interface AgreementRow {
  id: string;
  key: string;
  name: string;
  definition: AgreementDefinition;
  /** role → organisation id */
  parties: Record<string, string>;
}

export interface ComponentEnvelopeRow {
  agreementId: string;
  component: string;
  role: string;
  year: number;
  currency: string;
  amount: string;
  committed: string;
}

/** Agreements loaded from agreements/, their parties bound to registered organisations. */
@Injectable()
export class AgreementService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  parse(text: string): AgreementDefinition {
    const parsed = parseProgrammeText(text);
    if (!parsed.ok) throw CodevError.badInput(prefixViolations('definition', parsed.violations));
    const checked = validateAgreementDefinition(parsed.value);
    if (!checked.ok) throw CodevError.badInput(prefixViolations('definition', checked.violations));
    return checked.definition;
  }

  /** Saves the agreement when it is new or changed; says whether it did. */
  async load(d: AgreementDefinition): Promise<boolean> {
    const orgs = (await this.db.query(
      `SELECT id, name, kind, country_of_residence AS country FROM organisation WHERE name = ANY($1)`,
      [d.parties.map((p) => p.organisation)],
    )) as { id: string; name: string; kind: string; country: string }[];
    const violations: Violation[] = [];
    const parties: Record<string, string> = {};
    d.parties.forEach((p, i) => {
      const named = orgs.filter((o) => o.name === p.organisation);
      const at = `definition.parties[${i}].organisation`;
      if (named.length !== 1)
        violations.push({
          path: at,
          message: named.length
            ? `${named.length} organisations are named "${p.organisation}"`
            : `no organisation named "${p.organisation}" is registered`,
        });
      else if (named[0].kind !== p.kind || named[0].country !== p.country)
        violations.push({
          path: at,
          message: `"${p.organisation}" is a ${named[0].kind} of ${named[0].country}, not a ${p.kind} of ${p.country}`,
        });
      else parties[p.role] = named[0].id;
    });
    if (violations.length) throw CodevError.badInput(violations);
    const saved = (await this.db.query(
      `INSERT INTO agreement (key, name, definition, parties) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET name = excluded.name, definition = excluded.definition,
         parties = excluded.parties, loaded_at = now()
         WHERE agreement.definition IS DISTINCT FROM excluded.definition
            OR agreement.parties IS DISTINCT FROM excluded.parties
       RETURNING id`,
      [d.key, d.name, d, parties],
    )) as unknown[];
    return saved.length > 0;
  }

  find(key: string): Promise<AgreementRow | null> {
    return this.rows(`WHERE key = $1`, [key]).then((r) => r[0] ?? null);
  }

  list(): Promise<AgreementRow[]> {
    return this.rows('ORDER BY key', []);
  }

  /** The envelopes of these agreements' components, every year, in one statement. */
  envelopesOf(agreementIds: readonly string[]): Promise<ComponentEnvelopeRow[]> {
    return this.db.query(
      `SELECT agreement_id AS "agreementId", component, funder_role AS role, year, currency,
              amount::text, committed::text
         FROM envelope WHERE agreement_id = ANY($1) ORDER BY year, component, funder_role`,
      [agreementIds],
    );
  }

  private rows(where: string, params: unknown[]): Promise<AgreementRow[]> {
    return this.db.query(
      `SELECT id, key, name, definition, parties FROM agreement ${where}`,
      params,
    );
  }
}
