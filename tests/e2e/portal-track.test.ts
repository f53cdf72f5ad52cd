import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom } from '../../src/notifications/worker.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtp-sink.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { axeViolations, inPage, launchBrowser, phoneContext, TINY_PDF, VIEWPORT } from './browser.js';

type Json = Record<string, unknown>;
type StaffDetail = { state: string; attachments: { name: string; messageId: number | null }[]; messages: { id: number; kind: string }[] };

/** A reporter who lost the code, signs in by mail, adds information, answers a question and accepts the answer — on a 360 px phone. */
describe('a portal that never leaves a reporter stuck (360 px phone)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let mailer: Mailer;
  let browser: Browser;
  let context: BrowserContext;
  let p: Page;
  let staff: Client;
  let kasie: Client;
  let tn = '';

  const drain = () => drainOutbox(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'e2e-worker' }));
  /** The newest mail to the address whose subject matches, once the work after the page's answer has sent it. */
  async function mailTo(address: string, subject: RegExp): Promise<string> {
    const matching = () => sink.to(address).filter((m) => subject.test(m.subject));
    await expect.poll(async () => (await drain(), matching().length), { timeout: 10_000, interval: 100 }).toBeGreaterThan(0);
    return matching().at(-1)?.text ?? '';
  }
  async function expectAccessible(what: string): Promise<void> {
    const violations = await axeViolations(p);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    expect(await inPage<number>(p, 'document.documentElement.scrollWidth'), `${what} scrolls sideways`).toBeLessThanOrEqual(VIEWPORT.width);
  }
  const detail = async () => (await staff.get<StaffDetail>(`/api/staff/complaints/${tn}`)).body;
  const statusText = () => p.locator('article > p[role="status"]').textContent();

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp('sqlite', { env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://pengaduan.example.go.id' } });
    mailer = createMailer(t.ctx.config.mail, t.clock.now);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    [staff, kasie] = await Promise.all([Client.login(t, 'staf@test.local'), Client.login(t, 'kasie@test.local')]);
    browser = await launchBrowser();
    context = await phoneContext(browser);
    context.setDefaultTimeout(10_000);
    p = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    mailer?.close();
    await t?.close();
    await sink?.close();
  });

  it('mails a new access code for a lost one, which then opens the complaint', async () => {
    const filed = await new Client(t.url).post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, reporter: { name: 'Rudi', email: 'rudi@contoh.id' } });
    const lost = filed.body.trackingNumber as string;
    await p.goto(`${t.url}/lacak`);
    await p.getByRole('button', { name: 'Lupa kode akses?' }).click();
    await p.locator('#f-recoverNumber').fill(lost);
    await p.getByRole('button', { name: 'Kirim kode baru' }).click();
    await expect.poll(() => p.locator('#recover-access [role="status"]').textContent()).toContain('Permintaan diterima');
    await expectAccessible('lost-code answer');
    const code = /Kode akses:?\s*([A-Z0-9]{10})/.exec(await mailTo('rudi@contoh.id', /Kode akses baru/))?.[1] ?? '';
    expect(code).not.toBe(filed.body.accessCode);
    await p.locator('#f-trackingNumber').fill(lost);
    await p.locator('#f-accessCode').fill(code);
    await p.getByRole('button', { name: 'Tampilkan' }).click();
    await expect.poll(() => p.locator('#complaint-title').textContent()).toBe(`Pengaduan ${lost}`);
    await p.getByRole('button', { name: 'Keluar' }).click();
    await p.locator('#f-trackingNumber').waitFor();
  });

  it('lists my complaints through a one-time mailed link and opens one without a code; a reload keeps it', async () => {
    for (const subject of ['Izin reklame belum terbit', 'PBG belum terbit lewat batas waktu']) {
      tn = ((await new Client(t.url).post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, subject, reporter: { name: 'Sari', email: 'sari@contoh.id' } })).body.trackingNumber as string) ?? '';
    }
    await p.goto(`${t.url}/lacak/saya`);
    await p.locator('#f-email').fill('sari@contoh.id');
    await p.getByRole('button', { name: 'Kirim tautan masuk' }).click();
    await expect.poll(() => p.locator('main [role="status"]').textContent()).toContain('tautan masuk sudah kami kirim');
    const token = /#token=([A-Za-z0-9_%-]+)/.exec(await mailTo('sari@contoh.id', /Tautan masuk/))?.[1] ?? '';
    // As from the mail: a fresh page load of the link.
    await p.goto('about:blank');
    await p.goto(`${t.url}/lacak/saya#token=${token}`);
    await expect.poll(() => p.locator('.my-complaints > li').count()).toBe(2);
    // The token leaves the address bar at once.
    expect(new URL(p.url()).hash).toBe('');
    expect(await p.locator('.my-complaints').textContent()).toContain('Izin reklame belum terbit');
    await expectAccessible('my complaints');
    await p.getByRole('button', { name: `Buka ${tn}` }).click();
    await expect.poll(() => p.locator('#complaint-title').textContent()).toBe(`Pengaduan ${tn}`);
    await p.reload();
    await expect.poll(() => p.locator('#complaint-title').textContent()).toBe(`Pengaduan ${tn}`);
    // The link worked once.
    expect((await new Client(t.url).post('/api/public/my-complaints/sign-in', { token: decodeURIComponent(token) })).status).toBe(422);
  });

  it('adds information with an attachment at any time, listed with the message it came with', async () => {
    expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
    await p.reload();
    await p.locator('#f-information').fill('Berikut bukti pembayaran retribusi.');
    await p.locator('#f-attachments').setInputFiles({ name: 'bukti.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
    await p.getByRole('button', { name: 'Kirim keterangan' }).click();
    await expect.poll(statusText).toBe('Keterangan terkirim. Petugas akan diberi tahu.');
    const files = p.locator('#your-files');
    expect(await files.textContent()).toMatch(/bukti\.pdf.*dikirim bersama pesan/);
    const office = await detail();
    const message = office.messages.find((m) => m.kind === 'message');
    expect(office.attachments).toEqual([expect.objectContaining({ name: 'bukti.pdf', messageId: message?.id })]);
    expect(await files.getByRole('link').getAttribute('href')).toBe(`#pesan-${message?.id}`);
    await expectAccessible('information added');
  });

  it('puts the office question inside the reply panel, right above the reply box', async () => {
    const question = 'Mohon kirim nomor permohonan PBG Anda.';
    expect((await staff.act(tn, 'request_clarification', { message: question })).status).toBe(200);
    await p.reload();
    await p.locator('#f-message').waitFor();
    expect(await p.locator('#clarification-question').textContent()).toContain(question);
    const layout = await inPage<{ samePanel: boolean; gap: number; inHistory: boolean }>(
      p,
      `(() => {
        const q = document.querySelector('#clarification-question');
        const box = document.querySelector('#f-message');
        return {
          samePanel: q.closest('section') === box.closest('section'),
          gap: box.getBoundingClientRect().top - q.getBoundingClientRect().bottom,
          inHistory: document.querySelector('.messages')?.textContent.includes(${JSON.stringify(question)}) ?? false,
        };
      })()`,
    );
    expect(layout).toMatchObject({ samePanel: true, inHistory: false });
    expect(layout.gap).toBeGreaterThanOrEqual(0);
    expect(layout.gap).toBeLessThan(VIEWPORT.height / 4);
    await expectAccessible('question inside the reply panel');
    await p.locator('#f-message').fill('PRM-2026-01234');
    await p.getByRole('button', { name: 'Kirim balasan' }).click();
    await expect.poll(statusText).toBe('Balasan terkirim. Terima kasih.');
  });

  it('shows the answer once and asks before accepting it; "Keluar" forgets the complaint', async () => {
    const answer = 'PBG Anda sudah terbit dan dapat diunduh di portal.';
    expect((await staff.act(tn, 'draft_answer', { body: answer })).status).toBe(200);
    expect((await kasie.act(tn, 'approve_answer')).status).toBe(200);
    await p.reload();
    await p.locator('.answer').waitFor();
    expect(((await p.locator('main').textContent()) ?? '').split(answer).length - 1).toBe(1);
    await p.getByRole('button', { name: 'Ya, terima jawaban' }).click();
    await expect.poll(() => inPage(p, 'document.activeElement?.id')).toBe('confirm-accept');
    expect(await p.locator('#confirm-accept').textContent()).toContain('tidak dapat diajukan keberatan lagi');
    expect((await detail()).state).toBe('answered');
    await expectAccessible('accept confirmation');
    await p.getByRole('button', { name: 'Ya, tutup pengaduan' }).click();
    await expect.poll(statusText).toBe('Terima kasih. Pengaduan ditutup.');
    expect((await detail()).state).toBe('closed');

    await p.getByRole('button', { name: 'Keluar' }).click();
    await p.locator('#f-trackingNumber').waitFor();
    await p.reload();
    await p.locator('#f-trackingNumber').waitFor();
    expect(await p.locator('#complaint-title').count()).toBe(0);
  });
});
