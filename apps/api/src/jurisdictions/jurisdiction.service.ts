import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import {
  checkJurisdictionCode,
  CodevError,
  isIanaTimeZone,
  parseJurisdictionCode,
  Violation,
} from '@codev/domain';
import { JurisdictionEntity, keysetPage, Page } from '@codev/persistence';
import { isUniqueViolation } from '../persistence-errors';
import { CreateJurisdictionInput } from './create-jurisdiction.input';
import { JurisdictionsArgs } from './jurisdictions.args';

@Injectable()
export class JurisdictionService {
  constructor(
    @InjectRepository(JurisdictionEntity) private readonly repo: Repository<JurisdictionEntity>,
  ) {}

  async create(input: CreateJurisdictionInput): Promise<JurisdictionEntity> {
    const parsed = parseJurisdictionCode(input.code);
    const violations: Violation[] = checkJurisdictionCode(input.code, 'input.code');
    if (input.timeZone && !isIanaTimeZone(input.timeZone)) {
      violations.push({
        path: 'input.timeZone',
        message: `"${input.timeZone}" is not an IANA time zone`,
      });
    }
    if (!input.name.trim()) violations.push({ path: 'input.name', message: 'must not be blank' });
    if (!parsed.ok || violations.length) throw CodevError.badInput(violations);

    const { code, kind, countryCode, parentCode } = parsed.value;
    const parent = parentCode ? await this.repo.findOneBy({ code: parentCode }) : null;
    if (parentCode && !parent) {
      throw CodevError.badInput([
        {
          path: 'input.code',
          message: `its parent jurisdiction ${parentCode} does not exist; create it first`,
        },
      ]);
    }
    try {
      return await this.repo.save(
        this.repo.create({
          code,
          name: input.name.trim(),
          kind,
          countryCode,
          parentId: parent?.id ?? null,
          timeZone: input.timeZone ?? parent?.timeZone ?? null,
        }),
      );
    } catch (e) {
      if (isUniqueViolation(e, 'jurisdiction_code_key')) {
        throw CodevError.conflict(`A jurisdiction with code ${code} already exists`);
      }
      throw e;
    }
  }

  findByCode(code: string): Promise<JurisdictionEntity | null> {
    return this.repo.findOneBy({ code: code.trim().toUpperCase() });
  }

  /** Looks up several codes at once; a missing one is reported against its field path. */
  async requireByCodes(
    codes: { path: string; code: string }[],
  ): Promise<Map<string, JurisdictionEntity>> {
    const wanted = codes.map((c) => c.code.trim().toUpperCase());
    const found = wanted.length ? await this.repo.findBy({ code: In(wanted) }) : [];
    const byCode = new Map(found.map((j) => [j.code, j]));
    const missing = codes
      .filter((c) => !byCode.has(c.code.trim().toUpperCase()))
      .map((c) => ({ path: c.path, message: `no jurisdiction has code ${c.code}` }));
    if (missing.length) throw CodevError.badInput(missing);
    return byCode;
  }

  findByIds(ids: readonly string[]): Promise<JurisdictionEntity[]> {
    return this.repo.findBy({ id: In([...ids]) });
  }

  async list(args: JurisdictionsArgs): Promise<Page<JurisdictionEntity>> {
    const qb = this.repo.createQueryBuilder('j');
    if (args.countryCode)
      qb.andWhere('j.country_code = :country', { country: args.countryCode.toUpperCase() });
    if (args.kind) qb.andWhere('j.kind = :kind', { kind: args.kind });
    if (args.parentCode) {
      qb.andWhere('j.parent_id = (SELECT id FROM jurisdiction WHERE code = :parentCode)', {
        parentCode: args.parentCode.toUpperCase(),
      });
    }
    return keysetPage(qb, args, { column: 'code', value: (j) => j.code });
  }
}
