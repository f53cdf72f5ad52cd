import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { Client, countRows, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { TINY_PNG } from '../e2e/browser.js';
import { keyHash } from '../../src/complaints/submission-keys.js';
import { JOBS } from '../../src/scheduler/scheduler.js';

type Receipt = { trackingNumber: string; accessCode: string; subject: string; receivedAt: string };
type Figures = { answer: { medianWorkingDays: number | null; p90WorkingDays: number | null }; satisfaction: { respondents: number; ikm: number | null; grade: string | null; minRespondents: number; elements: { index: number | null }[] } };
type Statistics = { current: Figures; trend: { month: string; received: number; finished: number }[] };

const SUBMIT = '/api/public/complaints';

describe.each(DIALECTS)('the portal’s form, receipt and statistics on %s', (dialect) => {
  let t: TestApp;
  const anyone = (lang: 'id' | 'en' = 'id') => new Client(t.url, lang);
  const submit = (key: string | undefined, subject = VALID_COMPLAINT.subject) =>
    anyone().post<Receipt>(SUBMIT, { ...VALID_COMPLAINT, subject }, key ? { 'idempotency-key': key } : undefined);

  beforeAll(async () => {
    t = await startTestApp(dialect, {
      env: {
        PUBLIC_IKM_MIN_RESPONDENTS: '2',
        DATA_PROTECTION_OFFICER_NAME: 'Siti Rahma, PPDP',
        DATA_PROTECTION_OFFICER_EMAIL: 'ppdp@tangerang.example.id',
        DATA_PROTECTION_OFFICER_PHONE: '(021) 555 0123',
        RATE_LIMIT_SUBMIT_PER_HOUR: '0',
      },
    });
  });
  afterAll(async () => t?.close());

  it('files one complaint for a send repeated with the same Idempotency-Key, and answers the same receipt', async () => {
    const before = await countRows(t, 'complaints');
    const first = await submit('key-A-0123456789abcdef');
    expect(first.status).toBe(201);
    expect(first.body.subject).toBe(VALID_COMPLAINT.subject);
    // The retry of a send whose answer was lost, even with edited text: the same receipt, nothing new.
    const again = await submit('key-A-0123456789abcdef', 'Judul yang diubah sesudahnya');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    // The code of the receipt opens the complaint: it is the real one, not a new one.
    expect((await anyone().get(`${SUBMIT}/${first.body.trackingNumber}`, { 'x-access-code': again.body.accessCode })).status).toBe(200);
    expect(await countRows(t, 'complaints')).toBe(before + 1);
    // Another key, or none, is another complaint.
    expect((await submit('key-B-0123456789abcdef')).body.trackingNumber).not.toBe(first.body.trackingNumber);
    expect((await submit(undefined)).status).toBe(201);
    expect(await countRows(t, 'complaints')).toBe(before + 3);
  });

  it('keeps the key hashed in submission_keys, not in the office settings, with the access code sealed', async () => {
    const key = 'key-K-0123456789abcdef';
    const { body } = await submit(key);
    const row = await t.db.kysely.selectFrom('submission_keys').selectAll().where('key_hash', '=', keyHash(key)).executeTakeFirstOrThrow();
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(24 * 3_600_000);
    expect(row.sealed_receipt).not.toBe('');
    expect(row.sealed_receipt).not.toContain(body.accessCode);
    expect(row.sealed_receipt).not.toContain(body.trackingNumber);
    expect(await t.db.kysely.selectFrom('settings').select('key').where('key', 'like', 'submission:%').execute()).toEqual([]);
  });

  it('files one complaint when two sends with the same key arrive at once, multipart with a photo', async () => {
    const before = await countRows(t, 'complaints');
    const send = () => {
      const form = new FormData();
      form.append('complaint', JSON.stringify(VALID_COMPLAINT));
      form.append('attachments', new Blob([TINY_PNG], { type: 'image/png' }), 'foto.png');
      return anyone().request<Receipt>('POST', SUBMIT, { body: form, headers: { 'idempotency-key': 'key-C-0123456789abcdef' } });
    };
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body).toEqual(b.body);
    expect(await countRows(t, 'complaints')).toBe(before + 1);
  });

  it('keeps a key a day, drops expired keys hourly, and refuses a malformed key with 422 naming the header', async () => {
    const first = await submit('key-D-0123456789abcdef');
    await submit('key-E-0123456789abcdef');
    t.clock.advance(25 * 3_600_000);
    const later = await submit('key-D-0123456789abcdef');
    expect(later.status).toBe(201);
    expect(later.body.trackingNumber).not.toBe(first.body.trackingNumber);
    // The timed job drops every expired key (E's among them) and keeps D's, taken again a moment ago.
    const hashes = async () => (await t.db.kysely.selectFrom('submission_keys').select('key_hash').execute()).map((r) => r.key_hash);
    const before = await hashes();
    expect(before).toContain(keyHash('key-E-0123456789abcdef'));
    const job = JOBS.find((j) => j.name === 'submission_keys');
    expect(job?.intervalMs).toBe(3_600_000);
    expect(await job?.run(t.ctx)).toBe(before.length - 1);
    expect(await hashes()).toEqual([keyHash('key-D-0123456789abcdef')]);
    expect((await submit('key-D-0123456789abcdef')).body).toEqual(later.body);
    const bad = await anyone('en').post<{ error: { fields: { path: string; message: string }[] } }>(SUBMIT, VALID_COMPLAINT, { 'idempotency-key': 'short' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields).toEqual([{ path: 'Idempotency-Key', message: '16–128 letters, digits, - or _.' }]);
  });

  it('mails the receipt with the access code only to the address typed on the receipt, a few times a day', async () => {
    const { body: receipt } = await submit(undefined);
    const url = `${SUBMIT}/${receipt.trackingNumber}/receipt-email`;
    expect((await anyone().post(url, { email: 'lain@contoh.id' }, { 'x-access-code': 'WRONGCODE2' })).status).toBe(404);
    const bad = await anyone().post<{ error: { fields: { path: string }[] } }>(url, { email: 'bukan-email' }, { 'x-access-code': receipt.accessCode });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields[0]?.path).toBe('email');
    const sent = await anyone().post(url, { email: 'Baru@Contoh.id' }, { 'x-access-code': receipt.accessCode });
    expect(sent.status).toBe(202);
    const mails = await t.db.kysely
      .selectFrom('outbox_messages')
      .innerJoin('complaints', 'complaints.id', 'outbox_messages.complaint_id')
      .select(['outbox_messages.recipient_email', 'outbox_messages.kind', 'outbox_messages.has_secret', 'outbox_messages.payload'])
      .where('complaints.tracking_number', '=', receipt.trackingNumber)
      .where('outbox_messages.recipient_email', '=', 'baru@contoh.id')
      .execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'receipt', has_secret: 1 });
    expect(JSON.parse(mails[0]?.payload ?? '{}')).toMatchObject({ trackingNumber: receipt.trackingNumber, accessCode: receipt.accessCode, subject: VALID_COMPLAINT.subject });
    expect((await anyone().post(url, { email: 'baru@contoh.id' }, { 'x-access-code': receipt.accessCode })).status).toBe(202);
    expect((await anyone().post(url, { email: 'baru@contoh.id' }, { 'x-access-code': receipt.accessCode })).status).toBe(202);
    const limited = await anyone().post<{ error: { code: string } }>(url, { email: 'baru@contoh.id' }, { 'x-access-code': receipt.accessCode });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
  });

  it('gives working days to one decimal, the IKM only from the configured respondents, and a 12-month trend', async () => {
    const rows = await t.db.kysely.selectFrom('complaints').select(['id', 'received_at']).orderBy('id').limit(3).execute();
    const [a, b, c] = rows.map((r) => r.id);
    if (a === undefined || b === undefined || c === undefined) throw new Error('three complaints expected');
    await t.db.kysely.updateTable('complaints').set({ answer_working_days: 2.46 }).where('id', 'in', [a, b, c]).execute();
    await t.db.kysely.updateTable('complaints').set({ state: 'closed', closed_at: t.clock.now().toISOString() }).where('id', '=', a).execute();
    const scores = JSON.stringify([4, 4, 3, 4, 3, 4, 4, 3, 4]);
    await t.db.kysely.insertInto('satisfaction_surveys').values({ complaint_id: a, scores, comment: null, submitted_at: t.clock.now().toISOString() }).execute();

    const one = await anyone().get<Statistics>('/api/public/statistics?year=2026');
    expect(one.status).toBe(200);
    expect(one.body.current.answer.medianWorkingDays).toBe(2.5);
    expect(one.body.current.answer.p90WorkingDays).toBe(2.5);
    expect(one.body.current.satisfaction).toMatchObject({ respondents: 1, minRespondents: 2, ikm: null, grade: null });
    expect(one.body.current.satisfaction.elements.every((e) => e.index === null)).toBe(true);

    await t.db.kysely.insertInto('satisfaction_surveys').values({ complaint_id: b, scores, comment: null, submitted_at: t.clock.now().toISOString() }).execute();
    const two = await anyone().get<Statistics>('/api/public/statistics?year=2026');
    expect(two.body.current.satisfaction.respondents).toBe(2);
    expect(two.body.current.satisfaction.ikm).toBeGreaterThan(25);

    const { trend } = two.body;
    expect(trend).toHaveLength(12);
    // The clock moved a day past 2026-11-24 (Jakarta): the trend ends in November 2026.
    expect(trend.map((m) => m.month)).toEqual(['2025-12', ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)]);
    const november = trend.at(-1);
    expect(november?.received).toBe(await countRows(t, 'complaints'));
    expect(november?.finished).toBe(1);
    expect(trend.slice(0, -1).every((m) => m.received === 0 && m.finished === 0)).toBe(true);
  });

  it('tells the portal the attachment limits and the configured data-protection contact', async () => {
    const res = await anyone().get<{ attachments: { maxBytes: number; maxCount: number; types: string[] }; dataProtectionOfficer: Record<string, string | null>; personalDataRequestDays: number }>('/api/public/portal-info');
    expect(res.status).toBe(200);
    expect(res.body.attachments).toEqual({ maxBytes: 5 * 1024 * 1024, maxCount: 5, types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'] });
    expect(res.body.dataProtectionOfficer).toMatchObject({ name: 'Siti Rahma, PPDP', email: 'ppdp@tangerang.example.id', phone: '(021) 555 0123' });
    expect(res.body.personalDataRequestDays).toBe(3);
  });
});
