import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, ADMIN, Client, STAFF_PASSWORD, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { axeViolations, launchBrowser, loginToOffice, TABLET, TINY_PDF, TINY_PNG } from './browser.js';

type Json = Record<string, unknown>;

/**
 * The back office in a real browser against the real server (SQLite): the seven SOP steps with
 * four people, a letter registered with its scan, and an admin's holiday moving a deadline.
 * One browser for the file; each person gets their own context (own cookie jar).
 */
describe('the back office in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'kabid@test.local', 'division_head');
    await addStaff(t, 'petugas.pp@test.local', 'division_officer', 'PP');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  /** A fresh context for one person, logged in through the login form. */
  // The work queues; the first page after login is "Tugas saya" (tests/e2e/team.test.ts).
  const loginAs = (email: string, password = STAFF_PASSWORD): Promise<Page> => loginToOffice(browser, t.url, email, contexts, password, '/office/antrean');

  async function expectNoSeriousAxe(page: Page, where: string): Promise<void> {
    const violations = await axeViolations(page);
    expect(violations.map((v) => `${where}: ${v.id} ${v.help} ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
  }

  /** An action's button; one outside the next SOP step sits behind "Tindakan lain", opened first. */
  const actionButton = (page: Page, name: string) => ({
    click: async () => {
      const button = page.locator('.action-buttons').getByRole('button', { name });
      const more = page.locator('details.more-actions');
      if ((await more.count()) && !(await button.isVisible())) await more.locator('summary').click();
      await button.click();
    },
  });
  const actionButtons = async (page: Page) => (await page.locator('.action-buttons button').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))) as string[];
  const stateBadge = (page: Page) => page.locator('.complaint-flags .badge');
  const submitForm = (page: Page) => page.locator('.action-form button[type="submit"]').click();
  // A shortcut pressed before the action's button is on the page does nothing: wait for the button.
  const shortcut = async (page: Page, key: string, action: string) => {
    await page.locator(`.action-buttons button[data-action="${action}"]`).waitFor({ state: 'attached' });
    await page.keyboard.press(key);
  };

  it('carries an anonymous web complaint through the seven SOP steps with staff, Kasie, Kabid and the division officer', { timeout: 120_000 }, async () => {
    // Tuesday 24 November 2026, 10:00 WIB: an anonymous reporter submits with a photo.
    const form = new FormData();
    form.append('complaint', JSON.stringify({ ...VALID_COMPLAINT, anonymous: true, reporter: { name: 'Siti Rahasia', email: 'siti@contoh.id', phone: '081298765432' } }));
    form.append('attachments', new Blob([TINY_PNG], { type: 'image/png' }), 'foto-loket.png');
    const submitted = await new Client(t.url).request<Json>('POST', '/api/public/complaints', { body: form });
    expect(submitted.status).toBe(201);
    const tn = submitted.body.trackingNumber as string;
    const code = submitted.body.accessCode as string;

    // ---- The division officer, before any disposition, sees nothing of it.
    const officer = await loginAs('petugas.pp@test.local');
    await expect.poll(() => officer.locator('[data-queue-count="disposed"]').textContent()).toBe('0');
    expect(await officer.locator('.office-nav').textContent()).not.toContain('Catat pengaduan');
    await officer.goto(`${t.url}/office/pengaduan/${tn}`);
    await officer.getByText('Tidak ditemukan.').waitFor();
    // Back to the queue, where the officer waits (no reload from here on: the queue polls).
    await officer.getByRole('link', { name: 'Kembali ke antrean' }).click();
    await officer.getByRole('heading', { level: 1, name: 'Antrean kerja' }).waitFor();

    // ---- Step 1 (staff): the new-complaints queue, with its count and deadline badge.
    const staff = await loginAs('staf@test.local');
    await expect.poll(() => staff.locator('[data-queue-count="new"]').textContent()).toBe('1');
    const row = staff.locator(`tr[data-tracking-number="${tn}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Siti Rahasia');
    expect(await row.locator('.deadline').textContent()).toContain('Sisa 1 hari kerja');
    await staff.screenshot({ path: '/tmp/office-queue.png', fullPage: true });
    await expectNoSeriousAxe(staff, 'queue');
    // Keyboard: j selects the first row, Enter opens it.
    await staff.locator('h1').click();
    await staff.keyboard.press('j');
    await staff.keyboard.press('Enter');
    await staff.waitForURL(`**/office/pengaduan/${tn}`);
    await staff.getByRole('heading', { level: 1, name: new RegExp(tn) }).waitFor();
    // The intake desk sees the anonymous identity, with a warning; the photo is previewed.
    const reporterPanel = staff.getByTestId('reporter');
    expect(await reporterPanel.textContent()).toContain('siti@contoh.id');
    expect(await reporterPanel.textContent()).toContain('jangan sebarkan identitasnya');
    expect(await staff.getByRole('img', { name: 'foto-loket.png' }).evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    // Only what staff may do on a new complaint: no disposition, no clarification before the first response.
    // Step 1's actions (the response and the classification) first, the rest behind "Tindakan lain".
    expect(await actionButtons(staff)).toEqual(['acknowledge', 'classify', 'print_sheet', 'add_note']);
    expect(await staff.locator('details.more-actions button').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).toEqual(['print_sheet', 'add_note']);
    await actionButton(staff, 'Tanggapi').click();
    // The acknowledgement template, filled in for this complaint.
    await staff.getByLabel('Templat balasan').selectOption('tanggapan');
    const ack = staff.getByLabel('Pesan kepada pelapor');
    // Anonymous: the template never writes the name into a message the division will read.
    expect(await ack.inputValue()).toContain(`Yth. Anonim,\n\nPengaduan Anda dengan nomor ${tn}`);
    await expectNoSeriousAxe(staff, 'complaint page with a form open');
    await staff.screenshot({ path: '/tmp/office-complaint.png', fullPage: true });
    await submitForm(staff);
    await expect.poll(() => stateBadge(staff).textContent()).toBe('Ditanggapi');
    await staff.getByText('Tindakan tercatat.').waitFor();

    // ---- Step 2 (staff): print the complaint sheet — recorded on the timeline.
    await shortcut(staff, 'p', 'print_sheet');
    await staff.getByTestId('timeline').locator('[data-event="print_sheet"]').waitFor();
    // The link opens the very PDF that was fetched before the printing was recorded.
    expect(await staff.getByRole('link', { name: 'Buka lembar pengaduan (PDF)' }).getAttribute('href')).toMatch(/^blob:/);
    const sheet = await staff.request.get(`${t.url}/api/staff/complaints/${tn}/sheet.pdf`);
    expect(sheet.headers()['content-type']).toBe('application/pdf');

    // ---- Step 3 (staff): ask the reporter for clarification; the reporter replies.
    await actionButton(staff, 'Minta klarifikasi').click();
    await submitForm(staff);
    // Required fields are checked before sending, with the summary linking to the field.
    await staff.getByRole('link', { name: /Pesan kepada pelapor: wajib diisi/ }).waitFor();
    await staff.getByLabel('Pesan kepada pelapor').fill('Mohon sebutkan nomor permohonan PBG Anda.');
    await submitForm(staff);
    await expect.poll(() => stateBadge(staff).textContent()).toBe('Menunggu klarifikasi');
    expect(await staff.locator('.complaint-flags .deadline').textContent()).toContain('Waktu berhenti');
    const replied = await new Client(t.url).post<Json>(`/api/public/complaints/${tn}/replies`, { message: 'Nomor permohonan PRM-2026-01234.' }, { 'x-access-code': code });
    expect(replied.status).toBe(200);
    // An internal note by keyboard (n): apart from the public messages.
    await staff.reload();
    await expect.poll(() => stateBadge(staff).textContent()).toBe('Ditanggapi');
    expect(await staff.locator('#messages-title + ul').textContent()).toContain('PRM-2026-01234');
    await staff.locator('h1').click();
    await shortcut(staff, 'n', 'add_note');
    await staff.getByLabel('Catatan internal (tidak tampil untuk pelapor)').fill('Berkas PBG ada di loket 3.');
    await submitForm(staff);
    await staff.getByTestId('internal-notes').getByText('Berkas PBG ada di loket 3.').waitFor();
    expect(await staff.locator('#messages-title + ul').textContent()).not.toContain('loket 3');
    // Staff may not dispose: the button is not there.
    expect(await actionButtons(staff)).not.toContain('dispose');

    // ---- Step 4 (Kasie): dispose to the related division with an instruction.
    const kasie = await loginAs('kasie@test.local');
    await kasie.goto(`${t.url}/office/pengaduan/${tn}`);
    expect(await kasie.getByTestId('reporter').textContent()).toContain('Siti Rahasia');
    expect(await actionButtons(kasie)).toEqual(expect.arrayContaining(['dispose', 'request_clarification', 'hold', 'reject', 'refer']));
    expect(await actionButtons(kasie)).not.toContain('acknowledge');
    await shortcut(kasie, 'd', 'dispose');
    await kasie.getByRole('checkbox', { name: 'Bidang Penyelenggaraan Pelayanan Perizinan dan Non Perizinan' }).check();
    await kasie.getByLabel('Instruksi disposisi').fill('Mohon periksa berkas PBG dan tindak lanjuti.');
    await submitForm(kasie);
    await expect.poll(() => stateBadge(kasie).textContent()).toBe('Diteruskan ke bidang terkait');

    // ---- Step 5 (division officer): the open queue shows it without a reload; the identity stays hidden.
    await expect.poll(() => officer.locator('[data-queue-count="disposed"]').textContent(), { timeout: 20_000 }).toBe('1');
    const officerRow = officer.locator(`tr[data-tracking-number="${tn}"]`);
    await officerRow.waitFor();
    expect(await officerRow.textContent()).toContain('Anonim');
    expect(await officer.content()).not.toMatch(/Siti|siti@contoh|081298765432/);
    await officerRow.getByRole('link', { name: tn }).click();
    await officer.getByTestId('reporter').getByText('Identitas pelapor anonim disembunyikan').waitFor();
    expect(await actionButtons(officer)).toEqual(['record_follow_up', 'add_note']);
    await shortcut(officer, 'f', 'record_follow_up');
    await officer.getByLabel('Tindak lanjut yang dilakukan').fill('Berkas PBG sudah diverifikasi dan diterbitkan hari ini.');
    await officer.getByLabel('Advokasi kepada pelapor').fill('Pelapor dapat mengunduh PBG melalui SIMBG.');
    await submitForm(officer);
    await expect.poll(() => stateBadge(officer).textContent()).toBe('Sudah ditindaklanjuti');
    // The badge follows the action's answer at once; the buttons follow the reloaded complaint a moment later.
    await expect.poll(() => actionButtons(officer)).toEqual(['add_note']);
    await officer.screenshot({ path: '/tmp/office-officer.png', fullPage: true });
    expect(await officer.content()).not.toMatch(/Siti|siti@contoh|081298765432/);
    await expectNoSeriousAxe(officer, 'complaint page (division officer)');

    // ---- Step 6 (staff drafts, Kabid approves and publishes).
    await staff.reload();
    await expect.poll(() => stateBadge(staff).textContent()).toBe('Sudah ditindaklanjuti');
    await shortcut(staff, 'r', 'draft_answer');
    await staff.getByLabel('Templat balasan').selectOption('jawaban');
    const answer = staff.getByLabel('Jawaban (tampil untuk pelapor)');
    await answer.fill(`${await answer.inputValue()}\nPBG Anda sudah terbit dan dapat diunduh melalui SIMBG.`.replace('...', 'berkas sudah diverifikasi.'));
    await submitForm(staff);
    await expect.poll(() => stateBadge(staff).textContent()).toBe('Jawaban sedang disiapkan');
    await expect.poll(() => actionButtons(staff)).toEqual(expect.arrayContaining(['add_note']));
    expect(await actionButtons(staff)).not.toContain('approve_answer');

    const kabid = await loginAs('kabid@test.local');
    await expect.poll(() => kabid.locator('[data-queue-count="awaitingApproval"]').textContent()).toBe('1');
    await kabid.locator(`tr[data-tracking-number="${tn}"]`).getByRole('link', { name: tn }).click();
    expect(await kabid.getByTestId('reporter').textContent()).toContain('Siti Rahasia');
    await actionButton(kabid, 'Setujui dan terbitkan').click();
    expect(await kabid.locator('.answer-preview').textContent()).toContain('PBG Anda sudah terbit');
    await submitForm(kabid);
    await expect.poll(() => stateBadge(kabid).textContent()).toBe('Dijawab');
    const tracked = await new Client(t.url).get<{ answer: { body: string } | null }>(`/api/public/complaints/${tn}`, { 'x-access-code': code });
    expect(tracked.body.answer?.body).toContain('PBG Anda sudah terbit');

    // ---- Step 7 (staff): the complaint register for the period, the material for the recap.
    await staff.getByRole('link', { name: 'Buku pengaduan' }).click();
    await staff.getByLabel('Dari tanggal').fill('2026-11-01');
    await staff.getByLabel('Sampai tanggal').fill('2026-11-30');
    await staff.getByRole('button', { name: 'Tampilkan' }).click();
    const registerRow = staff.locator('.register-table tbody tr', { hasText: tn });
    await registerRow.waitFor();
    expect(await registerRow.textContent()).toContain('Dijawab');
    expect(await registerRow.textContent()).toContain('Bidang Penyelenggaraan Pelayanan');
    await expectNoSeriousAxe(staff, 'complaint register');
    // The export shows how far it has come (rows announced, bytes received), then saves the file.
    const [download] = await Promise.all([staff.waitForEvent('download'), staff.getByRole('link', { name: 'Unduh Excel' }).click()]);
    expect(download.suggestedFilename()).toBe('buku-pengaduan-2026-11-01-2026-11-30.xlsx');
    const saved = await download.path();
    expect(fs.readFileSync(saved).subarray(0, 2).toString()).toBe('PK');
    await staff.getByRole('status').filter({ hasText: 'Selesai: buku-pengaduan-2026-11-01-2026-11-30.xlsx' }).waitFor();
    // The officer has no register.
    expect(await officer.locator('.office-nav').textContent()).not.toContain('Buku pengaduan');

    // The whole handling is on the record, each step by its person.
    const events = await t.db.kysely.selectFrom('complaint_events').innerJoin('complaints', 'complaints.id', 'complaint_events.complaint_id').select(['complaint_events.type']).where('complaints.tracking_number', '=', tn).orderBy('complaint_events.id').execute();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['submitted', 'acknowledge', 'print_sheet', 'request_clarification', 'reporter_reply', 'add_note', 'dispose', 'record_follow_up', 'draft_answer', 'approve_answer']));
  });

  it('registers a complaint that came by letter, with the scanned letter', { timeout: 60_000 }, async () => {
    const staff = await loginAs('staf@test.local');
    await staff.getByRole('link', { name: 'Catat pengaduan' }).click();
    await staff.getByRole('heading', { level: 1, name: /Catat pengaduan dari surat/ }).waitFor();
    await expectNoSeriousAxe(staff, 'register a complaint');
    await staff.getByLabel('Saluran').selectOption('letter');
    await staff.getByLabel('Waktu diterima (WIB)').fill('2026-11-23T09:30');
    await staff.getByLabel('Judul').fill('Izin reklame tidak diproses');
    await staff.getByLabel('Uraian').fill('Surat tertanggal 20 November 2026: permohonan izin reklame kami belum diproses sejak Oktober.');
    await staff.getByLabel('Nama').fill('PT Maju Jaya');
    await staff.getByLabel('Telepon / WhatsApp').fill('021-5550123');
    await staff.getByLabel('Pelapor menyetujui pemrosesan data pribadinya').check();
    const scan = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'office-e2e-')), 'surat-pengaduan.pdf');
    fs.writeFileSync(scan, TINY_PDF);
    await staff.getByLabel(/^Pindaian surat/).setInputFiles(scan);
    await staff.getByRole('button', { name: 'Catat pengaduan' }).click();
    const tn = (await staff.getByTestId('receipt-tracking-number').textContent()) ?? '';
    expect(tn).toMatch(/^ADU-2026-\d{6}$/);
    await staff.getByRole('link', { name: 'Buka pengaduan' }).click();
    await staff.getByRole('heading', { level: 1, name: new RegExp(tn) }).waitFor();
    const details = (await staff.locator('.details').first().textContent()) ?? '';
    expect(details).toContain('Surat');
    expect(details).toContain('23 November 2026, 09.30 WIB');
    await staff.getByRole('link', { name: 'surat-pengaduan.pdf' }).waitFor();
    const row = await t.db.kysely
      .selectFrom('complaints')
      .innerJoin('attachments', 'attachments.complaint_id', 'complaints.id')
      .select(['complaints.channel', 'complaints.received_at', 'attachments.uploaded_by', 'attachments.mime_type'])
      .where('complaints.tracking_number', '=', tn)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'letter', received_at: '2026-11-23T02:30:00.000Z', uploaded_by: 'staff', mime_type: 'application/pdf' });
    // A form with a problem says so and sends nothing.
    await staff.getByRole('link', { name: 'Catat pengaduan' }).click();
    await staff.getByLabel('Judul').fill('abc');
    await staff.getByRole('button', { name: 'Catat pengaduan' }).click();
    await staff.locator('.error-summary').waitFor();
    const summary = (await staff.locator('.error-summary').textContent()) ?? '';
    expect(summary).toContain('Judul:');
    expect(summary).toContain('Uraian:');
    expect(await t.db.kysely.selectFrom('complaints').select('id').where('subject', '=', 'abc').execute()).toEqual([]);
  });

  it('locks an account after repeated failures, speaks English, ends a session the server ended, and shows the recap', { timeout: 60_000 }, async () => {
    await addStaff(t, 'lupa@test.local', 'staff');
    expect((await new Client(t.url).post('/api/public/complaints', { ...VALID_COMPLAINT, subject: 'Untuk rekapitulasi bulan ini' })).status).toBe(201);
    const received = await t.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const context = await browser.newContext({ viewport: TABLET, locale: 'id-ID', bypassCSP: true });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.url}/office/antrean`);
    await expectNoSeriousAxe(page, 'login');
    // Wrong passwords: the server's words, then this address waits after the fifth (LOGIN_MAX_FAILURES, decision 0007).
    for (let i = 1; i <= 6; i++) {
      await page.getByRole('textbox', { name: 'Email' }).fill('lupa@test.local');
      await page.getByLabel('Kata sandi', { exact: true }).fill('salah-salah-salah');
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.locator('.error-summary').getByText(i <= 5 ? 'Email atau kata sandi salah.' : 'Terlalu banyak percobaan masuk yang gagal', { exact: i <= 5 }).waitFor();
    }
    await page.getByLabel('Kata sandi', { exact: true }).fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.locator('.error-summary').getByText('Terlalu banyak percobaan masuk yang gagal').waitFor();
    expect(await page.getByTestId('whoami').count()).toBe(0);

    // English, the whole page.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in to the complaints office' }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
    await page.getByRole('textbox', { name: 'Email' }).fill('staf@test.local');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: /New, awaiting first response/ }).waitFor();
    expect(page.url()).toContain('lang=en');
    // The shortcut help opens on "?".
    await page.locator('h1').click();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByText('Dispose to a division (step 4)').waitFor();
    await page.keyboard.press('Escape');

    // The recap (step 7) of the month, with charts linking to the queue.
    await page.getByRole('link', { name: 'Recap' }).click();
    await page.getByLabel('Month').fill('2026-11');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('.figures').getByText('Complaints received').waitFor();
    // Every complaint so far came in November 2026 (Jakarta).
    expect(await page.locator('.figures li').first().locator('strong').textContent()).toBe(String(received.n));
    await expectNoSeriousAxe(page, 'recap');
    // The year beside the one before, every table of the recap, and a bar that opens exactly its complaints in the queue.
    await page.getByLabel('Period type').selectOption('year');
    await page.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Compared with: Year 2025').waitFor();
    expect(page.url()).toContain('period=2026');
    expect(await page.locator('.figures li').first().locator('strong').textContent()).toBe(String(received.n));
    for (const heading of ['By class', 'Still open, by age', 'Timeliness', 'Satisfaction survey (PermenPANRB 14/2017)']) await page.getByRole('heading', { name: heading }).waitFor();
    expect(await page.locator('.recap-chart', { hasText: 'Satisfaction survey' }).locator('tbody tr').count()).toBe(9);
    await expectNoSeriousAxe(page, 'recap of a year');
    const web = await t.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).where('channel', '=', 'web').executeTakeFirstOrThrow();
    await page.locator('.recap-chart', { hasText: 'By channel' }).getByRole('link', { name: 'Website' }).click();
    await page.waitForURL(/channel=web/);
    await page.locator('.queue-table tbody tr').first().waitFor();
    expect(await page.locator('.queue-table tbody tr').count()).toBe(Math.min(Number(web.n), 25));
    // "Overdue now" opens exactly the overdue ones.
    await page.goBack();
    const overdueLink = page.locator('.figures li', { hasText: 'Overdue now' }).getByRole('link');
    const overdueCount = Number(await overdueLink.textContent());
    await Promise.all([page.waitForResponse((r) => r.url().includes('/api/staff/complaints?') && r.url().includes('overdue=true')), overdueLink.click()]);
    await page.locator('.queue-table tbody tr, .empty').first().waitFor();
    expect(await page.locator('.queue-table tbody tr').count()).toBe(Math.min(overdueCount, 25));
    // A timeliness count opens its complaints too: first responses on time.
    await page.goBack();
    const onTime = page.locator('.recap-chart', { hasText: 'Timeliness' }).locator('tr', { hasText: 'On time' }).getByRole('link').first();
    const onTimeCount = Number(await onTime.textContent());
    expect(onTimeCount).toBeGreaterThan(0);
    await Promise.all([page.waitForResponse((r) => r.url().includes('/api/staff/complaints?') && r.url().includes('firstResponse=met')), onTime.click()]);
    await page.locator('.queue-table tbody tr').first().waitFor();
    expect(await page.locator('.queue-table tbody tr').count()).toBe(Math.min(onTimeCount, 25));

    // The server ends the session (idle timeout, or an admin deactivating the user): the next request shows the login page.
    await t.db.kysely.deleteFrom('sessions').execute();
    await page.getByRole('link', { name: 'Work queues' }).click();
    await page.getByText('Your session ended after a period of inactivity').waitFor();
  });

  it('runs under the server’s own Content-Security-Policy (no inline scripts or style attributes)', { timeout: 60_000 }, async () => {
    expect((await new Client(t.url).post('/api/public/complaints', { ...VALID_COMPLAINT, subject: 'Untuk grafik rekapitulasi' })).status).toBe(201);
    // The other contexts bypass CSP only so axe can be injected; this one keeps it.
    const context = await browser.newContext({ viewport: TABLET, locale: 'id-ID' });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    // CSP refusals and script errors; the 401 of "who am I?" before logging in is expected.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 401')) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${t.url}/office/rekap?period=2026-11`);
    await page.getByRole('textbox', { name: 'Email' }).fill('kasie@test.local');
    await page.getByLabel('Kata sandi', { exact: true }).fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    const bar = page.locator('.bar').first();
    await bar.waitFor();
    // The chart bars are sized through the CSSOM, which the CSP allows.
    expect(await bar.evaluate((e) => (e as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width)).toBeGreaterThan(20);
    await page.screenshot({ path: '/tmp/office-recap.png', fullPage: true });
    await page.getByRole('link', { name: 'Antrean kerja' }).click();
    await page.getByRole('link', { name: 'Semua' }).click();
    await page.locator('.queue-table tbody tr').first().waitFor();
    expect(problems).toEqual([]);
  });

  it('moves the deadline shown on the page when an admin adds a holiday', { timeout: 60_000 }, async () => {
    // Wednesday 25 November 2026, 10:00 WIB: first response due Thursday 26 November, 10:00 WIB.
    t.clock.set('2026-11-25T03:00:00.000Z');
    const before = await new Client(t.url).post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, subject: 'Sebelum hari libur ditambahkan' });
    expect(before.body.firstResponseDueAt).toBe('2026-11-26T03:00:00.000Z');
    const staff = await loginAs('staf@test.local');
    await staff.goto(`${t.url}/office/pengaduan/${before.body.trackingNumber as string}`);
    const badge = staff.locator('.complaint-flags .deadline');
    expect(await badge.textContent()).toContain('Sisa 1 hari kerja');
    expect(await badge.textContent()).toContain('26 November 2026, 10.00 WIB');

    // The admin adds Thursday as collective leave through the administration page.
    const admin = await loginAs(ADMIN.email, ADMIN.password);
    await admin.getByRole('link', { name: 'Administrasi' }).click();
    await admin.getByRole('link', { name: 'Hari libur' }).click();
    await admin.locator('#new-date').fill('2026-11-26');
    await admin.locator('#new-name').fill('Cuti bersama daerah');
    await admin.locator('#new-kind').selectOption('cuti_bersama');
    await admin.getByRole('button', { name: 'Tambah' }).click();
    await admin.getByText('Tersimpan.').waitFor();
    expect(await admin.getByTestId('holidays').getByRole('textbox', { name: 'Nama 2026-11-26' }).inputValue()).toBe('Cuti bersama daerah');
    await expectNoSeriousAxe(admin, 'admin holidays');

    // The running complaint now has less working time left (Thursday no longer counts) …
    await staff.reload();
    await expect.poll(() => staff.locator('.complaint-flags .deadline').textContent()).toContain('Sisa 6 jam');
    // … and a complaint received now is due on Friday, shown on its page.
    const after = await new Client(t.url).post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, subject: 'Sesudah hari libur ditambahkan' });
    await staff.goto(`${t.url}/office/pengaduan/${after.body.trackingNumber as string}`);
    const deadlines = staff.getByTestId('deadlines');
    await deadlines.waitFor();
    expect(await deadlines.textContent()).toContain('27 November 2026, 09.45 WIB');
    t.clock.set('2026-11-24T03:00:00.000Z');
  });
});
