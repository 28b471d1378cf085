import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, AppConfigModule } from '@codev/config';
import { dataSourceOptions } from '@codev/persistence';
import { JurisdictionModule } from '../jurisdictions/jurisdiction.module';
import { OrganisationModule } from '../organisations/organisation.module';
import { ProgrammeModule } from '../programmes/programme.module';
import { DirectiveService } from '../calls/directive.service';
import { AgreementService } from '../agreements/agreement.service';
import { ExchangeRateModule } from '../rates/exchange-rate.module';

/** The services without GraphQL, Temporal or HTTP: for loading data from files. */
@Module({
  imports: [
    AppConfigModule.forRoot(),
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions(config.DATABASE_URL, 2),
    }),
    JurisdictionModule,
    OrganisationModule,
    ProgrammeModule,
    ExchangeRateModule,
  ],
  providers: [DirectiveService, AgreementService],
})
export class SeedModule {}
