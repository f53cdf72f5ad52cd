import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom } from '../../src/notifications/worker.js';
import { runDeadlineAlerts, runStaffDigest } from '../../src/scheduler/reminders.js';
import { ERASED_TEXT, runRetention } from '../../src/scheduler/retention.js';
import { acquireJob, runDueJobs } from '../../src/scheduler/scheduler.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

type Json = Record<string, unknown>;

describe.each(DIALECTS)('timed jobs on %s', (dialect) => {
  let sink: SmtpSink;
  let t: TestApp;
  let mailer: Mailer;
  let staff: Client;
  let kasie: Client;
  const drain = () => drainOutbox(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'test-worker' }));
  const submit = async (email: string) => {
    const res = await new Client(t.url).post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, reporter: { name: 'Dewi Lestari', email, phone: '081299990000', address: 'Jl. Merdeka 1' } });
    expect(res.status).toBe(201);
    return res.body.trackingNumber as string;
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    // Tuesday 24 November 2026, 10:00 WIB.
    t = await startTestApp(dialect, { at: '2026-11-24T03:00:00.000Z', env: { SMTP_URL: sink.url, RETENTION_DAYS: '30' } });
    mailer = createMailer(t.ctx.config.mail, t.clock.now);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'digest@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'kabid@test.local', 'division_head');
    await t.db.kysely.updateTable('users').set({ language: 'en' }).where('email', '=', 'kasie@test.local').execute();
    [staff, kasie] = (await Promise.all(['staf', 'kasie'].map((u) => Client.login(t, `${u}@test.local`)))) as [Client, Client];
  });
  afterAll(async () => {
    mailer?.close();
    await t?.close();
    await sink?.close();
  });

  it('runs a job once per interval however many instances ask', async () => {
    const job = { name: 'test_job', intervalMs: 60_000 };
    const wins = await Promise.all(['a', 'b', 'c'].map((i) => acquireJob(t.ctx, job, i)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await acquireJob(t.ctx, job, 'd')).toBe(false);
    // Still held by the winner (it did not finish): even after the interval nobody else takes it until its lease ends.
    t.clock.advance(61_000);
    expect(await acquireJob(t.ctx, job, 'd')).toBe(false);
    t.clock.advance(31 * 60_000);
    expect(await acquireJob(t.ctx, job, 'd')).toBe(true);
    t.clock.set('2026-11-24T03:00:00.000Z');
  });

  it('reminds staff before the first-response deadline, then escalates to the head of section and the head of division', async () => {
    t.clock.set('2026-11-24T03:00:00.000Z');
    const tn = await submit('dewi@contoh.id');
    await drain();
    const mailFor = (address: string, subject: string) => sink.to(address).filter((m) => m.subject === subject);

    // 13:00 WIB: 3 of 8 working hours used, nothing yet.
    t.clock.set('2026-11-24T06:00:00.000Z');
    expect(await runDeadlineAlerts(t.ctx)).toBe(0);
    // 14:30 WIB: more than half used.
    t.clock.set('2026-11-24T07:30:00.000Z');
    expect(await runDeadlineAlerts(t.ctx)).toBe(1);
    expect(await runDeadlineAlerts(t.ctx)).toBe(0);
    await drain();
    const half = mailFor('staf@test.local', `Pengingat batas waktu: ${tn}`);
    expect(half).toHaveLength(1);
    expect(half[0]?.text).toContain('tinggal 3,5 jam kerja');
    expect(half[0]?.text).toContain('tanggapan pertama');

    // Wednesday 09:30 WIB: the last working hour.
    t.clock.set('2026-11-25T02:30:00.000Z');
    expect(await runDeadlineAlerts(t.ctx)).toBe(1);
    await drain();
    expect(mailFor('staf@test.local', `Pengingat batas waktu: ${tn}`)[1]?.text).toContain('tinggal 0,5 jam kerja');

    // 10:30 WIB: missed, to the head of section (who reads English).
    t.clock.set('2026-11-25T03:30:00.000Z');
    expect(await runDeadlineAlerts(t.ctx)).toBe(1);
    await drain();
    const missed = mailFor('kasie@test.local', `Deadline missed: ${tn}`);
    expect(missed).toHaveLength(1);
    expect(missed[0]?.language).toBe('en');
    expect(missed[0]?.text).toContain('Escalated to the head of section');
    expect(mailFor('kabid@test.local', `Batas waktu terlewati: ${tn}`)).toHaveLength(0);

    // A working day later, still untouched: the head of division hears of it, once.
    t.clock.set('2026-11-26T04:00:00.000Z');
    expect(await runDeadlineAlerts(t.ctx)).toBe(1);
    expect(await runDeadlineAlerts(t.ctx)).toBe(0);
    await drain();
    const kabid = mailFor('kabid@test.local', `Batas waktu terlewati: ${tn}`);
    expect(kabid).toHaveLength(1);
    expect(kabid[0]?.text).toContain('Eskalasi kepada Kepala Bidang');

    // Acknowledged: the first-response deadline is met, its alerts stop.
    expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
    await t.db.kysely.updateTable('complaints').set({ state: 'rejected', due_at: null, due_kind: null, closed_at: t.clock.now().toISOString() }).where('tracking_number', '=', tn).execute();
  });

  it('sends the daily digest instead of single notices to staff who prefer it', async () => {
    const digestUser = await Client.login(t, 'digest@test.local');
    expect((await digestUser.request('PUT', '/api/staff/me/notifications', { json: { newComplaints: 'digest' } })).status).toBe(200);
    expect((await digestUser.get('/api/staff/me/notifications')).body).toEqual({ newComplaints: 'digest' });
    expect((await digestUser.request('PUT', '/api/staff/me/notifications', { json: { newComplaints: 'weekly' } })).status).toBe(422);

    t.clock.set('2026-11-30T03:00:00.000Z');
    const tn = await submit('eko@contoh.id');
    await drain();
    expect(sink.to('digest@test.local').some((m) => m.subject === `Pengaduan baru: ${tn}`)).toBe(false);
    expect(sink.to('staf@test.local').some((m) => m.subject === `Pengaduan baru: ${tn}`)).toBe(true);

    // Tuesday 06:30 WIB: too early. 07:15 WIB: the digest goes, once.
    t.clock.set('2026-11-30T23:30:00.000Z');
    expect(await runStaffDigest(t.ctx)).toBe(0);
    t.clock.set('2026-12-01T00:15:00.000Z');
    expect(await runStaffDigest(t.ctx)).toBe(1);
    expect(await runStaffDigest(t.ctx)).toBe(0);
    await drain();
    const digest = sink.to('digest@test.local').filter((m) => m.subject.startsWith('Ringkasan harian'));
    expect(digest).toHaveLength(1);
    expect(digest[0]?.text).toContain(tn);
    expect(digest[0]?.html).toContain(`<li>${tn}`);
  });

  it('erases the personal data of complaints finished longer than the retention period, and logs it', async () => {
    t.clock.set('2026-12-02T03:00:00.000Z');
    const tn = await submit('fajar@contoh.id');
    expect((await kasie.act(tn, 'reject', { reason: 'other', message: 'Bukan pengaduan pelayanan perizinan.' })).status).toBe(200);
    const complaint = await t.db.kysely.selectFrom('complaints').select(['id', 'reporter_id']).where('tracking_number', '=', tn).executeTakeFirstOrThrow();
    // A message still waiting to go when the data is erased must not go.
    t.clock.set('2026-12-20T03:00:00.000Z');
    expect(await runRetention(t.ctx)).toBe(0);

    t.clock.set('2027-01-05T03:00:00.000Z');
    const ran = await runDueJobs(t.ctx, 'instance-a');
    expect(ran.retention).toBeGreaterThanOrEqual(1);
    expect(await runRetention(t.ctx)).toBe(0);

    const reporter = await t.db.kysely.selectFrom('reporters').selectAll().where('id', '=', complaint.reporter_id as number).executeTakeFirstOrThrow();
    expect(reporter).toMatchObject({ name: null, email: null, phone: null, address: null, erased_at: '2027-01-05T03:00:00.000Z' });
    const row = await t.db.kysely.selectFrom('complaints').select(['description', 'subject', 'state']).where('id', '=', complaint.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ description: ERASED_TEXT, state: 'rejected' });
    const outbox = await t.db.kysely.selectFrom('outbox_messages').select(['recipient_email', 'payload', 'status']).where('complaint_id', '=', complaint.id).where('recipient_type', '=', 'reporter').execute();
    expect(outbox.length).toBeGreaterThanOrEqual(2);
    expect(outbox.every((o) => o.recipient_email === null && o.payload === null && o.status !== 'pending')).toBe(true);
    const events = await t.db.kysely.selectFrom('complaint_events').select(['type', 'actor_type', 'data']).where('complaint_id', '=', complaint.id).where('type', '=', 'personal_data_erased').execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.actor_type).toBe('system');
    expect(JSON.parse(events[0]?.data ?? '{}')).toMatchObject({ reporter: true, description: true });
    // The staff view keeps the complaint for the statistics, with no one to name.
    const detail = await kasie.get<{ reporter: { name: string | null; email: string | null } }>(`/api/staff/complaints/${tn}`);
    expect(detail.status).toBe(200);
    expect(detail.body.reporter.email).toBeNull();
  });
});
