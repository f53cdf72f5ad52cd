import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, countRows, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { axeViolations, inPage, launchBrowser, phoneContext, TINY_PNG, VIEWPORT } from './browser.js';

/** A real PNG head with padding: big enough to watch go up on a slow connection. */
const PHOTO = Buffer.concat([TINY_PNG, Buffer.alloc(120 * 1024)]);
const SUBJECT = 'Reklame belum terbit';
const DESCRIPTION = 'Permohonan izin reklame saya sudah lengkap sejak sebulan lalu tetapi belum ada kabar.';

describe('the complaint form never leaves a reporter stuck (360 px phone)', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;

  async function expectAccessible(what: string): Promise<void> {
    const violations = await axeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    expect(await inPage<number>(page, 'document.documentElement.scrollWidth'), `${what} scrolls sideways`).toBeLessThanOrEqual(VIEWPORT.width);
  }
  const network = (conditions: { offline: boolean; uploadThroughput: number }) =>
    cdp.send('Network.emulateNetworkConditions', { latency: conditions.uploadThroughput > 0 ? 40 : 0, downloadThroughput: -1, ...conditions });
  const fileError = () => page.locator('#f-attachments-error');

  beforeAll(async () => {
    t = await startTestApp('sqlite', {
      // A small attachment limit, so the form's check must come from the server's configuration.
      env: { ATTACHMENT_MAX_BYTES: String(300 * 1024), DATA_PROTECTION_OFFICER_NAME: 'Siti Rahma (PPDP)', DATA_PROTECTION_OFFICER_EMAIL: 'ppdp@tangerang.example.id' },
    });
    browser = await launchBrowser();
    context = await phoneContext(browser);
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('keeps the draft, checks files when chosen, shows the upload, survives failed sends and files once', { timeout: 40_000 }, async () => {
    await page.goto(`${t.url}/lapor`);
    // One of email or phone: the group says so, neither field calls itself optional.
    expect(await page.locator('fieldset.subgroup legend').textContent()).toBe('Email atau nomor telepon/WhatsApp (isi salah satu)');
    expect(await page.locator('label[for="f-reporter-email"]').textContent()).toBe('Email');
    await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
    await expect.poll(() => page.title()).toMatch(/^Kesalahan: Buat pengaduan/);
    expect(await page.locator('#f-reporter-email-error').textContent()).toBe('Isi salah satu: email atau nomor telepon/WhatsApp.');
    await expectAccessible('the form with errors');

    // Typed text survives a reload (files do not; the form says so).
    await page.locator('#f-subject').fill(SUBJECT);
    await page.locator('#f-description').fill(DESCRIPTION);
    await page.reload();
    await expect.poll(() => page.locator('#f-description').inputValue()).toBe(DESCRIPTION);
    expect(await page.locator('#f-subject').inputValue()).toBe(SUBJECT);
    expect(await page.title()).toMatch(/^Buat pengaduan/);
    await page.locator('#f-reporter-name').fill('Dewi Lestari');
    await page.locator('#f-reporter-email').fill('dewi@contoh.id');
    await page.locator('#f-consent').check();

    // A file is checked when chosen, by its content and size; its error goes when it is removed.
    await page.locator('#f-attachments').setInputFiles({ name: 'catatan.png', mimeType: 'image/png', buffer: Buffer.from('bukan gambar, hanya teks') });
    await expect.poll(() => fileError().textContent()).toBe('catatan.png bukan gambar (JPEG, PNG, WebP, GIF) atau PDF. Hapus berkas ini.');
    await expect.poll(() => page.title()).toMatch(/^Kesalahan: /);
    await expectAccessible('a wrong file chosen');
    await page.getByRole('button', { name: 'Hapus catatan.png' }).click();
    await expect.poll(() => fileError().count()).toBe(0);
    await page.locator('#f-attachments').setInputFiles({ name: 'besar.png', mimeType: 'image/png', buffer: Buffer.concat([TINY_PNG, Buffer.alloc(400 * 1024)]) });
    await expect.poll(() => fileError().textContent()).toBe('besar.png berukuran 400 KB, lebih besar dari batas 300 KB. Hapus berkas ini atau pilih yang lebih kecil.');
    await page.getByRole('button', { name: 'Hapus besar.png' }).click();
    await expect.poll(() => fileError().count()).toBe(0);
    await expect.poll(() => page.title()).toMatch(/^Buat pengaduan/);
    await page.locator('#f-attachments').setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: PHOTO });

    // The server is down (503): nothing is lost, the reporter is told to send again.
    const before = await countRows(t, 'complaints');
    const send = page.getByRole('button', { name: 'Kirim pengaduan' });
    await page.route('**/api/public/complaints', (route) => route.fulfill({ status: 503, body: '' }), { times: 1 });
    await send.click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('Pengaduan belum terkirim (server sedang bermasalah)');
    expect(await page.title()).toMatch(/^Kesalahan: /);
    expect(await page.locator('#f-subject').inputValue()).toBe(SUBJECT);
    expect(await page.locator('.file-list').textContent()).toContain('foto.png');
    await expectAccessible('a failed send');

    // The server files it but the answer is lost on the way back (the connection drops).
    await page.route('**/api/public/complaints', async (route) => {
      await route.fetch();
      await route.abort('internetdisconnected');
    }, { times: 1 });
    await send.click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('Pengaduan belum terkirim (koneksi terputus atau terlalu lambat)');
    expect(await countRows(t, 'complaints')).toBe(before + 1);
    expect(await page.locator('.file-list').textContent()).toContain('foto.png');

    // Sent again on a slow phone connection: the upload shows how far it got, in a bar and in words,
    // and the office files nothing new — the receipt is that of the complaint already filed.
    await network({ offline: false, uploadThroughput: 40 * 1024 });
    await send.click();
    const status = page.locator('#send-progress-status');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^[1-9]\d% terkirim \(\d+ KB dari 12\d KB\)$/);
    expect(await status.getAttribute('aria-live')).toBe('polite');
    const value = Number(await page.locator('progress#send-progress').getAttribute('value'));
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(100);
    await page.waitForURL(/\/lapor\/tanda-terima/, { timeout: 15_000 });
    await network({ offline: false, uploadThroughput: -1 });
    const tn = (await page.getByTestId('tracking-number').textContent()) ?? '';
    const filed = await t.db.kysely.selectFrom('complaints').select(['tracking_number', 'subject']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(tn).toBe(filed.tracking_number);
    expect(await countRows(t, 'complaints')).toBe(before + 1);
    expect(await countRows(t, 'attachments')).toBe(1);

    // The receipt: subject, the tracking address (without the code) and its QR code; the mail copy on offer.
    expect(await page.getByTestId('receipt-subject').textContent()).toBe(SUBJECT);
    expect(await page.getByTestId('tracking-address').textContent()).toBe(`${t.url}/lacak?nomor=${tn}`);
    const qr = page.getByRole('img', { name: `Kode QR alamat pelacakan ${tn}` });
    await qr.waitFor();
    expect((await qr.locator('path').getAttribute('d'))?.length).toBeGreaterThan(500);
    expect(await page.locator('#f-receiptEmail').inputValue()).toBe('dewi@contoh.id');
    await page.getByRole('button', { name: 'Kirim tanda terima' }).click();
    await expect.poll(() => page.locator('.receipt-email [role="status"]').textContent()).toContain('Tanda terima dikirim ke dewi@contoh.id');
    await expectAccessible('the receipt');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.receipt-email').isVisible()).toBe(false);
    expect(await qr.isVisible()).toBe(true);
    // Printed, it fits one A4 page.
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b(?!s)/g)).toHaveLength(1);
    await page.emulateMedia({ media: 'screen' });

    // Sent, the draft is gone.
    await page.goto(`${t.url}/lapor`);
    await page.locator('#f-subject').waitFor();
    expect(await page.locator('#f-subject').inputValue()).toBe('');
  });

  it('gives statistics to one decimal, holds the IKM back below 10 respondents, and names the data-protection contact', async () => {
    const filed = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT);
    const first = await t.db.kysely.selectFrom('complaints').select('id').where('tracking_number', '=', filed.body.trackingNumber).executeTakeFirstOrThrow();
    await t.db.kysely.updateTable('complaints').set({ answer_working_days: 2.46 }).where('id', '=', first.id).execute();
    await t.db.kysely.insertInto('satisfaction_surveys').values({ complaint_id: first.id, scores: JSON.stringify([4, 4, 4, 4, 4, 4, 4, 4, 4]), comment: null, submitted_at: t.clock.now().toISOString() }).execute();
    await page.goto(`${t.url}/statistik`);
    const figures = page.locator('.stat-grid');
    await figures.waitFor();
    expect(await figures.textContent()).toContain('2,5 hari kerja');
    expect(await figures.textContent()).toContain('belum cukup responden (1 dari minimal 10)');
    const trend = page.getByRole('table', { name: 'Tren 12 bulan terakhir' });
    expect(await trend.locator('tbody tr').count()).toBe(12);
    expect(await trend.locator('tbody tr').last().locator('th').textContent()).toBe('Nov 2026');
    await expectAccessible('statistics');

    await page.goto(`${t.url}/privasi`);
    const contact = page.getByTestId('privacy-contact');
    await expect.poll(() => contact.textContent()).toContain('Siti Rahma (PPDP)');
    expect(await contact.getByRole('link', { name: 'ppdp@tangerang.example.id' }).getAttribute('href')).toBe('mailto:ppdp@tangerang.example.id');
    // Each right that can be used online links to the tracking page, where the requests are made.
    expect(await page.locator('.rights a[href="/lacak"]').count()).toBe(4);
    await expectAccessible('privacy');
  });
});
