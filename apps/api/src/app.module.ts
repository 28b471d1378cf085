import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from '@codev/auth';
import { ApiConfig, AppConfig, AppConfigModule, logTransport } from '@codev/config';
import { dataSourceOptions } from '@codev/persistence';
import { TemporalClientModule } from '@codev/temporal';
import { MUTATION_PERMISSIONS } from './auth/mutation-permissions';
import { ApiGraphqlModule } from './graphql/graphql.module';
import { StepModule } from './steps/step.module';
import { StrictValidationPipe } from './graphql/validation.pipe';
import { HealthModule } from './health/health.module';
import { JurisdictionModule } from './jurisdictions/jurisdiction.module';
import { OrganisationModule } from './organisations/organisation.module';
import { ProgrammeModule } from './programmes/programme.module';
import { ProgrammeSimulationModule } from './programmes/programme-simulation.module';
import { ApplicationModule } from './applications/application.module';
import { CallModule } from './calls/call.module';
import { ChangesModule } from './changes/changes.module';
import { ExchangeRateModule } from './rates/exchange-rate.module';
import { LoanModule } from './loans/loan.module';
import { SavingsModule } from './savings/savings.module';
import { TransparencyModule } from './transparency/transparency.module';
import { ResultsModule } from './transparency/results.module';
import { AuditModule } from './audit/audit.module';
import { AgreementModule } from './agreements/agreement.module';
import { NotificationModule } from './notifications/notification.module';
import { UserErrorFilter } from './graphql/user-error.filter';
import { rateLimits } from './http/rate-limit.middleware';
import { responseHeaders } from './http/response-headers.middleware';

@Module({
  imports: [
    AppConfigModule.forRoot(ApiConfig),
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          transport: logTransport(config),
          autoLogging: { ignore: (req) => req.url === '/health' },
          // A request's line names its path, never its query string (a GET query's variables
          // may hold personal data) nor its headers (tokens, cookies).
          serializers: {
            req: (req: { id: unknown; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url.split('?')[0],
            }),
          },
        },
      }),
    }),
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
    }),
    TemporalClientModule,
    AuthModule.forRoot(MUTATION_PERMISSIONS),
    StepModule,
    ApiGraphqlModule,
    HealthModule,
    JurisdictionModule,
    OrganisationModule,
    ProgrammeModule,
    ProgrammeSimulationModule,
    ApplicationModule,
    CallModule,
    ChangesModule,
    ExchangeRateModule,
    LoanModule,
    SavingsModule,
    TransparencyModule,
    ResultsModule,
    AuditModule,
    AgreementModule,
    NotificationModule,
  ],
  providers: [
    { provide: APP_PIPE, useClass: StrictValidationPipe },
    { provide: APP_FILTER, useClass: UserErrorFilter },
  ],
})
export class AppModule implements NestModule {
  constructor(private readonly config: ApiConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(responseHeaders).forRoutes('*path');
    const perMinute = this.config.RATE_LIMIT_PER_MINUTE;
    if (perMinute > 0) consumer.apply(...rateLimits(perMinute)).forRoutes('*path');
  }
}
