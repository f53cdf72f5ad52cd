import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, startTestApp, type TestApp } from '../support/test-app.js';
import { axeViolations, launchBrowser, logInToOffice } from './browser.js';

/**
 * The admin's API-key screen in a real browser: a key is made, its secret shown once and working, then
 * revoked; a webhook is subscribed (its signing secret shown once) and stopped.
 */
describe('API keys in the back office', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp('sqlite', { env: { WEBHOOK_ALLOW_LOOPBACK: 'true' } });
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
    // The keys' form comes first on the page, the webhooks' second.
    await page.getByRole('button', { name: 'Tambah' }).first().click();
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

  it('subscribes a webhook to published answers, shows its signing secret once, and stops it', async () => {
    await page.goto(`${t.url}/office/admin/api-keys`);
    await page.locator('#new-url').fill('http://127.0.0.1:9/aduan-hook');
    await page.getByRole('checkbox', { name: 'complaint_received' }).uncheck();
    await page.getByRole('checkbox', { name: 'state_changed' }).uncheck();
    await page.locator('#new-scope').selectOption('published');
    await page.getByRole('button', { name: 'Tambah' }).last().click();
    const secret = (await page.getByTestId('webhook-secret').locator('code').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    const admin = await Client.login(t, ADMIN.email, ADMIN.password);
    const listed = async () => (await admin.get<{ items: { id: number; url: string; events: string[]; scope: string; disabledAt: string | null }[] }>('/api/admin/webhooks')).body.items;
    expect(await listed()).toEqual([expect.objectContaining({ url: 'http://127.0.0.1:9/aduan-hook', events: ['answer_published'], scope: 'published', disabledAt: null })]);
    const row = page.getByTestId('webhooks').locator('tbody tr').filter({ hasText: 'aduan-hook' });
    await row.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Hentikan' }).click();
    await expect.poll(async () => (await listed())[0]?.disabledAt ?? null, { timeout: 10_000 }).not.toBeNull();
    await page.reload();
    await page.getByTestId('webhooks').locator('tbody tr').filter({ hasText: 'aduan-hook' }).waitFor();
    expect(await page.content()).not.toContain(secret);
  });
});
