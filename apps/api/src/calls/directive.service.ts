import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CodevError, prefixViolations } from '@codev/domain';
import { type DirectiveDefinition, parseDirective, parseProgrammeText } from '@codev/engine';
import { Principal } from '@codev/auth';
import { isUniqueViolation } from '../persistence-errors';
import { directivePublisher, type StewardCandidate } from '../programmes/programme-stewardship';
import { Directive } from './call.model';

/** National directives: published once, never changed — calls are judged against them. */
@Injectable()
export class DirectiveService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  parse(text: string): DirectiveDefinition {
    const raw = parseProgrammeText(text);
    const parsed = raw.ok ? parseDirective(raw.value) : raw;
    if (!parsed.ok) throw CodevError.badInput(prefixViolations('definition', parsed.violations));
    return parsed.value;
  }

  async publish(definition: DirectiveDefinition, principal: Principal): Promise<Directive> {
    const [organisation] = principal.organisationId
      ? ((await this.db.query(
          `SELECT id, name, kind, government_level AS "governmentLevel",
                  country_of_residence AS "countryOfResidence"
             FROM organisation WHERE id = $1`,
          [principal.organisationId],
        )) as StewardCandidate[])
      : [];
    const publisher = directivePublisher(principal, definition.country, organisation ?? null);
    try {
      const [row] = (await this.db.query(
        `INSERT INTO directive (key, definition, published_by_organisation_id)
         VALUES ($1, $2, $3) RETURNING id`,
        [definition.key, definition, publisher],
      )) as { id: string }[];
      return { id: row.id, key: definition.key, definition };
    } catch (e) {
      if (isUniqueViolation(e, 'directive_key_key'))
        throw CodevError.conflict(`Directive ${definition.key} is already published`);
      throw e;
    }
  }

  async byKeys(keys: string[]): Promise<DirectiveDefinition[]> {
    if (!keys.length) return [];
    const rows = (await this.db.query(
      `SELECT definition FROM directive WHERE key = ANY($1::text[])`,
      [keys],
    )) as {
      definition: DirectiveDefinition;
    }[];
    return rows.map((r) => r.definition);
  }
}
