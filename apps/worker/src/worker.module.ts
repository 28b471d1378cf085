import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { dataSourceOptions } from '@codev/persistence';
import { EngineActivitiesService } from './activities/engine-activities.service';
import { CallActivitiesService } from './activities/call-activities.service';
import { AppConfig, AppConfigModule } from '@codev/config';
import { WorkflowWorker } from './workflow-worker.service';

@Module({
  imports: [
    AppConfigModule.forRoot(),
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.LOG_LEVEL } }),
    }),
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
    }),
  ],
  providers: [WorkflowWorker, EngineActivitiesService, CallActivitiesService],
})
export class WorkerModule {}
