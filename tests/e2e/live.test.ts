import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/service.js';
import { Client, STAFF_PASSWORD, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { axeViolations, launchBrowser, logInToOffice, startAction } from './browser.js';

const TABLET = { width: 1024, height: 768 };

/**
 * Two people in two browsers on one complaint (SQLite, the real server): the pages update from
 * the event stream without a reload, show who else has the complaint open, and a stale action
 * says who acted first and when.
 */
describe('the office works as a team, live', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await createUser(t.db.kysely, { email: 'agus@test.local', name: 'Agus Salim', password: STAFF_PASSWORD, role: 'section_head', divisionId: null }, t.clock.now());
    await createUser(t.db.kysely, { email: 'rina@test.local', name: 'Rina Kusuma', password: STAFF_PASSWORD, role: 'staff', divisionId: null }, t.clock.now());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  async function person(email: string): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: TABLET, locale: 'id-ID', timezoneId: 'Europe/London', bypassCSP: true });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    await logInToOffice(await context.newPage(), t.url, email, STAFF_PASSWORD);
    return context;
  }
  const open = async (context: BrowserContext, path: string): Promise<Page> => {
    const page = context.pages().find((p) => p.url() === `${t.url}/office`) ?? (await context.newPage());
    await page.goto(`${t.url}${path}`);
    return page;
  };

  it('updates A’s queue and complaint page when B acts, shows B’s presence, and refuses A’s stale action saying who and when', { timeout: 240_000 }, async () => {
    // Tuesday 24 November 2026, 10:00 WIB.
    const submitted = await new Client(t.url).post<Record<string, unknown>>('/api/public/complaints', VALID_COMPLAINT);
    const tn = submitted.body.trackingNumber as string;

    // A (Kasie Agus Salim) has the queue and the complaint open.
    const a = await person('agus@test.local');
    const queue = await open(a, '/office/antrean?queue=all');
    const row = queue.locator(`tr[data-tracking-number="${tn}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('received');
    // The sort control says the order in use: nearest deadline first.
    expect(await queue.locator('#f-sort option:checked').textContent()).toBe('Batas waktu terdekat');
    const complaint = await a.newPage();
    await complaint.goto(`${t.url}/office/pengaduan/${tn}`);
    await complaint.getByRole('heading', { level: 1, name: new RegExp(tn) }).waitFor();
    expect(await complaint.getByTestId('next-step').textContent()).toContain('Langkah 1 — Staf menanggapi pengaduan');

    // B (staff Rina Kusuma) opens the same complaint: A sees her there.
    const b = await person('rina@test.local');
    const bPage = await open(b, `/office/pengaduan/${tn}`);
    await bPage.getByRole('heading', { level: 1, name: new RegExp(tn) }).waitFor();
    await expect.poll(() => complaint.getByTestId('presence').textContent().catch(() => '')).toBe('Juga dibuka oleh: Rina Kusuma');
    await expect.poll(() => bPage.getByTestId('presence').textContent().catch(() => '')).toBe('Juga dibuka oleh: Agus Salim');

    // A starts a note (under "Tindakan lain": the Kasie's part of step 1 is the classification); while A types, B acknowledges the complaint.
    await startAction(complaint, 'add_note');
    const note = complaint.locator('.action-form textarea');
    await note.fill('Mohon dicek ulang lampirannya.');
    await bPage.locator('.action-buttons button[data-action="acknowledge"]').click();
    await bPage.locator('.action-form button[type="submit"]').click();
    await bPage.getByText('Tindakan tercatat.').waitFor();

    // A's pages follow without a reload: the queue row's state, the complaint's state and a notice of who changed it.
    await expect.poll(() => row.getAttribute('data-state')).toBe('acknowledged');
    await expect.poll(() => complaint.locator('.complaint-flags .badge').textContent()).toBe('Ditanggapi');
    await expect.poll(() => complaint.getByTestId('live-change').textContent()).toContain('Pengaduan ini baru saja diubah oleh Rina Kusuma');
    expect(await note.inputValue()).toBe('Mohon dicek ulang lampirannya.');
    const violations = await axeViolations(complaint);
    expect(violations.map((v) => `${v.id} ${v.help}`)).toEqual([]);

    // A sends the note on the old version: refused, saying who acted first and when; the text is kept.
    await complaint.locator('.action-form button[type="submit"]').click();
    await complaint.getByText('Sudah ditanggapi oleh Rina Kusuma, 10.00 WIB').waitFor();
    expect(await note.inputValue()).toBe('Mohon dicek ulang lampirannya.');
    // The page now holds the new version: sending again records the note.
    await complaint.locator('.action-form button[type="submit"]').click();
    await complaint.getByText('Tindakan tercatat.').waitFor();
    await expect.poll(() => bPage.getByTestId('internal-notes').textContent().catch(() => '')).toContain('Mohon dicek ulang lampirannya.');

    // A's queue: save the current filter as a chip, select the row, and see what can be done with it.
    await queue.getByRole('button', { name: 'Simpan penyaring ini' }).click();
    await queue.getByLabel('Nama penyaring').fill('Semua pengaduan');
    await queue.locator('.chip-form button[type="submit"]').click();
    await queue.locator('.chips').getByRole('link', { name: 'Semua pengaduan' }).waitFor();
    await queue.getByRole('checkbox', { name: `Pilih ${tn}` }).check();
    const bulk = queue.getByTestId('bulk-bar');
    expect(await bulk.textContent()).toContain('1 dipilih');
    expect(await bulk.getByRole('link', { name: 'Cetak lembar (PDF)' }).getAttribute('href')).toBe(`/api/staff/sheets.pdf?tn=${tn}`);
    // Kasie disposes it from the queue: the result per complaint is listed, the row follows.
    await bulk.getByRole('button', { name: 'Disposisikan' }).click();
    await bulk.getByRole('checkbox', { name: 'Bidang Penyelenggaraan Pelayanan Perizinan dan Non Perizinan' }).check();
    await bulk.getByLabel('Instruksi disposisi').fill('Mohon ditindaklanjuti segera.');
    await bulk.locator('.bulk-form button[type="submit"]').click();
    await queue.getByTestId('bulk-results').getByText('Hasil: 1 berhasil, 0 ditolak').waitFor();
    await expect.poll(() => row.getAttribute('data-state')).toBe('disposed');
    const axe = await axeViolations(queue);
    expect(axe.map((v) => `${v.id} ${v.help} ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
  });
});
