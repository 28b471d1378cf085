import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { verifyWebhook } from '../../apps/worker/src/notifications/webhook-signature';
import { errorCodes, gql } from '../support/graphql-client';
import { mintToken } from '../support/tokens';
import {
  act,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  has,
  MUNICIPAL,
  programme,
  publish,
  sleep,
  STATE,
  submit,
  waitFor,
  World,
} from './support';

// Notifications: an organisation's administrator subscribes it to the events of the
// applications it takes part in. The outbox is written with the events, and the worker
// delivers it in order per subscription — to a real webhook receiver (signed, checked here as
// a receiver would) and a real SMTP server — retrying while the receiver fails, across a
// worker restart, once each; a reminder comes before a review deadline (durable timers); what
// cannot be delivered becomes a dead letter its organisation sees.

let w: World;
const KEY = 'notified-reviews';
const admin = (organisation: string) =>
  mintToken({
    sub: `admin-of-${organisation}`,
    org: w.orgs.get(organisation)!,
    roles: ['org-admin'],
  });

type Hook = {
  id: string;
  kind: string;
  eventId: string;
  stageId: string | null;
  dueAt: string | null;
};
const hooks: Hook[] = [];
let failing = true;
let failures = 0;
let receiver: Server;
let secret = '';
const mails: { to: string; subject: string; text: string }[] = [];
let smtp: SMTPServer;

function startReceiver(): Promise<number> {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (failing) {
        failures++;
        res.writeHead(503).end();
        return;
      }
      const ok = verifyWebhook(
        secret,
        String(req.headers['codev-signature']),
        String(req.headers['codev-timestamp']),
        body,
        Math.floor(Date.now() / 1000),
      );
      if (!ok) {
        res.writeHead(401).end();
        return;
      }
      const hook = JSON.parse(body) as Hook;
      expect(req.headers['codev-delivery']).toBe(hook.id);
      hooks.push(hook);
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) =>
    receiver.listen(0, '127.0.0.1', () => resolve((receiver.address() as AddressInfo).port)),
  );
}

function startSmtp(): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      void simpleParser(stream).then((m) => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address).join(','),
          subject: m.subject ?? '',
          text: m.text ?? '',
        });
        done();
      }, done);
    },
  });
  return new Promise((resolve) =>
    smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as AddressInfo).port)),
  );
}

const SUBSCRIBE = `mutation($input: SubscribeToNotificationsInput!) {
  subscribeToNotifications(input: $input) { id channel target language kinds secret } }`;
async function subscribe(token: string, input: Record<string, unknown>) {
  const res = await gql<{ subscribeToNotifications: { id: string; secret: string | null } }>(
    w.stack.url,
    SUBSCRIBE,
    { input },
    token,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.subscribeToNotifications;
}
const DEAD = `query { deadLetterNotifications { id kind status attempts lastError } }`;

let hookUrl = '';
beforeAll(async () => {
  hookUrl = `http://127.0.0.1:${await startReceiver()}/codev`;
  process.env.SMTP_URL = `smtp://127.0.0.1:${await startSmtp()}`;
  process.env.NOTIFY_RETRY_BASE_MS = '100';
  process.env.NOTIFY_MAX_ATTEMPTS = '6';
  w = await bootWorld();
  await publish(w, {
    ...programme(KEY, [
      {
        id: 'state-review',
        name: 'Revisión estatal',
        kind: 'REVIEW',
        reviewer: 'state',
        deadline: { seconds: 12 },
        onExpiry: { outcome: 'REJECT' },
      },
    ]),
    reminders: { before: { seconds: 8 } },
  });
}, BOOT_TIMEOUT);
afterAll(async () => {
  await w?.stack.close();
  delete process.env.SMTP_URL;
  delete process.env.NOTIFY_RETRY_BASE_MS;
  delete process.env.NOTIFY_MAX_ATTEMPTS;
  delete process.env.NOTIFY_INTERNAL_TARGETS;
  receiver?.close();
  smtp?.close();
});

describe('notifications', () => {
  it('reach a signed webhook and an SMTP server once each, in order, across a worker restart, with a reminder before the deadline', async () => {
    const hook = await subscribe(admin(STATE), {
      channel: 'WEBHOOK',
      target: hookUrl,
      language: 'es',
      programmeKey: KEY,
    });
    secret = hook.secret!;
    expect(secret.length).toBeGreaterThan(30);
    // A retry answers the same subscription; a member may not subscribe.
    expect(
      (
        await subscribe(admin(STATE), {
          channel: 'WEBHOOK',
          target: hookUrl,
          language: 'es',
          programmeKey: KEY,
        })
      ).id,
    ).toBe(hook.id);
    const member = mintToken({ sub: 'clerk', org: w.orgs.get(STATE)!, roles: ['member'] });
    expect(
      errorCodes(
        await gql(
          w.stack.url,
          SUBSCRIBE,
          { input: { channel: 'EMAIL', target: 'x@y.org', language: 'es' } },
          member,
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    await subscribe(admin(STATE), {
      channel: 'EMAIL',
      target: 'tesoreria@zacatecas.gob.mx',
      language: 'es',
      kinds: ['DEADLINE_NEAR', 'REVIEW_APPROVED'],
    });
    await subscribe(admin(CLUB), {
      channel: 'EMAIL',
      target: 'club@jerezanos.org',
      language: 'fr',
      kinds: ['COMPLETED'],
    });

    // The receiver fails at first: the worker retries, then stops; the next worker delivers.
    const id = await submit(w, KEY);
    await waitFor(w, id, (a) => a.activeStages.includes('state-review'));
    for (let i = 0; failures < 2 && i < 200; i++) await sleep(25);
    expect(failures).toBeGreaterThanOrEqual(2);
    await w.stack.stopWorker();
    failing = false;
    await w.stack.startWorker();

    const near = await waitFor(w, id, has('DEADLINE_NEAR', 'state-review'), 30_000);
    await act(
      w,
      'decideReview',
      { applicationId: id, stageId: 'state-review', decision: 'APPROVE', reason: 'viable' },
      mintToken({ sub: 'reviewer', org: w.orgs.get(STATE)!, roles: ['member'] }),
    );
    const done = await waitFor(w, id, (a) => a.status === 'COMPLETED');
    const kinds = done.history.map((e) => e.kind);
    for (let i = 0; (hooks.length < kinds.length || mails.length < 3) && i < 400; i++)
      await sleep(50);

    // Every event once, in the order the history has them, each naming its application.
    expect(hooks.map((h) => h.kind)).toEqual(kinds);
    expect(new Set(hooks.map((h) => h.id)).size).toBe(hooks.length);
    expect(hooks.map((h) => h.eventId)).toEqual(done.history.map((e) => e.id));
    const reminder = hooks.find((h) => h.kind === 'DEADLINE_NEAR')!;
    expect(reminder).toMatchObject({ stageId: 'state-review', dueAt: expect.any(String) });
    expect(near.history.findIndex((e) => e.kind === 'DEADLINE_NEAR')).toBeLessThan(
      kinds.indexOf('REVIEW_APPROVED'),
    );

    // The e-mails: what each asked for, in its language, with the programme's own words.
    await sleep(300);
    expect(mails.map((m) => [m.to, m.subject.split(': ')[1]])).toEqual([
      ['tesoreria@zacatecas.gob.mx', 'Plazo próximo a vencer — Revisión estatal'],
      ['tesoreria@zacatecas.gob.mx', 'Revisión aprobada — Revisión estatal'],
      ['club@jerezanos.org', 'Projet achevé'],
    ]);
    expect(mails[0].subject).toMatch(/vence el \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-0[56]:00$/);
    expect(mails[2].text).toContain(`Workflow test ${KEY}`);
    // Nothing more arrives later: once each.
    await sleep(500);
    expect(hooks).toHaveLength(kinds.length);
    expect(mails).toHaveLength(3);
  });

  it('keeps what cannot be delivered as a dead letter its organisation sees and may send again', async () => {
    const closed = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/gone`;
    receiver.close();
    // As in production: no webhook to an internal address.
    await w.stack.stopWorker();
    process.env.NOTIFY_INTERNAL_TARGETS = '0';
    await w.stack.startWorker();
    await subscribe(admin(MUNICIPAL), {
      channel: 'WEBHOOK',
      target: closed,
      language: 'en',
      kinds: ['SUBMITTED'],
    });
    await submit(w, KEY);
    let dead: { id: string; kind: string; status: string; attempts: number; lastError: string }[] =
      [];
    for (let i = 0; dead.length === 0 && i < 200; i++) {
      await sleep(100);
      const res = await gql<{ deadLetterNotifications: typeof dead }>(
        w.stack.url,
        DEAD,
        {},
        admin(MUNICIPAL),
      );
      dead = res.data?.deadLetterNotifications ?? [];
    }
    expect(dead).toEqual([
      {
        id: expect.any(String),
        kind: 'SUBMITTED',
        status: 'DEAD',
        attempts: 6,
        lastError: expect.stringMatching(/internal address \(127\.0\.0\.1\)/),
      },
    ]);
    // Another organisation's administrator does not see it, nor may send it again.
    const others = await gql<{ deadLetterNotifications: unknown[] }>(
      w.stack.url,
      DEAD,
      {},
      admin(CLUB),
    );
    expect(others.data!.deadLetterNotifications).toEqual([]);
    const REDELIVER = `mutation($id: ID!) { redeliverNotification(id: $id) }`;
    expect(errorCodes(await gql(w.stack.url, REDELIVER, { id: dead[0].id }, admin(CLUB)))).toEqual([
      'FORBIDDEN',
    ]);
    const again = await gql<{ redeliverNotification: boolean }>(
      w.stack.url,
      REDELIVER,
      { id: dead[0].id },
      admin(MUNICIPAL),
    );
    expect(again.data?.redeliverNotification).toBe(true);
    const [row] = (await w.stack.db.dataSource.query(
      `SELECT attempts FROM notification_outbox WHERE id = $1`,
      [dead[0].id],
    )) as { attempts: number }[];
    expect(row.attempts).toBeLessThan(6);
  });
});
