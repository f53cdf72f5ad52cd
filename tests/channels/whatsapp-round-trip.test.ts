/**
 * Issue 14's "done when" for WhatsApp: a complaint filed, clarified and answered entirely over
 * WhatsApp. The reporter writes to the webhook (signed as Meta signs); everything the office says
 * leaves through the outbox's WhatsApp transport to a local Graph API that checks each request's
 * shape; Graph's delivery reports come back through the webhook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom } from '../../src/notifications/worker.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, Client, startTestApp, type TestApp } from '../support/test-app.js';
import { GRAPH, startGraphApi, type FakeProvider } from '../notifications/phone-providers.js';
import { envelope, listReply, postToWebhook, text, type Message } from './meta-payloads.js';

const APP_SECRET = 'round-trip-app-secret-0123';
const REPORTER = '6281377788899';

describe.each(DIALECTS)('a complaint entirely over WhatsApp on %s', (dialect) => {
  let t: TestApp;
  let graph: FakeProvider;
  let mailer: Mailer;
  const say = (...messages: Message[]) => postToWebhook(t.url, APP_SECRET, envelope(GRAPH.phoneNumberId, { messages, from: REPORTER, name: 'Rahmat Hidayat' }));
  const drain = () => drainOutbox(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'round-trip' }));
  /** What Graph was asked to send the reporter since `from`, as plain texts. */
  const sentTexts = (from: number) => graph.received.slice(from).map((b) => {
    expect(b.to).toBe(REPORTER);
    expect(b.type).toBe('text');
    return (b.text as { body: string }).body;
  });

  beforeAll(async () => {
    graph = await startGraphApi();
    t = await startTestApp(dialect, {
      env: {
        PUBLIC_BASE_URL: 'https://pengaduan.example.go.id',
        WHATSAPP_PHONE_NUMBER_ID: GRAPH.phoneNumberId,
        WHATSAPP_ACCESS_TOKEN: GRAPH.token,
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: 'round-trip-verify-token',
        WHATSAPP_API_BASE_URL: `${graph.url}/v21.0`,
      },
    });
    mailer = createMailer(t.ctx.config.mail, t.clock.now);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
  });
  afterAll(async () => {
    expect(graph?.malformed).toEqual([]);
    mailer?.close();
    await t?.close();
    await graph?.close();
  });

  it('files by the guided exchange, is asked and answers a question, and reads the answer, all on WhatsApp', async () => {
    const [staff, kasie] = await Promise.all([Client.login(t, 'staf@test.local'), Client.login(t, 'kasie@test.local')]);
    const permit = await t.db.kysely.selectFrom('permit_types').select(['id', 'name']).where('active', '=', 1).orderBy('category').orderBy('name').executeTakeFirstOrThrow();

    // 1. The reporter files: greeting → permit type → story → consent.
    await say(text(REPORTER, 'Selamat siang'));
    await say(listReply(REPORTER, `permit:${permit.id}`, permit.name));
    await say(text(REPORTER, 'Izin saya belum selesai padahal semua berkas sudah lengkap sejak bulan lalu.'));
    expect((await say(text(REPORTER, 'YA'))).status).toBe(200);
    const complaint = await t.db.kysely.selectFrom('complaints').select(['id', 'tracking_number', 'channel']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(complaint.channel).toBe('whatsapp');
    const tn = complaint.tracking_number;

    // Within the 24-hour window everything goes as plain text: the conversation's lines and the receipt with the code.
    await drain();
    const filing = sentTexts(0);
    expect(filing[0]).toContain('Selamat datang');
    const receipt = filing.find((m) => m.includes(tn) && /kode akses/i.test(m));
    expect(receipt).toBeDefined();
    const code = /jangan dibagikan\): ([A-Z0-9-]{6,})\./.exec(receipt ?? '')?.[1];
    expect(code).toBeDefined();
    // The code works on the tracking page, and is gone from the outbox once sent.
    expect((await new Client(t.url).get(`/api/public/complaints/${tn}`, { 'x-access-code': code ?? '' })).status).toBe(200);
    const payloads = await t.db.kysely.selectFrom('outbox_messages').select('payload').where('complaint_id', '=', complaint.id).execute();
    expect(payloads.every((p) => p.payload === null)).toBe(true);

    // 2. The office asks a question; it reaches the reporter on WhatsApp.
    expect((await staff.act(tn, 'acknowledge', { message: 'Diterima.' })).status).toBe(200);
    expect((await staff.act(tn, 'request_clarification', { message: 'Mohon kirim nomor permohonan izin Anda.' })).body).toMatchObject({ state: 'clarification' });
    let mark = graph.received.length;
    await drain();
    expect(sentTexts(mark).some((m) => m.includes('Mohon kirim nomor permohonan izin Anda.') && m.includes(tn))).toBe(true);

    // 3. The reporter answers on WhatsApp; the complaint moves on.
    await say(text(REPORTER, 'Nomor permohonan saya PRM-2026-04567.'));
    const after = await staff.get<{ state: string; messages: { kind: string; body: string }[] }>(`/api/staff/complaints/${tn}`);
    expect(after.body.state).toBe('acknowledged');
    expect(after.body.messages).toContainEqual(expect.objectContaining({ kind: 'reply', body: 'Nomor permohonan saya PRM-2026-04567.' }));

    // 4. The office answers; the answer reaches the reporter on WhatsApp.
    expect((await staff.act(tn, 'draft_answer', { body: 'Izin Anda sudah terbit hari ini; unduh di portal perizinan.' })).status).toBe(200);
    expect((await kasie.act(tn, 'approve_answer')).status).toBe(200);
    mark = graph.received.length;
    await drain();
    expect(sentTexts(mark).some((m) => m.includes('Izin Anda sudah terbit hari ini') && m.includes(tn))).toBe(true);

    // 5. Graph reports the answer delivered, then read: recorded on its outbox row.
    const answerRow = await t.db.kysely.selectFrom('outbox_messages').select(['id', 'provider_message_id']).where('complaint_id', '=', complaint.id).where('kind', '=', 'answer_published').executeTakeFirstOrThrow();
    expect(answerRow.provider_message_id).toMatch(/^wamid\./);
    const status = (value: string) => ({ id: answerRow.provider_message_id, status: value, timestamp: '1764558600', recipient_id: REPORTER });
    await postToWebhook(t.url, APP_SECRET, envelope(GRAPH.phoneNumberId, { statuses: [status('delivered')] }));
    await postToWebhook(t.url, APP_SECRET, envelope(GRAPH.phoneNumberId, { statuses: [status('read')] }));
    expect(await t.db.kysely.selectFrom('outbox_messages').select('delivery_status').where('id', '=', answerRow.id).executeTakeFirstOrThrow()).toEqual({ delivery_status: 'read' });
    // Nothing of it went by mail: the reporter gave no address.
    expect(await t.db.kysely.selectFrom('outbox_messages').select('id').where('complaint_id', '=', complaint.id).where('recipient_type', '=', 'reporter').where('channel', '!=', 'whatsapp').execute()).toEqual([]);
  });
});
