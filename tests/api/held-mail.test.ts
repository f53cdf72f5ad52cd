import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdAfterRestore } from '../../src/backup/after-restore.js';
import { createMailer } from '../../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom } from '../../src/notifications/worker.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtp-sink.js';
import { DIALECTS } from '../support/databases.js';
import { ADMIN, addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type Held = { id: number; kind: string; trackingNumber: string | null; recipientType: string; recipient: string | null; createdAt: string };
type HeldPage = { items: Held[]; total: number; page: number; pageSize: number };
type Problem = { error: { code: string; message: string; fields?: { path: string; message: string }[] } };

describe.each(DIALECTS)('mail held after a restore, released by an admin on %s', (dialect) => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: Client;
  let named = '';
  let anonymous = '';

  const hold = () => t.db.kysely.transaction().execute((trx) => holdAfterRestore(trx, { backupCreatedAt: t.clock.now().toISOString(), now: t.clock.now(), skipNumbers: 0 }));
  const statusOf = async (ids: number[]) =>
    (await t.db.kysely.selectFrom('outbox_messages').select(['id', 'status']).where('id', 'in', ids).orderBy('id').execute()).map((r) => r.status);
  const audits = (action: string) => t.db.kysely.selectFrom('audit_log').select(['actor_role', 'after']).where('action', '=', action).orderBy('id').execute();

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(dialect, { at: '2026-11-24T03:00:00.000Z', env: { SMTP_URL: sink.url } });
    await addStaff(t, 'rina@test.local', 'staff');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    const portal = new Client(t.url);
    named = ((await portal.post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT)).body).trackingNumber;
    anonymous = ((await portal.post<{ trackingNumber: string }>('/api/public/complaints', { ...VALID_COMPLAINT, reporter: { email: 'rahasia@contoh.id' }, anonymous: true })).body)
      .trackingNumber;
    expect((await hold()).heldMessages).toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('lists held mail to the admin with an anonymous reporter masked, and no body or access code', async () => {
    const res = await admin.get<HeldPage>('/api/admin/outbox/held?pageSize=200');
    expect(res.status).toBe(200);
    const receipts = res.body.items.filter((m) => m.kind === 'receipt');
    expect(receipts.find((m) => m.trackingNumber === named)?.recipient).toBe('budi@contoh.id');
    expect(receipts.find((m) => m.trackingNumber === anonymous)?.recipient).toBe('Anonim');
    expect(JSON.stringify(res.body)).not.toContain('rahasia@contoh.id');
    expect(Object.keys(res.body.items[0]!).sort()).toEqual(['createdAt', 'id', 'kind', 'recipient', 'recipientType', 'trackingNumber']);
    expect(res.body.total).toBe(res.body.items.length);
    const paged = await admin.get<HeldPage>('/api/admin/outbox/held?pageSize=1&page=2');
    expect(paged.body.items.map((m) => m.id)).toEqual([res.body.items[1]!.id]);
  });

  it('refuses every role but admin', async () => {
    for (const email of ['rina@test.local', 'pp@test.local']) {
      const staff = await Client.login(t, email);
      expect((await staff.get('/api/admin/outbox/held')).status).toBe(403);
      expect((await staff.post('/api/admin/outbox/held/release', { all: true })).status).toBe(403);
      expect((await staff.post('/api/admin/outbox/held/cancel', { all: true })).status).toBe(403);
    }
    expect((await new Client(t.url).get('/api/admin/outbox/held')).status).toBe(401);
  });

  it('refuses a bad choice in both languages and changes nothing', async () => {
    const before = (await admin.get<HeldPage>('/api/admin/outbox/held?pageSize=200')).body.total;
    for (const body of [{}, { all: false }, { ids: [] }, { ids: ['x'] }, { all: true, ids: [1] }]) {
      const res = await admin.post<Problem>('/api/admin/outbox/held/release', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    const id = await admin.post<Problem>('/api/admin/outbox/held/cancel', { ids: [0] });
    expect([id.status, id.body.error.message]).toEqual([422, expect.stringMatching(/tidak valid/)]);
    const en = await admin.post<Problem>('/api/admin/outbox/held/cancel', { ids: [0] }, { 'accept-language': 'en' });
    expect([en.status, en.body.error.message]).toEqual([422, expect.stringMatching(/Invalid data/)]);
    expect((await admin.get<HeldPage>('/api/admin/outbox/held?pageSize=200')).body.total).toBe(before);
  });

  it('cancels the chosen ones, releases the rest to the real worker, and audits both', async () => {
    const held = (await admin.get<HeldPage>('/api/admin/outbox/held?pageSize=200')).body.items;
    const anonymousReceipt = held.find((m) => m.trackingNumber === anonymous && m.kind === 'receipt')!;
    const cancel = await admin.post<{ messages: number }>('/api/admin/outbox/held/cancel', { ids: [anonymousReceipt.id] });
    expect(cancel.body).toEqual({ messages: 1 });
    expect(await statusOf([anonymousReceipt.id])).toEqual(['cancelled']);

    const release = await admin.post<{ messages: number }>('/api/admin/outbox/held/release', { all: true });
    expect(release.body).toEqual({ messages: held.length - 1 });
    const rest = held.filter((m) => m.id !== anonymousReceipt.id).map((m) => m.id);
    expect(new Set(await statusOf(rest))).toEqual(new Set(['pending']));
    expect((await admin.get<HeldPage>('/api/admin/outbox/held')).body.total).toBe(0);

    await drainOutbox(t.ctx, createMailer(t.ctx.config.mail, t.clock.now), workerOptionsFrom(t.ctx, { workerId: 'test-worker' }));
    expect(sink.to('budi@contoh.id').map((m) => m.subject).join()).toContain(named);
    expect(sink.to('rahasia@contoh.id')).toEqual([]);

    expect((await audits('outbox.held_cancelled')).map((a) => [a.actor_role, JSON.parse(a.after ?? '{}')])).toEqual([['admin', { messages: 1, chosen: 1 }]]);
    expect((await audits('outbox.held_released')).map((a) => [a.actor_role, JSON.parse(a.after ?? '{}')])).toEqual([['admin', { messages: held.length - 1 }]]);
  });
});
