import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PersonalData } from '@codev/domain';
import type { PersonalDataModel } from './personal-data.model';

export interface PersonalDataRequest {
  personId: string;
  callerId: string;
}

/**
 * Persons' personal data, kept apart from their public party record. It is read only by the
 * person (a token of their own) and by a financial institution taking part in one of their
 * applications (their lender, the bank keeping their savings) — decided in the one query
 * that reads it, so no other path can leak it.
 */
@Injectable()
export class PersonService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async write(em: EntityManager, organisationId: string, p: PersonalData): Promise<void> {
    await em.query(
      `INSERT INTO person_detail (organisation_id, legal_name, birth_date, identity_document, phone, email, address)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (organisation_id) DO UPDATE SET legal_name = $2, birth_date = $3, identity_document = $4,
         phone = $5, email = $6, address = $7, updated_at = now()`,
      [
        organisationId,
        p.legalName.trim(),
        p.birthDate ?? null,
        p.identityDocument?.trim() || null,
        p.phone?.trim() || null,
        p.email?.trim() || null,
        p.address?.trim() || null,
      ],
    );
  }

  /** For each request, the person's data if the caller may see it, else null; one statement. */
  async visible(requests: readonly PersonalDataRequest[]): Promise<(PersonalDataModel | null)[]> {
    const rows = (await this.db.query(
      `SELECT x.person::text AS "personId", x.caller::text AS "callerId", d.legal_name AS "legalName",
              to_char(d.birth_date, 'YYYY-MM-DD') AS "birthDate", d.identity_document AS "identityDocument",
              d.phone, d.email, d.address
         FROM unnest($1::uuid[], $2::uuid[]) AS x(person, caller)
         JOIN person_detail d ON d.organisation_id = x.person
        WHERE x.caller = x.person
           OR EXISTS (SELECT 1 FROM application_party me
                        JOIN application_party inst ON inst.application_id = me.application_id
                        JOIN organisation o ON o.id = inst.organisation_id AND o.kind = 'FINANCIAL_INSTITUTION'
                       WHERE me.organisation_id = x.person AND inst.organisation_id = x.caller)`,
      [requests.map((r) => r.personId), requests.map((r) => r.callerId)],
    )) as (PersonalDataModel & PersonalDataRequest)[];
    const byPair = new Map(
      rows.map(({ personId, callerId, ...data }) => [`${personId} ${callerId}`, data]),
    );
    return requests.map((r) => byPair.get(`${r.personId} ${r.callerId}`) ?? null);
  }
}
