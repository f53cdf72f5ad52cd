import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, SchemaTooNewError } from '../../src/db/migrate.js';
import { enqueueMessages } from '../../src/notifications/outbox.js';
import { runDueJobs } from '../../src/scheduler/scheduler.js';
import { DIALECTS } from '../support/databases.js';
import { Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

const TOKEN = 'metrics-token-for-the-test-0123456789';
const REPORTER = { name: 'Sutarmi Wiryadiningrat', email: 'sutarmi.wiryadiningrat@contoh.id', phone: '081377712345', address: 'Jl. Kenanga Wungu 17' };

/** The value of one sample, e.g. sample(text, 'aduan_complaints_open', 'state="received"'). */
function sample(text: string, name: string, labels?: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    if (labels && !(match[2] ?? '').includes(labels)) continue;
    return Number(match[3]);
  }
  return undefined;
}

describe.each(DIALECTS)('/metrics and /readyz on %s', (dialect) => {
  let t: TestApp;
  let trackingNumber: string;
  const scrape = (headers: Record<string, string> = {}) => fetch(`${t.url}/metrics`, { headers });

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { METRICS_TOKEN: TOKEN } });
    const filed = await new Client(t.url).post<{ trackingNumber: string; accessCode: string }>('/api/public/complaints', { ...VALID_COMPLAINT, reporter: REPORTER });
    expect(filed.status).toBe(201);
    trackingNumber = filed.body.trackingNumber;
    expect((await new Client(t.url).get(`/api/public/complaints/${trackingNumber}`, { 'x-access-code': filed.body.accessCode })).status).toBe(200);
    // An address no route serves is counted without its URL.
    expect((await new Client(t.url).get(`/api/nowhere/${trackingNumber}`)).status).toBe(404);
    await enqueueMessages(t.db.kysely, [{ key: `dead-${dialect}`, complaintId: null, recipient: { type: 'reporter', email: REPORTER.email }, language: 'id', data: { kind: 'survey_invitation', trackingNumber } }], t.clock.now().toISOString());
    await t.db.kysely.updateTable('outbox_messages').set({ status: 'dead' }).where('idempotency_key', '=', `dead-${dialect}`).execute();
    await runDueJobs(t.ctx, 'metrics-test', undefined, [
      { name: `probe_${dialect}`, intervalMs: 60_000, run: async () => 1 },
      { name: `broken_${dialect}`, intervalMs: 60_000, run: async () => Promise.reject(new Error('boom')) },
    ]);
    // A week on: the first response (due the next working day) is overdue.
    t.clock.set('2026-12-01T03:00:00.000Z');
  });
  afterAll(async () => t?.close());

  it('counts requests by route pattern, the outbox, jobs, open and overdue complaints and the database, with no personal data', async () => {
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(sample(text, 'aduan_http_request_duration_seconds_count', 'route="/api/public/complaints/:trackingNumber",status="200"')).toBe(1);
    expect(sample(text, 'aduan_http_request_duration_seconds_count', 'method="POST",route="/api/public/complaints",status="201"')).toBe(1);
    expect(sample(text, 'aduan_http_request_duration_seconds_count', 'method="GET",route="unmatched",status="404"')).toBe(1);
    expect(sample(text, 'aduan_complaints_open', 'state="received"')).toBe(1);
    expect(sample(text, 'aduan_complaints_overdue')).toBe(1);
    // The receipt and the intake desk's notice wait; the dead letter is counted apart.
    expect(sample(text, 'aduan_outbox_pending_messages')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'aduan_outbox_oldest_pending_age_seconds')).toBe(7 * 86_400);
    expect(sample(text, 'aduan_outbox_dead_letters')).toBe(1);
    expect(sample(text, 'aduan_job_runs_total', `job="probe_${dialect}",outcome="ok"`)).toBe(1);
    expect(sample(text, 'aduan_job_runs_total', `job="broken_${dialect}",outcome="failed"`)).toBe(1);
    expect(sample(text, 'aduan_job_last_finished_timestamp_seconds', `job="probe_${dialect}"`)).toBe(Date.parse('2026-11-24T03:00:00.000Z') / 1000);
    expect(sample(text, 'aduan_schema_migrations_pending')).toBe(0);
    expect(sample(text, 'aduan_database_up')).toBe(1);
    if (dialect === 'postgres') {
      expect(sample(text, 'aduan_db_pool_connections', 'state="total"')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'aduan_db_pool_waiting_requests')).toEqual(expect.any(Number));
    } else {
      expect(sample(text, 'aduan_db_sqlite_file_bytes', 'file="wal"')).toBeGreaterThanOrEqual(0);
    }
    for (const secret of [REPORTER.name, 'Sutarmi', REPORTER.email, REPORTER.phone, 'Kenanga', trackingNumber]) expect(text).not.toContain(secret);
  });

  it('opens to the token from anywhere and to loopback without a proxy in between; 404 otherwise', async () => {
    expect((await scrape({ authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.9' })).status).toBe(200);
    const proxied = await scrape({ 'x-forwarded-for': '203.0.113.9' });
    expect(proxied.status).toBe(404);
    expect(await proxied.text()).not.toContain('aduan_');
    expect((await scrape({ forwarded: 'for=203.0.113.9' })).status).toBe(404);
    expect((await scrape({ authorization: 'Bearer not-the-token-at-all-0000' })).status).toBe(404);
  });

  it('is ready when the database answers with this version’s schema, and says why not otherwise', async () => {
    const ready = await new Client(t.url).get('/readyz');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready' } });
    const record = (name: string) => sql`insert into kysely_migration (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(t.db.kysely);
    await record('9999_from_a_newer_version');
    expect(await new Client(t.url).get('/readyz')).toMatchObject({ status: 503, body: { status: 'not_ready', reason: 'database_newer' } });
    // The server refuses to migrate it, in one line naming the unknown migration.
    const refused = await migrateToLatest(t.db).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SchemaTooNewError);
    expect((refused as Error).message).toContain('9999_from_a_newer_version');
    expect((refused as Error).message).not.toContain('\n');
    await sql`delete from kysely_migration where name = ${'9999_from_a_newer_version'}`.execute(t.db.kysely);
    await sql`delete from kysely_migration where name = ${'0016_outbox_attempts'}`.execute(t.db.kysely);
    expect(await new Client(t.url).get('/readyz')).toMatchObject({ status: 503, body: { status: 'not_ready', reason: 'migrations_pending' } });
    await record('0016_outbox_attempts');
    expect((await new Client(t.url).get('/readyz')).status).toBe(200);
  });
});

describe('/metrics with METRICS_ALLOW=none and no token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { env: { METRICS_ALLOW: 'none' } });
  });
  afterAll(async () => t?.close());

  it('answers nobody, loopback included', async () => {
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
