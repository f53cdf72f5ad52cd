/**
 * Webhooks through the outbox to a real receiver on loopback: signed deliveries that verify, a 500
 * tried again, a 410 that ends the subscription, a published-only subscriber told nothing of an
 * unpublished complaint, and never the reporter in a payload.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom } from '../../src/notifications/worker.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver answering each path with the next of its statuses (the last one repeats). */
async function startReceiver(statuses: Record<string, number[]>): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const list = statuses[path] ?? [404];
      const status = list.length > 1 ? (list.shift() as number) : (list[0] as number);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.each(DIALECTS)('webhooks on %s', (dialect) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: Client;
  const drain = () => drainOutbox(t.ctx, createMailer(t.ctx.config.mail, t.clock.now), workerOptionsFrom(t.ctx, { workerId: 'test-worker' }));

  beforeAll(async () => {
    receiver = await startReceiver({ '/ok': [200], '/flaky': [500, 204], '/gone': [410], '/published': [200] });
    t = await startTestApp(dialect, { env: { WEBHOOK_ALLOW_LOOPBACK: 'true' } });
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    await addStaff(t, 'staf@test.local', 'staff');
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('delivers signed events, retries a 500, ends a subscription on 410, and never carries the reporter', async () => {
    const subscribe = async (path: string, scope: 'all' | 'published') => {
      const res = await admin.post<{ subscription: { id: number }; secret: string }>('/api/admin/webhooks', { url: `${receiver.url}${path}`, events: ['complaint_received', 'state_changed', 'answer_published'], scope });
      expect(res.status).toBe(201);
      return res.body;
    };
    const ok = await subscribe('/ok', 'all');
    await subscribe('/flaky', 'all');
    const gone = await subscribe('/gone', 'all');
    await subscribe('/published', 'published');
    expect(JSON.stringify((await admin.get('/api/admin/webhooks')).body)).not.toContain(ok.secret);
    // Not https, or a private address: refused at the door.
    for (const url of ['http://example.org/hook', 'https://10.0.0.5/hook', 'https://169.254.169.254/latest']) {
      expect((await admin.post('/api/admin/webhooks', { url, events: ['state_changed'], scope: 'all' })).status).toBe(422);
    }

    const filed = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', { ...VALID_COMPLAINT, anonymous: true, consent: true });
    expect(filed.status).toBe(201);
    const first = await drain();
    expect(first).toMatchObject({ retried: 1, dead: 1 });

    const atOk = receiver.received.filter((r) => r.path === '/ok');
    expect(atOk).toHaveLength(1);
    const delivery = atOk[0] as Received;
    const timestamp = String(delivery.headers['x-aduan-timestamp']);
    const expected = `sha256=${crypto.createHmac('sha256', ok.secret).update(`${timestamp}.${delivery.body}`).digest('hex')}`;
    expect(delivery.headers['x-aduan-signature']).toBe(expected);
    expect(Number(timestamp)).toBe(Math.floor(t.clock.now().getTime() / 1000));
    const body = JSON.parse(delivery.body) as Record<string, unknown>;
    expect(body).toMatchObject({ kind: 'complaint_received', trackingNumber: filed.body.trackingNumber, state: 'received', status: 'open', delivery: delivery.headers['x-aduan-delivery'] });
    for (const r of receiver.received) expect(r.body).not.toMatch(/Budi|budi@contoh|081234567890/);
    expect(receiver.received.some((r) => r.path === '/published')).toBe(false);

    // The 500 is tried again after the backoff, with the same delivery id.
    t.clock.advance(3_600_000);
    expect((await drain()).sent).toBe(1);
    const flaky = receiver.received.filter((r) => r.path === '/flaky');
    expect(flaky).toHaveLength(2);
    expect(flaky[1]?.headers['x-aduan-delivery']).toBe(flaky[0]?.headers['x-aduan-delivery']);

    // 410 ended its subscription: the next event is not queued for it.
    const ended = (await admin.get<{ items: { id: number; disabledAt: string | null }[] }>('/api/admin/webhooks')).body.items.find((s) => s.id === gone.subscription.id);
    expect(ended?.disabledAt).not.toBeNull();
    const staff = await Client.login(t, 'staf@test.local');
    expect((await staff.act(filed.body.trackingNumber, 'acknowledge', { message: 'Diterima.' })).status).toBe(200);
    await drain();
    expect(receiver.received.filter((r) => r.path === '/gone')).toHaveLength(1);
    const changed = receiver.received.filter((r) => r.path === '/ok').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(changed.at(-1)).toMatchObject({ kind: 'state_changed', action: 'acknowledge', state: 'acknowledged' });
    const dead = await t.db.kysely.selectFrom('outbox_messages').select(['status', 'last_error']).where('channel', '=', 'webhook').where('recipient_address', '=', `${receiver.url}/gone`).execute();
    expect(dead).toEqual([{ status: 'dead', last_error: expect.stringContaining('410') }]);
  });
});
