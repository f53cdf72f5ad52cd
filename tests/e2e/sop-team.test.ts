import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/service.js';
import type { Role } from '../../src/accounts/roles.js';
import { Client, STAFF_PASSWORD, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { axeViolations, launchBrowser, loginToOffice, startAction } from './browser.js';

/**
 * Issue 12, "the office works as a team": four people in four browsers carry one complaint
 * through the SOP, and each learns that it is their turn only from the back office itself — the
 * bell, "Tugas saya", or the live update of the page they have open. After logging in nobody is
 * sent anywhere: each clicks what their page shows them (a queue row, a "Tugas saya" item, a
 * notice in the bell). The bell's waits are short, so the 30-second poll cannot be what passes.
 */
const LIVE_WAIT = { timeout: 8_000 };
const SHOTS = path.join(os.tmpdir(), 'sop-team');
const PP_DIVISION = 'Bidang Penyelenggaraan Pelayanan Perizinan dan Non Perizinan';

const PEOPLE = {
  rina: { email: 'rina.kusuma@test.local', name: 'Rina Kusuma', role: 'staff' },
  agus: { email: 'agus.salim@test.local', name: 'Agus Salim', role: 'section_head' },
  dewi: { email: 'dewi.lestari@test.local', name: 'Dewi Lestari', role: 'division_officer', division: 'PP' },
  hendra: { email: 'hendra.wijaya@test.local', name: 'Hendra Wijaya', role: 'division_head' },
} as const satisfies Record<string, { email: string; name: string; role: Role; division?: string }>;
type Person = keyof typeof PEOPLE;

describe('four people carry a complaint through the SOP, told only by the office', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const userId = {} as Record<Person, number>;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    for (const [key, p] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
      const division = 'division' in p ? await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', p.division).executeTakeFirstOrThrow() : null;
      await createUser(t.db.kysely, { email: p.email, name: p.name, password: STAFF_PASSWORD, role: p.role, divisionId: division?.id ?? null }, t.clock.now());
      userId[key] = (await t.db.kysely.selectFrom('users').select('id').where('email', '=', p.email).executeTakeFirstOrThrow()).id;
    }
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  async function expectNoSeriousAxe(page: Page, where: string): Promise<void> {
    const violations = await axeViolations(page);
    expect(violations.map((v) => `${where}: ${v.id} ${v.help} ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
  }
  const submit = (page: Page) => page.locator('.action-form button[type="submit"]').click();
  const badge = (page: Page) => page.locator('.complaint-flags .badge');
  const stateIs = (page: Page, name: string) => expect.poll(() => badge(page).textContent(), LIVE_WAIT).toBe(name);
  /** Waits for the bell to ring with `n` unread, opens it and returns the newest notice of `kind`. */
  async function ring(page: Page, n: number, kind: string): Promise<Locator> {
    await page.getByTestId('bell-count').getByText(String(n), { exact: true }).waitFor(LIVE_WAIT);
    await page.getByTestId('bell').click();
    const notice = page.locator(`#bell-list li.notice-unread[data-kind="${kind}"]`).first();
    await notice.waitFor(LIVE_WAIT);
    return notice;
  }
  /** Who was told of `kind` on the complaint: the bell's rows, by person. */
  async function toldOf(kind: string): Promise<Person[]> {
    const rows = await t.db.kysely.selectFrom('notifications').select('user_id').where('kind', '=', kind).orderBy('id').execute();
    const byId = Object.fromEntries(Object.entries(userId).map(([k, v]) => [v, k])) as Record<number, Person>;
    return rows.map((r) => byId[r.user_id] ?? (`#${r.user_id}` as Person));
  }
  async function firstPage(who: Person, at: string): Promise<Page> {
    const page = await loginToOffice(browser, t.url, PEOPLE[who].email, contexts, STAFF_PASSWORD, at);
    await page.getByRole('heading', { level: 1, name: at === '/office' ? 'Tugas saya' : 'Antrean kerja' }).waitFor();
    if (at === '/office') await page.getByText('Tidak ada tugas yang menunggu Anda.').waitFor();
    else await page.getByText('Tidak ada pengaduan di antrean ini.').waitFor();
    expect(await page.getByTestId('whoami').textContent()).toContain(PEOPLE[who].name);
    expect(await page.getByTestId('bell-count').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, `${who}-first-page.png`), fullPage: true });
    await expectNoSeriousAxe(page, `${who}'s first page`);
    return page;
  }

  it('hands the complaint from Rina to Kasie, the division, back to Rina and to Kabid, each told live', { timeout: 240_000 }, async () => {
    // Everyone logs in and stays where they land: Rina watches the queue of new complaints, the others "Tugas saya".
    const rina = await firstPage('rina', '/office/antrean');
    const agus = await firstPage('agus', '/office');
    const dewi = await firstPage('dewi', '/office');
    const hendra = await firstPage('hendra', '/office');

    // ---- Step 1. A reporter files a complaint; the row appears in Rina's open queue (the queue's poll is 60 s).
    const submitted = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT);
    expect(submitted.status).toBe(201);
    const tn = submitted.body.trackingNumber;
    const row = rina.locator(`tr[data-tracking-number="${tn}"]`);
    await row.waitFor(LIVE_WAIT);
    await rina.screenshot({ path: path.join(SHOTS, 'rina-queue-with-new-complaint.png'), fullPage: true });
    await row.getByRole('link', { name: tn }).click();
    await rina.getByRole('heading', { level: 1, name: new RegExp(tn) }).waitFor();
    await startAction(rina, 'acknowledge');
    await rina.getByLabel('Templat balasan').selectOption('tanggapan');
    await submit(rina);
    await stateIs(rina, 'Ditanggapi');
    await rina.getByTestId('owner-name').getByText('Ditangani oleh Rina Kusuma').waitFor();
    // Step 2: the complaint sheet; now the next step is the heads'.
    await startAction(rina, 'print_sheet');
    await rina.getByTestId('timeline').locator('[data-event="print_sheet"]').waitFor();
    expect(await rina.getByTestId('next-step').textContent()).toContain('Langkah 4 — Kepala Seksi atau Kepala Bidang mendisposisikan ke bidang terkait');

    // ---- Step 4 (Kasie). His open "Tugas saya" shows the complaint waiting to be disposed — and Kabid's too.
    const toDispose = agus.locator(`[data-section="to_dispose"] [data-tracking-number="${tn}"]`);
    await toDispose.waitFor(LIVE_WAIT);
    await hendra.locator(`[data-section="to_dispose"] [data-tracking-number="${tn}"]`).waitFor(LIVE_WAIT);
    expect(await agus.locator('[data-section="to_dispose"] h2').textContent()).toContain('Menunggu disposisi ke bidang');
    await agus.screenshot({ path: path.join(SHOTS, 'agus-my-work-to-dispose.png'), fullPage: true });
    await expectNoSeriousAxe(agus, 'Kasie\'s "Tugas saya" with work');
    await toDispose.getByRole('link').click();
    await agus.getByRole('heading', { level: 1, name: new RegExp(tn) }).waitFor();
    await startAction(agus, 'dispose');
    await agus.getByRole('checkbox', { name: PP_DIVISION }).check();
    await agus.getByLabel('Instruksi disposisi').fill('Mohon periksa berkas PBG dan tindak lanjuti paling lambat pekan ini.');
    await submit(agus);
    await stateIs(agus, 'Diteruskan ke bidang terkait');
    // Kabid's "Tugas saya" lets it go without a reload; Rina's open page follows.
    await hendra.locator(`[data-section="to_dispose"]`).waitFor({ state: 'detached', ...LIVE_WAIT });
    await stateIs(rina, 'Diteruskan ke bidang terkait');

    // ---- Step 5 (the division). Dewi's bell rings and the disposition is in her "Tugas saya".
    const received = await ring(dewi, 1, 'disposition_received');
    expect(await received.textContent()).toContain(`${tn} didisposisikan ke bidang Anda`);
    expect(await toldOf('disposition_received')).toEqual(['dewi']);
    expect(await agus.getByTestId('bell-count').count()).toBe(0);
    await dewi.keyboard.press('Escape');
    const incoming = dewi.locator(`[data-section="division"] [data-tracking-number="${tn}"]`);
    await incoming.waitFor(LIVE_WAIT);
    await dewi.screenshot({ path: path.join(SHOTS, 'dewi-my-work-disposition.png'), fullPage: true });
    await expectNoSeriousAxe(dewi, 'the officer\'s "Tugas saya" with work');
    await incoming.getByRole('link').click();
    await dewi.getByRole('heading', { level: 1, name: new RegExp(tn) }).waitFor();
    const disposition = dewi.locator('.owner-disposition');
    expect(await disposition.textContent()).toContain('Belum diambil petugas bidang.');
    await disposition.getByRole('button', { name: 'Ambil' }).click();
    await disposition.getByText('Petugas bidang: Dewi Lestari').waitFor();
    await startAction(dewi, 'record_follow_up');
    await dewi.getByLabel('Tindak lanjut yang dilakukan').fill('Berkas PBG sudah diverifikasi; PBG diterbitkan hari ini.');
    await dewi.getByLabel('Advokasi kepada pelapor').fill('Pelapor dapat mengunduh PBG melalui SIMBG.');
    await submit(dewi);
    await stateIs(dewi, 'Sudah ditindaklanjuti');

    // ---- Step 6 (Rina drafts). Her bell rings on the complaint page she still has open; so does Kasie's, who disposed it.
    const followedUp = await ring(rina, 1, 'follow_up_done');
    expect(await followedUp.textContent()).toContain(`Dewi Lestari mencatat tindak lanjut ${tn}`);
    expect(await toldOf('follow_up_done')).toEqual(expect.arrayContaining(['agus', 'rina']));
    expect(await toldOf('follow_up_done')).toHaveLength(2);
    await agus.getByTestId('bell-count').getByText('1', { exact: true }).waitFor(LIVE_WAIT);
    await stateIs(rina, 'Sudah ditindaklanjuti');
    await followedUp.getByRole('link').click();
    await rina.getByTestId('bell-count').waitFor({ state: 'detached', ...LIVE_WAIT });
    await startAction(rina, 'draft_answer');
    await rina.getByLabel('Templat balasan').selectOption('jawaban');
    const answer = rina.getByLabel('Jawaban (tampil untuk pelapor)');
    const template = await answer.inputValue();
    expect(template).toContain('...');
    await answer.fill(template.replace('...', 'berkas PBG Anda sudah diverifikasi dan PBG telah diterbitkan'));
    expect(await answer.inputValue()).not.toContain('...');
    await submit(rina);
    await stateIs(rina, 'Jawaban sedang disiapkan');

    // ---- Step 6 (Kabid reviews). His bell rings and "Tugas saya" lists it under approvals; he returns it with a reason.
    const awaited = await ring(hendra, 1, 'approval_awaited');
    expect(await awaited.textContent()).toContain(`Draf jawaban ${tn} menunggu persetujuan`);
    expect(await toldOf('approval_awaited')).toEqual(expect.arrayContaining(['agus', 'hendra']));
    expect(await toldOf('approval_awaited')).toHaveLength(2);
    await hendra.locator(`[data-section="approvals"] [data-tracking-number="${tn}"]`).waitFor(LIVE_WAIT);
    await hendra.screenshot({ path: path.join(SHOTS, 'hendra-my-work-approvals.png'), fullPage: true });
    await expectNoSeriousAxe(hendra, 'Kabid\'s "Tugas saya" with work');
    await awaited.getByRole('link').click();
    await hendra.getByRole('heading', { level: 1, name: new RegExp(tn) }).waitFor();
    await startAction(hendra, 'return_answer');
    const reason = 'Sebutkan nomor PBG yang terbit.';
    await hendra.getByRole('textbox', { name: 'Catatan', exact: true }).fill(reason);
    await submit(hendra);
    await stateIs(hendra, 'Sudah ditindaklanjuti');

    // ---- Rina's bell rings: returned, by whom; "Tugas saya" shows the reason. She revises and sends it again.
    const returned = await ring(rina, 1, 'draft_returned');
    expect(await returned.textContent()).toContain(`Hendra Wijaya mengembalikan draf jawaban ${tn}`);
    expect(await toldOf('draft_returned')).toEqual(['rina']);
    await rina.keyboard.press('Escape');
    await rina.locator('.office-nav').getByRole('link', { name: 'Tugas saya' }).click();
    const back = rina.locator(`[data-section="returned"] [data-tracking-number="${tn}"]`);
    await back.waitFor(LIVE_WAIT);
    expect(await back.textContent()).toContain(`Alasan: ${reason}`);
    await back.getByRole('link').click();
    await rina.getByRole('heading', { level: 1, name: new RegExp(tn) }).waitFor();
    await startAction(rina, 'draft_answer');
    const revised = rina.getByLabel('Jawaban (tampil untuk pelapor)');
    await revised.fill(`${await revised.inputValue()}\nNomor PBG Anda: PBG-3671-2026-00123.`);
    await submit(rina);
    await stateIs(rina, 'Jawaban sedang disiapkan');

    // ---- Kabid, still on the complaint, hears it again and approves; the answer is published.
    const again = await ring(hendra, 1, 'approval_awaited');
    expect(await again.textContent()).toContain(`Draf jawaban ${tn} menunggu persetujuan`);
    await again.getByRole('link').click();
    await startAction(hendra, 'approve_answer');
    expect(await hendra.locator('.answer-preview').textContent()).toContain('PBG-3671-2026-00123');
    await submit(hendra);
    await stateIs(hendra, 'Dijawab');

    // ---- Everyone's open page shows it, live; Rina is told by whom.
    // The returned draft's notice is still unread: she went back to it through "Tugas saya", not the bell.
    const approved = await ring(rina, 2, 'answer_approved');
    expect(await approved.textContent()).toContain(`Hendra Wijaya menerbitkan jawaban ${tn}`);
    expect(await toldOf('answer_approved')).toEqual(['rina']);
    await stateIs(rina, 'Dijawab');
    await stateIs(agus, 'Dijawab');
    await stateIs(dewi, 'Dijawab');
    await expect.poll(() => agus.getByTestId('live-change').textContent(), LIVE_WAIT).toContain('Hendra Wijaya');

    // Nobody was ever told of their own step, and every step is on the record by its person.
    const own = await t.db.kysely.selectFrom('notifications').select('id').whereRef('user_id', '=', 'actor_user_id').execute();
    expect(own).toEqual([]);
    const events = await t.db.kysely.selectFrom('complaint_events').select(['type', 'actor_user_id']).where('actor_type', '=', 'staff').orderBy('id').execute();
    const by = (type: string) => events.filter((e) => e.type === type).map((e) => e.actor_user_id);
    expect(by('acknowledge')).toEqual([userId.rina]);
    expect(by('dispose')).toEqual([userId.agus]);
    expect(by('record_follow_up')).toEqual([userId.dewi]);
    expect(by('draft_answer')).toEqual([userId.rina, userId.rina]);
    expect(by('return_answer')).toEqual([userId.hendra]);
    expect(by('approve_answer')).toEqual([userId.hendra]);
  });
});
