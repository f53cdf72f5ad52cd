import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, countRows, startTestApp, type TestApp } from '../support/test-app.js';
import { axeViolations, launchBrowser, loginToOffice } from './browser.js';

const EXAMPLE = fs.readFileSync(path.join(import.meta.dirname, '..', 'api', 'fixtures', 'buku-pengaduan-contoh.csv'));

/** The admin imports the example register: upload, columns, dry run with refused rows, a fallback, import. */
describe('register import in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    browser = await launchBrowser();
    page = await loginToOffice(browser, t.url, ADMIN.email, contexts, ADMIN.password);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('maps the columns, shows each refused row, and imports all once a fallback is chosen', async () => {
    await page.goto(`${t.url}/office/admin/import`);
    await page.getByLabel('Berkas buku pengaduan').setInputFiles({ name: 'buku.csv', mimeType: 'text/csv', buffer: EXAMPLE });
    await page.getByRole('button', { name: 'Baca berkas' }).click();
    await page.getByText('92 baris: 63 akan diimpor, 29 baris ditolak, 0 sudah pernah diimpor.').waitFor();
    expect(await page.getByRole('combobox', { name: 'Tanggal diterima (wajib)' }).inputValue()).toBe('Tanggal Diterima');
    const refused = page.getByRole('table', { name: 'Baris yang ditolak' });
    await expect.poll(() => refused.locator('tbody tr').count(), { timeout: 5_000 }).toBe(29);
    await refused.getByRole('row', { name: /^7 Jenis Izin .*lebih dari satu jenis izin/ }).waitFor();
    expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);

    await page.getByRole('combobox', { name: 'Jenis izin' }).last().selectOption({ label: 'Kosongkan' });
    await page.getByRole('button', { name: 'Uji coba' }).click();
    await page.getByText('92 baris: 92 akan diimpor, 0 baris ditolak, 0 sudah pernah diimpor.').waitFor();
    expect(await countRows(t, 'complaints')).toBe(0);
    await page.getByRole('button', { name: 'Impor 92 pengaduan' }).click();
    await page.getByText('92 pengaduan diimpor.').waitFor();
    expect(await countRows(t, 'complaints')).toBe(92);
  });
});
