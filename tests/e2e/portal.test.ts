import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { axeViolations, inPage, launchBrowser, phoneContext, TINY_PDF, TINY_PNG, VIEWPORT } from './browser.js';

type Json = Record<string, unknown>;
type Lang = 'id' | 'en';
type StaffDetail = { state: string; attachments: { name: string; uploadedBy: string }[]; messages: { kind: string; body: string }[]; survey: { scores: number[]; comment: string | null } | null };

/** What the reporter reads, per language: the test clicks by accessible name, as a screen reader would. */
const WORDS = {
  id: {
    formTitle: 'Buat pengaduan',
    send: 'Kirim pengaduan',
    receiptTitle: 'Pengaduan Anda sudah kami terima',
    receivedAt: '24 November 2026, 10.00 WIB',
    firstResponseDue: '25 November 2026, 10.00 WIB',
    trackThis: 'Lacak pengaduan ini',
    show: 'Tampilkan',
    received: 'Diterima',
    clarification: 'Menunggu klarifikasi',
    sendReply: 'Kirim balasan',
    replySent: 'Balasan terkirim. Terima kasih.',
    answered: 'Dijawab',
    accept: 'Ya, terima jawaban',
    confirmAccept: 'Ya, tutup pengaduan',
    accepted: 'Terima kasih. Pengaduan ditutup.',
    dispute: 'Tidak, ajukan keberatan',
    sendDispute: 'Kirim keberatan',
    reopened: 'Dibuka kembali',
    rate: 'Kirim penilaian',
    thanks: 'Terima kasih atas penilaian Anda.',
    wrongCode: 'Nomor pengaduan atau kode akses salah.',
    tooMany: 'Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam 60 menit.',
    deadline: 'Batas tanggapan pertama',
    similar: 'Jika sudah ada pengaduan yang masih diproses dengan nomor permohonan atau kontak ini',
    summaryOf5: 'Ada 5 hal yang perlu diperbaiki',
    subjectError: 'Judul paling sedikit 5 karakter.',
  },
  en: {
    formTitle: 'File a complaint',
    send: 'Send complaint',
    receiptTitle: 'We have received your complaint',
    receivedAt: '24 November 2026, 10:00 WIB',
    firstResponseDue: '25 November 2026, 10:00 WIB',
    trackThis: 'Track this complaint',
    show: 'Show',
    received: 'Received',
    clarification: 'Awaiting clarification',
    sendReply: 'Send reply',
    replySent: 'Reply sent. Thank you.',
    answered: 'Answered',
    accept: 'Yes, accept the answer',
    confirmAccept: 'Yes, close the complaint',
    accepted: 'Thank you. The complaint is closed.',
    dispute: 'No, dispute it',
    sendDispute: 'Send dispute',
    reopened: 'Reopened',
    rate: 'Send rating',
    thanks: 'Thank you for your rating.',
    wrongCode: 'Wrong tracking number or access code.',
    tooMany: 'Too many requests from your address. Try again in 60 minutes.',
    deadline: 'First response due',
    similar: 'If an open complaint already has this application number or contact',
    summaryOf5: 'There are 5 things to fix',
    subjectError: 'The subject needs at least 5 characters.',
  },
} as const satisfies Record<Lang, Record<string, string>>;

/** For a person to look at: the whole page and its first screen (PORTAL_SCREENSHOTS=1). */
async function screenshots(p: Page, name: string): Promise<void> {
  await p.screenshot({ path: `/tmp/portal-${name}.png`, fullPage: true });
  await p.evaluate('window.scrollTo(0, 0)');
  await p.screenshot({ path: `/tmp/portal-${name}-top.png` });
}

const PUBLIC_PAGES = ['/', '/lapor', '/lacak', '/statistik', '/privasi', '/lapor/tanda-terima', '/tidak-ada'];

describe('the public portal on a 360 × 740 phone', () => {
  let t: TestApp;
  let browser: Browser;
  let staff: Client;
  let kasie: Client;
  const pages = new Map<Lang, Page>();
  const at = (lang: Lang, path: string) => `${t.url}${path}${lang === 'en' ? `${path.includes('?') ? '&' : '?'}lang=en` : ''}`;

  async function expectAccessible(page: Page, what: string): Promise<void> {
    const violations = await axeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    // Usable at 360 px: nothing wider than the screen.
    const width = await inPage<number>(page, 'document.documentElement.scrollWidth');
    expect(width, `${what} scrolls sideways`).toBeLessThanOrEqual(VIEWPORT.width);
  }

  async function lookUp(page: Page, lang: Lang, tn: string, code: string): Promise<void> {
    await page.goto(at(lang, '/lacak'));
    await page.locator('#f-trackingNumber').fill(tn.toLowerCase());
    await page.locator('#f-accessCode').fill(code.replace(/(.{5})/, '$1 '));
    await page.getByRole('button', { name: WORDS[lang].show }).click();
    await page.locator('#complaint-title').waitFor();
  }

  async function answer(tn: string, body: string): Promise<void> {
    expect((await staff.act(tn, 'draft_answer', { body })).status).toBe(200);
    expect((await kasie.act(tn, 'approve_answer')).status).toBe(200);
  }

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    [staff, kasie] = await Promise.all([Client.login(t, 'staf@test.local'), Client.login(t, 'kasie@test.local')]);
    browser = await launchBrowser();
    for (const lang of ['id', 'en'] as const) pages.set(lang, await (await phoneContext(browser, lang === 'id' ? 'id-ID' : 'en-GB')).newPage());
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  describe.each(['id', 'en'] as const)('in %s', (lang) => {
    const w = WORDS[lang];
    const page = () => pages.get(lang) as Page;

    it('files with an attachment, gets a receipt, follows it, replies to a clarification, accepts the answer and rates it', async () => {
      t.clock.set('2026-11-24T03:00:00.000Z');
      const p = page();
      await p.goto(at(lang, '/lapor'));
      await expect.poll(() => p.locator('h1').textContent()).toBe(w.formTitle);
      // The permit picker narrows as the reporter types.
      await expect.poll(() => p.locator('#f-permitTypeId option').count()).toBeGreaterThan(10);
      await p.locator('#permit-search').fill('reklame');
      await expect.poll(() => p.locator('#f-permitTypeId option').count()).toBe(2);
      await p.locator('#f-permitTypeId').selectOption({ label: 'Izin penyelenggaraan reklame' });
      await p.locator('#f-applicationNumber').fill(`REK-${lang}-001`);
      await p.locator('#f-subject').fill(lang === 'id' ? 'Izin reklame belum terbit' : 'Billboard permit not issued');
      const description = lang === 'id' ? 'Permohonan izin reklame saya sudah lengkap sejak sebulan lalu tetapi belum ada kabar.' : 'My billboard permit application has been complete for a month but I have heard nothing.';
      await p.locator('#f-description').fill(description);
      expect(await p.locator('#f-description-hint').textContent()).toContain(String(description.length));
      await p.locator('#f-attachments').setInputFiles({ name: 'bukti.png', mimeType: 'image/png', buffer: TINY_PNG });
      await p.locator('#f-reporter-name').fill('Dewi Lestari');
      await p.locator('#f-reporter-email').fill(`dewi.${lang}@contoh.id`);
      await p.locator('#f-consent').check();
      if (process.env.PORTAL_SCREENSHOTS) await screenshots(p, `form-${lang}`);
      await expectAccessible(p, `filled form (${lang})`);
      await p.getByRole('button', { name: w.send }).click();

      await p.waitForURL(/\/lapor\/tanda-terima/);
      await expect.poll(() => p.locator('h1').textContent()).toBe(w.receiptTitle);
      const tn = (await p.getByTestId('tracking-number').textContent()) ?? '';
      const code = ((await p.getByTestId('access-code').textContent()) ?? '').replace(/\s/g, '');
      expect(tn).toMatch(/^ADU-2026-\d{6}$/);
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
      const receiptText = await p.locator('main').textContent();
      expect(receiptText).toContain(w.receivedAt);
      expect(receiptText).toContain(w.firstResponseDue);
      await expectAccessible(p, `receipt (${lang})`);
      // Printable: the print stylesheet hides the site's chrome and the buttons.
      await p.emulateMedia({ media: 'print' });
      expect(await p.locator('.site-header').isVisible()).toBe(false);
      expect(await p.getByRole('button', { name: w.trackThis }).isVisible()).toBe(false);
      expect(await p.getByTestId('access-code').isVisible()).toBe(true);
      await p.emulateMedia({ media: 'screen' });

      // The office sees what the reporter sent, attachment included.
      let detail = (await staff.get<StaffDetail>(`/api/staff/complaints/${tn}`)).body;
      expect(detail.attachments).toEqual([expect.objectContaining({ name: 'bukti.png', uploadedBy: 'reporter' })]);

      await p.getByRole('button', { name: w.trackThis }).click();
      await p.locator('#complaint-title').waitFor();
      expect(await p.locator('.badge').textContent()).toBe(w.received);
      expect(await p.locator('.deadline').textContent()).toContain(`${w.deadline} ${w.firstResponseDue}`);
      await expectAccessible(p, `tracking a received complaint (${lang})`);

      // The office asks for clarification through the API; the reporter replies with a file.
      t.clock.set('2026-11-24T05:00:00.000Z');
      expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
      const question = lang === 'id' ? 'Mohon kirim foto bukti pembayaran retribusi.' : 'Please send a photo of the fee receipt.';
      expect((await staff.act(tn, 'request_clarification', { message: question })).status).toBe(200);
      await lookUp(p, lang, tn, code);
      expect(await p.locator('.badge').textContent()).toBe(w.clarification);
      expect(await p.locator('#clarification-question').textContent()).toContain(question);
      await expectAccessible(p, `clarification with the reply form (${lang})`);
      await p.locator('#f-message').fill(lang === 'id' ? 'Terlampir bukti pembayaran.' : 'The receipt is attached.');
      await p.locator('#f-attachments').setInputFiles({ name: 'bayar.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
      await p.getByRole('button', { name: w.sendReply }).click();
      await expect.poll(() => p.getByRole('status').first().textContent()).toBe(w.replySent);
      detail = (await staff.get<StaffDetail>(`/api/staff/complaints/${tn}`)).body;
      expect(detail.state).toBe('acknowledged');
      expect(detail.attachments.map((a) => a.name)).toEqual(['bukti.png', 'bayar.pdf']);

      // The office answers; the reporter accepts and rates.
      const answerText = lang === 'id' ? 'Izin reklame Anda sudah terbit dan dapat diunduh.' : 'Your billboard permit has been issued and can be downloaded.';
      await answer(tn, answerText);
      await lookUp(p, lang, tn, code);
      expect(await p.locator('.badge').textContent()).toBe(w.answered);
      expect(await p.locator('.answer').textContent()).toContain(answerText);
      await expectAccessible(p, `answered, with accept/dispute and the survey (${lang})`);
      await p.getByRole('button', { name: w.accept }).click();
      await p.getByRole('button', { name: w.confirmAccept }).click();
      await expect.poll(() => p.getByRole('status').first().textContent()).toBe(w.accepted);
      for (let i = 0; i < 9; i++) await p.locator(`input[name="survey-${i}"][value="${i === 2 ? 2 : 4}"]`).check();
      await p.locator('#survey-comment').fill(lang === 'id' ? 'Cepat dan jelas.' : 'Quick and clear.');
      if (process.env.PORTAL_SCREENSHOTS) await screenshots(p, `track-${lang}`);
      await p.getByRole('button', { name: w.rate }).click();
      await expect.poll(() => p.locator('.notice-success').last().textContent()).toBe(w.thanks);
      detail = (await staff.get<StaffDetail>(`/api/staff/complaints/${tn}`)).body;
      expect(detail.state).toBe('closed');
      expect(detail.survey).toEqual(expect.objectContaining({ scores: [4, 4, 2, 4, 4, 4, 4, 4, 4], comment: lang === 'id' ? 'Cepat dan jelas.' : 'Quick and clear.' }));
      await expectAccessible(p, `closed and rated (${lang})`);
    });

    it('disputes an answer, which reopens the complaint', async () => {
      const p = page();
      const filed = await new Client(t.url).post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, language: lang });
      const tn = filed.body.trackingNumber as string;
      const code = filed.body.accessCode as string;
      expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
      await answer(tn, 'Izin Anda sudah terbit.');
      await lookUp(p, lang, tn, code);
      await p.getByRole('button', { name: w.dispute }).click();
      // Too short first: the error sits next to the field and in the summary.
      await p.locator('#f-reason').fill('no');
      await p.getByRole('button', { name: w.sendDispute }).click();
      await expect.poll(() => p.locator('#f-reason-error').isVisible()).toBe(true);
      expect(await p.locator('#f-reason').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(p, `dispute form with an error (${lang})`);
      await p.locator('#f-reason').fill(lang === 'id' ? 'Di portal OSS izin saya masih berstatus ditolak.' : 'On the OSS portal my permit still shows as rejected.');
      await p.getByRole('button', { name: w.sendDispute }).click();
      await expect.poll(() => p.locator('.badge').textContent()).toBe(w.reopened);
      const detail = (await staff.get<StaffDetail>(`/api/staff/complaints/${tn}`)).body;
      expect(detail.state).toBe('reopened');
      expect(detail.messages.some((m) => m.kind === 'dispute')).toBe(true);
    });

    it('checks the form before sending, links the summary to the fields, and hints at an open complaint with the same details', async () => {
      const p = page();
      await p.goto(at(lang, '/lapor'));
      await p.locator('#f-subject').fill('abc');
      await p.getByRole('button', { name: w.send }).click();
      const summary = p.locator('.error-summary');
      await expect.poll(() => summary.locator('h2').textContent()).toBe(w.summaryOf5);
      // The summary takes focus, and each entry moves focus to its field.
      expect(await inPage(p, 'document.activeElement?.className')).toBe('error-summary');
      await summary.getByRole('link', { name: w.subjectError }).click();
      expect(await inPage(p, 'document.activeElement?.id')).toBe('f-subject');
      expect(await p.locator('#f-subject-error').textContent()).toBe(w.subjectError);
      await expectAccessible(p, `form with errors (${lang})`);
      // The same neutral notice whether or not an open complaint has this contact (the dispute one has).
      await p.locator('#f-reporter-email').fill(VALID_COMPLAINT.reporter.email);
      await expect.poll(() => p.locator('.notice').textContent(), { timeout: 5000 }).toContain(w.similar);
      await p.locator('#f-reporter-email').fill('tidak.ada@contoh.id');
      await expect.poll(() => p.locator('.notice').textContent(), { timeout: 5000 }).toContain(w.similar);
      await p.locator('#f-reporter-email').fill('');
      await expect.poll(() => p.locator('.notice').count(), { timeout: 5000 }).toBe(0);
    });
  });

  it('passes axe on every public page in both languages, and switches language in one tap', async () => {
    for (const lang of ['id', 'en'] as const) {
      const p = pages.get(lang) as Page;
      for (const path of PUBLIC_PAGES) {
        await p.goto(at(lang, path));
        await p.locator('h1').waitFor();
        await p.waitForLoadState('networkidle');
        expect(await inPage(p, 'document.documentElement.lang')).toBe(lang);
        if (process.env.PORTAL_SCREENSHOTS) await p.screenshot({ path: `/tmp/portal-page${path.replace(/\//g, '-')}-${lang}.png`, fullPage: true });
        await expectAccessible(p, `${path} (${lang})`);
      }
    }
    const p = pages.get('id') as Page;
    await p.goto(at('id', '/'));
    await p.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => p.locator('h1').textContent()).toBe('A problem with your permit? Tell us here.');
    expect(new URL(p.url()).searchParams.get('lang')).toBe('en');
    await p.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    await expect.poll(() => p.locator('h1').textContent()).toBe('Ada masalah dengan izin Anda? Sampaikan di sini.');
  });

  it('works with the keyboard alone: skip link, navigation, tracking form', async () => {
    const p = pages.get('id') as Page;
    const filed = await new Client(t.url).post<Json>('/api/public/complaints', VALID_COMPLAINT);
    await p.goto(at('id', '/'));
    // React renders after the load event; keys pressed before that land on an empty page.
    await p.locator('h1').waitFor();
    await p.keyboard.press('Tab');
    expect(await inPage(p, 'document.activeElement?.textContent')).toBe('Langsung ke isi');
    await p.keyboard.press('Enter');
    expect(await inPage(p, 'document.activeElement?.id')).toBe('main');
    // Through the main content to the "Lacak pengaduan" call to action.
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    expect(await inPage(p, 'document.activeElement?.textContent')).toBe('Lacak pengaduan');
    await p.keyboard.press('Enter');
    await p.waitForURL(/\/lacak$/);
    // The page is loaded on demand; focus lands on its heading once it arrives.
    await expect.poll(() => inPage(p, 'document.activeElement?.tagName')).toBe('H1');
    await p.keyboard.press('Tab');
    expect(await inPage(p, 'document.activeElement?.id')).toBe('f-trackingNumber');
    await p.keyboard.type(filed.body.trackingNumber as string);
    await p.keyboard.press('Tab');
    await p.keyboard.type(filed.body.accessCode as string);
    await p.keyboard.press('Enter');
    await p.locator('#complaint-title').waitFor();
    expect(await p.locator('#complaint-title').textContent()).toContain(filed.body.trackingNumber as string);
  });

  it('says clearly when too many look-ups came from one address (429)', { timeout: 60_000 }, async () => {
    const limited = await startTestApp('sqlite', { env: { RATE_LIMIT_TRACK_PER_HOUR: '1' } });
    try {
      for (const lang of ['id', 'en'] as const) {
        // A page of its own, with short waits: a step that hangs names itself instead of the test's timeout.
        const context = await phoneContext(browser, lang === 'id' ? 'id-ID' : 'en-GB');
        context.setDefaultTimeout(10_000);
        const p = await context.newPage();
        await p.goto(`${limited.url}/lacak${lang === 'en' ? '?lang=en' : ''}`);
        for (const expected of lang === 'id' ? [WORDS.id.wrongCode, WORDS.id.tooMany] : [WORDS.en.tooMany]) {
          await p.locator('#f-trackingNumber').fill('ADU-2026-000999');
          await p.locator('#f-accessCode').fill('ABCDEFGHJK');
          await p.getByRole('button', { name: WORDS[lang].show }).click();
          await expect.poll(() => p.locator('.error-summary h2').textContent({ timeout: 2_000 }).catch(() => null), { timeout: 10_000 }).toBe(expected);
        }
        await context.close();
      }
    } finally {
      await limited.close();
    }
  });
});
