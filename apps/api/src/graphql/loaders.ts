import { Injectable, Module } from '@nestjs/common';
import DataLoader from 'dataloader';
import { ProgrammeVersionEntity } from '@codev/persistence';
import { createJurisdictionLoader } from '../jurisdictions/jurisdiction.loader';
import { JurisdictionModule } from '../jurisdictions/jurisdiction.module';
import { JurisdictionService } from '../jurisdictions/jurisdiction.service';
import { ProgrammeModule } from '../programmes/programme.module';
import { ProgrammeService } from '../programmes/programme.service';
import { Loaders } from './graphql-context';

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k)!);
}

/** Builds each request's loaders: one batched query per kind of look-up, never one per item. */
@Injectable()
export class LoaderFactory {
  constructor(
    private readonly jurisdictions: JurisdictionService,
    private readonly programmes: ProgrammeService,
  ) {}

  create(): Loaders {
    return {
      jurisdiction: createJurisdictionLoader(this.jurisdictions),
      programmeVersions: new DataLoader<string, ProgrammeVersionEntity[]>(async (ids) =>
        groupBy(ids, await this.programmes.versionsOf(ids), (v) => v.programmeId),
      ),
    };
  }
}

@Module({
  imports: [JurisdictionModule, ProgrammeModule],
  providers: [LoaderFactory],
  exports: [LoaderFactory],
})
export class LoadersModule {}
