import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, ADMIN, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { axeViolations, launchBrowser, loginToOffice, phoneContext, startAction } from './browser.js';

const TITLE = 'PBG rumah tinggal';
const ARTICLE = {
  title: { id: TITLE },
  summary: { id: 'PBG rumah diajukan lewat SIMBG dan terbit paling lama 28 hari kerja.' },
  requirements: { id: 'KTP, sertifikat tanah, gambar rencana.' },
  steps: { id: 'Daftar di SIMBG, konsultasi teknis, bayar retribusi.' },
  duration: { id: '28 hari kerja sejak berkas lengkap.' },
  cost: { id: 'Retribusi sesuai Perda.' },
  legalBasis: { id: 'PP 16 Tahun 2021.' },
};

describe('the knowledge base in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let admin: Client;
  let pbg: number;
  let articleId: number;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await addStaff(t, 'staf@test.local', 'staff');
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    pbg = (await t.db.kysely.selectFrom('permit_types').select('id').where('code', '=', 'PBG-HUNIAN').executeTakeFirstOrThrow()).id;
    articleId = (await admin.post<{ id: number }>('/api/admin/knowledge', { kind: 'article', permitTypeId: pbg, published: true, content: ARTICLE })).body.id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('suggests the article while a reporter types, opens it, and counts "no complaint needed" once', { timeout: 30_000 }, async () => {
    const context = await phoneContext(browser);
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page: Page = await context.newPage();
    await page.goto(`${t.url}/lapor`);
    await page.locator('#f-permitTypeId').selectOption(String(pbg));
    await page.locator('#f-subject').fill('PBG rumah belum terbit');
    await page.locator('#f-description').fill('Sudah dua bulan menunggu persetujuan bangunan, berapa lama seharusnya?');
    const link = page.locator('.kb-hints').getByRole('link', { name: TITLE });
    await link.waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await link.click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/informasi/PBG-HUNIAN');
    expect(await page.getByRole('heading', { level: 2, name: 'Waktu penyelesaian' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: /tidak jadi mengadu/ }).click();
    await page.getByText('Terima kasih. Senang pertanyaan Anda terjawab.').waitFor();
    const counts = await admin.get<{ items: { id: number; settledCount: number }[] }>('/api/admin/knowledge');
    expect(counts.body.items.find((i) => i.id === articleId)?.settledCount).toBe(1);
  });

  it('lets staff insert the article’s summary and link into a drafted answer', { timeout: 30_000 }, async () => {
    const filed = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', { ...VALID_COMPLAINT, permitTypeId: pbg });
    const tn = filed.body.trackingNumber;
    const staffApi = await Client.login(t, 'staf@test.local');
    expect((await staffApi.act(tn, 'acknowledge')).status).toBe(200);
    const staff = await loginToOffice(browser, t.url, 'staf@test.local', contexts, undefined, `/office/pengaduan/${tn}`);
    await startAction(staff, 'draft_answer');
    await staff.getByLabel('Sisipkan informasi perizinan').selectOption({ label: TITLE });
    await staff.getByRole('button', { name: 'Sisipkan ringkasan dan tautan' }).click();
    await expect.poll(() => staff.locator('.action-form textarea').inputValue()).toContain('/informasi/PBG-HUNIAN');
    expect(await staff.locator('.action-form textarea').inputValue()).toContain(ARTICLE.summary.id);
  });

  it('shows the admin the count, saves an edit as a new version and restores the first', { timeout: 30_000 }, async () => {
    const page = await loginToOffice(browser, t.url, ADMIN.email, contexts, ADMIN.password, '/office/admin/knowledge');
    const row = page.locator('.kb-table tbody tr').filter({ hasText: TITLE });
    await row.waitFor();
    expect(await row.locator('td[data-settled]').textContent()).toBe('1');
    await row.getByRole('button', { name: 'Ubah' }).click();
    await page.getByLabel('Biaya / tarif (Indonesia)').fill('Gratis untuk rumah sederhana.');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Tersimpan sebagai versi 2.').waitFor();
    await row.getByRole('button', { name: 'Riwayat' }).click();
    const first = page.locator('.kb-history li').filter({ hasText: 'Versi 1' });
    await first.getByRole('button', { name: 'Pulihkan versi ini' }).click();
    await page.getByText('Versi 1 dipulihkan sebagai versi 3.').waitFor();
    const now = await admin.get<{ content: { cost: { id: string } } }>(`/api/admin/knowledge/${articleId}`);
    expect(now.body.content.cost.id).toBe(ARTICLE.cost.id);
  });
});
