import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { dataSourceOptions } from '@codev/persistence';
import { AppConfig, AppConfigModule, logTransport } from '@codev/config';
import { TemporalClientModule } from '@codev/temporal';
import { WorkerPresence } from './health/worker-presence';
import { NotificationDelivery } from './notifications/notification-delivery.service';
import { CallPhaseActivities } from './rounds/call-phase.activities';
import { RoundAllocationActivities } from './rounds/round-allocation.activities';
import { RoundBroadcaster } from './rounds/round-broadcast';
import { TransitionActivities } from './transitions/transition.activities';
import { WorkflowWorker } from './workflow-worker.service';
import { WorkPlanDecisionActivities } from './work-plans/work-plan.activities';

@Module({
  imports: [
    AppConfigModule.forRoot(),
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: { level: config.LOG_LEVEL, transport: logTransport(config) },
      }),
    }),
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
    }),
    TemporalClientModule,
  ],
  providers: [
    WorkflowWorker,
    TransitionActivities,
    CallPhaseActivities,
    RoundAllocationActivities,
    RoundBroadcaster,
    WorkPlanDecisionActivities,
    WorkerPresence,
    NotificationDelivery,
  ],
})
export class WorkerModule {}
