import { Injectable, Module } from '@nestjs/common';
import DataLoader from 'dataloader';
import { ProgrammeVersionEntity } from '@codev/persistence';
import { ApplicationModule } from '../applications/application.module';
import { ApplicationService } from '../applications/application.service';
import { CallModule } from '../calls/call.module';
import { CallQueries } from '../calls/call.queries';
import { OrganisationModule } from '../organisations/organisation.module';
import { OrganisationService } from '../organisations/organisation.service';
import { createJurisdictionLoader } from '../jurisdictions/jurisdiction.loader';
import { JurisdictionModule } from '../jurisdictions/jurisdiction.module';
import { JurisdictionService } from '../jurisdictions/jurisdiction.service';
import { JurisdictionIndicatorService } from '../jurisdictions/indicators/jurisdiction-indicator.service';
import { LoanModule } from '../loans/loan.module';
import { AgreementModule } from '../agreements/agreement.module';
import { AgreementService } from '../agreements/agreement.service';
import { WorkPlanService } from '../agreements/work-plan.service';
import { LoanService } from '../loans/loan.service';
import { SavingsModule } from '../savings/savings.module';
import { PersonModule } from '../persons/person.module';
import { PersonService } from '../persons/person.service';
import { SavingsService } from '../savings/savings.service';
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
    private readonly indicators: JurisdictionIndicatorService,
    private readonly programmes: ProgrammeService,
    private readonly organisations: OrganisationService,
    private readonly applications: ApplicationService,
    private readonly calls: CallQueries,
    private readonly loans: LoanService,
    private readonly agreements: AgreementService,
    private readonly savings: SavingsService,
    private readonly persons: PersonService,
    private readonly workPlans: WorkPlanService,
  ) {}

  create(): Loaders {
    return {
      jurisdiction: createJurisdictionLoader(this.jurisdictions),
      jurisdictionIndicators: new DataLoader(async (ids) => {
        const byId = await this.indicators.ofJurisdictions(ids);
        return ids.map((id) => byId.get(id) ?? []);
      }),
      programmeVersions: new DataLoader<string, ProgrammeVersionEntity[]>(async (ids) =>
        groupBy(ids, await this.programmes.versionsOf(ids), (v) => v.programmeId),
      ),
      programmeEnvelopes: new DataLoader(async (ids) =>
        groupBy(ids, await this.programmes.envelopesOf(ids), (e) => e.programmeId),
      ),
      organisation: new DataLoader(async (ids) => {
        const byId = new Map((await this.organisations.findByIds(ids)).map((o) => [o.id, o]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      application: new DataLoader((ids) => this.applications.findByIds(ids)),
      applicationFailure: new DataLoader(async (ids) => {
        const byId = new Map(
          (await this.applications.failures(ids)).map((f) => [f.applicationId, f]),
        );
        return ids.map((id) => byId.get(id) ?? null);
      }),
      applicationParties: new DataLoader(async (ids) =>
        groupBy(ids, await this.applications.parties(ids), (r) => r.applicationId),
      ),
      applicationHistory: new DataLoader(async (ids) =>
        groupBy(ids, await this.applications.history(ids), (r) => r.applicationId),
      ),
      applicationDocuments: new DataLoader(async (ids) =>
        groupBy(ids, await this.applications.documents(ids), (r) => r.applicationId),
      ),
      applicationDeadlines: new DataLoader(async (ids) =>
        groupBy(ids, await this.applications.deadlines(ids), (r) => r.applicationId),
      ),
      applicationBalances: new DataLoader(async (ids) => {
        const byApplication = await this.applications.balances(ids);
        return ids.map((id) => byApplication.get(id) ?? []);
      }),
      callApplications: new DataLoader((ids) => this.calls.applications(ids)),
      callAssessments: new DataLoader((ids) => this.calls.assessments(ids)),
      agreementEnvelopes: new DataLoader(async (ids) =>
        groupBy(ids, await this.agreements.envelopesOf(ids), (e) => e.agreementId),
      ),
      agreementWorkPlans: new DataLoader(async (ids) =>
        groupBy(ids, await this.workPlans.ofAgreements(ids), (p) => p.agreementId),
      ),
      applicationLoans: new DataLoader(async (ids) =>
        groupBy(ids, await this.loans.ofApplications(ids), (l) => l.applicationId),
      ),
      applicationSavings: new DataLoader(async (ids) =>
        groupBy(ids, await this.savings.ofApplications(ids), (s) => s.applicationId),
      ),
      personalData: new DataLoader((requests) => this.persons.visible(requests), {
        cacheKeyFn: (r) => `${r.personId} ${r.callerId}`,
      }),
      savingsReleases: new DataLoader(async (ids) =>
        groupBy(ids, await this.savings.releasesInto(ids), (r) => r.projectApplicationId),
      ),
    };
  }
}

@Module({
  imports: [
    JurisdictionModule,
    ProgrammeModule,
    OrganisationModule,
    ApplicationModule,
    CallModule,
    LoanModule,
    AgreementModule,
    SavingsModule,
    PersonModule,
  ],
  providers: [LoaderFactory],
  exports: [LoaderFactory],
})
export class LoadersModule {}
