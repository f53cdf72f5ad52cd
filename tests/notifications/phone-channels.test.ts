import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/notifications/mailer.js';
import { adoptPhoneOnlyReporters, enqueueMessages } from '../../src/notifications/outbox.js';
import { drainOutbox, workerOptionsFrom } from '../../src/notifications/worker.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, startTestApp, type TestApp } from '../support/test-app.js';
import { GRAPH, graphError, SMS, startGraphApi, startSmsGateway, type FakeProvider } from './phone-providers.js';

type Json = Record<string, unknown>;
const BASE = 'https://pengaduan.example.go.id';
const COMPLAINT = { subject: 'PBG belum terbit lewat batas waktu', description: 'Permohonan PBG saya sudah diajukan dua bulan lalu dan belum ada kabar sama sekali.', consent: true };
const template = (b: Json) => b.template as { name: string; language: { code: string }; components: { type: string; parameters: { type: string; text: string }[] }[] };
const templateTexts = (b: Json) => template(b).components[0]?.parameters.map((p) => p.text);

describe.each(DIALECTS)('reporters reached on their phone on %s', (dialect) => {
  let graph: FakeProvider;
  let sms: FakeProvider;
  let t: TestApp;
  let mailer: Mailer;
  let staff: Client;
  let kasie: Client;
  let officerPP: Client;
  let divisionPP: number;
  const drain = () => drainOutbox(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'test-worker', backoffSeconds: 1 }));
  const rowsFor = (complaintId: number) => t.db.kysely.selectFrom('outbox_messages').selectAll().where('complaint_id', '=', complaintId).orderBy('id').execute();
  const complaintId = async (tn: string) => (await t.db.kysely.selectFrom('complaints').select('id').where('tracking_number', '=', tn).executeTakeFirstOrThrow()).id;
  const file = async (reporter: Json, extra: Json = {}) => {
    const res = await new Client(t.url).post<Json>('/api/public/complaints', { ...COMPLAINT, reporter, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { tn: res.body.trackingNumber as string, code: res.body.accessCode as string };
  };

  beforeAll(async () => {
    [graph, sms] = await Promise.all([startGraphApi(), startSmsGateway()]);
    t = await startTestApp(dialect, {
      env: {
        PUBLIC_BASE_URL: BASE,
        WHATSAPP_PHONE_NUMBER_ID: GRAPH.phoneNumberId,
        WHATSAPP_ACCESS_TOKEN: GRAPH.token,
        WHATSAPP_APP_SECRET: 'test-app-secret',
        WHATSAPP_VERIFY_TOKEN: 'test-verify-token',
        WHATSAPP_API_BASE_URL: `${graph.url}/v21.0`,
        SMS_GATEWAY_URL: `${sms.url}/send`,
        SMS_GATEWAY_TOKEN: SMS.token,
        SMS_SENDER_ID: 'DPMPTSP',
      },
    });
    mailer = createMailer(t.ctx.config.mail, t.clock.now);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    [staff, kasie, officerPP] = (await Promise.all(['staf', 'kasie', 'pp'].map((u) => Client.login(t, `${u}@test.local`)))) as [Client, Client, Client];
    divisionPP = (await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    // Every request either provider got had the shape it expects.
    expect(graph?.malformed).toEqual([]);
    expect(sms?.malformed).toEqual([]);
    mailer?.close();
    await t?.close();
    await Promise.all([graph?.close(), sms?.close()]);
  });

  it('offers the configured channels and refuses a channel the form cannot use', async () => {
    const info = await new Client(t.url).get<Json>('/api/public/portal-info');
    expect(info.body.reporterChannels).toEqual(['email', 'whatsapp', 'sms']);
    const bad = await new Client(t.url, 'en').post<{ error: { fields: { path: string; message: string }[] } }>('/api/public/complaints', { ...COMPLAINT, reporter: { name: 'Ani', phone: '123456', preferredChannel: 'sms' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields).toEqual([{ path: 'reporter.phone', message: 'Invalid phone number: write 8–15 digits, e.g. 0812 3456 7890 or +62 812 3456 7890.' }]);
    const noPhone = await new Client(t.url, 'en').post<{ error: { fields: { path: string }[] } }>('/api/public/complaints', { ...COMPLAINT, reporter: { name: 'Ani', email: 'ani@contoh.id', preferredChannel: 'whatsapp' } });
    expect(noPhone.status).toBe(422);
    expect(noPhone.body.error.fields.map((f) => f.path)).toEqual(['reporter.phone']);
  });

  it('sends a phone-only WhatsApp reporter the receipt as a template, then a clarification request as text once the number wrote to us', async () => {
    const { tn, code } = await file({ name: 'Joko', phone: '0812-3456-7801', preferredChannel: 'whatsapp' });
    const id = await complaintId(tn);
    const reporterRow = await t.db.kysely.selectFrom('reporters').innerJoin('complaints', 'complaints.reporter_id', 'reporters.id').select('reporters.preferred_channel').where('complaints.id', '=', id).executeTakeFirstOrThrow();
    expect(reporterRow.preferred_channel).toBe('whatsapp');
    const [queued] = await rowsFor(id);
    expect(queued).toMatchObject({ kind: 'receipt', channel: 'whatsapp', recipient_address: '6281234567801', recipient_email: null, has_secret: 1 });

    const before = graph.received.length;
    await drain();
    const [receipt] = graph.received.slice(before);
    expect(receipt).toMatchObject({ messaging_product: 'whatsapp', to: '6281234567801', type: 'template' });
    expect(template(receipt as Json)).toMatchObject({ name: 'aduan_tanda_terima', language: { code: 'id' } });
    expect(templateTexts(receipt as Json)).toEqual([tn, code, `${BASE}/lacak?nomor=${tn}`]);
    const [sent] = await rowsFor(id);
    // The provider's id is kept for its status reports; the code left the database with the message.
    expect(sent).toMatchObject({ status: 'sent', payload: null, provider_message_id: `wamid.TEST${before + 1}` });
    expect(JSON.stringify(sent)).not.toContain(code);

    // The reporter writes to the office's number (the webhook notes it): the window is open for 24 hours.
    await t.db.kysely.insertInto('channel_contacts').values({ channel: 'whatsapp', address: '6281234567801', last_inbound_at: t.clock.now().toISOString() }).execute();
    expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
    expect((await staff.act(tn, 'request_clarification', { message: 'Mohon kirim nomor permohonan\nPBG Anda.' })).status).toBe(200);
    await drain();
    const clarification = graph.received.at(-1) as Json;
    expect(clarification).toMatchObject({ to: '6281234567801', type: 'text' });
    expect((clarification.text as { body: string }).body).toBe(
      `Pengaduan ${tn}: kami perlu keterangan tambahan:\n"Mohon kirim nomor permohonan PBG Anda."\nBalas lewat halaman pelacakan.\n${BASE}/lacak?nomor=${tn}\n- DPMPTSP Kota Tangerang`,
    );
    const row = (await rowsFor(id)).find((r) => r.kind === 'clarification_request');
    expect(row).toMatchObject({ channel: 'whatsapp', status: 'sent', provider_message_id: `wamid.TEST${graph.received.length}`, subject: 'clarification_request (WhatsApp text)' });
  });

  it('sends an SMS reporter the receipt with the code and the answer, through the gateway', async () => {
    const { tn, code } = await file({ name: 'Sari', email: 'sari@contoh.id', phone: '+62 813 1111 2222', preferredChannel: 'sms' }, { language: 'en' });
    const before = sms.received.length;
    await drain();
    const receipt = sms.received[before] as Json;
    expect(receipt).toMatchObject({ to: '6281311112222', sender: 'DPMPTSP' });
    expect(receipt.text).toBe(`Your complaint was received. Number: ${tn}. Access code (SECRET, do not share): ${code}. ${BASE}/lacak?nomor=${tn} - DPMPTSP Kota Tangerang`);
    expect(receipt.reference).toMatch(new RegExp(`^receipt:${await complaintId(tn)}:v1:submitted:reporter$`));

    await staff.act(tn, 'acknowledge');
    await kasie.act(tn, 'dispose', { divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti.' });
    await officerPP.act(tn, 'record_follow_up', { followUp: 'Sudah diperiksa.', advocacy: 'Lengkapi berkas.' });
    await staff.act(tn, 'draft_answer', { body: 'PBG Anda terbit hari ini; silakan unduh di OSS.' });
    expect((await kasie.act(tn, 'approve_answer')).status).toBe(200);
    await drain();
    const answer = sms.received.at(-1) as Json;
    expect(answer.text).toBe(`Complaint ${tn} has been answered: "PBG Anda terbit hari ini; silakan unduh di OSS." Read and respond: ${BASE}/lacak?nomor=${tn} - DPMPTSP Kota Tangerang`);
    const rows = await rowsFor(await complaintId(tn));
    expect(rows.filter((r) => r.recipient_type === 'reporter').map((r) => [r.kind, r.channel, r.status, r.provider_message_id])).toEqual([
      ['receipt', 'sms', 'sent', `sms-${before + 1}`],
      ['answer_published', 'sms', 'sent', `sms-${sms.received.length}`],
    ]);
    // Nothing went to the reporter's mailbox: they chose SMS.
    expect(rows.some((r) => r.recipient_email === 'sari@contoh.id')).toBe(false);
  });

  it('sends a new access code to the phone given with the complaint, and answers the same when the phone is not it', async () => {
    const { tn, code: old } = await file({ name: 'Rudi', phone: '081355556666', preferredChannel: 'sms' });
    await drain();
    const before = sms.received.length;
    const recover = (phone: string, ip: string) => new Client(t.url).post<Json>('/api/public/access-code/recover-by-phone', { trackingNumber: tn, phone }, { 'x-forwarded-for': ip });
    const answers = [await recover('0813 9999 0000', '198.51.100.7'), await recover('+62 813-5555-6666', '198.51.100.8'), await new Client(t.url).post<Json>('/api/public/access-code/recover-by-phone', { trackingNumber: 'ADU-2026-999999', phone: '081355556666' })];
    expect(answers.map((a) => [a.status, a.body])).toEqual(Array(3).fill([202, { mailedIfFound: true }]));
    await expect.poll(async () => (await t.db.kysely.selectFrom('outbox_messages').select('id').where('kind', '=', 'access_code').where('recipient_address', '=', '6281355556666').execute()).length, { timeout: 5000 }).toBe(1);
    await drain();
    const sent = sms.received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe('6281355556666');
    const code = /Kode akses baru pengaduan \S+: ([A-Z0-9]{10})/.exec(String(sent[0]?.text))?.[1] ?? '';
    expect(code).toMatch(/^[A-Z0-9]{10}$/);
    expect(code).not.toBe(old);
    const track = (c: string) => new Client(t.url).get(`/api/public/complaints/${tn}`, { 'x-access-code': c });
    expect((await track(code)).status).toBe(200);
    expect((await track(old)).status).toBe(404);
    const row = await t.db.kysely.selectFrom('outbox_messages').selectAll().where('kind', '=', 'access_code').where('recipient_address', '=', '6281355556666').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', has_secret: 1, payload: null });
    expect(row.subject).not.toContain(code);
    const invalid = await new Client(t.url).post<{ error: { fields: { path: string }[] } }>('/api/public/access-code/recover-by-phone', { trackingNumber: tn, phone: '12' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.fields.map((f) => f.path)).toEqual(['phone']);
  });

  it('tries again after a 500 and gives up for good on a 400 or a kind with no template outside the window; the admin sees the number masked', async () => {
    const { tn } = await file({ phone: '081277778888', preferredChannel: 'whatsapp' }, { anonymous: true });
    const id = await complaintId(tn);
    graph.queue.push({ status: 500, body: graphError(2, 'Service temporarily unavailable') });
    expect((await drain()).retried).toBe(1);
    expect((await rowsFor(id))[0]).toMatchObject({ status: 'pending', attempts: 1, payload: expect.any(String) as string });
    expect((await rowsFor(id))[0]?.last_error).toContain('WhatsApp answered 500: (#2) Service temporarily unavailable');
    t.clock.advance(60_000);
    graph.queue.push({ status: 400, body: graphError(131026, 'Message undeliverable') });
    expect(await drain()).toMatchObject({ dead: 1 });
    const [dead] = await rowsFor(id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 2 });
    expect(dead?.last_error).toContain('WhatsApp answered 400: (#131026) Message undeliverable');
    // Admins may not see an anonymous reporter's number: enough to tell it apart, no more.
    const admin = await Client.login(t, ADMIN.email, ADMIN.password);
    const letters = await admin.get<{ messages: { id: number; channel: string; recipient: string }[] }>('/api/admin/outbox/dead');
    expect(letters.body.messages.find((m) => m.id === dead?.id)).toMatchObject({ channel: 'whatsapp', recipient: '62812****8888' });

    await enqueueMessages(t.db.kysely, [{ key: 'chat-outside-window', complaintId: null, recipient: { type: 'reporter', channel: 'whatsapp', phone: '6281200001111' }, language: 'id', data: { kind: 'chat_reply', text: 'Halo' } }], t.clock.now().toISOString());
    sms.queue.push({ status: 503, body: { error: 'provider down' } });
    await enqueueMessages(t.db.kysely, [{ key: 'sms-retry', complaintId: null, recipient: { type: 'reporter', channel: 'sms', phone: '6281200002222' }, language: 'id', data: { kind: 'survey_invitation', trackingNumber: tn } }], t.clock.now().toISOString());
    const graphBefore = graph.received.length;
    await drain();
    expect(graph.received.length).toBe(graphBefore);
    const byKey = async (key: string) => t.db.kysely.selectFrom('outbox_messages').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    expect(await byKey('chat-outside-window')).toMatchObject({ status: 'dead', attempts: 1 });
    expect((await byKey('chat-outside-window')).last_error).toContain('no approved WhatsApp template for chat_reply');
    expect(await byKey('sms-retry')).toMatchObject({ status: 'pending', attempts: 1, last_error: 'SMS gateway answered 503: provider down' });
    t.clock.advance(60_000);
    sms.queue.push({ status: 400, body: { error: 'number 6281200002222 is not a mobile number' } });
    await drain();
    expect(await byKey('sms-retry')).toMatchObject({ status: 'dead', attempts: 2, last_error: 'SMS gateway answered 400: number <number> is not a mobile number' });
  });

  it('gives phone-only reporters who filed before a phone channel existed the default channel at start-up, and reaches them', async () => {
    const { tn } = await file({ name: 'Pelapor Lama', phone: '0812-3456-7999' });
    const id = await complaintId(tn);
    const reporterId = (await t.db.kysely.selectFrom('complaints').select('reporter_id').where('id', '=', id).executeTakeFirstOrThrow()).reporter_id ?? 0;
    // As filed before this release: no channel chosen; and a reporter with an e-mail, who keeps mail.
    await t.db.kysely.updateTable('reporters').set({ preferred_channel: null }).where('id', '=', reporterId).execute();
    const withMail = await t.db.kysely.insertInto('reporters').values({ name: null, email: 'lama@contoh.id', phone: '081234560000', address: null, erased_at: null, preferred_channel: null }).returning('id').executeTakeFirstOrThrow();
    expect(await adoptPhoneOnlyReporters(t.db.kysely, { whatsapp: null, sms: null })).toBe(0);
    expect(await adoptPhoneOnlyReporters(t.db.kysely, t.ctx.config)).toBeGreaterThanOrEqual(1);
    const channels = await t.db.kysely.selectFrom('reporters').select(['id', 'preferred_channel']).where('id', 'in', [reporterId, withMail.id]).orderBy('id').execute();
    expect(channels).toEqual([
      { id: reporterId, preferred_channel: 'whatsapp' },
      { id: withMail.id, preferred_channel: null },
    ]);
    expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
    expect((await staff.act(tn, 'request_clarification', { message: 'Mohon kirim nomor permohonan Anda.' })).status).toBe(200);
    const asked = (await rowsFor(id)).find((r) => r.kind === 'clarification_request');
    expect(asked).toMatchObject({ channel: 'whatsapp', recipient_address: '6281234567999' });
  });
});
