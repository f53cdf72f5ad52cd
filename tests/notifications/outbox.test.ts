import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/notifications/mailer.js';
import { enqueueMessages } from '../../src/notifications/outbox.js';
import { claimBatch, drainOutbox, workerOptionsFrom } from '../../src/notifications/worker.js';
import { runDueJobs } from '../../src/scheduler/scheduler.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

type Json = Record<string, unknown>;

describe.each(DIALECTS)('mail through the outbox on %s', (dialect) => {
  let sink: SmtpSink;
  let t: TestApp;
  let mailer: Mailer;
  let staff: Client;
  let kasie: Client;
  let officerPP: Client;
  let admin: Client;
  let divisionPP: number;
  const reporter = () => new Client(t.url);
  const drain = () => drainOutbox(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'test-worker' }));
  const outboxRows = () => t.db.kysely.selectFrom('outbox_messages').selectAll().orderBy('id').execute();

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(dialect, { env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://pengaduan.example.go.id' } });
    mailer = createMailer(t.ctx.config.mail, t.clock.now);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'kabid@test.local', 'division_head');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    await addStaff(t, 'pm@test.local', 'division_officer', 'PM');
    // The head of section reads English; everyone else Indonesian.
    await t.db.kysely.updateTable('users').set({ language: 'en' }).where('email', '=', 'kasie@test.local').execute();
    [staff, kasie, officerPP] = (await Promise.all(['staf', 'kasie', 'pp'].map((u) => Client.login(t, `${u}@test.local`)))) as [Client, Client, Client];
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    divisionPP = (await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    mailer?.close();
    await t?.close();
    await sink?.close();
  });
  beforeEach(() => {
    sink.behaviour = {};
  });

  it('sends the receipt with the access code in English when asked, and tells the intake staff', async () => {
    t.clock.set('2026-11-24T03:00:00.000Z');
    const before = sink.received.length;
    const res = await reporter().post<Json>('/api/public/complaints', {
      ...VALID_COMPLAINT,
      reporter: { name: 'Budi Santoso', email: 'budi.en@contoh.id' },
      language: 'en',
      emailCopy: true,
    });
    expect(res.status).toBe(201);
    const tn = res.body.trackingNumber as string;
    const code = res.body.accessCode as string;
    // Written in the submission's transaction, before any worker ran.
    const queued = (await outboxRows()).filter((r) => r.status === 'pending');
    expect(queued.map((r) => [r.kind, r.recipient_email])).toEqual([
      ['receipt', 'budi.en@contoh.id'],
      ['new_complaint', 'staf@test.local'],
    ]);
    expect(queued[0]?.has_secret).toBe(1);

    expect((await drain()).sent).toBe(2);
    const mails = sink.received.slice(before);
    const receipt = mails.find((m) => m.to.includes('budi.en@contoh.id'));
    expect(receipt?.language).toBe('en');
    expect(receipt?.subject).toBe(`Complaint received: ${tn}`);
    expect(receipt?.text).toContain(`Access code: ${code}`);
    expect(receipt?.html).toContain(code);
    expect(receipt?.text).toContain(`https://pengaduan.example.go.id/lacak?nomor=${tn}`);
    expect(receipt?.text).toContain('Received: Tuesday, 24 November 2026 at 10:00 WIB');
    expect(receipt?.messageId).toMatch(/^<receipt\..+@aduan\.outbox>$/);
    const notice = mails.find((m) => m.to.includes('staf@test.local'));
    expect(notice?.language).toBe('id');
    expect(notice?.subject).toBe(`Pengaduan baru: ${tn}`);
    expect(notice?.text).toContain('situs web');
    // Staff mail never names the reporter.
    expect(notice?.text).not.toContain('Budi');
    // The secret left the database with the mail.
    const sent = (await outboxRows()).filter((r) => r.kind === 'receipt');
    expect(sent.every((r) => r.status === 'sent' && r.payload === null)).toBe(true);
  });

  it('leaves the access code out of the receipt when the reporter did not ask for a copy', async () => {
    const before = sink.received.length;
    const res = await reporter().post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, reporter: { name: 'Sari', email: 'sari@contoh.id' } });
    await drain();
    const receipt = sink.received.slice(before).find((m) => m.to.includes('sari@contoh.id'));
    expect(receipt?.language).toBe('id');
    expect(receipt?.subject).toBe(`Pengaduan diterima: ${res.body.trackingNumber as string}`);
    expect(receipt?.text).not.toContain(res.body.accessCode as string);
    expect(receipt?.text).toContain('Gunakan kode akses yang ditampilkan');
  });

  it('mails each step that concerns the reporter and the division, and closes on its own with a survey invitation', async () => {
    t.clock.set('2026-11-24T03:00:00.000Z');
    const res = await reporter().post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, reporter: { name: 'Rina', email: 'rina@contoh.id' } });
    const tn = res.body.trackingNumber as string;
    const code = res.body.accessCode as string;
    expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
    expect((await staff.act(tn, 'request_clarification', { message: 'Mohon lampirkan nomor permohonan.' })).status).toBe(200);
    await drain();
    const clarification = sink.to('rina@contoh.id').find((m) => m.subject === `Mohon klarifikasi pengaduan ${tn}`);
    expect(clarification?.text).toContain('> Mohon lampirkan nomor permohonan.');

    expect((await reporter().post(`/api/public/complaints/${tn}/replies`, { message: 'PRM-2026-0001' }, { 'x-access-code': code })).status).toBe(200);
    expect((await kasie.act(tn, 'dispose', { divisionIds: [divisionPP], instruction: 'Cek status berkas PBG.' })).status).toBe(200);
    await drain();
    const disposition = sink.to('pp@test.local').find((m) => m.subject === `Disposisi pengaduan ${tn}`);
    expect(disposition?.text).toContain('> Cek status berkas PBG.');
    expect(sink.to('pm@test.local').some((m) => m.subject.includes(tn))).toBe(false);

    expect((await officerPP.act(tn, 'record_follow_up', { followUp: 'Berkas sudah diproses.', advocacy: 'Cek email.' })).status).toBe(200);
    expect((await staff.act(tn, 'draft_answer', { body: 'PBG Anda terbit hari ini.' })).status).toBe(200);
    expect((await kasie.act(tn, 'approve_answer')).status).toBe(200);
    await drain();
    const answer = sink.to('rina@contoh.id').find((m) => m.subject === `Jawaban atas pengaduan ${tn}`);
    expect(answer?.text).toContain('> PBG Anda terbit hari ini.');
    expect(answer?.text).toContain('ditutup otomatis pada');

    // Ten working days of silence: the scheduler closes it and the reporter hears twice.
    t.clock.set('2026-12-15T03:00:00.000Z');
    const ran = await runDueJobs(t.ctx, 'instance-a');
    expect(ran.auto_close).toBeGreaterThanOrEqual(1);
    expect((await staff.get<Json>(`/api/staff/complaints/${tn}`)).body.state).toBe('closed');
    await drain();
    const subjects = sink.to('rina@contoh.id').map((m) => m.subject);
    expect(subjects).toContain(`Pengaduan ${tn} selesai`);
    expect(subjects).toContain(`Survei kepuasan: pengaduan ${tn}`);
    const closed = sink.to('rina@contoh.id').find((m) => m.subject === `Pengaduan ${tn} selesai`);
    expect(closed?.text).toContain('ditutup otomatis');
  });

  it('writes no mail when the action is refused', async () => {
    const res = await reporter().post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, reporter: { name: 'Ani', email: 'ani@contoh.id' } });
    const tn = res.body.trackingNumber as string;
    await drain();
    const count = (await outboxRows()).length;
    const stale = await staff.post(`/api/staff/complaints/${tn}/actions/reject`, { version: 99, reason: 'out_of_scope', message: 'Bukan wewenang.' });
    expect(stale.status).toBeGreaterThanOrEqual(400);
    expect((await outboxRows()).length).toBe(count);
  });

  it('retries a refused message with exponential backoff and delivers it once', async () => {
    t.clock.set('2026-11-26T03:00:00.000Z');
    await enqueueMessages(t.db.kysely, [{ key: 'retry-test', complaintId: null, recipient: { type: 'reporter', email: 'retry@contoh.id' }, language: 'id', data: { kind: 'survey_invitation', trackingNumber: 'ADU-2026-999999' } }], t.clock.now().toISOString());
    sink.behaviour = { tempFailures: 2 };
    const row = async () => t.db.kysely.selectFrom('outbox_messages').selectAll().where('idempotency_key', '=', 'retry-test').executeTakeFirstOrThrow();

    expect((await drain()).retried).toBe(1);
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: '2026-11-26T03:00:30.000Z' });
    expect((await row()).last_error).toContain('451');
    // Not due yet: nothing is claimed.
    expect((await drain()).claimed).toBe(0);
    t.clock.advance(30_000);
    expect((await drain()).retried).toBe(1);
    expect(await row()).toMatchObject({ attempts: 2, next_attempt_at: '2026-11-26T03:01:30.000Z' });
    t.clock.advance(60_000);
    expect((await drain()).sent).toBe(1);
    expect(await row()).toMatchObject({ status: 'sent', attempts: 3, payload: null });
    expect(sink.to('retry@contoh.id')).toHaveLength(1);
  });

  it('moves a permanently refused message to the dead-letter list, where an admin can retry it', async () => {
    await enqueueMessages(t.db.kysely, [{ key: 'dead-test', complaintId: null, recipient: { type: 'reporter', email: 'dead@contoh.id' }, language: 'en', data: { kind: 'survey_invitation', trackingNumber: 'ADU-2026-999998' } }], t.clock.now().toISOString());
    sink.behaviour = { refuse: true };
    expect((await drain()).dead).toBe(1);

    expect((await staff.get('/api/admin/outbox/dead')).status).toBe(403);
    const dead = await admin.get<{ counts: Record<string, number>; messages: { id: number; recipient: string; lastError: string; attempts: number }[] }>('/api/admin/outbox/dead');
    expect(dead.status).toBe(200);
    const letter = dead.body.messages.find((m) => m.recipient === 'dead@contoh.id');
    expect(letter?.lastError).toContain('550');
    expect(letter?.lastError).not.toContain('dead@contoh.id');
    expect(dead.body.counts.dead).toBeGreaterThanOrEqual(1);

    sink.behaviour = {};
    expect((await admin.post(`/api/admin/outbox/${letter?.id}/retry`, {})).status).toBe(200);
    expect((await admin.post(`/api/admin/outbox/${letter?.id}/retry`, {})).status).toBe(409);
    expect((await admin.post('/api/admin/outbox/999999/retry', {})).status).toBe(404);
    expect((await drain()).sent).toBe(1);
    const mail = sink.to('dead@contoh.id');
    expect(mail).toHaveLength(1);
    expect(mail[0]?.language).toBe('en');
    expect(mail[0]?.subject).toBe('Satisfaction survey: complaint ADU-2026-999998');
  });

  it('keeps a message for a channel with no transport as a dead letter that names the channel, never mailing it', async () => {
    const before = sink.received.length;
    await enqueueMessages(
      t.db.kysely,
      [{ key: 'no-sms-transport', complaintId: null, recipient: { type: 'reporter', channel: 'sms', phone: '6281234567890' }, language: 'id', data: { kind: 'survey_invitation', trackingNumber: 'ADU-2026-999997' } }],
      t.clock.now().toISOString(),
    );
    const row = await t.db.kysely.selectFrom('outbox_messages').selectAll().where('idempotency_key', '=', 'no-sms-transport').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'sms', recipient_address: '6281234567890', recipient_email: null });
    expect((await drain()).dead).toBe(1);
    expect(sink.received.length).toBe(before);
    const dead = await admin.get<{ messages: { id: number; channel: string; recipient: string; lastError: string }[] }>('/api/admin/outbox/dead');
    const letter = dead.body.messages.find((m) => m.id === row.id);
    expect(letter).toMatchObject({ channel: 'sms', recipient: '6281234567890' });
    expect(letter?.lastError).toContain('no transport is configured for the sms channel');
  });

  it('never gives two workers the same message', async () => {
    const at = t.clock.now().toISOString();
    await enqueueMessages(
      t.db.kysely,
      Array.from({ length: 30 }, (_, i) => ({ key: `claim-${i}`, complaintId: null, recipient: { type: 'reporter' as const, email: `claim${i}@contoh.id` }, language: 'id' as const, data: { kind: 'survey_invitation' as const, trackingNumber: 'ADU-2026-999997' } })),
      at,
    );
    const [a, b, c] = await Promise.all(['w1', 'w2', 'w3'].map((w) => claimBatch(t.ctx, workerOptionsFrom(t.ctx, { workerId: w, batchSize: 12 }))));
    const ids = [...(a ?? []), ...(b ?? []), ...(c ?? [])].map((r) => r.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    // Claimed messages stay leased: a fourth worker finds nothing.
    expect(await claimBatch(t.ctx, workerOptionsFrom(t.ctx, { workerId: 'w4' }))).toHaveLength(0);
    // When the leases run out, they are free again.
    t.clock.advance(t.ctx.config.outbox.leaseSeconds * 1000 + 1000);
    expect((await drain()).sent).toBe(30);
  });
});

describe.each(DIALECTS)('the development mailbox (no SMTP) on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('writes .eml files under DATA_DIR/outbox, once per message, and lists them for admins', async () => {
    const res = await new Client(t.url).post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, emailCopy: true });
    const mailer = createMailer(t.ctx.config.mail, t.clock.now);
    expect(mailer.mode).toBe('file');
    const options = workerOptionsFrom(t.ctx, { workerId: 'file-worker' });
    const { payload } = await t.db.kysely.selectFrom('outbox_messages').select('payload').executeTakeFirstOrThrow();
    expect((await drainOutbox(t.ctx, mailer, options)).sent).toBe(1);
    const dir = t.ctx.config.mail.outboxDir;
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = fs.readFileSync(path.join(dir, files[0] as string), 'utf8');
    expect(eml).toContain('To: budi@contoh.id');
    expect(eml).toContain(`X-Aduan-Idempotency-Key: receipt:`);

    // Sent again (as after a crash): the same file, not a second one.
    await t.db.kysely.updateTable('outbox_messages').set({ status: 'pending', payload }).execute();
    expect((await drainOutbox(t.ctx, mailer, options)).sent).toBe(1);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    mailer.close();

    const admin = await Client.login(t, ADMIN.email, ADMIN.password);
    const box = await admin.get<{ mode: string; messages: { to: string; subject: string; text: string }[] }>('/api/admin/mailbox');
    expect(box.status).toBe(200);
    expect(box.body.mode).toBe('file');
    expect(box.body.messages[0]?.to).toBe('budi@contoh.id');
    expect(box.body.messages[0]?.subject).toBe(`Pengaduan diterima: ${res.body.trackingNumber as string}`);
  });
});
