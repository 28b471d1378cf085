import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, AppConfigModule } from '@codev/config';
import { WorkflowWorker } from './workflow-worker.service';

@Module({
  imports: [
    AppConfigModule.forRoot(),
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.LOG_LEVEL } }),
    }),
  ],
  providers: [WorkflowWorker],
})
export class WorkerModule {}
