import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, ADMIN, Client, STAFF_PASSWORD, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { axeViolations, inPage, launchBrowser, phoneContext, VIEWPORT } from './browser.js';

const TABLET = { width: 900, height: 1100 };
/** Several pages and two people per test on a shared two-core machine. */
const BROWSER_TEST_MS = 120_000;

describe('personal-data requests and the audit log in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let trackingNumber = '';
  let code = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await addStaff(t, 'staf@test.local', 'staff');
    const filed = await new Client(t.url).post<{ trackingNumber: string; accessCode: string }>('/api/public/complaints', VALID_COMPLAINT);
    trackingNumber = filed.body.trackingNumber;
    code = filed.body.accessCode;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  async function expectAccessible(page: Page, what: string, maxWidth: number): Promise<void> {
    const violations = await axeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    expect(await inPage<number>(page, 'document.documentElement.scrollWidth'), `${what} scrolls sideways`).toBeLessThanOrEqual(maxWidth);
  }

  async function reporterPage(): Promise<Page> {
    const context = await phoneContext(browser);
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.url}/lacak`);
    await page.locator('#f-trackingNumber').fill(trackingNumber);
    await page.locator('#f-accessCode').fill(code);
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await page.getByTestId('personal-data').waitFor();
    return page;
  }

  async function officePage(email: string, password: string, path: string): Promise<Page> {
    const context = await browser.newContext({ viewport: TABLET, locale: 'id-ID', timezoneId: 'Europe/London', bypassCSP: true, acceptDownloads: true });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.url}/office`);
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.getByLabel('Kata sandi', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByTestId('whoami').waitFor();
    await page.goto(`${t.url}${path}`);
    return page;
  }

  it('a reporter asks for a correction on a 360 px phone, the intake desk corrects, the reporter sees the answer', async () => {
    const reporter = await reporterPage();
    const section = reporter.getByTestId('personal-data');
    await section.getByLabel('Perbaikan data pribadi').check();
    await section.getByLabel('Keterangan').fill('Email saya yang benar budi.baru@contoh.id');
    await section.getByRole('button', { name: 'Kirim permintaan' }).click();
    await section.getByText('Permintaan terkirim.').waitFor();
    await expect(section.getByText('Sedang diproses').count()).resolves.toBe(1);
    await expectAccessible(reporter, 'tracking page with a request', VIEWPORT.width);

    const staff = await officePage('staf@test.local', STAFF_PASSWORD, '/office/data-pribadi');
    const request = staff.locator('.pd-requests > li').first();
    await request.getByText('Email saya yang benar budi.baru@contoh.id').waitFor();
    await request.getByLabel('Email', { exact: true }).fill('budi.baru@contoh.id');
    await request.getByLabel('Alasan / catatan untuk pelapor').fill('Email diperbaiki sesuai permintaan.');
    await expectAccessible(staff, 'personal-data queue', TABLET.width);
    await request.getByRole('button', { name: 'Simpan perbaikan' }).click();
    await staff.getByText('Permintaan dijawab.').waitFor();
    const stored = await t.db.kysely.selectFrom('reporters').select('email').executeTakeFirstOrThrow();
    expect(stored.email).toBe('budi.baru@contoh.id');

    // A reload keeps the complaint this tab showed: no number or code to type again.
    await reporter.reload();
    const answered = reporter.getByTestId('personal-data');
    await answered.getByText('Email diperbaiki sesuai permintaan.').waitFor();
    await expect(answered.getByText('Selesai', { exact: true }).count()).resolves.toBe(1);
    await reporter.getByText('Permintaan atas data pribadi dijawab').waitFor();
  }, BROWSER_TEST_MS);

  it('a copy: the office delivers it and the reporter downloads it from the tracking page', async () => {
    const reporter = await reporterPage();
    const section = reporter.getByTestId('personal-data');
    await section.getByLabel('Salinan data pribadi').check();
    await section.getByRole('button', { name: 'Kirim permintaan' }).click();
    await section.getByText('Permintaan terkirim.').waitFor();

    const staff = await officePage('staf@test.local', STAFF_PASSWORD, '/office/data-pribadi');
    const request = staff.locator('.pd-requests > li').first();
    await expect(request.getByRole('link', { name: 'Unduh salinan data (JSON)' }).getAttribute('href')).resolves.toMatch(/^\/api\/staff\/personal-data-requests\/\d+\/copy\.json$/);
    await request.getByRole('button', { name: 'Serahkan salinan ke pelapor' }).click();
    await staff.getByText('Permintaan dijawab.').waitFor();

    // A reload keeps the complaint this tab showed: no number or code to type again.
    await reporter.reload();
    const download = reporter.waitForEvent('download');
    await reporter.getByRole('button', { name: 'Unduh salinan data (JSON)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`data-pribadi-${trackingNumber}.json`);
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toMatchObject({ reporter: { email: 'budi.baru@contoh.id' }, complaints: [{ trackingNumber }] });
  }, BROWSER_TEST_MS);

  it('an admin reads the audit log in words, filters it and exports the filtered list', async () => {
    const admin = await officePage(ADMIN.email, ADMIN.password, '/office/admin');
    await admin.getByRole('link', { name: 'Log audit' }).click();
    const table = admin.getByTestId('audit-entries');
    await table.getByText('Data pribadi diperbaiki').waitFor();
    await expect(table.getByText('Salinan data pribadi diserahkan').count()).resolves.toBe(1);
    await expectAccessible(admin, 'audit log', TABLET.width);

    await admin.getByTestId('audit-action').selectOption('personal_data.exported');
    await admin.getByRole('button', { name: 'Tampilkan' }).click();
    // The filtered list replaces the whole one when its answer arrives: wait for it, do not count at once.
    await expect.poll(() => table.getByText('Data pribadi diperbaiki').count(), { timeout: 10_000 }).toBe(0);
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.first().getByText('Data pribadi diekspor').count(), { timeout: 10_000 }).toBe(1);
    const exportLink = admin.getByRole('link', { name: 'Ekspor CSV' });
    await expect(exportLink.getAttribute('href')).resolves.toBe('/api/admin/audit.csv?action=personal_data.exported');
    const exported = admin.waitForEvent('download');
    await exportLink.click();
    expect((await exported).suggestedFilename()).toBe('log-audit.csv');
    const recorded = await t.db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'personal_data.exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(recorded.after ?? '{}')).toMatchObject({ document: 'audit_log', format: 'csv', filters: { action: 'personal_data.exported' } });
  }, BROWSER_TEST_MS);
});
