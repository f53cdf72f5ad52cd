import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom } from '../../src/notifications/worker.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtp-sink.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;
interface Receipt {
  trackingNumber: string;
  accessCode: string;
}
interface MyList {
  items: { trackingNumber: string; subject: string; state: string; receivedAt: string }[];
}

describe.each(DIALECTS)('a portal that never leaves a reporter stuck, on %s', (dialect) => {
  let t: TestApp;
  let sink: SmtpSink;
  let mailer: Mailer;
  let staff: Client;
  let kasie: Client;
  const from = (address: string) => ({ 'x-forwarded-for': address });
  const drain = () => drainOutbox(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'test-worker' }));
  const file = async (reporter: Json, extra: Json = {}) => (await new Client(t.url).post<Receipt>('/api/public/complaints', { ...VALID_COMPLAINT, reporter, ...extra })).body;
  const track = (tn: string, code: string) => new Client(t.url).get<Json>(`/api/public/complaints/${tn}`, { 'x-access-code': code });
  /** The mails to an address once the work behind an answer (run after it was sent) reached the sink. */
  const mailsTo = async (address: string, count: number, subject = /kode akses baru|tautan masuk/i) => {
    const matching = () => sink.to(address).filter((m) => subject.test(m.subject));
    await expect.poll(async () => (await drain(), matching().length), { timeout: 5000, interval: 50 }).toBe(count);
    return matching();
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(dialect, { env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://pengaduan.example.go.id', TRUST_PROXY: '127.0.0.1', RATE_LIMIT_SUBMIT_PER_HOUR: '0', RATE_LIMIT_TRACK_PER_HOUR: '8' } });
    mailer = createMailer(t.ctx.config.mail, t.clock.now);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    staff = await Client.login(t, 'staf@test.local');
    kasie = await Client.login(t, 'kasie@test.local');
  });
  afterAll(async () => {
    mailer?.close();
    await t?.close();
    await sink?.close();
  });

  it('mails a new access code to the contact only; the old code stops working; strangers get the same answer', async () => {
    const { trackingNumber: tn, accessCode: old } = await file({ name: 'Dewi', email: 'dewi@contoh.id' });
    const phoneOnly = await file({ name: 'Joko', phone: '081234567891' });
    const recover = (trackingNumber: string, address: string) => new Client(t.url).post<Json>('/api/public/access-code/recover', { trackingNumber }, from(address));
    const answers = [await recover(tn, '198.51.100.1'), await recover(phoneOnly.trackingNumber, '198.51.100.2'), await recover('ADU-2026-999999', '198.51.100.3')];
    expect(answers.map((a) => [a.status, a.body])).toEqual(Array(3).fill([202, { mailedIfFound: true }]));

    const [mail] = await mailsTo('dewi@contoh.id', 1);
    const code = /Kode akses:?\s*([A-Z0-9]{10})/.exec(mail?.text ?? '')?.[1] ?? '';
    expect(code).toMatch(/^[A-Z0-9]{10}$/);
    expect(mail?.text).toContain(tn);
    expect((await track(tn, code)).status).toBe(200);
    expect((await track(tn, old)).status).toBe(404);
    // Nothing went anywhere else: the only mails are the new code's.
    expect(sink.received.filter((m) => /kode akses baru|new access code/i.test(m.subject)).flatMap((m) => m.to)).toEqual(['dewi@contoh.id']);
    // The office sees that a code was sent; the log never holds it.
    const events = await t.db.kysely.selectFrom('complaint_events').select(['type', 'data', 'is_public']).where('type', '=', 'access_code_reissued').execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.is_public).toBe(0);
    expect(JSON.stringify(events)).not.toContain(code);
    const outbox = await t.db.kysely.selectFrom('outbox_messages').select(['payload', 'has_secret']).where('kind', '=', 'access_code').execute();
    expect(outbox.every((r) => r.has_secret === 1 && !(r.payload ?? '').includes(code))).toBe(true);
  });

  it('limits code requests per address (429) and per number (silently, the same answer)', async () => {
    const { trackingNumber: tn } = await file({ name: 'Eka', email: 'eka@contoh.id' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await new Client(t.url).post('/api/public/access-code/recover', { trackingNumber: tn }, from(`203.0.113.${i + 1}`))).status);
    expect(statuses).toEqual(Array(6).fill(202));
    // Three mails an hour for one number, whoever asks.
    await mailsTo('eka@contoh.id', 3);
    const one = from('203.0.113.99');
    const byOne: number[] = [];
    for (let i = 0; i < 9; i++) byOne.push((await new Client(t.url).post('/api/public/access-code/recover', { trackingNumber: 'ADU-2026-999998' }, one)).status);
    expect(byOne).toEqual([...Array(8).fill(202), 429]);
    expect((await new Client(t.url).post('/api/public/access-code/recover', { trackingNumber: 'nope' }, from('203.0.113.98'))).status).toBe(422);
  });

  it('signs a verified contact in once to the list of their own complaints, each openable without its code', async () => {
    const first = await file({ name: 'Fajar', email: 'fajar@contoh.id' });
    const second = await file({ name: 'Fajar', email: 'Fajar@Contoh.id' }, { confidential: true, subject: 'Pungutan liar di loket' });
    const other = await file({ name: 'Gita', email: 'gita@contoh.id' });
    const ask = (email: string) => new Client(t.url).post<Json>('/api/public/my-complaints/link', { email }, from('192.0.2.10'));
    expect((await ask('fajar@contoh.id')).body).toEqual({ mailedIfFound: true });
    expect((await ask('nobody@contoh.id')).body).toEqual({ mailedIfFound: true });
    const [mail] = await mailsTo('fajar@contoh.id', 1);
    const token = decodeURIComponent(/lacak\/saya#token=([A-Za-z0-9_%-]+)/.exec(mail?.text ?? '')?.[1] ?? '');
    expect(token.length).toBeGreaterThan(20);

    const reporter = new Client(t.url);
    const signed = await reporter.post<MyList>('/api/public/my-complaints/sign-in', { token });
    expect(signed.status).toBe(200);
    const cookie = signed.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/aduan_reporter=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(signed.body.items.map((i) => i.trackingNumber).sort()).toEqual([first.trackingNumber, second.trackingNumber].sort());
    expect(signed.body.items.find((i) => i.trackingNumber === second.trackingNumber)).toMatchObject({ subject: 'Pungutan liar di loket', state: 'received' });
    // Own complaints open without a code; another's does not.
    expect((await reporter.get<Json>(`/api/public/complaints/${second.trackingNumber}`)).body).toMatchObject({ trackingNumber: second.trackingNumber, confidential: true });
    expect((await reporter.get(`/api/public/complaints/${other.trackingNumber}`)).status).toBe(404);
    expect((await reporter.get<MyList>('/api/public/my-complaints')).body.items).toHaveLength(2);
    // The link works once.
    expect((await new Client(t.url).post('/api/public/my-complaints/sign-in', { token })).status).toBe(422);
    // Signing out ends it.
    expect((await reporter.post('/api/public/my-complaints/sign-out', {})).status).toBe(200);
    expect((await new Client(t.url).get('/api/public/my-complaints', { cookie })).body).toEqual({ items: [], sessionExpiresAt: null });
    expect((await new Client(t.url).get(`/api/public/complaints/${first.trackingNumber}`, { cookie })).status).toBe(404);
  });

  it('refuses a sign-in link after it expired, and a session after it ended', async () => {
    await file({ name: 'Hana', email: 'hana@contoh.id' });
    await new Client(t.url).post('/api/public/my-complaints/link', { email: 'hana@contoh.id' }, from('192.0.2.20'));
    const [mail] = await mailsTo('hana@contoh.id', 1);
    const token = decodeURIComponent(/#token=([A-Za-z0-9_%-]+)/.exec(mail?.text ?? '')?.[1] ?? '');
    t.clock.advance(31 * 60_000);
    expect((await new Client(t.url).post('/api/public/my-complaints/sign-in', { token }, from('192.0.2.21'))).status).toBe(422);

    await new Client(t.url).post('/api/public/my-complaints/link', { email: 'hana@contoh.id' }, from('192.0.2.22'));
    const [, fresh] = await mailsTo('hana@contoh.id', 2);
    const reporter = new Client(t.url);
    const freshToken = decodeURIComponent(/#token=([A-Za-z0-9_%-]+)/.exec(fresh?.text ?? '')?.[1] ?? '');
    expect((await reporter.post('/api/public/my-complaints/sign-in', { token: freshToken }, from('192.0.2.23'))).status).toBe(200);
    expect((await reporter.get<MyList>('/api/public/my-complaints')).body.items).toHaveLength(1);
    t.clock.advance(121 * 60_000);
    expect((await reporter.get('/api/public/my-complaints')).body).toEqual({ items: [], sessionExpiresAt: null });
  });

  it('takes information with a file at any time the complaint is open, tells the office, and lists the file with its message', async () => {
    const { trackingNumber: tn, accessCode } = await file({ name: 'Indra', email: 'indra@contoh.id' });
    await staff.act(tn, 'acknowledge');
    const form = new FormData();
    form.append('reply', JSON.stringify({ message: 'Ini bukti pembayaran retribusi.' }));
    form.append('attachments', new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')], { type: 'application/pdf' }), 'bukti.pdf');
    const sent = await new Client(t.url).request<Json & { messages: { id: number; kind: string; from: string }[]; attachments: { name: string; messageId: number | null }[]; state: string; canAddInformation: boolean }>(
      'POST',
      `/api/public/complaints/${tn}/messages`,
      { body: form, headers: { 'x-access-code': accessCode } },
    );
    expect(sent.status).toBe(201);
    expect(sent.body.state).toBe('acknowledged');
    const message = sent.body.messages.find((m) => m.from === 'reporter' && m.kind === 'message');
    expect(message).toBeDefined();
    expect(sent.body.attachments).toEqual([expect.objectContaining({ name: 'bukti.pdf', messageId: message?.id })]);
    // The office is told, as of a reporter's reply, and its "Tugas saya" lists it under replies.
    const notices = (await staff.get<{ items: { kind: string; trackingNumber: string; data: Json | null }[] }>('/api/staff/notifications')).body.items;
    expect(notices.find((n) => n.trackingNumber === tn)).toMatchObject({ kind: 'reporter_replied' });
    const work = (await staff.get<{ sections: { key: string; items: { trackingNumber: string }[] }[] }>('/api/staff/my-work')).body.sections;
    expect(work.find((s) => s.key === 'replied')?.items.map((i) => i.trackingNumber)).toContain(tn);
    const detail = (await staff.get<{ attachments: { name: string; messageId: number | null }[]; events: { type: string }[] }>(`/api/staff/complaints/${tn}`)).body;
    expect(detail.attachments.map((a) => a.name)).toContain('bukti.pdf');
    expect(detail.events.at(-1)?.type).toBe('reporter_info');

    // During a clarification the same route answers the question and restarts the clock.
    await staff.act(tn, 'request_clarification', { message: 'Nomor permohonan?' });
    const reply = await new Client(t.url).post<{ state: string }>(`/api/public/complaints/${tn}/messages`, { message: 'PRM-2026-7' }, { 'x-access-code': accessCode });
    expect([reply.status, reply.body.state]).toEqual([201, 'acknowledged']);
    // Closed: nothing more is taken, and nothing is written.
    expect((await kasie.act(tn, 'reject', { reason: 'other', message: 'Bukan pengaduan perizinan.' })).status).toBe(200);
    const before = (await t.db.kysely.selectFrom('complaint_messages').select('id').execute()).length;
    expect((await new Client(t.url).post(`/api/public/complaints/${tn}/messages`, { message: 'Satu lagi' }, { 'x-access-code': accessCode })).status).toBe(409);
    expect((await t.db.kysely.selectFrom('complaint_messages').select('id').execute()).length).toBe(before);
    expect((await new Client(t.url).post(`/api/public/complaints/${tn}/messages`, { message: 'x' }, { 'x-access-code': 'WRONGCODE2' })).status).toBe(404);
  });
});
