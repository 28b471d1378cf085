import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { actsFor, Principal, Role } from '@codev/auth';
import {
  checkOrganisationProfile,
  checkPersonalData,
  CodevError,
  type OrganisationKind,
  OrganisationProfile,
  type PersonalData,
  prefixViolations,
} from '@codev/domain';
import { keysetPage, OrganisationEntity, organisationNameKey, Page } from '@codev/persistence';
import { JurisdictionService } from '../jurisdictions/jurisdiction.service';
import { PersonService } from '../persons/person.service';
import { isUniqueViolation } from '../persistence-errors';
import { OrganisationsArgs } from './organisations.args';
import { RegisterOrganisationInput } from './register-organisation.input';
import { UpdateOrganisationInput } from './update-organisation.input';

@Injectable()
export class OrganisationService {
  constructor(
    @InjectRepository(OrganisationEntity) private readonly repo: Repository<OrganisationEntity>,
    private readonly jurisdictions: JurisdictionService,
    private readonly persons: PersonService,
  ) {}

  async register(
    input: RegisterOrganisationInput,
    principal: Principal,
  ): Promise<OrganisationEntity> {
    const profile: OrganisationProfile = { ...input, name: input.name.trim() };
    this.checkPerson(profile.kind, input.person, input.registrationNumber);
    const refs = await this.resolveProfile(profile);
    return this.save(
      input.person ?? null,
      this.repo.create({
        name: profile.name,
        nameKey: organisationNameKey(profile.name),
        kind: profile.kind,
        countryOfResidence: profile.countryOfResidence,
        governmentLevel: profile.governmentLevel ?? null,
        jurisdictionId: refs.jurisdictionId,
        originJurisdictionId: refs.originJurisdictionId,
        registrationNumber: input.registrationNumber?.trim() || null,
        createdBy: principal.subject,
      }),
    );
  }

  async update(input: UpdateOrganisationInput, principal: Principal): Promise<OrganisationEntity> {
    const existing = await this.repo.findOneBy({ id: input.id });
    if (!existing) throw CodevError.notFound(`Organisation ${input.id}`);
    if (!actsFor(principal, existing.id, Role.OrganisationAdmin)) {
      throw CodevError.forbidden('Only an administrator of this organisation may change it');
    }
    const current = await this.currentCodes(existing);
    const profile: OrganisationProfile = {
      name: input.name?.trim() ?? existing.name,
      kind: existing.kind,
      countryOfResidence: existing.countryOfResidence,
      governmentLevel: existing.governmentLevel,
      jurisdictionCode: input.jurisdictionCode ?? current.jurisdictionCode,
      originJurisdictionCode: input.originJurisdictionCode ?? current.originJurisdictionCode,
    };
    const registrationNumber =
      input.registrationNumber === undefined
        ? existing.registrationNumber
        : input.registrationNumber?.trim() || null;
    this.checkPerson(existing.kind, input.person, registrationNumber, true);
    const refs = await this.resolveProfile(profile);
    return this.save(
      input.person ?? null,
      this.repo.merge(existing, {
        name: profile.name,
        nameKey: organisationNameKey(profile.name),
        ...refs,
        registrationNumber,
      }),
    );
  }

  async exists(
    kind: OrganisationEntity['kind'],
    countryOfResidence: string,
    nameKey: string,
  ): Promise<boolean> {
    return this.repo.existsBy({ kind, countryOfResidence, nameKey });
  }

  findByIds(ids: readonly string[]): Promise<OrganisationEntity[]> {
    return this.repo.findBy({ id: In([...ids]) });
  }

  findById(id: string): Promise<OrganisationEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async list(args: OrganisationsArgs): Promise<Page<OrganisationEntity>> {
    const qb = this.repo.createQueryBuilder('o');
    if (args.kind) qb.andWhere('o.kind = :kind', { kind: args.kind });
    if (args.countryOfResidence)
      qb.andWhere('o.country_of_residence = :country', { country: args.countryOfResidence });
    if (args.jurisdictionCode) {
      qb.andWhere('o.jurisdiction_id = (SELECT id FROM jurisdiction WHERE code = :base)', {
        base: args.jurisdictionCode.toUpperCase(),
      });
    }
    if (args.originJurisdictionCode) {
      qb.andWhere('o.origin_jurisdiction_id = (SELECT id FROM jurisdiction WHERE code = :origin)', {
        origin: args.originJurisdictionCode.toUpperCase(),
      });
    }
    return keysetPage(qb, args, { column: 'name_key', value: (o) => o.nameKey });
  }

  /** Checks the profile's rules, then that the jurisdictions it names exist; every problem at once. */
  private async resolveProfile(
    profile: OrganisationProfile,
  ): Promise<{ jurisdictionId: string | null; originJurisdictionId: string | null }> {
    const violations = prefixViolations('input', checkOrganisationProfile(profile));
    if (violations.length) throw CodevError.badInput(violations);
    const wanted = [
      ...(profile.jurisdictionCode
        ? [{ path: 'input.jurisdictionCode', code: profile.jurisdictionCode }]
        : []),
      ...(profile.originJurisdictionCode
        ? [{ path: 'input.originJurisdictionCode', code: profile.originJurisdictionCode }]
        : []),
    ];
    const byCode = await this.jurisdictions.requireByCodes(wanted);
    const idOf = (code?: string | null) =>
      code ? byCode.get(code.trim().toUpperCase())!.id : null;
    return {
      jurisdictionId: idOf(profile.jurisdictionCode),
      originJurisdictionId: idOf(profile.originJurisdictionCode),
    };
  }

  private async currentCodes(o: OrganisationEntity) {
    const ids = [o.jurisdictionId, o.originJurisdictionId].filter((x): x is string => !!x);
    const byId = new Map((await this.jurisdictions.findByIds(ids)).map((j) => [j.id, j.code]));
    return {
      jurisdictionCode: o.jurisdictionId ? byId.get(o.jurisdictionId) : null,
      originJurisdictionCode: o.originJurisdictionId ? byId.get(o.originJurisdictionId) : null,
    };
  }

  private checkPerson(
    kind: OrganisationKind,
    person: PersonalData | null | undefined,
    registrationNumber: string | null | undefined,
    stored = false,
  ): void {
    const today = new Date().toISOString().slice(0, 10);
    const violations = prefixViolations(
      'input',
      checkPersonalData(kind, person, registrationNumber, today, stored),
    );
    if (violations.length) throw CodevError.badInput(violations);
  }

  /** The party and, for a person, their personal data: both or neither. */
  private async save(
    person: PersonalData | null,
    entity: OrganisationEntity,
  ): Promise<OrganisationEntity> {
    try {
      return await this.repo.manager.transaction(async (em) => {
        const saved = await em.save(entity);
        if (person) await this.persons.write(em, saved.id, person);
        return saved;
      });
    } catch (e) {
      if (isUniqueViolation(e, 'organisation_identity_key')) {
        throw CodevError.conflict(
          `An organisation of kind ${entity.kind} named "${entity.name}" already resides in ${entity.countryOfResidence}`,
        );
      }
      throw e;
    }
  }
}
