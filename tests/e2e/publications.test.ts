import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { axeViolations, inPage, launchBrowser, phoneContext, VIEWPORT } from './browser.js';

/** A citizen on a phone searches the published answers before complaining, opens one and says "me too". */
describe('published answers on a 360 px phone', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let p: Page;
  let tn = '';

  async function expectAccessible(what: string): Promise<void> {
    const violations = await axeViolations(p);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    expect(await inPage<number>(p, 'document.documentElement.scrollWidth'), `${what} scrolls sideways`).toBeLessThanOrEqual(VIEWPORT.width);
  }

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    const [staff, kasie] = await Promise.all([Client.login(t, 'staf@test.local'), Client.login(t, 'kasie@test.local')]);
    const filed = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', { ...VALID_COMPLAINT, subject: 'Izin reklame ditolak tanpa alasan' });
    tn = filed.body.trackingNumber;
    expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
    expect((await staff.act(tn, 'draft_answer', { body: 'Izin reklame ditolak karena titik reklame berada di jalur hijau; ajukan di titik lain.' })).status).toBe(200);
    const offer = await kasie.get<{ text: Record<string, string> }>(`/api/staff/complaints/${tn}/publication`);
    expect((await kasie.act(tn, 'approve_answer', { publish: offer.body.text })).status).toBe(200);
    browser = await launchBrowser();
    context = await phoneContext(browser);
    context.setDefaultTimeout(10_000);
    p = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('finds the answer by search, opens its page, counts "me too" once', async () => {
    await p.goto(`${t.url}/publik`);
    await p.getByRole('searchbox').fill('reklame jalur');
    await p.getByRole('button', { name: /Cari/ }).click();
    await p.getByRole('status').filter({ hasText: '1 hasil' }).waitFor();
    await expectAccessible('search results');
    await p.getByRole('link', { name: 'Izin reklame ditolak tanpa alasan' }).click();
    await p.getByRole('heading', { level: 1, name: 'Izin reklame ditolak tanpa alasan' }).waitFor();
    expect(p.url()).toBe(`${t.url}/publik/${tn}`);
    expect(await p.locator('body').textContent()).toContain('jalur hijau');
    await expectAccessible('published answer');
    await p.getByRole('button', { name: /Saya juga mengalami ini/ }).click();
    await p.locator('[data-me-too-count]').filter({ hasText: '1' }).waitFor();
    await p.reload();
    await p.getByText('Sudah tercatat').waitFor();
    expect(await p.getByRole('button', { name: /Saya juga mengalami ini/ }).isVisible()).toBe(false);
  });
});
