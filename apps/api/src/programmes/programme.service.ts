import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, EntityManager, In } from 'typeorm';
import { Principal } from '@codev/auth';
import { CodevError, prefixViolations } from '@codev/domain';
import {
  flattenStages,
  parseProgrammeText,
  type ProgrammeDefinition,
  validateProgrammeDefinition,
} from '@codev/engine';
import { checkCalendarRef } from '@codev/domain/calendar';
import { keysetPage, Page, ProgrammeEntity, ProgrammeVersionEntity } from '@codev/persistence';
import type { EnvelopeRow } from './envelope.model';
import { agreementLinkViolations } from '../agreements/agreement-link';
import { assertSteward, ownerOfNewProgramme } from './programme-stewardship';

@Injectable()
export class ProgrammeService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Parses and validates definition text (YAML or JSON), naming each problem under `definition`. */
  parse(text: string): ProgrammeDefinition {
    const parsed = parseProgrammeText(text);
    if (!parsed.ok) throw CodevError.badInput(prefixViolations('definition', parsed.violations));
    const checked = validateProgrammeDefinition(parsed.value);
    const violations = checked.ok ? calendarViolations(checked.definition) : checked.violations;
    if (!checked.ok || violations.length)
      throw CodevError.badInput(prefixViolations('definition', violations));
    return checked.definition;
  }

  /** Creates the programme on first save; otherwise replaces its draft or opens a new one. */
  async saveDraft(
    definition: ProgrammeDefinition,
    principal: Principal,
  ): Promise<ProgrammeVersionEntity> {
    return this.db.transaction(async (em) => {
      const link = await agreementLinkViolations(em, definition);
      if (link.length) throw CodevError.badInput(prefixViolations('definition', link));
      const programme = await this.lockOrCreate(em, definition, principal);
      const draft = await em.findOneBy(ProgrammeVersionEntity, {
        programmeId: programme.id,
        status: 'DRAFT',
      });
      if (draft) {
        draft.definition = definition;
        draft.rulesLabel = definition.rulesLabel;
        return em.save(draft);
      }
      const { max } = (await em
        .createQueryBuilder(ProgrammeVersionEntity, 'v')
        .select('coalesce(max(v.version), 0)', 'max')
        .where('v.programme_id = :id', { id: programme.id })
        .getRawOne<{ max: number }>())!;
      return em.save(
        em.create(ProgrammeVersionEntity, {
          programmeId: programme.id,
          version: Number(max) + 1,
          status: 'DRAFT',
          rulesLabel: definition.rulesLabel,
          definition,
          createdBy: principal.subject,
        }),
      );
    });
  }

  /** The draft becomes the version in force; the version it replaces is retired (its applications go on). */
  async publishDraft(key: string, principal: Principal): Promise<ProgrammeVersionEntity> {
    return this.db.transaction(async (em) => {
      const programme = await this.lock(em, key, principal);
      const draft = await em.findOneBy(ProgrammeVersionEntity, {
        programmeId: programme.id,
        status: 'DRAFT',
      });
      if (!draft) throw CodevError.notFound(`A draft of programme ${key}`);
      const checked = validateProgrammeDefinition(draft.definition);
      if (!checked.ok)
        throw CodevError.badInput(prefixViolations('definition', checked.violations));
      const now = new Date();
      await em.update(
        ProgrammeVersionEntity,
        { programmeId: programme.id, status: 'PUBLISHED' },
        { status: 'RETIRED', retiredAt: now },
      );
      draft.status = 'PUBLISHED';
      draft.publishedAt = now;
      programme.name = draft.definition.name;
      await em.save(programme);
      return em.save(draft);
    });
  }

  /** The programme's draft, to its stewards only (a draft is not public). */
  async draftOf(key: string, principal: Principal): Promise<ProgrammeVersionEntity> {
    const programme = await this.db.manager.findOneBy(ProgrammeEntity, { key });
    if (!programme) throw CodevError.notFound(`Programme ${key}`);
    assertSteward(principal, programme);
    const draft = await this.db.manager.findOneBy(ProgrammeVersionEntity, {
      programmeId: programme.id,
      status: 'DRAFT',
    });
    if (!draft) throw CodevError.notFound(`A draft of programme ${key}`);
    return draft;
  }

  /**
   * Throws the draft away; the versions published before stay as they are. Answers whether
   * there was one (so a retry, finding none, answers false and changes nothing).
   */
  async discardDraft(key: string, principal: Principal): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const programme = await this.lock(em, key, principal);
      const { affected } = await em.delete(ProgrammeVersionEntity, {
        programmeId: programme.id,
        status: 'DRAFT',
      });
      return (affected ?? 0) > 0;
    });
  }

  async retire(
    key: string,
    version: number,
    principal: Principal,
  ): Promise<ProgrammeVersionEntity> {
    return this.db.transaction(async (em) => {
      const programme = await this.lock(em, key, principal);
      const found = await em.findOneBy(ProgrammeVersionEntity, {
        programmeId: programme.id,
        version,
      });
      if (!found) throw CodevError.notFound(`Version ${version} of programme ${key}`);
      if (found.status !== 'PUBLISHED') {
        throw CodevError.conflict(
          `Version ${version} of ${key} is ${found.status}; only the published version can be retired`,
        );
      }
      found.status = 'RETIRED';
      found.retiredAt = new Date();
      return em.save(found);
    });
  }

  /**
   * Makes `definition` the version in force unless it already is (same content): what
   * `npm start` does with each file of programmes/. Returns whether a version was published.
   * A programme handed to an organisation is its designers' from then on: its file no longer
   * publishes it, so a start never undoes their versions.
   */
  async publishIfChanged(definition: ProgrammeDefinition, principal: Principal): Promise<boolean> {
    if ((await this.findByKey(definition.key))?.ownerOrganisationId) return false;
    const inForce = await this.inForce(definition.key);
    if (inForce && isDeepStrictEqual(JSON.parse(JSON.stringify(definition)), inForce.definition))
      return false;
    await this.saveDraft(definition, principal);
    await this.publishDraft(definition.key, principal);
    return true;
  }

  findByKey(key: string): Promise<ProgrammeEntity | null> {
    return this.db.manager.findOneBy(ProgrammeEntity, { key });
  }

  async inForce(key: string): Promise<ProgrammeVersionEntity | null> {
    const programme = await this.findByKey(key);
    return programme
      ? this.db.manager.findOneBy(ProgrammeVersionEntity, {
          programmeId: programme.id,
          status: 'PUBLISHED',
        })
      : null;
  }

  findVersion(key: string, version: number): Promise<ProgrammeVersionEntity | null> {
    return this.db.manager
      .createQueryBuilder(ProgrammeVersionEntity, 'v')
      .innerJoin(ProgrammeEntity, 'p', 'p.id = v.programme_id')
      .where('p.key = :key AND v.version = :version', { key, version })
      .getOne();
  }

  findVersionById(id: string): Promise<ProgrammeVersionEntity | null> {
    return this.db.manager.findOneBy(ProgrammeVersionEntity, { id });
  }

  /** Versions of several programmes in one query, newest first (for the loader). */
  versionsOf(programmeIds: readonly string[]): Promise<ProgrammeVersionEntity[]> {
    return this.db.manager.find(ProgrammeVersionEntity, {
      where: { programmeId: In([...programmeIds]) },
      order: { version: 'DESC' },
    });
  }

  /**
   * The funders' envelopes of these programmes, every year, oldest first; a call's budget is
   * shown with its call, not here.
   */
  envelopesOf(programmeIds: readonly string[]): Promise<EnvelopeRow[]> {
    return this.db.query(
      `SELECT programme_id AS "programmeId", funder_role AS role, year, currency,
              amount::text, committed::text
         FROM envelope
        WHERE programme_id = ANY($1) AND funder_role NOT LIKE 'call:%'
        ORDER BY year, funder_role`,
      [programmeIds],
    );
  }

  list(args: { first: number; after?: string | null }): Promise<Page<ProgrammeEntity>> {
    return keysetPage(this.db.manager.createQueryBuilder(ProgrammeEntity, 'p'), args, {
      column: 'key',
      value: (p) => p.key,
    });
  }

  /** Hands a programme to another organisation's designers (or, with null, to the platform). */
  async transfer(key: string, organisationId: string | null): Promise<ProgrammeEntity> {
    return this.db.transaction(async (em) => {
      const programme = await this.lock(em, key);
      if (organisationId) await assertRegistered(em, organisationId);
      programme.ownerOrganisationId = organisationId;
      return em.save(programme);
    });
  }

  /** The programme, locked for this transaction, once `principal` is known to steward it. */
  private async lock(
    em: EntityManager,
    key: string,
    principal?: Principal,
  ): Promise<ProgrammeEntity> {
    const programme = await em.findOne(ProgrammeEntity, {
      where: { key },
      lock: { mode: 'pessimistic_write' },
    });
    if (!programme) throw CodevError.notFound(`Programme ${key}`);
    if (principal) assertSteward(principal, programme);
    return programme;
  }

  private async lockOrCreate(
    em: EntityManager,
    d: ProgrammeDefinition,
    principal: Principal,
  ): Promise<ProgrammeEntity> {
    const owner = ownerOfNewProgramme(principal);
    if (owner) await assertRegistered(em, owner);
    await em.query(
      `INSERT INTO programme (key, name, owner_organisation_id) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO NOTHING`,
      [d.key, d.name, owner],
    );
    return this.lock(em, d.key, principal);
  }
}

async function assertRegistered(em: EntityManager, organisationId: string): Promise<void> {
  const [found] = (await em.query(`SELECT 1 FROM organisation WHERE id = $1`, [
    organisationId,
  ])) as unknown[];
  if (!found) throw CodevError.notFound(`Organisation ${organisationId}`);
}

/**
 * Calendars are checked here rather than in libs/domain's definition validation, which the
 * workflow bundle imports and which must not carry the holidays data.
 */
function calendarViolations(d: ProgrammeDefinition) {
  return [
    ...checkCalendarRef(d.calendar, 'calendar'),
    ...flattenStages(d.procedure.stages).flatMap(({ stage, path }) => {
      const deadline = 'deadline' in stage ? stage.deadline : undefined;
      return deadline && 'calendar' in deadline && deadline.calendar
        ? checkCalendarRef(deadline.calendar, `${path}.deadline.calendar`)
        : [];
    }),
  ];
}
