import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, Client, STAFF_PASSWORD, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { launchBrowser, startAction, TINY_PNG } from './browser.js';

type Json = Record<string, unknown>;

/** What a walk through the back office found wrong (issue 12), each seen as a person sees it. */
describe('office defects in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let kasieApi: Client;
  let staffApi: Client;
  let divisionPP: number;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'petugas.pp@test.local', 'division_officer', 'PP');
    [staffApi, kasieApi] = await Promise.all([Client.login(t, 'staf@test.local'), Client.login(t, 'kasie@test.local')]);
    divisionPP = (await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow()).id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  async function loginAs(email: string, lang: 'id' | 'en' = 'id'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: lang === 'en' ? 'en-GB' : 'id-ID', bypassCSP: true });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    // The work queue; the first page after login is "Tugas saya" (tests/e2e/team.test.ts).
    await page.goto(`${t.url}/office/antrean${lang === 'en' ? '?lang=en' : ''}`);
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.getByLabel(lang === 'en' ? 'Password' : 'Kata sandi', { exact: true }).fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: lang === 'en' ? 'Log in' : 'Masuk' }).click();
    await page.getByTestId('whoami').waitFor();
    return page;
  }

  async function submit(extra: Json = {}): Promise<{ tn: string; code: string }> {
    const res = await new Client(t.url).post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, ...extra });
    return { tn: res.body.trackingNumber as string, code: res.body.accessCode as string };
  }
  const actionButton = (page: Page, action: string) => page.locator(`.action-buttons button[data-action="${action}"]`);

  it('says overdue time in whole working days and hours, names an anonymous reporter once, and shows no clock on a finished complaint', async () => {
    // Tuesday 24 November 2026, 10:00 WIB; the first response was due Wednesday 10:00 WIB.
    t.clock.set('2026-11-24T03:00:00.000Z');
    const { tn } = await submit({ anonymous: true, reporter: { name: 'Siti Rahasia', email: 'siti@contoh.id' } });
    expect((await staffApi.act(tn, 'acknowledge')).status).toBe(200);
    expect((await kasieApi.act(tn, 'dispose', { divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti.' })).status).toBe(200);
    // Thursday 26 November, 13:00 WIB: the follow-up is not late, but look at an overdue one too.
    const late = await submit();
    t.clock.set('2026-11-26T06:00:00.000Z');
    const officer = await loginAs('petugas.pp@test.local');
    const officerRow = officer.locator(`tr[data-tracking-number="${tn}"]`);
    await officerRow.waitFor();
    // The division officer sees the tag once, not "Anonim Anonim".
    expect((await officerRow.textContent())?.match(/Anonim/g)).toHaveLength(1);

    const staff = await loginAs('staf@test.local');
    const lateRow = staff.locator(`tr[data-tracking-number="${late.tn}"]`);
    await lateRow.waitFor();
    // 11 office hours after Wednesday 10:00: one working day (8 hours) and 3 hours.
    expect(await lateRow.locator('.deadline').textContent()).toMatch(/^Terlambat 1 hari kerja 3 jam/);

    // A closed complaint has no running clock, and none "paused".
    expect((await staffApi.act(late.tn, 'acknowledge')).status).toBe(200);
    expect((await kasieApi.act(late.tn, 'reject', { reason: 'spam', message: 'Bukan pengaduan pelayanan.' })).status).toBe(200);
    await staff.goto(`${t.url}/office/pengaduan/${late.tn}`);
    await staff.locator('.complaint-flags .badge').filter({ hasText: 'Ditolak' }).waitFor();
    expect(await staff.locator('.complaint-head').textContent()).not.toContain('Waktu berhenti');
  });

  it('labels classification as step 1, says the class in working days, and puts a space after "Batas:"', async () => {
    t.clock.set('2026-11-24T03:00:00.000Z');
    const { tn } = await submit();
    expect((await staffApi.act(tn, 'acknowledge')).status).toBe(200);
    expect((await kasieApi.act(tn, 'dispose', { divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti.' })).status).toBe(200);
    const staff = await loginAs('staf@test.local');
    await staff.goto(`${t.url}/office/pengaduan/${tn}`);
    expect(await actionButton(staff, 'classify').textContent()).toBe('KlasifikasiLangkah 1');
    expect(await staff.locator('.details').first().textContent()).toContain('Biasa (14 hari kerja)');
    expect(await staff.locator('.follow-up, .card .muted').filter({ hasText: 'Belum ada tindak lanjut' }).textContent()).toMatch(/Batas: \d/);
  });

  it('lets the Kasie choose the division’s follow-up date up to the answer deadline, with division boxes of one size', async () => {
    t.clock.set('2026-11-24T03:00:00.000Z');
    const { tn } = await submit();
    expect((await staffApi.act(tn, 'acknowledge')).status).toBe(200);
    const kasie = await loginAs('kasie@test.local');
    await kasie.goto(`${t.url}/office/pengaduan/${tn}`);
    await startAction(kasie, 'dispose');
    await kasie.locator('.checkbox-grid input[type="checkbox"]').nth(1).waitFor();
    const sizes = await kasie.locator('.checkbox-grid input[type="checkbox"]').evaluateAll((els) => els.map((e) => `${Math.round(e.getBoundingClientRect().width)}x${Math.round(e.getBoundingClientRect().height)}`));
    expect(sizes.length).toBeGreaterThan(1);
    expect(new Set(sizes).size).toBe(1);
    const due = kasie.getByLabel(/Batas tindak lanjut bidang/);
    expect(await due.getAttribute('max')).toBe('2026-12-14');
    await kasie.locator('.checkbox-grid label').first().locator('input').check();
    await kasie.getByLabel('Instruksi disposisi').fill('Mohon diperiksa sebelum tanggal ini.');
    await due.fill('2026-12-03');
    await kasie.locator('.action-form button[type="submit"]').click();
    await kasie.locator('.complaint-flags .badge').filter({ hasText: 'Diteruskan ke bidang terkait' }).waitFor();
    const detail = await kasieApi.get<{ dispositions: { dueAt: string }[] }>(`/api/staff/complaints/${tn}`);
    expect(detail.body.dispositions.map((d) => d.dueAt)).toEqual(['2026-12-03T09:00:00.000Z']);
  });

  it('records the sheet’s printing only when its PDF arrived, and drops "Tindakan tercatat." once the complaint moves on', { timeout: 90_000 }, async () => {
    t.clock.set('2026-11-24T03:00:00.000Z');
    const { tn } = await submit();
    const staff = await loginAs('staf@test.local');
    await staff.goto(`${t.url}/office/pengaduan/${tn}`);
    await staff.route('**/sheet.pdf', (route) => route.fulfill({ status: 500, body: 'rusak' }));
    await startAction(staff, 'print_sheet');
    await staff.getByText('pencetakan tidak dicatat').waitFor();
    const events = async () => (await staffApi.get<{ events: { type: string }[] }>(`/api/staff/complaints/${tn}`)).body.events.map((e) => e.type);
    expect(await events()).not.toContain('print_sheet');
    await staff.unroute('**/sheet.pdf');
    await startAction(staff, 'print_sheet');
    await staff.getByTestId('timeline').locator('[data-event="print_sheet"]').waitFor();
    expect(await events()).toContain('print_sheet');
    await staff.getByText('Tindakan tercatat.').waitFor();
    // Someone else (another session) acknowledges it: the page refreshes itself and the old notice goes.
    expect((await staffApi.act(tn, 'acknowledge')).status).toBe(200);
    await staff.locator('.complaint-flags .badge').filter({ hasText: 'Ditanggapi' }).waitFor({ timeout: 25_000 });
    expect(await staff.getByText('Tindakan tercatat.').count()).toBe(0);
  });

  it('refuses an answer still holding the template’s "..." before sending, and tells which message each file came with', { timeout: 60_000 }, async () => {
    t.clock.set('2026-11-24T03:00:00.000Z');
    const form = new FormData();
    form.append('complaint', JSON.stringify(VALID_COMPLAINT));
    form.append('attachments', new Blob([TINY_PNG], { type: 'image/png' }), 'foto.png');
    const submitted = await new Client(t.url).request<Json>('POST', '/api/public/complaints', { body: form });
    const tn = submitted.body.trackingNumber as string;
    expect((await staffApi.act(tn, 'acknowledge')).status).toBe(200);
    expect((await staffApi.act(tn, 'request_clarification', { message: 'Mohon kirim foto loket.' })).status).toBe(200);
    const reply = new FormData();
    reply.append('reply', JSON.stringify({ message: 'Ini fotonya.' }));
    reply.append('attachments', new Blob([TINY_PNG], { type: 'image/png' }), 'foto.png');
    const replied = await new Client(t.url).request('POST', `/api/public/complaints/${tn}/replies`, { body: reply, headers: { 'x-access-code': submitted.body.accessCode as string } });
    expect(replied.status).toBeLessThan(300);

    const staff = await loginAs('staf@test.local');
    await staff.goto(`${t.url}/office/pengaduan/${tn}`);
    await staff.getByTestId('attachment-origin').nth(1).waitFor({ timeout: 20_000 });
    const origins = await staff.getByTestId('attachment-origin').allTextContents();
    expect(origins.map((o) => o.split(' · ')[0])).toEqual(['Bersama pengaduan', 'Bersama balasan']);
    expect(origins.every((o) => /WIB/.test(o))).toBe(true);

    await startAction(staff, 'draft_answer');
    await staff.getByLabel('Templat balasan').selectOption('jawaban');
    await staff.locator('.action-form button[type="submit"]').click();
    await staff.getByRole('link', { name: /ganti "\.\.\." dari templat/ }).waitFor();
    expect((await staffApi.get<{ answers: unknown[] }>(`/api/staff/complaints/${tn}`)).body.answers).toEqual([]);
  });

  it('speaks English throughout in English: states, channels, months and singulars on the recap', async () => {
    t.clock.set('2026-11-30T03:00:00.000Z');
    await addStaff(t, 'kabid@test.local', 'division_head');
    const kabid = await loginAs('kabid@test.local', 'en');
    await kabid.goto(`${t.url}/office/rekap?period=2026-11&lang=en`);
    await kabid.getByRole('heading', { name: 'By state' }).waitFor();
    const text = (await kabid.locator('main').textContent()) ?? '';
    expect(text).toContain('November 2026');
    expect(text).toContain('Website');
    expect(text).toContain('Received');
    expect(text).not.toMatch(/Situs web|Diterima|Oktober|Triwulan|hari\b/);
  });
});
