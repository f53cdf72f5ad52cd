import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { pollMailbox } from '../../src/inbound-mail/mailbox.js';
import { receiveMail } from '../../src/inbound-mail/receive.js';
import { createMailer, type Mailer } from '../../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom } from '../../src/notifications/worker.js';
import { JOBS, runDueJobs } from '../../src/scheduler/scheduler.js';
import { OfficeSettingsStore } from '../../src/settings/office-settings.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, Client, startTestApp, type TestApp } from '../support/test-app.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../notifications/smtp-sink.js';
import { startDovecot, type TestMailbox } from './dovecot.js';

const INBOUND = 'pengaduan@dpmptsp.example.go.id';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(56, 1)]);
const PDF = Buffer.from('%PDF-1.4\n%bukti\n');

interface RawMail {
  from: string;
  subject: string;
  messageId: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
  attachments?: { name: string; type: string; data: Buffer }[];
}

/** One RFC 822 message, as a mail program would write it. */
function rawMail(m: RawMail): string {
  const head = [`From: ${m.from}`, `To: ${INBOUND}`, `Subject: ${m.subject}`, `Message-ID: ${m.messageId}`, 'Date: Tue, 24 Nov 2026 10:00:00 +0700', 'MIME-Version: 1.0'];
  for (const [k, v] of Object.entries(m.headers ?? {})) head.push(`${k}: ${v}`);
  const bodyPart = m.html !== undefined ? ['Content-Type: text/html; charset=utf-8', '', m.html] : ['Content-Type: text/plain; charset=utf-8', '', m.text ?? ''];
  if (!m.attachments?.length) return [...head, ...bodyPart, ''].join('\r\n');
  const b = 'batas-aduan-123';
  const parts = [['', `--${b}`, ...bodyPart].join('\r\n')];
  for (const a of m.attachments) {
    parts.push([`--${b}`, `Content-Type: ${a.type}; name="${a.name}"`, `Content-Disposition: attachment; filename="${a.name}"`, 'Content-Transfer-Encoding: base64', '', a.data.toString('base64')].join('\r\n'));
  }
  return [...head, `Content-Type: multipart/mixed; boundary="${b}"`, ...parts, `--${b}--`, ''].join('\r\n');
}

type Detail = { state: string; channel: string; reporter: { email: string | null }; messages: { kind: string; body: string }[]; attachments?: unknown[] };

let mailbox: TestMailbox;
beforeAll(async () => {
  mailbox = await startDovecot();
});
afterAll(async () => mailbox?.stop());

describe.each(DIALECTS)('complaints by e-mail, in and out, on %s', (dialect) => {
  let sink: SmtpSink;
  let t: TestApp;
  let mailer: Mailer;
  let staff: Client;
  let kasie: Client;
  const budi = `budi.${dialect}@contoh.id`;
  const poll = (ctx: AppContext = t.ctx) => pollMailbox(ctx, ctx.config.inboundMail ?? expect.fail('inbound mail is configured'));
  const drain = () => drainOutbox(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'test-worker' }));
  const complaintCount = async () => Number((await t.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const detail = async (tn: string) => (await staff.get<Detail>(`/api/staff/complaints/${tn}`)).body;
  const lastTo = (address: string, kind: string): ReceivedMail => {
    const mail = sink.to(address).filter((m) => m.headers.get('x-aduan-template') === kind).at(-1);
    if (!mail) throw new Error(`no ${kind} mail to ${address}`);
    return mail;
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(dialect, {
      env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://pengaduan.example.go.id', INBOUND_MAIL_IMAP_URL: mailbox.url, INBOUND_MAIL_ADDRESS: INBOUND, ATTACHMENT_MAX_BYTES: '2048' },
    });
    mailer = createMailer(t.ctx.config.mail, t.clock.now);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    [staff, kasie] = (await Promise.all(['staf', 'kasie'].map((u) => Client.login(t, `${u}@test.local`)))) as [Client, Client];
  });
  afterAll(async () => {
    mailer?.close();
    await t?.close();
    await sink?.close();
  });

  it('files, clarifies and answers a complaint entirely over e-mail', async () => {
    await mailbox.deliver(
      rawMail({
        from: `Budi Santoso <${budi}>`,
        subject: 'Izin usaha belum terbit',
        messageId: `<keluhan-1.${dialect}@contoh.id>`,
        text: 'Permohonan NIB saya sudah tiga minggu belum diproses. Mohon dibantu.',
        attachments: [{ name: 'bukti.png', type: 'image/png', data: PNG }],
      }),
    );
    // The scheduler's job reads the mailbox.
    expect((await runDueJobs(t.ctx, 'test-instance', undefined, JOBS.filter((j) => j.name === 'inbound_mail'))).inbound_mail).toBe(1);
    expect(await mailbox.unseen()).toBe(0);
    const row = await t.db.kysely.selectFrom('complaints').select(['id', 'tracking_number', 'channel', 'state', 'subject', 'permit_type_id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'email', state: 'received', subject: 'Izin usaha belum terbit', permit_type_id: null });
    const tn = row.tracking_number;
    const filed = await detail(tn);
    expect(filed.reporter.email).toBe(budi);
    expect(await t.db.kysely.selectFrom('attachments').select(['mime_type', 'original_name']).where('complaint_id', '=', row.id).execute()).toEqual([{ mime_type: 'image/png', original_name: 'bukti.png' }]);
    expect(await t.db.kysely.selectFrom('inbound_mails').select(['outcome', 'complaint_id']).where('complaint_id', '=', row.id).execute()).toEqual([{ outcome: 'complaint', complaint_id: row.id }]);

    // The receipt carries the access code, the tracking number in its subject and a Reply-To to the mailbox.
    await drain();
    const receipt = lastTo(budi, 'receipt');
    expect(receipt.subject).toContain(tn);
    expect(receipt.headers.get('reply-to')).toBe(INBOUND);
    expect(receipt.text).not.toContain('Mohon tidak membalas');
    expect(receipt.text).toContain('Anda dapat membalas email ini');
    const code = /Kode akses: ([A-Z0-9]{10})/.exec(receipt.text)?.[1] ?? '';
    expect((await new Client(t.url).get(`/api/public/complaints/${tn}`, { 'x-access-code': code })).status).toBe(200);
    // Staff mail keeps no Reply-To: an officer's reply must not land on a complaint.
    const staffMail = lastTo('staf@test.local', 'new_complaint');
    expect(staffMail.headers.get('reply-to')).toBeUndefined();
    expect(staffMail.text).toContain('Mohon tidak membalas');

    expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
    expect((await staff.act(tn, 'request_clarification', { message: 'Mohon kirim nomor permohonan NIB Anda.' })).body.state).toBe('clarification');
    await drain();
    const question = lastTo(budi, 'clarification_request');
    expect(question.subject).toContain(tn);
    expect(question.headers.get('reply-to')).toBe(INBOUND);
    expect(question.text).toContain('membalas email ini');

    // Budi answers from his mail program, quoting the question.
    await mailbox.deliver(
      rawMail({
        from: `Budi Santoso <${budi.toUpperCase()}>`,
        subject: `Re: ${question.subject}`,
        messageId: `<balasan-1.${dialect}@contoh.id>`,
        headers: { 'In-Reply-To': question.messageId, References: `${receipt.messageId} ${question.messageId}` },
        text: `Nomor permohonan saya 1234567890123.\n\nPada Sel, 24 Nov 2026 pukul 11.00, Pengaduan menulis:\n> Mohon kirim nomor permohonan NIB Anda.\n> Kode akses: ${code}\n`,
      }),
    );
    expect(await poll()).toMatchObject({ reply: 1, complaint: 0 });
    const clarified = await detail(tn);
    expect(clarified.state).toBe('acknowledged');
    const reply = clarified.messages.filter((m) => m.kind === 'reply');
    expect(reply.map((m) => m.body)).toEqual(['Nomor permohonan saya 1234567890123.']);

    expect((await staff.act(tn, 'draft_answer', { body: 'NIB Anda telah terbit dan dapat diunduh di OSS.' })).status).toBe(200);
    expect((await kasie.act(tn, 'approve_answer')).body.state).toBe('answered');
    await drain();
    const answer = lastTo(budi, 'answer_published');
    expect(answer.subject).toContain(tn);
    expect(answer.headers.get('reply-to')).toBe(INBOUND);
    expect(answer.text).toContain('NIB Anda telah terbit');

    // A later mail with the number in its subject (no threading headers) is the reporter's message on the answered complaint.
    await mailbox.deliver(rawMail({ from: budi, subject: `Terima kasih ${tn}`, messageId: `<terima-kasih.${dialect}@contoh.id>`, text: 'Terima kasih, sudah saya unduh.' }));
    expect(await poll()).toMatchObject({ reply: 1 });
    const thanked = await detail(tn);
    expect(thanked.state).toBe('answered');
    expect(thanked.messages.filter((m) => m.kind === 'message').map((m) => m.body)).toEqual(['Terima kasih, sudah saya unduh.']);
  });

  it('records bounces and automatic replies and files nothing', async () => {
    const before = await complaintCount();
    await mailbox.deliver(
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.contoh.id>',
        `To: ${INBOUND}`,
        'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: <dsn.${dialect}@mx.contoh.id>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
        '',
        '--dsn',
        'Content-Type: text/plain',
        '',
        'The mail could not be delivered to hilang@contoh.id.',
        '--dsn',
        'Content-Type: message/delivery-status',
        '',
        'Final-Recipient: rfc822; hilang@contoh.id',
        'Action: failed',
        'Status: 5.1.1',
        '--dsn--',
        '',
      ].join('\r\n'),
    );
    await mailbox.deliver(rawMail({ from: budi, subject: 'Saya sedang cuti', messageId: `<cuti.${dialect}@contoh.id>`, headers: { 'Auto-Submitted': 'auto-replied' }, text: 'Saya sedang cuti sampai 1 Desember.' }));
    await mailbox.deliver(rawMail({ from: 'kabar@toko.example', subject: 'Promo akhir tahun', messageId: `<promo.${dialect}@toko.example>`, headers: { Precedence: 'bulk' }, text: 'Diskon besar untuk semua produk kami.' }));
    await mailbox.deliver(rawMail({ from: 'Dinas Lain <info@dinas.example>', subject: 'Out of Office: Izin', messageId: `<ooo.${dialect}@dinas.example>`, headers: { 'X-Autoreply': 'yes' }, text: 'Kantor tutup.' }));
    expect(await poll()).toMatchObject({ skipped: 4, complaint: 0, reply: 0 });
    expect(await complaintCount()).toBe(before);
    expect(await mailbox.unseen()).toBe(0);
    const reasons = await t.db.kysely.selectFrom('inbound_mails').select(['outcome', 'reason']).where('outcome', '=', 'skipped').orderBy('id').execute();
    expect(reasons.map((r) => r.reason)).toEqual(['bounce', 'auto_reply', 'bulk', 'auto_reply']);
  });

  it('files a reply from another sender as a complaint of its own, never on the reporter’s', async () => {
    const original = await t.db.kysely.selectFrom('complaints').select(['id', 'tracking_number']).where('channel', '=', 'email').orderBy('id').executeTakeFirstOrThrow();
    const messagesBefore = (await detail(original.tracking_number)).messages.length;
    const question = lastTo(budi, 'clarification_request');
    await mailbox.deliver(
      rawMail({
        from: 'Orang Lain <orang.lain@contoh.id>',
        subject: `Re: ${question.subject}`,
        messageId: `<penyusup.${dialect}@contoh.id>`,
        headers: { 'In-Reply-To': question.messageId },
        html: '<html><body><p>Saya juga <b>belum</b> menerima izin reklame saya.</p><p>Sudah sebulan menunggu.</p></body></html>',
      }),
    );
    expect(await poll()).toMatchObject({ complaint: 1, reply: 0 });
    expect((await detail(original.tracking_number)).messages.length).toBe(messagesBefore);
    const filed = await t.db.kysely
      .selectFrom('complaints')
      .innerJoin('reporters', 'reporters.id', 'complaints.reporter_id')
      .select(['complaints.tracking_number', 'complaints.description', 'reporters.email', 'reporters.name'])
      .orderBy('complaints.id', 'desc')
      .executeTakeFirstOrThrow();
    expect(filed).toMatchObject({ email: 'orang.lain@contoh.id', name: 'Orang Lain' });
    expect(filed.tracking_number).not.toBe(original.tracking_number);
    // The HTML-only mail arrives as text.
    expect(filed.description).toContain('Saya juga belum menerima izin reklame saya.');
    expect(filed.description).not.toContain('<');

    // The reporter's address forged: the receiving server's DMARC verdict keeps it off the complaint too.
    await mailbox.deliver(
      rawMail({
        from: budi,
        subject: `Re: ${question.subject}`,
        messageId: `<palsu.${dialect}@contoh.id>`,
        headers: { 'In-Reply-To': question.messageId, 'Authentication-Results': 'mx.dpmptsp.example.go.id; spf=fail smtp.mailfrom=contoh.id; dmarc=fail header.from=contoh.id' },
        text: 'Abaikan pengaduan saya, sudah selesai.',
      }),
    );
    expect(await poll()).toMatchObject({ complaint: 1, reply: 0 });
    expect((await detail(original.tracking_number)).messages.length).toBe(messagesBefore);
  });

  it('takes a mail once with two instances polling at the same time, and again never', async () => {
    const before = await complaintCount();
    const other: AppContext = { db: t.db, config: t.ctx.config, now: t.clock.now, settings: new OfficeSettingsStore(t.db.kysely, t.clock.now) };
    const raw = rawMail({ from: `warga.${dialect}@contoh.id`, subject: 'Antrean loket terlalu lama', messageId: `<sekali.${dialect}@contoh.id>`, text: 'Antrean di loket perizinan hari ini lebih dari tiga jam.' });
    await mailbox.deliver(raw);
    const [a, b] = await Promise.all([poll(), poll(other)]);
    expect(a.complaint + b.complaint).toBe(1);
    expect(await complaintCount()).toBe(before + 1);
    expect(await mailbox.unseen()).toBe(0);
    // An instance that died after filing and before flagging the mail \Seen reads it again: nothing more is filed.
    expect(await receiveMail(t.ctx, Buffer.from(raw))).toEqual({ outcome: 'taken' });
    // Both instances fetched the same mail before either flagged it: the claim decides, inside the filing transaction.
    const raced = Buffer.from(rawMail({ from: `warga.${dialect}@contoh.id`, subject: 'Parkir kantor penuh', messageId: `<balapan.${dialect}@contoh.id>`, text: 'Tempat parkir pemohon selalu penuh oleh kendaraan pegawai.' }));
    const outcomes = await Promise.all([receiveMail(t.ctx, raced), receiveMail(other, raced)]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['complaint', 'taken']);
    expect(await complaintCount()).toBe(before + 2);
    expect(await t.db.kysely.selectFrom('attachments').select('id').where('complaint_id', 'is', null).execute()).toEqual([]);
    await drain();
    expect(sink.to(`warga.${dialect}@contoh.id`).filter((m) => m.headers.get('x-aduan-template') === 'receipt')).toHaveLength(2);
  });

  it('keeps the files the portal would take and names the ones it refused', async () => {
    await mailbox.deliver(
      rawMail({
        from: `Sari <sari.${dialect}@contoh.id>`,
        subject: 'Berkas permohonan hilang',
        messageId: `<lampiran.${dialect}@contoh.id>`,
        text: 'Berkas permohonan saya dinyatakan hilang oleh petugas loket.',
        attachments: [
          { name: 'program.exe', type: 'application/octet-stream', data: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]) },
          { name: 'foto-besar.png', type: 'image/png', data: Buffer.concat([PNG, Buffer.alloc(4096, 7)]) },
          { name: 'tanda-terima.pdf', type: 'application/pdf', data: PDF },
        ],
      }),
    );
    expect(await poll()).toMatchObject({ complaint: 1 });
    const row = await t.db.kysely.selectFrom('complaints').select(['id', 'description']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(await t.db.kysely.selectFrom('attachments').select(['original_name', 'mime_type']).where('complaint_id', '=', row.id).execute()).toEqual([
      { original_name: 'tanda-terima.pdf', mime_type: 'application/pdf' },
    ]);
    expect(row.description).toContain('program.exe: bukan gambar atau PDF');
    expect(row.description).toContain('foto-besar.png: terlalu besar');

    // A mail over INBOUND_MAIL_MAX_BYTES is not fetched: recorded as refused and left, seen, for a person.
    const before = await complaintCount();
    await mailbox.deliver(rawMail({ from: `sari.${dialect}@contoh.id`, subject: 'Berkas sangat besar', messageId: `<besar.${dialect}@contoh.id>`, text: 'x'.repeat(4000) }));
    const config = t.ctx.config.inboundMail ?? expect.fail('inbound mail is configured');
    expect(await pollMailbox(t.ctx, { ...config, maxBytes: 2048 })).toMatchObject({ refused: 1, complaint: 0 });
    expect(await complaintCount()).toBe(before);
    expect(await mailbox.unseen()).toBe(0);
    expect(await t.db.kysely.selectFrom('inbound_mails').select('reason').where('outcome', '=', 'refused').execute()).toEqual([{ reason: 'too_large' }]);
  });
});

describe('the inbound mailbox settings', () => {
  it('needs the address reporters reply to, and a user', () => {
    expect(() => loadConfig({ INBOUND_MAIL_IMAP_URL: 'imaps://kotak:rahasia@mail.example.go.id/INBOX' })).toThrow(/INBOUND_MAIL_ADDRESS/);
    expect(() => loadConfig({ INBOUND_MAIL_IMAP_URL: 'imaps://mail.example.go.id', INBOUND_MAIL_ADDRESS: INBOUND })).toThrow(/INBOUND_MAIL_IMAP_URL/);
    expect(() => loadConfig({ INBOUND_MAIL_ADDRESS: INBOUND })).toThrow(/INBOUND_MAIL_ADDRESS/);
    const config = loadConfig({ INBOUND_MAIL_IMAP_URL: 'imaps://pengaduan%40dinas.go.id@mail.dinas.go.id/Pengaduan', INBOUND_MAIL_IMAP_PASSWORD: 'p@ss/word', INBOUND_MAIL_ADDRESS: INBOUND });
    expect(config.inboundMail).toMatchObject({ imap: { host: 'mail.dinas.go.id', port: 993, secure: true, user: 'pengaduan@dinas.go.id', pass: 'p@ss/word' }, mailbox: 'Pengaduan', address: INBOUND, pollMs: 60_000 });
    expect(config.mail.replyTo).toBe(INBOUND);
    expect(loadConfig({}).inboundMail).toBeNull();
  });
});
