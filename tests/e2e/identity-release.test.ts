import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { axeViolations, launchBrowser, loginToOffice, TINY_PNG } from './browser.js';

const NIK = '3671012345678901';

/**
 * The intake desk releases an anonymous reporter's reply to the division as a redacted copy, and
 * their photo, from the complaint page; the division officer sees neither before, and only the
 * redacted copy and the photo after (decision 0009).
 */
describe('releasing an anonymous reporter’s words in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  const loginAs = (email: string): Promise<Page> => loginToOffice(browser, t.url, email, contexts);

  it('shows "Rilis ke bidang" to the intake desk, and the division only what was released', { timeout: 120_000 }, async () => {
    const form = new FormData();
    form.append('complaint', JSON.stringify({ ...VALID_COMPLAINT, anonymous: true, reporter: { name: 'Siti Rahasia', email: 'siti@contoh.id' } }));
    form.append('attachments', new Blob([TINY_PNG]), 'ktp.png');
    const submitted = await new Client(t.url).request<{ trackingNumber: string; accessCode: string }>('POST', '/api/public/complaints', { body: form });
    const { trackingNumber: tn, accessCode: code } = submitted.body;
    const staff = await Client.login(t, 'staf@test.local');
    const kasie = await Client.login(t, 'kasie@test.local');
    await staff.act(tn, 'acknowledge');
    await staff.act(tn, 'request_clarification', { message: 'Mohon sebutkan nomor permohonan Anda.' });
    expect((await new Client(t.url).post(`/api/public/complaints/${tn}/replies`, { message: `Nomor PRM-2026-01234, NIK ${NIK}.` }, { 'x-access-code': code })).status).toBe(200);
    const divisionPP = (await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow()).id;
    expect((await kasie.act(tn, 'dispose', { divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti.' })).status).toBe(200);

    const officer = await loginAs('pp@test.local');
    await officer.goto(`${t.url}/office/pengaduan/${tn}`);
    await officer.getByText('Pesan pelapor disembunyikan (anonim)').waitFor();
    expect(await officer.content()).not.toContain(NIK);
    expect(await officer.content()).not.toContain('ktp.png');
    expect(await officer.getByRole('button', { name: 'Rilis ke bidang' }).count()).toBe(0);

    const desk = await loginAs('staf@test.local');
    await desk.goto(`${t.url}/office/pengaduan/${tn}`);
    const reply = desk.locator('.message-reply');
    await reply.getByText(NIK, { exact: false }).waitFor();
    await reply.getByRole('button', { name: 'Rilis ke bidang' }).click();
    const text = reply.getByLabel('Teks yang dilihat bidang terkait');
    expect(await text.inputValue()).toContain(NIK);
    await text.fill('Nomor PRM-2026-01234, NIK [disamarkan].');
    const violations = await axeViolations(desk);
    expect(violations.map((v) => `${v.id} ${v.help}`)).toEqual([]);
    await reply.getByRole('button', { name: 'Rilis', exact: true }).click();
    await reply.getByText('Dirilis ke bidang (disunting)').waitFor();
    await desk.locator('.attachments').getByRole('button', { name: 'Rilis ke bidang' }).click();
    await desk.locator('.attachments').getByText('Dirilis ke bidang').waitFor();
    await desk.getByTestId('timeline').locator('[data-event="message_released"]').waitFor();

    await officer.reload();
    await officer.getByText('NIK [disamarkan]').waitFor();
    expect(await officer.content()).not.toContain(NIK);
    expect(await officer.getByRole('img', { name: 'ktp.png' }).evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
  });
});
