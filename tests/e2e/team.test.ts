import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, Client, startTestApp, STAFF_PASSWORD, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { axeViolations, launchBrowser } from './browser.js';

const TABLET = { width: 1024, height: 768 };

/**
 * Two people in two browsers: the head of section names a staff member on a complaint; the staff
 * member, already on "Tugas saya", sees the bell count rise (the 30-second poll, no reload) and,
 * after opening the bell, the complaint in "Tugas saya".
 */
describe('ownership and notifications in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await addStaff(t, 'rina.kusuma@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await t.db.kysely.updateTable('users').set({ name: 'Rina Kusuma' }).where('email', '=', 'rina.kusuma@test.local').execute();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  async function loginAs(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: TABLET, locale: 'id-ID', timezoneId: 'Europe/London', bypassCSP: true });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.url}/office`);
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.getByLabel('Kata sandi', { exact: true }).fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByTestId('whoami').waitFor();
    return page;
  }

  it('a head of section assigns; the staff member hears it on "Tugas saya" without reloading', { timeout: 120_000 }, async () => {
    const submitted = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', { ...VALID_COMPLAINT, anonymous: true, reporter: { name: 'Siti Rahasia', email: 'siti@contoh.id' } });
    const tn = submitted.body.trackingNumber;

    // Rina opens the office: "Tugas saya" is the first page, with nothing for her yet.
    const rina = await loginAs('rina.kusuma@test.local');
    await rina.getByRole('heading', { level: 1, name: 'Tugas saya' }).waitFor();
    await rina.getByText('Tidak ada tugas yang menunggu Anda.').waitFor();
    expect(await rina.getByTestId('bell-count').count()).toBe(0);
    const violations = await axeViolations(rina);
    expect(violations.map((v) => `${v.id} ${v.help}`)).toEqual([]);

    // The head of section names her on the complaint page.
    const kasie = await loginAs('kasie@test.local');
    await kasie.goto(`${t.url}/office/pengaduan/${tn}`);
    await kasie.getByTestId('owner-name').getByText('Belum ada petugas yang menangani.').waitFor();
    await kasie.getByLabel('Tugaskan kepada').selectOption({ label: 'Rina Kusuma' });
    await kasie.getByTestId('owner').getByRole('button', { name: 'Tugaskan', exact: true }).click();
    await kasie.getByTestId('owner-name').getByText('Ditangani oleh Rina Kusuma').waitFor();
    expect(await kasie.getByTestId('bell-count').count()).toBe(0);

    // Rina, still on "Tugas saya", sees the bell rise within the poll.
    await rina.getByTestId('bell-count').getByText('1', { exact: true }).waitFor({ timeout: 45_000 });
    await rina.getByTestId('bell').click();
    const notice = rina.locator('#bell-list li[data-kind="assigned"]');
    await notice.getByText(`kasie menugaskan ${tn} kepada Anda`).waitFor();
    expect(await notice.textContent()).not.toContain('Siti');
    // …and the complaint in "Tugas saya", no reload.
    await rina.locator(`[data-section="assigned"] [data-tracking-number="${tn}"]`).waitFor();
    expect(await rina.getByTestId('my-work-count').textContent()).toBe('1');

    // Opening the notice takes her to the complaint and marks it read.
    await notice.getByRole('link').click();
    await rina.waitForURL(`**/office/pengaduan/${tn}`);
    await rina.getByTestId('owner-name').getByText('Ditangani oleh Rina Kusuma').waitFor();
    await rina.getByTestId('bell-count').waitFor({ state: 'detached' });
    const unread = await t.db.kysely.selectFrom('notifications').select('read_at').executeTakeFirstOrThrow();
    expect(unread.read_at).not.toBeNull();
  });
});
