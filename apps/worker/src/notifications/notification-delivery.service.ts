import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, type Transporter } from 'nodemailer';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '@codev/config';
import { emailFor, type OutboxRow } from './notification-message';
import { assertPublicTarget } from './webhook-address';
import { signWebhook } from './webhook-signature';

const WEBHOOK_TIMEOUT_MS = 10_000;
const MAX_PAUSE_MS = 3_600_000;

/**
 * Delivers the outbox: for each subscription, its oldest pending notification first (so a
 * receiver hears of things in the order they happened), by signed webhook or e-mail. A
 * failure is retried after a pause that doubles each time; after NOTIFY_MAX_ATTEMPTS the
 * notification becomes a dead letter (administrators see and may redeliver it) and the
 * subscription's next one goes. Woken at commit by `codev_outbox` and by a timer at the next
 * retry — never by polling. Several workers share the work: a notification being delivered
 * is locked, and the others skip it.
 *
 * Delivery is at least once: a worker that dies between the receiver's answer and the
 * database's may deliver one again, under the same `Codev-Delivery` id for receivers to
 * deduplicate on.
 */
@Injectable()
export class NotificationDelivery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationDelivery.name);
  private listener: Client | null = null;
  private mailer: Transporter | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private closing = false;
  private reconnectMs = 500;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.SMTP_URL) this.mailer = createTransport(this.config.SMTP_URL);
    await this.listen();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
    await this.listener?.end().catch(() => undefined);
    this.mailer?.close();
  }

  /** Hears every commit that adds or reschedules a notification; comes back if the session is lost. */
  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    client.on('notification', () => this.wake());
    client.on('error', () => undefined);
    client.on('end', () => {
      if (this.closing) return;
      setTimeout(() => void this.listen().then(() => this.wake()), this.reconnectMs);
      this.reconnectMs = Math.min(this.reconnectMs * 2, 30_000);
    });
    try {
      await client.connect();
      await client.query('LISTEN codev_outbox');
      this.listener = client;
      this.reconnectMs = 500;
    } catch (e) {
      this.logger.warn(`cannot listen for notifications yet: ${(e as Error).message}`);
      await client.end().catch(() => undefined);
    }
  }

  /** Drains now, or once more after the drain under way. */
  wake(): void {
    if (this.closing) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((e) => this.logger.warn(`notification delivery paused: ${(e as Error).message}`))
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.closing && (await this.db.transaction((em) => this.deliverOne(em)))) {
      // one notification per transaction, its row locked while it goes out
    }
    await this.scheduleNextRetry();
  }

  /** The oldest pending notification of some subscription, if one is due and free: delivered or rescheduled. */
  private async deliverOne(em: EntityManager): Promise<boolean> {
    const [row] = (await em.query(
      `WITH heads AS (
         SELECT DISTINCT ON (subscription_id) id FROM notification_outbox
          WHERE status = 'PENDING' ORDER BY subscription_id, id)
       SELECT o.id, o.subscription_id, o.kind, o.payload, o.attempts,
              s.channel, s.target, s.secret, s.language
         FROM notification_outbox o JOIN heads h ON h.id = o.id
         JOIN notification_subscription s ON s.id = o.subscription_id
        WHERE o.next_attempt_at <= now()
        ORDER BY o.id LIMIT 1
        FOR UPDATE OF o SKIP LOCKED`,
    )) as OutboxRow[];
    if (!row) return false;
    const failure = await this.send(em, row).then(
      () => null,
      (e: Error) => e.message.slice(0, 500),
    );
    if (failure === null) {
      await em.query(
        `UPDATE notification_outbox SET status = 'DELIVERED', delivered_at = now(), attempts = attempts + 1,
                last_error = NULL WHERE id = $1`,
        [row.id],
      );
      return true;
    }
    const attempts = row.attempts + 1;
    const dead = attempts >= this.config.NOTIFY_MAX_ATTEMPTS;
    const pause = Math.min(this.config.NOTIFY_RETRY_BASE_MS * 2 ** (attempts - 1), MAX_PAUSE_MS);
    await em.query(
      `UPDATE notification_outbox SET attempts = $2, last_error = $3, status = $4,
              next_attempt_at = now() + make_interval(secs => $5::double precision / 1000) WHERE id = $1`,
      [row.id, attempts, failure, dead ? 'DEAD' : 'PENDING', pause],
    );
    // The reason stays in the row, for its administrators: an SMTP refusal may quote an address.
    this.logger.warn(
      `notification ${row.id} (${row.channel}) failed, attempt ${attempts}${dead ? ': now a dead letter' : ''}`,
    );
    return true;
  }

  private async send(em: EntityManager, row: OutboxRow): Promise<void> {
    if (row.channel === 'WEBHOOK') {
      const internalAllowed =
        this.config.NOTIFY_INTERNAL_TARGETS ?? this.config.NODE_ENV !== 'production';
      if (!internalAllowed) await assertPublicTarget(row.target);
      const body = JSON.stringify({ id: row.id, ...row.payload });
      const timestamp = Math.floor(Date.now() / 1000);
      const res = await fetch(row.target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'codev-delivery': row.id,
          'codev-timestamp': String(timestamp),
          'codev-signature': signWebhook(row.secret!, timestamp, body),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`the receiver answered HTTP ${res.status}`);
      return;
    }
    if (!this.mailer) throw new Error('no SMTP server is configured (SMTP_URL)');
    const { subject, text } = await emailFor(em, row);
    await this.mailer.sendMail({
      from: this.config.NOTIFY_FROM,
      to: row.target,
      subject,
      text,
      headers: { 'Codev-Delivery': row.id },
    });
  }

  /** A timer at the earliest retry still to come, replacing the last one. */
  private async scheduleNextRetry(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // The heads only: a later notification waits for its subscription's head, due or not.
    const [next] = (await this.db.query(
      `WITH heads AS (
         SELECT DISTINCT ON (subscription_id) next_attempt_at FROM notification_outbox
          WHERE status = 'PENDING' ORDER BY subscription_id, id)
       SELECT extract(epoch FROM min(next_attempt_at) - now()) * 1000 AS ms FROM heads`,
    )) as { ms: string | null }[];
    if (next?.ms == null || this.closing) return;
    // Due already, yet not taken: another worker holds it; look again shortly.
    const ms = Number(next.ms) > 0 ? Number(next.ms) + 20 : 1_000;
    this.timer = setTimeout(() => this.wake(), Math.min(ms, MAX_PAUSE_MS));
    this.timer.unref();
  }
}
