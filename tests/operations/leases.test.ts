import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, messageIdFor, type Mailer } from '../../src/notifications/mailer.js';
import { enqueueMessages } from '../../src/notifications/outbox.js';
import { drainOutbox, processOutboxOnce, workerOptionsFrom } from '../../src/notifications/worker.js';
import { acquireJob, LEASE_MS, runDueJobs } from '../../src/scheduler/scheduler.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtp-sink.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe.each(DIALECTS)('what a dead process leaves behind on %s', (dialect) => {
  let t: TestApp;
  let sink: SmtpSink;
  let mailer: Mailer;
  const jobRow = (name: string) => t.db.kysely.selectFrom('scheduler_jobs').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(dialect, { env: { SMTP_URL: sink.url } });
    mailer = createMailer(t.ctx.config.mail, t.clock.now);
  });
  afterAll(async () => {
    mailer?.close();
    await t?.close();
    await sink?.close();
  });

  it("takes over a timed job whose holder died within the two-minute lease, and never a live holder's", async () => {
    const job = { name: 'deadline_probe', intervalMs: 60_000 };
    // The holder wins the job and dies at once: nothing renews its lease.
    expect(await acquireJob(t.ctx, job, 'dead-instance')).toBe(true);
    t.clock.advance(LEASE_MS - 1000);
    expect(await acquireJob(t.ctx, job, 'heir')).toBe(false);
    t.clock.advance(2000);
    expect(await acquireJob(t.ctx, job, 'heir')).toBe(true);
    expect((await jobRow(job.name)).locked_by).toBe('heir');

    // A live holder renews its lease while its job runs, however long that is.
    t.clock.advance(job.intervalMs);
    let finish: () => void = () => {};
    const running = runDueJobs(t.ctx, 'live-instance', undefined, [{ name: 'long_probe', intervalMs: 60_000, run: () => new Promise<number>((resolve) => (finish = () => resolve(1))) }], 20);
    await expect.poll(async () => (await t.db.kysely.selectFrom('scheduler_jobs').select('locked_by').where('name', '=', 'long_probe').executeTakeFirst())?.locked_by, { timeout: 10_000 }).toBe('live-instance');
    t.clock.advance(3 * LEASE_MS);
    const renewedPast = new Date(t.clock.now().getTime()).toISOString();
    await expect.poll(async () => (await jobRow('long_probe')).locked_until! > renewedPast, { timeout: 10_000 }).toBe(true);
    expect(await acquireJob(t.ctx, { name: 'long_probe', intervalMs: 60_000 }, 'heir')).toBe(false);
    finish();
    expect(await running).toEqual({ long_probe: 1 });
    expect(await jobRow('long_probe')).toMatchObject({ locked_by: null, locked_until: null });
  });

  it('marks each attempt before the mail server has it, and sends again after a crash under the same Message-ID', async () => {
    const key = `crash-probe-${dialect}`;
    await enqueueMessages(t.db.kysely, [{ key, complaintId: null, recipient: { type: 'reporter', email: 'pelapor@contoh.id' }, language: 'id', data: { kind: 'survey_invitation', trackingNumber: 'ADU-2026-000777' } }], t.clock.now().toISOString());
    const row = () => t.db.kysely.selectFrom('outbox_messages').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();

    // A slow server: the first worker's message arrives and waits for its acknowledgement; the worker then "dies".
    sink.behaviour = { delayMs: 1500 };
    const dying = processOutboxOnce(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'dying', leaseMs: 1000 }));
    await expect.poll(() => sink.received.filter((m) => m.idempotencyKey === key).length, { timeout: 10_000 }).toBe(1);
    const marked = await row();
    expect(marked).toMatchObject({ status: 'pending', attempts: 1, locked_by: 'dying', attempted_at: t.clock.now().toISOString() });

    // Its lease runs out; the next worker sees the interrupted attempt and sends it again.
    sink.behaviour = {};
    t.clock.advance(2000);
    const logged: { obj: object; msg: string }[] = [];
    const log = { debug: () => {}, info: (obj: object, msg: string) => logged.push({ obj, msg }), error: (obj: object, msg: string) => logged.push({ obj, msg }) };
    expect((await drainOutbox(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'heir' }), log)).sent).toBe(1);
    expect(await row()).toMatchObject({ status: 'sent', attempts: 2, attempted_at: null, locked_by: null });
    expect(logged.map((l) => l.msg)).toContain('mail sent again after an interrupted attempt (same Message-ID)');
    expect(JSON.stringify(logged)).not.toContain('pelapor@contoh.id');

    const copies = sink.received.filter((m) => m.idempotencyKey === key);
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((m) => m.messageId))).toEqual(new Set([messageIdFor(key)]));

    // The first worker comes back to life: its late outcome changes nothing that is no longer its own.
    await dying;
    expect(await row()).toMatchObject({ status: 'sent', attempts: 2, locked_by: null });
  });

  it('gives up on a message whose every attempt ended with its worker gone: dead letter, not another crash', async () => {
    const key = `poison-${dialect}`;
    await enqueueMessages(t.db.kysely, [{ key, complaintId: null, recipient: { type: 'reporter', email: 'pelapor@contoh.id' }, language: 'id', data: { kind: 'survey_invitation', trackingNumber: 'ADU-2026-000778' } }], t.clock.now().toISOString());
    const options = workerOptionsFrom(t.ctx, { workerId: 'next' });
    await t.db.kysely.updateTable('outbox_messages').set({ attempts: options.maxAttempts, attempted_at: t.clock.now().toISOString() }).where('idempotency_key', '=', key).execute();
    const before = sink.received.length;
    expect((await drainOutbox(t.ctx, mailer, options)).dead).toBe(1);
    expect(await t.db.kysely.selectFrom('outbox_messages').select(['status', 'attempted_at', 'last_error']).where('idempotency_key', '=', key).executeTakeFirstOrThrow()).toEqual({
      status: 'dead',
      attempted_at: null,
      last_error: 'every attempt was interrupted (the worker stopped while sending)',
    });
    expect(sink.received.length).toBe(before);
  });
});
