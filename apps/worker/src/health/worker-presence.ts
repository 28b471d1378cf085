import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '@codev/config';
import { workerPresenceName } from '@codev/temporal';

/**
 * While this worker process runs it holds one idle PostgreSQL session named
 * `codev-worker:<task queue>:<pid>` (its `application_name`), and the API's /health counts such
 * sessions in `pg_stat_activity`.
 *
 * Why: Temporal keeps listing a task queue's pollers for about a minute after the worker
 * behind them is gone, so /health, reading only that list, called a SIGKILLed worker up for a
 * minute. A session is tied to the process instead: when the process dies, however it dies
 * (SIGKILL, the OOM killer, a crash), the kernel closes its socket, PostgreSQL ends the backend
 * at once and it leaves pg_stat_activity — no heartbeat, no timed polling, no table, no
 * migration. The API asks PostgreSQL only when /health is asked, and still requires Temporal's
 * pollers too (a live process that no longer polls is not a working worker).
 *
 * Limits: the session must reach PostgreSQL itself, not a pooler such as PgBouncer (whose server
 * connections outlive their clients); a worker host that vanishes from the network without its
 * kernel closing the socket is seen only when TCP keepalive gives up on it. When the session is
 * lost (PostgreSQL restarted, idle_session_timeout…) it comes back, after a growing pause.
 */
@Injectable()
export class WorkerPresence implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerPresence.name);
  private client: Client | null = null;
  private closing = false;
  private retryMs = 500;
  private retry: NodeJS.Timeout | null = null;
  readonly applicationName: string;

  constructor(private readonly config: AppConfig) {
    this.applicationName = workerPresenceName(
      config.TEMPORAL_NAMESPACE,
      config.TEMPORAL_TASK_QUEUE,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.config.DATABASE_URL,
      application_name: this.applicationName,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
    });
    let handled = false; // 'error', 'end' and a failed connect may all report one loss
    const lost = (e?: Error) => {
      if (handled) return;
      handled = true;
      this.lost(client, e);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      // A DATABASE_URL naming an application_name of its own would win over the option above.
      await client.query(`SELECT set_config('application_name', $1, false)`, [
        this.applicationName,
      ]);
      if (this.closing) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.retryMs = 500;
    } catch (e) {
      lost(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private lost(client: Client, e?: Error): void {
    if (this.client === client) this.client = null;
    if (this.closing) return;
    void client.end().catch(() => undefined);
    this.logger.warn(
      `presence session ${this.applicationName} lost (${e?.message ?? 'closed'}); ` +
        `reconnecting in ${this.retryMs} ms`,
    );
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, this.retryMs);
    this.retry.unref();
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }
}
