/**
 * Two instances of the office behind one load balancer: two servers on real ports over ONE
 * PostgreSQL database and ONE S3-compatible store, each running its own outbox worker and scheduler,
 * as `docs/operations.md` tells an operator to run them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { openDatabase } from '../../src/db/database.js';
import { startBackgroundWork, type BackgroundWork } from '../../src/notifications/background.js';
import { enqueueMessages } from '../../src/notifications/outbox.js';
import { JOBS, type Job } from '../../src/scheduler/scheduler.js';
import { OfficeSettingsStore } from '../../src/settings/office-settings.js';
import { EventStream } from '../support/live.js';
import { startS3Server, type S3TestServer } from '../support/s3-server.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtp-sink.js';

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every run of a timed job, by job and instance; `tick_<instance>` marks the end of each of its ticks. */
class JobRuns {
  readonly runs: { job: string; instance: string }[] = [];
  readonly errors: string[] = [];
  jobsFor(instance: string): Job[] {
    const counted = JOBS.map((job) => ({ ...job, run: (ctx: AppContext) => (this.runs.push({ job: job.name, instance }), job.run(ctx)) }));
    // Only this instance asks for its marker, and it is always due: it runs last in each of its ticks.
    return [...counted, { name: `tick_${instance}`, intervalMs: 0, run: async () => (this.runs.push({ job: 'tick', instance }), 0) }];
  }
  count(job: string, instance?: string): number {
    return this.runs.filter((r) => r.job === job && (instance === undefined || r.instance === instance)).length;
  }
  /** Resolves once each instance has finished two more whole ticks: every job due now has been asked for by both. */
  async bothTickedTwice(): Promise<void> {
    const a = this.count('tick', 'a');
    const b = this.count('tick', 'b');
    await waitFor(() => this.count('tick', 'a') >= a + 2 && this.count('tick', 'b') >= b + 2, 'both schedulers to tick');
  }
}

describe('two instances on one PostgreSQL database and one S3-compatible store', () => {
  let s3: S3TestServer;
  let sink: SmtpSink;
  let a: TestApp;
  let b: { ctx: AppContext; app: FastifyInstance; url: string; dataDir: string };
  const background: BackgroundWork[] = [];
  const streams: EventStream[] = [];
  const jobs = new JobRuns();

  beforeAll(async () => {
    [s3, sink] = await Promise.all([startS3Server(), startSmtpSink()]);
    const env = { ...s3.env, SMTP_URL: sink.url, OUTBOX_POLL_MS: '100', RATE_LIMIT_SUBMIT_PER_HOUR: '0' };
    a = await startTestApp('postgres', { env });
    // B: its own process state (configuration, data folder, pool, LISTEN connection); only the database and the bucket are shared.
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(a.db.kysely);
    const url = new URL(inject('postgresUrl'));
    url.pathname = `/${rows[0]?.name ?? ''}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-b-'));
    const config = loadConfig({ ...env, DATA_DIR: dataDir, DATABASE_URL: url.toString(), LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
    const db = openDatabase({ dialect: 'postgres', url: url.toString(), poolSize: 3 });
    const ctx: AppContext = { db, config, now: a.clock.now, settings: new OfficeSettingsStore(db.kysely, a.clock.now) };
    const { app } = await buildApp(ctx, { logger: false });
    b = { ctx, app, url: await app.listen({ port: 0, host: '127.0.0.1' }), dataDir };
    const log = { info: () => {}, debug: () => {}, error: (obj: object) => jobs.errors.push(JSON.stringify(obj)) };
    background.push(startBackgroundWork(a.ctx, log, { instanceId: 'a', schedulerTickMs: 100, jobs: jobs.jobsFor('a') }));
    background.push(startBackgroundWork(b.ctx, log, { instanceId: 'b', schedulerTickMs: 100, jobs: jobs.jobsFor('b') }));
    await addStaff(a, 'rina@test.local', 'staff');
    await addStaff(a, 'kasie@test.local', 'section_head');
  });
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await Promise.all(background.map((w) => w.stop()));
    await b?.app.close();
    await b?.ctx.db.close();
    if (b) fs.rmSync(b.dataDir, { recursive: true, force: true });
    await a?.close();
    await sink?.close();
    await s3?.close();
  });

  it('files a complaint with an attachment on A, and tracks it, acts on it, downloads the file and sees it live on B', async () => {
    const kasieOnB = await Client.login(b, 'kasie@test.local');
    const staffOnB = await Client.login(b, 'rina@test.local');
    const live = await EventStream.open(b.url, kasieOnB);
    streams.push(live);

    const file = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(200 * 1024)]);
    const form = new FormData();
    form.append('complaint', JSON.stringify(VALID_COMPLAINT));
    form.append('attachments', new Blob([file]), 'surat.pdf');
    const filed = await new Client(a.url).request<{ trackingNumber: string; accessCode: string }>('POST', '/api/public/complaints', { body: form });
    expect(filed.status).toBe(201);
    const { trackingNumber: tn, accessCode } = filed.body;
    // Made on A, announced on B through PostgreSQL.
    await live.next((m) => m.event === 'complaint' && m.data.trackingNumber === tn);

    const tracked = await new Client(b.url).get<{ trackingNumber: string }>(`/api/public/complaints/${tn}`, { 'x-access-code': accessCode });
    expect(tracked.status).toBe(200);
    expect(tracked.body.trackingNumber).toBe(tn);

    expect((await staffOnB.act(tn, 'acknowledge')).status).toBe(200);
    const detail = await staffOnB.get<{ state: string; attachments: { id: number }[] }>(`/api/staff/complaints/${tn}`);
    expect(detail.body.state).not.toBe('submitted');
    const download = await fetch(`${b.url}/api/staff/complaints/${tn}/attachments/${detail.body.attachments[0]?.id}`, { headers: { cookie: staffOnB.sessionCookie ?? '' } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(file)).toBe(true);

    // A change on A reaches the page open on B.
    const kasieOnA = await Client.login(a, 'kasie@test.local');
    expect((await kasieOnA.act(tn, 'reject', { reason: 'other', message: 'Bukan pengaduan pelayanan perizinan.' })).status).toBe(200);
    await live.next((m) => m.event === 'complaint' && m.data.trackingNumber === tn && m.data.action === 'reject');

    // Neither instance kept the file on its own disk.
    expect(fs.existsSync(a.ctx.config.uploadsDir)).toBe(false);
    expect(fs.existsSync(b.ctx.config.uploadsDir)).toBe(false);
  });

  it('sends each mail once though both instances run their outbox workers', async () => {
    await enqueueMessages(
      a.db.kysely,
      Array.from({ length: 12 }, (_, i) => ({
        key: `two-instances-${i}`,
        complaintId: null,
        recipient: { type: 'reporter' as const, email: `pelapor${i}@contoh.id` },
        language: 'id' as const,
        data: { kind: 'survey_invitation' as const, trackingNumber: `ADU-2026-${String(i).padStart(6, '0')}` },
      })),
      a.clock.now().toISOString(),
    );
    const unsent = async () => (await a.db.kysely.selectFrom('outbox_messages').select('id').where('status', '=', 'pending').execute()).length;
    await waitFor(async () => (await unsent()) === 0, 'the outbox to empty');
    const sent = await a.db.kysely.selectFrom('outbox_messages').select(['idempotency_key', 'locked_by']).where('status', '=', 'sent').execute();
    expect(sent.length).toBeGreaterThanOrEqual(14);
    // The receipt, the acknowledgement and the rejection of the first test, and the 12 above: each arrived once.
    await waitFor(() => sink.received.length >= sent.length, 'the sink to receive');
    const keys = sink.received.map((m) => m.idempotencyKey).sort();
    expect(keys).toEqual(sent.map((m) => m.idempotency_key).sort());
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('runs each timed job once per due time though both schedulers run', async () => {
    await jobs.bothTickedTwice();
    for (const job of JOBS) expect(jobs.count(job.name), job.name).toBe(1);
    // Every job's interval has passed: each runs once more, on one instance or the other.
    a.clock.advance(Math.max(...JOBS.map((j) => j.intervalMs)) + 60_000);
    await jobs.bothTickedTwice();
    for (const job of JOBS) expect(jobs.count(job.name), job.name).toBe(2);
    expect(jobs.count('tick', 'a')).toBeGreaterThan(0);
    expect(jobs.count('tick', 'b')).toBeGreaterThan(0);
    expect(jobs.errors).toEqual([]);
  });
});
