import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { IDLE_LIMIT_MS } from '../../src/channels/whatsapp/conversation.js';
import { dropIdleConversations, forgetWhatsAppNumber } from '../../src/channels/whatsapp/erasure.js';
import { signatureOf } from '../../src/channels/whatsapp/signature.js';
import { fileStoreFor } from '../../src/storage/file-store.js';
import { ORPHAN_AFTER_MS, sweepOrphanFiles } from '../../src/storage/sweep.js';
import { enqueueMessages } from '../../src/notifications/outbox.js';
import { DIALECTS } from '../support/databases.js';
import { envelope as envelopeFor, listReply, media, postToWebhook, text, WEBHOOK, type Message } from './meta-payloads.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

const APP_SECRET = 'test-app-secret-0123456789';
const VERIFY_TOKEN = 'test-verify-token-0123456789';
const ACCESS_TOKEN = 'test-access-token-0123456789';
const PHONE_NUMBER_ID = '106540352242922';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60, 1)]);

/** Plays Graph API: media ids → their URL, the URL → the bytes; both only with the bearer token. */
async function startGraph(files: Record<string, { data: Buffer; mime: string }>) {
  const seen: { path: string; authorization: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) return void res.writeHead(401).end();
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const info = /^\/v21\.0\/([^/?]+)\?phone_number_id=\d+$/.exec(req.url ?? '');
    const download = /^\/files\/([^/?]+)$/.exec(req.url ?? '');
    const file = files[info?.[1] ?? download?.[1] ?? ''];
    if (!file) return void res.writeHead(404).end();
    if (info) {
      const sha256 = crypto.createHash('sha256').update(file.data).digest('hex');
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messaging_product: 'whatsapp', url: `${base}/files/${info[1]}`, mime_type: file.mime, sha256, file_size: String(file.data.length), id: info[1] }));
    }
    res.writeHead(200, { 'content-type': file.mime }).end(file.data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v21.0`, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const envelope = (value: Parameters<typeof envelopeFor>[1]) => envelopeFor(PHONE_NUMBER_ID, value);

describe.each(DIALECTS)('the WhatsApp webhook on %s', (dialect) => {
  let t: TestApp;
  let graph: Awaited<ReturnType<typeof startGraph>>;
  const logLines: string[] = [];
  const post = (body: unknown, headers: Record<string, string | undefined> = {}) => postToWebhook(t.url, APP_SECRET, body, headers);
  const say = (from: string, ...messages: Message[]) => post(envelope({ messages, from }));
  const count = async (table: 'whatsapp_inbound' | 'channel_contacts' | 'outbox_messages' | 'complaints' | 'whatsapp_conversations') =>
    Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const chatTo = async (phone: string) =>
    (await t.db.kysely.selectFrom('outbox_messages').select(['payload', 'kind', 'complaint_id', 'recipient_type']).where('channel', '=', 'whatsapp').where('recipient_address', '=', phone).where('kind', '=', 'chat_reply').orderBy('id').execute()).map((r) => ({
      ...r,
      text: (JSON.parse(r.payload ?? '{}') as { text?: string }).text ?? '',
    }));

  beforeAll(async () => {
    graph = await startGraph({ 'media-photo-1': { data: PNG, mime: 'image/png' }, 'media-voice-1': { data: OGG, mime: 'audio/ogg; codecs=opus' } });
    t = await startTestApp(dialect, {
      env: {
        WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
        WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
        WHATSAPP_API_BASE_URL: graph.url,
        BODY_LIMIT_BYTES: String(64 * 1024),
        RATE_LIMIT_SUBMIT_PER_HOUR: '0',
        LOG_LEVEL: 'info',
      },
      logStream: { write: (line) => void logLines.push(line) },
    });
    await addStaff(t, 'staf@test.local', 'staff');
  });
  afterAll(async () => {
    await t?.close();
    await graph?.close();
  });

  it('answers the subscription handshake with the challenge only for the verify token', async () => {
    const ok = await fetch(`${t.url}${WEBHOOK}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('1158201444');
    for (const query of [`hub.mode=subscribe&hub.verify_token=wrong-token-0123456789&hub.challenge=1`, `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`, `hub.mode=subscribe&hub.challenge=1`]) {
      expect((await fetch(`${t.url}${WEBHOOK}?${query}`)).status).toBe(403);
    }
  });

  it('refuses a delivery with a wrong or missing signature (401) and stores nothing', async () => {
    const body = envelope({ messages: [text('6281111111111', 'halo')], from: '6281111111111' });
    expect((await post(body, { 'x-hub-signature-256': signatureOf(JSON.stringify(body), 'another-secret-0123456789') })).status).toBe(401);
    expect((await post(body, { 'x-hub-signature-256': undefined })).status).toBe(401);
    expect((await post(body, { 'x-hub-signature-256': 'sha256=zz' })).status).toBe(401);
    // Signed over other bytes than those sent: the same JSON with a space more.
    expect((await post(body, { 'x-hub-signature-256': signatureOf(`${JSON.stringify(body)} `, APP_SECRET) })).status).toBe(401);
    expect(await count('whatsapp_inbound')).toBe(0);
    expect(await count('channel_contacts')).toBe(0);
    expect(await count('whatsapp_conversations')).toBe(0);
  });

  it('files a complaint through the guided exchange, with a photo, and handles a repeated delivery once', async () => {
    const from = '6281298765432';
    const complaintsBefore = await count('complaints');
    expect((await say(from, text(from, 'Halo'))).body).toEqual({ messages: 1, duplicates: 0, statuses: 0 });
    const permit = await t.db.kysely.selectFrom('permit_types').select(['id', 'name']).where('active', '=', 1).orderBy('category').orderBy('name').executeTakeFirstOrThrow();
    expect((await say(from, listReply(from, `permit:${permit.id}`, permit.name))).status).toBe(200);
    // A voice note is refused politely; the photo is fetched with the bearer token and held.
    expect((await say(from, media(from, 'audio', 'media-voice-1', 'audio/ogg; codecs=opus'), media(from, 'image', 'media-photo-1', 'image/png'))).status).toBe(200);
    expect(graph.seen.filter((s) => s.path.includes('media-photo-1')).map((s) => s.authorization)).toEqual([`Bearer ${ACCESS_TOKEN}`, `Bearer ${ACCESS_TOKEN}`]);
    expect(await t.db.kysely.selectFrom('whatsapp_held_files').select('mime_type').where('phone', '=', from).execute()).toEqual([{ mime_type: 'image/png' }]);
    await say(from, text(from, 'Permohonan PBG saya belum terbit padahal sudah tiga bulan.'));
    const consent = text(from, 'YA');
    expect((await say(from, consent)).status).toBe(200);
    // Meta delivers the same message again: nothing more is filed or said.
    expect((await say(from, consent)).body).toMatchObject({ duplicates: 1 });
    expect(await count('complaints')).toBe(complaintsBefore + 1);

    const complaint = await t.db.kysely
      .selectFrom('complaints')
      .innerJoin('reporters', 'reporters.id', 'complaints.reporter_id')
      .select(['complaints.id', 'complaints.tracking_number', 'complaints.channel', 'complaints.permit_type_id', 'complaints.description', 'reporters.phone', 'reporters.name', 'reporters.preferred_channel'])
      .orderBy('complaints.id', 'desc')
      .executeTakeFirstOrThrow();
    expect(complaint).toMatchObject({ channel: 'whatsapp', permit_type_id: permit.id, phone: `+${from}`, name: 'Sari Wulandari', preferred_channel: 'whatsapp', description: 'Permohonan PBG saya belum terbit padahal sudah tiga bulan.' });
    expect(await t.db.kysely.selectFrom('attachments').select(['mime_type', 'uploaded_by']).where('complaint_id', '=', complaint.id).execute()).toEqual([{ mime_type: 'image/png', uploaded_by: 'reporter' }]);
    expect(await count('whatsapp_conversations')).toBe(0);
    expect(await t.db.kysely.selectFrom('whatsapp_held_files').select('stored_name').where('phone', '=', from).execute()).toEqual([]);

    const lines = await chatTo(from);
    expect(lines.every((l) => l.kind === 'chat_reply' && l.recipient_type === 'reporter')).toBe(true);
    expect(lines[0]?.text).toContain('Selamat datang');
    expect(lines.some((l) => l.text.startsWith('Maaf, kami hanya dapat menerima foto'))).toBe(true);
    expect(lines.some((l) => l.text === 'Lampiran diterima.')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ complaint_id: complaint.id, text: expect.stringContaining(complaint.tracking_number) });
    // The receipt with the access code goes the same way: the reporter chose WhatsApp by writing on it.
    const receipt = await t.db.kysely.selectFrom('outbox_messages').select(['channel', 'recipient_address', 'payload']).where('complaint_id', '=', complaint.id).where('kind', '=', 'receipt').executeTakeFirstOrThrow();
    expect(receipt).toMatchObject({ channel: 'whatsapp', recipient_address: from });
    expect((JSON.parse(receipt.payload ?? '{}') as { accessCode?: string | null }).accessCode).toMatch(/\S{6,}/);
    expect(lines.filter((l) => l.text.includes(complaint.tracking_number))).toHaveLength(1);
    // The log says how many, never who or what.
    expect(logLines.some((l) => l.includes('whatsapp delivery'))).toBe(true);
    expect(logLines.filter((l) => l.includes(from.slice(2)) || l.includes('tiga bulan') || l.includes('Sari') || l.includes(VERIFY_TOKEN))).toEqual([]);
    expect(await t.db.kysely.selectFrom('channel_contacts').select(['channel', 'address']).where('address', '=', from).execute()).toEqual([{ channel: 'whatsapp', address: from }]);

    // The reporter asks how it goes; a stranger asking for the same number learns nothing.
    await say(from, text(from, `STATUS ${complaint.tracking_number}`));
    expect((await chatTo(from)).at(-1)?.text).toBe(`Pengaduan ${complaint.tracking_number}: Diterima.`);
    await say('6285700000001', text('6285700000001', `status ${complaint.tracking_number}`));
    expect((await chatTo('6285700000001')).at(-1)?.text).toContain('Tidak ada pengaduan');
  });

  it('takes a WhatsApp message as the reply to the office’s clarification, and the complaint moves on', async () => {
    const filed = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', { ...VALID_COMPLAINT, reporter: { ...VALID_COMPLAINT.reporter, phone: '0812-3456-7890' } });
    const tn = filed.body.trackingNumber;
    const staff = await Client.login(t, 'staf@test.local');
    expect((await staff.act(tn, 'acknowledge', { message: 'Diterima.' })).status).toBe(200);
    expect((await staff.act(tn, 'request_clarification', { message: 'Mohon kirim nomor permohonan Anda.' })).body).toMatchObject({ state: 'clarification' });

    const from = '6281234567890';
    expect((await say(from, text(from, 'Nomor permohonan saya PRM-2026-01234.'))).status).toBe(200);
    const detail = await staff.get<{ state: string; messages: { kind: string; body: string }[] }>(`/api/staff/complaints/${tn}`);
    expect(detail.body.state).toBe('acknowledged');
    expect(detail.body.messages).toContainEqual(expect.objectContaining({ kind: 'reply', body: 'Nomor permohonan saya PRM-2026-01234.' }));
    expect((await chatTo(from)).at(-1)?.text).toBe(`Terima kasih, balasan Anda untuk pengaduan ${tn} sudah kami terima.`);
    // No guided exchange was started for it.
    expect(await t.db.kysely.selectFrom('whatsapp_conversations').select('phone').where('phone', '=', from).execute()).toEqual([]);
  });

  it('records sent, delivered, read and failed against the outbox row, never going back', async () => {
    const at = t.clock.now().toISOString();
    await enqueueMessages(t.db.kysely, ['one', 'two'].map((k) => ({ key: `status-test-${k}`, complaintId: null, recipient: { type: 'reporter' as const, channel: 'whatsapp' as const, phone: '6281300000000' }, language: 'id' as const, data: { kind: 'chat_reply' as const, text: 'x' } })), at);
    await t.db.kysely.updateTable('outbox_messages').set({ provider_message_id: 'wamid.OUT-one' }).where('idempotency_key', '=', 'status-test-one').execute();
    await t.db.kysely.updateTable('outbox_messages').set({ provider_message_id: 'wamid.OUT-two' }).where('idempotency_key', '=', 'status-test-two').execute();
    const status = (id: string, s: string, extra: Message = {}): Message => ({ id, status: s, timestamp: '1764558000', recipient_id: '6281300000000', ...extra });
    const row = (key: string) => t.db.kysely.selectFrom('outbox_messages').select(['delivery_status', 'delivery_status_at', 'last_error']).where('idempotency_key', '=', key).executeTakeFirstOrThrow();

    expect((await post(envelope({ statuses: [status('wamid.OUT-one', 'delivered')] }))).body).toMatchObject({ statuses: 1 });
    expect(await row('status-test-one')).toMatchObject({ delivery_status: 'delivered', last_error: null });
    expect(new Date((await row('status-test-one')).delivery_status_at ?? '').toISOString()).toBe('2025-12-01T03:00:00.000Z');
    await post(envelope({ statuses: [status('wamid.OUT-one', 'sent'), status('wamid.unknown', 'read')] }));
    expect((await row('status-test-one')).delivery_status).toBe('delivered');
    await post(envelope({ statuses: [status('wamid.OUT-one', 'read')] }));
    expect((await row('status-test-one')).delivery_status).toBe('read');
    await post(envelope({ statuses: [status('wamid.OUT-two', 'failed', { errors: [{ code: 131047, title: 'Re-engagement message for 6281300000000', message: 'x' }] })] }));
    const failed = await row('status-test-two');
    expect(failed).toMatchObject({ delivery_status: 'failed', last_error: expect.stringContaining('131047') });
    expect(failed.last_error).not.toContain('6281300000000');
  });

  it('answers 4xx, never 500, to hostile or odd bodies, and stores nothing from them', async () => {
    const inboundBefore = await count('whatsapp_inbound');
    expect((await post({ object: 'page', entry: [] })).status).toBe(422);
    expect((await post('not json at all')).status).toBe(400);
    expect((await post('[1,2')).status).toBe(400);
    expect((await post(`${'['.repeat(100)}${']'.repeat(100)}`)).status).toBe(413);
    expect((await post({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messages: Array.from({ length: 1500 }, () => 1) } }] }] })).status).toBe(413);
    expect((await post('x'.repeat(70 * 1024))).status).toBe(413);
    // Not JSON: its bytes are not what the signature covers for this route, so it is unsigned.
    expect((await post('{}', { 'content-type': 'text/plain' })).status).toBe(401);
    expect((await post('{}', { 'content-type': 'application/xml' })).status).toBe(415);
    // Signed and well wrapped, but items of the wrong shape: skipped, the delivery acknowledged.
    const odd = envelope({ messages: [{ id: 5 }, { from: 'abc', id: 'wamid.x', type: 'text' }, text('6281400000000', 'x'.repeat(20_000))], statuses: [{ id: 'wamid.y', status: 'exploded' }], from: '6281400000000' });
    expect((await post(odd)).body).toEqual({ messages: 0, duplicates: 0, statuses: 0 });
    // Meant for another number of the same business account.
    const other = envelope({ messages: [text('6281400000000', 'halo')], from: '6281400000000' }) as { entry: { changes: { value: { metadata: { phone_number_id: string } } }[] }[] };
    other.entry[0]!.changes[0]!.value.metadata.phone_number_id = '999';
    expect((await post(other)).body).toEqual({ messages: 0, duplicates: 0, statuses: 0 });
    expect(await count('whatsapp_inbound')).toBe(inboundBefore);
  });

  it('forgets a number on erasure and an exchange left idle, with what it held', async () => {
    const from = '6281600000000';
    await say(from, text(from, 'halo'));
    await say(from, text(from, '1'), media(from, 'image', 'media-photo-1', 'image/png'));
    const [kept] = await t.db.kysely.selectFrom('whatsapp_held_files').select('stored_name').where('phone', '=', from).execute();
    // The sweep of leftovers spares a file a conversation holds, however long it waits.
    // (The sweep reads the files' real times: the clock goes past them.)
    t.clock.set(new Date(Date.now() + ORPHAN_AFTER_MS + 60_000).toISOString());
    await sweepOrphanFiles(t.ctx);
    expect(await fileStoreFor(t.ctx.config).exists(kept?.stored_name ?? '')).toBe(true);
    const held = await t.db.kysely.transaction().execute((trx) => forgetWhatsAppNumber(trx, '0816-0000-0000'));
    expect(held).toHaveLength(1);
    expect(await t.db.kysely.selectFrom('whatsapp_conversations').select('phone').where('phone', '=', from).execute()).toEqual([]);
    expect(await t.db.kysely.selectFrom('channel_contacts').select('address').where('address', '=', from).execute()).toEqual([]);
    expect((await chatTo(from)).length).toBe(0);

    const idle = '6281700000000';
    await say(idle, text(idle, 'halo'));
    t.clock.advance(IDLE_LIMIT_MS + 60_000);
    expect(await dropIdleConversations(t.ctx)).toBeGreaterThanOrEqual(1);
    expect(await t.db.kysely.selectFrom('whatsapp_conversations').select('phone').where('phone', '=', idle).execute()).toEqual([]);
  });

  it('is off (404) when WhatsApp is not configured', async () => {
    const off = await buildApp({ ...t.ctx, config: { ...t.ctx.config, whatsapp: null } }, { logger: false });
    const url = await off.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await fetch(`${url}${WEBHOOK}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`)).status).toBe(404);
      const body = JSON.stringify(envelope({ messages: [text('6281500000000', 'halo')], from: '6281500000000' }));
      expect((await fetch(`${url}${WEBHOOK}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(body, APP_SECRET) }, body })).status).toBe(404);
    } finally {
      await off.app.close();
    }
  });
});
