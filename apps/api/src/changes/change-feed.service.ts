import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
import { Client } from 'pg';
import { AppConfig } from '@codev/config';

export interface Change {
  applicationId?: string;
  callId?: string | null;
}

export const APPLICATION_CHANGED = 'application';
export const CALL_CHANGED = 'call';

/**
 * Listens to the database's change feed (`codev_changes`, notified by triggers at commit) on
 * one connection and republishes each change to the API's subscribers. No polling: a change
 * reaches subscribers when the transaction that made it commits. The connection comes back
 * after a loss, with a growing pause.
 */
@Injectable()
export class ChangeFeed implements OnModuleInit, OnModuleDestroy {
  readonly pubsub = new PubSub<Record<string, Change>>();
  private readonly logger = new Logger(ChangeFeed.name);
  private client: Client | null = null;
  private closing = false;
  private retryMs = 500;

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.connect().catch((e: Error) => this.reconnectLater(e));
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    client.on('notification', (message) => this.publish(message.payload));
    client.on('error', (e) => this.reconnectLater(e));
    await client.connect();
    await client.query('LISTEN codev_changes');
    this.client = client;
    this.retryMs = 500;
  }

  private reconnectLater(e: Error): void {
    if (this.closing) return;
    this.logger.warn(`change feed lost (${e.message}); reconnecting in ${this.retryMs} ms`);
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => undefined);
    setTimeout(
      () => void this.connect().catch((err: Error) => this.reconnectLater(err)),
      this.retryMs,
    ).unref();
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  private publish(payload: string | undefined): void {
    if (!payload) return;
    const change = JSON.parse(payload) as Change;
    if (change.applicationId) void this.pubsub.publish(APPLICATION_CHANGED, change);
    if (change.callId) void this.pubsub.publish(CALL_CHANGED, change);
  }
}
