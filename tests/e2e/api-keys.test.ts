import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, startTestApp, type TestApp } from '../support/test-app.js';
import { axeViolations, launchBrowser, logInToOffice } from './browser.js';

/** The admin's API-key screen in a real browser: a key is made, its secret shown once and working, then revoked. */
describe('API keys in the back office', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID', bypassCSP: true });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    await logInToOffice(page, t.url, ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('makes a key, shows its secret once, and revokes it', async () => {
    await page.goto(`${t.url}/office/admin/api-keys`);
    await page.locator('#new-name').fill('Dasbor kota');
    await page.getByRole('checkbox', { name: 'read_all' }).check();
    await page.getByRole('button', { name: 'Tambah' }).click();
    const secret = (await page.getByTestId('api-key-secret').locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^adn_/);
    const reader = new Client(t.url);
    expect((await reader.get('/open311/v2/requests.json', { authorization: `Bearer ${secret}` })).status).toBe(200);
    const row = page.getByTestId('api-keys').locator('tbody tr').filter({ hasText: 'Dasbor kota' });
    await row.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Cabut' }).click();
    await expect.poll(async () => (await reader.get('/open311/v2/requests.json', { authorization: `Bearer ${secret}` })).status, { timeout: 10_000 }).toBe(401);
    await page.reload();
    await page.getByTestId('api-keys').locator('tbody tr').filter({ hasText: 'Dasbor kota' }).waitFor();
    expect(await page.content()).not.toContain(secret);
  });
});
