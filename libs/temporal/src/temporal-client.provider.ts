import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { AppConfig } from '@codev/config';
import { temporalConnectionOptions } from './connection-options';

/**
 * The API's Temporal client. Connecting is lazy so that the API starts (and reports itself
 * unhealthy on /health) while Temporal is still coming up, instead of failing to boot.
 */
@Injectable()
export class TemporalClientProvider implements OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    this.connection = Connection.lazy(temporalConnectionOptions(config));
    this.client = new Client({ connection: this.connection, namespace: config.TEMPORAL_NAMESPACE });
  }

  get namespace(): string {
    return this.config.TEMPORAL_NAMESPACE;
  }

  get taskQueue(): string {
    return this.config.TEMPORAL_TASK_QUEUE;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
