/**
 * Nobody learns who complained unless their role allows it. An anonymous complaint and a
 * confidential one, each from a reporter with a distinctive name, email, phone, NIK and address,
 * go through every SOP step with mail to a real SMTP server; then each viewer fetches every output
 * they can reach — every GET route of the registry (read from the OpenAPI document, so a new
 * output is covered the day it is added), files decoded (pdftotext, exceljs) — and the mail, the
 * development mailbox, the dead letters and the server log, and none may hold what that viewer may
 * not see.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom, type WorkerLog } from '../../src/notifications/worker.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtp-sink.js';
import { pdfPages } from '../reports/files.js';
import { DIALECTS } from '../support/databases.js';
import { ADMIN, addStaff, Client, STAFF_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;

const ANON = {
  name: 'Wiryawan Kusumadewi',
  email: 'wiryawan.rahasia@contoh.id',
  phone: '081398765432',
  address: 'Jl. Kenanga Tersembunyi No. 77',
  nik: '3671012345678901',
};
const CONF = {
  name: 'Gendhis Prameswari',
  email: 'gendhis.tertutup@contoh.id',
  phone: '081377788899',
  address: 'Jl. Melati Sunyi No. 12',
  nik: '3671019876543210',
};
const identityOf = (r: typeof ANON) => [r.name, r.email, r.phone, r.address];

/** A JPEG whose comment segment holds the NIK, as a scanned ID card would show it. */
function ktpScan(nik: string, name: string): Buffer {
  const comment = Buffer.from(`KTP NIK ${nik} ${name}`, 'latin1');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(comment.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xfe]), length, comment, Buffer.from([0xff, 0xd9])]);
}

interface Output {
  url: string;
  status: number;
  text: string;
}

/** Reads any response as text: PDFs through pdftotext, workbooks cell by cell, the rest as bytes. */
async function textOf(res: Response): Promise<string> {
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('application/pdf')) return pdfPages(bytes).join('\n');
  if (type.includes('spreadsheetml')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
    return cells.join('\n');
  }
  return bytes.toString('latin1') + bytes.toString('utf8');
}

/** What a string may not contain, reported by name so a failure says what leaked where. */
function leaks(outputs: Output[], secrets: string[]): string[] {
  return outputs.flatMap((o) => secrets.filter((s) => o.text.toLowerCase().includes(s.toLowerCase())).map((s) => `${s} in ${o.url}`));
}

describe.each(DIALECTS)('who learns who complained, on %s', (dialect) => {
  let t: TestApp;
  let sink: SmtpSink;
  let mailer: Mailer;
  const logLines: string[] = [];
  let staff: Client;
  let kasie: Client;
  let officer: Client;
  let admin: Client;
  const anon = { tn: '', code: '' };
  const conf = { tn: '', code: '' };
  const cookies = new Map<string, string>();
  let copyRequestId = 0;

  const workerLog: WorkerLog = {
    debug: (obj, msg) => logLines.push(JSON.stringify({ ...obj, msg })),
    info: (obj, msg) => logLines.push(JSON.stringify({ ...obj, msg })),
    error: (obj, msg) => logLines.push(JSON.stringify({ ...obj, msg })),
  };
  const drain = () => drainOutbox(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'identity-test' }), workerLog);

  async function cookieOf(email: string, password = STAFF_PASSWORD): Promise<string> {
    const known = cookies.get(email);
    if (known) return known;
    const res = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    cookies.set(email, cookie);
    return cookie;
  }

  async function file(input: Json, files: { name: string; data: Buffer }[]): Promise<{ tn: string; code: string }> {
    const form = new FormData();
    form.append('complaint', JSON.stringify(input));
    for (const f of files) form.append('attachments', new Blob([f.data]), f.name);
    const res = await new Client(t.url).request<Json>('POST', '/api/public/complaints', { body: form });
    expect(res.status).toBe(201);
    return { tn: res.body.trackingNumber as string, code: res.body.accessCode as string };
  }

  async function reply(c: { tn: string; code: string }, message: string, files: { name: string; data: Buffer }[]): Promise<void> {
    const form = new FormData();
    form.append('reply', JSON.stringify({ message }));
    for (const f of files) form.append('attachments', new Blob([f.data]), f.name);
    const res = await new Client(t.url).request('POST', `/api/public/complaints/${c.tn}/replies`, { body: form, headers: { 'x-access-code': c.code } });
    expect(res.status).toBe(200);
  }

  /** Every SOP step, mail sent after each. */
  async function handle(c: { tn: string; code: string }, replyText: string, replyFile: { name: string; data: Buffer }, divisionId: number): Promise<void> {
    expect((await staff.act(c.tn, 'acknowledge', { message: 'Pengaduan Anda kami terima dan sedang diperiksa.' })).status).toBe(200);
    expect((await staff.act(c.tn, 'print_sheet')).status).toBe(200);
    expect((await staff.act(c.tn, 'request_clarification', { message: 'Mohon lengkapi data permohonan Anda.' })).status).toBe(200);
    await drain();
    await reply(c, replyText, [replyFile]);
    expect((await kasie.act(c.tn, 'dispose', { divisionIds: [divisionId], instruction: 'Mohon diverifikasi berkas PBG.' })).status).toBe(200);
    await drain();
    expect((await officer.act(c.tn, 'record_follow_up', { followUp: 'Berkas diverifikasi ulang.', advocacy: 'Pelapor dipandu melengkapi gambar teknis.' })).status).toBe(200);
    expect((await staff.act(c.tn, 'draft_answer', { body: 'Izin PBG Anda terbit pada 30 November 2026.' })).status).toBe(200);
    // The approver publishes what may be published (the anonymous complaint) with the automatic redaction: its public pages are scanned too.
    const offer = (await kasie.get<{ publishable: boolean; text: Json | null }>(`/api/staff/complaints/${c.tn}/publication`)).body;
    expect((await kasie.act(c.tn, 'approve_answer', offer.publishable && offer.text ? { publish: offer.text } : {})).status).toBe(200);
    await drain();
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(dialect, {
      // Every request comes from one address: the per-address guess and look-up limits would answer 429 first.
      env: { SMTP_URL: sink.url, LOG_LEVEL: 'debug', ACCESS_CODE_MAX_FAILURES: '1000', RATE_LIMIT_TRACK_PER_HOUR: '0' },
      logStream: { write: (line) => void logLines.push(line) },
    });
    // Mail goes to the SMTP server and, as with no server configured, to the development mailbox.
    const smtp = createMailer(t.ctx.config.mail, t.clock.now);
    const files = createMailer({ ...t.ctx.config.mail, smtp: null }, t.clock.now);
    mailer = {
      mode: 'smtp',
      async send(mail) {
        await smtp.send(mail);
        await files.send(mail);
      },
      close() {
        smtp.close();
        files.close();
      },
    };
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    [staff, kasie, officer] = (await Promise.all(['staf', 'kasie', 'pp'].map((u) => Client.login(t, `${u}@test.local`)))) as [Client, Client, Client];
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    const divisionPP = (await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow()).id;

    t.clock.set('2026-11-24T03:00:00.000Z');
    const substance = { subject: 'PBG belum terbit lewat batas waktu', description: 'Permohonan PBG sudah diajukan dua bulan lalu dan belum ada kabar dari dinas.', consent: true, emailCopy: true };
    Object.assign(anon, await file({ ...substance, anonymous: true, reporter: { name: ANON.name, email: ANON.email, phone: ANON.phone, address: ANON.address } }, [{ name: `KTP ${ANON.name}.jpg`, data: ktpScan(ANON.nik, ANON.name) }]));
    Object.assign(conf, await file({ ...substance, confidential: true, reporter: { name: CONF.name, email: CONF.email, phone: CONF.phone, address: CONF.address } }, []));
    await drain();
    t.clock.set('2026-11-24T05:00:00.000Z');
    await handle(anon, `Nomor permohonan PRM-2026-01234, NIK saya ${ANON.nik}.`, { name: 'surat kuasa.jpg', data: ktpScan(ANON.nik, ANON.name) }, divisionPP);
    await handle(conf, 'Nomor permohonan PRM-2026-04321.', { name: 'bukti.jpg', data: ktpScan(CONF.nik, CONF.name) }, divisionPP);
    // The closing mail to the reporters is refused for good: it becomes a dead letter.
    sink.behaviour = { refuse: true };
    t.clock.set('2026-11-26T03:00:00.000Z');
    for (const c of [anon, conf]) expect((await staff.act(c.tn, 'close')).status).toBe(200);
    await drain();
    sink.behaviour = {};
    // The anonymous reporter asks for a copy of their data, and the office delivers it (UU 27/2022).
    const asked = await new Client(t.url).post<{ items: { id: number }[] }>(`/api/public/complaints/${anon.tn}/personal-data-requests`, { kind: 'copy' }, { 'x-access-code': anon.code });
    expect(asked.status).toBe(201);
    copyRequestId = asked.body.items[0]?.id ?? 0;
    expect((await staff.post(`/api/staff/personal-data-requests/${copyRequestId}/answer`, { outcome: 'copy_delivered' })).status).toBe(200);
    // A published article (id 1) on the permit type the knowledge routes are read with.
    const permitTypeId = (await t.db.kysely.selectFrom('permit_types').select('id').where('code', '=', 'LAINNYA').executeTakeFirstOrThrow()).id;
    const text = { id: 'Teks contoh.' };
    const content = { title: text, requirements: text, steps: text, duration: text, cost: text, legalBasis: text };
    expect((await admin.post('/api/admin/knowledge', { kind: 'article', permitTypeId, published: true, content })).status).toBe(201);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  /** Every GET route, from the OpenAPI document, with its path and query filled for both complaints. */
  let open311Token = '';
  async function everyGetUrl(): Promise<{ route: string; url: string }[]> {
    const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; required: boolean }[] }>> };
    const intakeView = async (tn: string) => (await staff.get<{ attachments: { id: number }[]; messages: { id: number }[] }>(`/api/staff/complaints/${tn}`)).body;
    const files = [...(await intakeView(anon.tn)).attachments, ...(await intakeView(conf.tn)).attachments].map((a) => a.id);
    const queryValues: Record<string, string[]> = { from: ['2026-11-01'], to: ['2026-11-30'], year: ['2026'], period: ['2026-11'], trackingNumber: [anon.tn, conf.tn], tn: [anon.tn, conf.tn] };
    const urls: { route: string; url: string }[] = [];
    for (const [route, methods] of Object.entries(doc.paths)) {
      const get = methods.get;
      // The event stream never ends; what it carries (no personal data) is tested in tests/api/live.test.ts.
      if (!get || route === '/api/staff/events') continue;
      // Meta's webhook handshake answers only its verify token and carries nothing but the challenge (tests/channels).
      if (route === '/api/channels/whatsapp/webhook') continue;
      let variants = [route];
      for (const p of get.parameters ?? []) {
        if (p.in === 'path') {
          const values =
            p.name === 'trackingNumber' || p.name === 'serviceRequestId' ? [anon.tn, conf.tn] : p.name === 'format' ? ['json', 'xml'] : p.name === 'serviceCode' ? ['PBG-HUNIAN'] : p.name === 'token' ? [open311Token] : p.name === 'id' && route.includes('attachments') ? files.map(String) : p.name === 'id' && route.includes('personal-data-requests') ? [String(copyRequestId)] : p.name === 'code' ? ['LAINNYA'] : ['1'];
          variants = variants.flatMap((v) => values.map((value) => v.replace(`{${p.name}}`, value)));
        } else if (p.in === 'query' && queryValues[p.name] && (p.required || ['trackingNumber', 'year', 'period'].includes(p.name))) {
          variants = variants.flatMap((v) => (queryValues[p.name] ?? []).map((value) => `${v}${v.includes('?') ? '&' : '?'}${p.name}=${value}`));
        }
      }
      urls.push(...variants.map((url) => ({ route, url })));
    }
    return urls;
  }

  async function fetchAll(cookie: string | null, headersFor: (url: string) => Record<string, string> = () => ({})): Promise<Output[]> {
    const outputs: Output[] = [];
    for (const { url } of await everyGetUrl()) {
      const res = await fetch(`${t.url}${url}`, { headers: { ...(cookie ? { cookie } : {}), ...headersFor(url) } });
      outputs.push({ url, status: res.status, text: await textOf(res) });
    }
    return outputs;
  }

  it('reaches every GET route: the intake desk gets each (the control) and sees the anonymous identity and the NIK', { timeout: 120_000 }, async () => {
    // Open311 reads every complaint only with a read_all key (the first key: usage id 1); it is never the intake desk.
    const made = await admin.post<{ secret: string }>('/api/admin/api-keys', { name: 'Dasbor', scopes: ['read_all', 'file_complaints'] });
    const key = { authorization: `Bearer ${made.body.secret}` };
    const filed = await new Client(t.url).request<{ token: string }[]>('POST', '/open311/v2/requests.json', { json: { service_code: 'PBG-HUNIAN', description: 'Berkas PBG belum diperiksa sejak bulan lalu.' }, headers: key });
    open311Token = filed.body[0]?.token ?? '';
    const outputs = await fetchAll(await cookieOf('staf@test.local'), (url) => (url.startsWith('/open311/') ? key : {}));
    expect(leaks(outputs.filter((o) => o.url.startsWith('/open311/')), [...identityOf(ANON), ...identityOf(CONF), ANON.nik])).toEqual([]);
    const adminOutputs = await fetchAll(await cookieOf(ADMIN.email, ADMIN.password));
    // Each reporter with their own code: the reporter's routes are theirs to read.
    const reporterOutputs = await fetchAll(null, (url) => ({ 'x-access-code': url.includes(anon.tn) ? anon.code : conf.code }));
    const routes = new Map<string, boolean>();
    const all = [...outputs, ...adminOutputs, ...reporterOutputs];
    for (const { route, url } of await everyGetUrl()) routes.set(route, (routes.get(route) ?? false) || all.some((o) => o.url === url && o.status === 200));
    expect([...routes].filter(([, ok]) => !ok).map(([r]) => r)).toEqual([]);
    // The scan finds what is there: the intake desk reads the anonymous reporter and their NIK.
    expect(leaks(outputs, [ANON.name, ANON.email, ANON.nik]).length).toBeGreaterThan(0);
  });

  it('shows the related division neither the anonymous reporter nor their NIK, in any output, until the intake desk releases it', { timeout: 120_000 }, async () => {
    const cookie = await cookieOf('pp@test.local');
    const outputs = await fetchAll(cookie);
    // The officer did reach the complaints, their sheets and the released-nothing file list.
    expect(outputs.filter((o) => o.status === 200 && o.url.includes(anon.tn)).length).toBeGreaterThanOrEqual(2);
    expect(outputs.find((o) => o.url === `/api/staff/complaints/${anon.tn}/sheet.pdf`)?.status).toBe(200);
    expect(leaks(outputs, [...identityOf(ANON), ANON.nik])).toEqual([]);
    // A confidential complaint is the office's: its division sees the reporter (it is not anonymous).
    expect(leaks(outputs, [CONF.name])).not.toEqual([]);

    // Every file of the anonymous reporter answers 404 to the division.
    const view = (await staff.get<{ attachments: { id: number; name: string }[]; messages: { id: number; kind: string; fromReporter: boolean; body: string }[] }>(`/api/staff/complaints/${anon.tn}`)).body;
    expect(view.attachments).toHaveLength(2);
    for (const a of view.attachments) expect((await fetch(`${t.url}/api/staff/complaints/${anon.tn}/attachments/${a.id}`, { headers: { cookie } })).status).toBe(404);

    // The intake desk releases the reply with the NIK taken out, and the reply's file.
    const replyMessage = view.messages.find((m) => m.fromReporter && m.body.includes(ANON.nik));
    expect(replyMessage).toBeDefined();
    const redacted = 'Nomor permohonan PRM-2026-01234, NIK saya [disamarkan].';
    expect((await officer.post(`/api/staff/complaints/${anon.tn}/messages/${replyMessage?.id}/release`, { redactedBody: redacted })).status).toBe(403);
    expect((await admin.post(`/api/staff/complaints/${anon.tn}/messages/${replyMessage?.id}/release`, { redactedBody: redacted })).status).toBe(403);
    expect((await staff.post(`/api/staff/complaints/${anon.tn}/messages/${replyMessage?.id}/release`, { redactedBody: redacted })).status).toBe(200);
    expect((await staff.post(`/api/staff/complaints/${anon.tn}/messages/${replyMessage?.id}/release`, {})).status).toBe(409);
    const replyFile = view.attachments.find((a) => a.name === 'surat kuasa.jpg');
    expect((await staff.post(`/api/staff/complaints/${anon.tn}/attachments/${replyFile?.id}/release`, {})).status).toBe(200);

    const seen = (await officer.get<{ messages: { id: number; body: string; withheld: boolean }[]; attachments: { id: number }[]; events: { type: string }[] }>(`/api/staff/complaints/${anon.tn}`)).body;
    expect(seen.messages.find((m) => m.id === replyMessage?.id)).toMatchObject({ body: redacted, withheld: false });
    expect(seen.attachments.map((a) => a.id)).toEqual([replyFile?.id]);
    expect(seen.events.map((e) => e.type)).toEqual(expect.arrayContaining(['message_released', 'attachment_released']));
    const sheet = pdfPages(Buffer.from(await (await fetch(`${t.url}/api/staff/complaints/${anon.tn}/sheet.pdf`, { headers: { cookie } })).arrayBuffer())).join('\n');
    expect(sheet).toContain('[disamarkan]');
    expect(sheet).not.toContain(ANON.nik);
    const released = await fetch(`${t.url}/api/staff/complaints/${anon.tn}/attachments/${replyFile?.id}`, { headers: { cookie } });
    expect(released.status).toBe(200);
    // The ID card filed with the complaint stays withheld.
    const ktp = view.attachments.find((a) => a.id !== replyFile?.id);
    expect((await fetch(`${t.url}/api/staff/complaints/${anon.tn}/attachments/${ktp?.id}`, { headers: { cookie } })).status).toBe(404);
    expect(leaks(await fetchAll(cookie).then((o) => o.filter((x) => !x.url.endsWith(`/attachments/${replyFile?.id}`))), [...identityOf(ANON), ANON.nik])).toEqual([]);

    // Both logs name the release, neither holds the text.
    const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', 'like', 'identity.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['identity.attachment_released', 'identity.message_released']);
    expect(JSON.stringify(audit)).not.toContain('disamarkan');
  });

  it('shows an admin no anonymous reporter, in any output, the mailbox and the dead letters included, and no access code', { timeout: 120_000 }, async () => {
    const cookie = await cookieOf(ADMIN.email, ADMIN.password);
    const outputs = await fetchAll(cookie);
    const mailbox = outputs.find((o) => o.url.startsWith('/api/admin/mailbox'));
    const dead = outputs.find((o) => o.url === '/api/admin/outbox/dead');
    expect(mailbox?.status).toBe(200);
    expect(dead?.status).toBe(200);
    // The mailbox and the dead letters do hold both complaints' mail.
    expect(mailbox?.text).toContain(anon.tn);
    expect(mailbox?.text).toContain(CONF.email);
    const deadLetters = (await admin.get<{ messages: { trackingNumber: string; recipient: string }[] }>('/api/admin/outbox/dead')).body.messages;
    expect(deadLetters.map((m) => [m.trackingNumber, m.recipient])).toEqual(
      expect.arrayContaining([
        [anon.tn, 'Anonim'],
        [conf.tn, CONF.email],
      ]),
    );
    // The file the intake desk released (it holds the NIK) is read outside the desk like the division reads it.
    const released = await t.db.kysely.selectFrom('identity_releases').select('attachment_id').where('attachment_id', 'is not', null).execute();
    expect(released).toHaveLength(1);
    const notReleased = outputs.filter((o) => o.url !== `/api/staff/complaints/${anon.tn}/attachments/${released[0]?.attachment_id}`);
    expect(notReleased.length).toBe(outputs.length - 1);
    expect(leaks(notReleased, [...identityOf(ANON), ANON.nik, anon.code, conf.code])).toEqual([]);
  });

  it('keeps no readable access code in the outbox or the development mailbox files', async () => {
    const rows = await t.db.kysely.selectFrom('outbox_messages').select(['payload', 'status', 'kind']).execute();
    expect(rows.some((r) => r.kind === 'receipt')).toBe(true);
    const kept = JSON.stringify(rows.filter((r) => r.status === 'sent'));
    const dir = t.ctx.config.mail.outboxDir;
    const files = fs.readdirSync(dir).map((name) => ({ url: name, status: 200, text: fs.readFileSync(path.join(dir, name), 'latin1') }));
    expect(files.some((f) => f.text.includes('[disembunyikan / hidden]'))).toBe(true);
    expect(leaks([{ url: 'outbox', status: 200, text: kept }, ...files], [anon.code, conf.code])).toEqual([]);
    // The reporters did get their codes by SMTP: the file copy hides them, the delivery does not.
    expect(sink.to(ANON.email).some((m) => m.text.includes(anon.code))).toBe(true);
  });

  it('shows the public nothing of either reporter: statistics, tracking with a wrong code, the similar-complaint check', { timeout: 120_000 }, async () => {
    const outputs = await fetchAll(null, () => ({ 'x-access-code': 'SALAHKODE2' }));
    expect(outputs.find((o) => o.url === '/api/public/statistics?year=2026')?.status).toBe(200);
    expect(outputs.find((o) => o.url === `/api/public/complaints/${anon.tn}`)?.status).toBe(404);
    for (const probe of [{ email: ANON.email }, { email: CONF.email }, { phone: ANON.phone }]) {
      const res = await fetch(`${t.url}/api/public/complaints/similar`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(probe) });
      outputs.push({ url: `similar ${JSON.stringify(probe)}`, status: res.status, text: await res.text() });
    }
    expect(leaks(outputs, [...identityOf(ANON), ...identityOf(CONF), ANON.nik, CONF.nik])).toEqual([]);
  });

  it('mails staff no reporter identity, and writes none to the log', async () => {
    const staffMail = sink.received.filter((m) => m.to.some((a) => a.endsWith('@test.local')));
    expect(staffMail.some((m) => m.subject.includes(anon.tn))).toBe(true);
    const everyone = [...identityOf(ANON), ...identityOf(CONF), ANON.nik, CONF.nik];
    expect(leaks(staffMail.map((m) => ({ url: `mail to ${m.to.join(',')}: ${m.subject}`, status: 0, text: m.raw + m.text + m.html })), everyone)).toEqual([]);
    expect(logLines.length).toBeGreaterThan(20);
    expect(leaks(logLines.map((line, i) => ({ url: `log line ${i}`, status: 0, text: line })), [...everyone, anon.code, conf.code])).toEqual([]);
  });
});
