import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdAfterRestore } from '../../src/backup/after-restore.js';
import { ADMIN, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { axeViolations, inPage, launchBrowser } from './browser.js';

type Json = Record<string, unknown>;
type Items = { items: Json[] };

/**
 * Every administration screen in a real browser against the real server (SQLite): each one
 * creates or edits through the one table editor, and the API then shows it saved.
 */
describe('administration in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let api: Client;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID', bypassCSP: true });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    await page.goto(`${t.url}/office`);
    await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await page.getByLabel('Kata sandi', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByTestId('whoami').waitFor();
    api = await Client.login(t, ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(section: string, table: string): Promise<void> {
    await page.goto(`${t.url}/office/admin/${section}`);
    await page.getByTestId(table).locator('tbody tr').first().waitFor();
  }
  const saved = () => page.getByRole('status').getByText('Tersimpan.').waitFor();
  const row = (table: string, key: string) => page.getByTestId(table).locator(`tr[data-row="${key}"]`);

  it('users: adds a user, changes a role, and never offers an admin to deactivate themselves', async () => {
    await open('users', 'users');
    await page.locator('#new-name').fill('Dewi Uji');
    await page.locator('#new-email').fill('dewi@test.local');
    await page.locator('#new-password').fill('kata-sandi-panjang-1');
    await page.locator('#new-role').selectOption('section_head');
    await page.getByRole('button', { name: 'Tambah' }).click();
    await saved();
    const created = ((await api.get<Items>('/api/admin/users')).body.items).find((u) => u.email === 'dewi@test.local');
    expect(created).toMatchObject({ name: 'Dewi Uji', role: 'section_head', active: true });
    const id = String(created?.id);
    await row('users', id).getByRole('combobox', { name: 'Peran Dewi Uji' }).selectOption('division_head');
    await saved();
    expect(((await api.get<Items>('/api/admin/users')).body.items).find((u) => u.email === 'dewi@test.local')).toMatchObject({ role: 'division_head' });
    // The NIP and position printed under her signature.
    await row('users', id).getByRole('textbox', { name: 'NIP Dewi Uji' }).fill('19780312 200501 2 003');
    await row('users', id).getByRole('textbox', { name: 'Jabatan Dewi Uji' }).fill('Kepala Bidang Pengaduan');
    await page.getByRole('button', { name: 'Simpan Dewi Uji' }).click();
    await saved();
    expect(((await api.get<Items>('/api/admin/users')).body.items).find((u) => u.email === 'dewi@test.local')).toMatchObject({ nip: '197803122005012003', position: 'Kepala Bidang Pengaduan' });
    // Deactivating someone else works; one's own row has no such control.
    await row('users', id).getByRole('checkbox', { name: 'Aktif Dewi Uji' }).uncheck();
    await saved();
    expect(((await api.get<Items>('/api/admin/users')).body.items).find((u) => u.email === 'dewi@test.local')).toMatchObject({ active: false });
    const me = ((await api.get<Items>('/api/admin/users')).body.items).find((u) => u.email === ADMIN.email);
    expect(await row('users', String(me?.id)).getByRole('checkbox').count()).toBe(0);
    // The role list is as wide as its longest name: "Kepala Seksi (Kasie)", not "Kepala Seksi (Kas".
    const fits = await inPage<boolean>(
      page,
      `(() => {
        const select = document.querySelector('[data-testid="users"] tr[data-row="${id}"] select');
        const style = getComputedStyle(select);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
        const widest = Math.max(...Array.from(select.options, (o) => ctx.measureText(o.text).width));
        return select.clientWidth >= widest + 20;
      })()`,
    );
    expect(fits).toBe(true);
    expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
  });

  it('paper: the letterhead and who signs the register are saved', async () => {
    await page.goto(`${t.url}/office/admin/paper`);
    const letterhead = page.getByRole('region', { name: 'Kop surat' });
    await letterhead.getByLabel('Instansi (baris atas)').fill('Pemerintah Kota Tangerang');
    await letterhead.getByRole('button', { name: 'Simpan kop surat' }).click();
    await letterhead.getByRole('status').getByText('Tersimpan.').waitFor();
    expect((await api.get('/api/admin/paper/letterhead')).body).toMatchObject({ agency: 'Pemerintah Kota Tangerang', logo: 'none' });
    const signatory = page.getByRole('region', { name: 'Penanda tangan buku pengaduan dan rekap' });
    await signatory.getByRole('combobox', { name: /^Penanda tangan/ }).selectOption({ label: 'Administrator' });
    await signatory.getByRole('button', { name: 'Simpan' }).click();
    await signatory.getByRole('status').getByText('Tersimpan.').waitFor();
    const me = ((await api.get<Items>('/api/admin/users')).body.items).find((u) => u.email === ADMIN.email);
    expect((await api.get('/api/admin/paper/signatory')).body).toMatchObject({ userId: me?.id, signatory: { name: 'Administrator', nip: null } });
    expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
  });

  const catalogues: { section: string; create: Record<string, string>; edit: [string, string]; check: Json }[] = [
    { section: 'divisions', create: { code: 'UJI', name: 'Bidang Uji' }, edit: ['Nama', 'Bidang Uji Coba'], check: { code: 'UJI', name: 'Bidang Uji Coba' } },
    { section: 'permit-types', create: { code: 'IZN-UJI', name: 'Izin uji', category: 'Lainnya' }, edit: ['Kategori', 'Bangunan'], check: { code: 'IZN-UJI', category: 'Bangunan' } },
    { section: 'complaint-classes', create: { code: 'kilat', name_id: 'Kilat', name_en: 'Express', answer_days: '3' }, edit: ['Hari kerja untuk menjawab', '4'], check: { code: 'kilat', answer_days: 4 } },
    { section: 'complaint-themes', create: { code: 'uji', name_id: 'Tema uji', name_en: 'Test theme' }, edit: ['Nama (Inggris)', 'Trial theme'], check: { code: 'uji', name_en: 'Trial theme' } },
  ];
  for (const c of catalogues) {
    it(`${c.section}: adds one and edits it in its row`, async () => {
      await open(c.section, c.section);
      for (const [key, value] of Object.entries(c.create)) await page.locator(`#new-${key}`).fill(value);
      await page.getByRole('button', { name: 'Tambah' }).click();
      await saved();
      const code = c.create.code as string;
      const input = page.getByRole(c.edit[0].startsWith('Hari') ? 'spinbutton' : 'textbox', { name: `${c.edit[0]} ${code}`, exact: true });
      await input.fill(c.edit[1]);
      await page.getByRole('button', { name: `Simpan ${code}` }).click();
      await saved();
      const items = (await api.get<Items>(`/api/catalogue/${c.section}`)).body.items;
      expect(items.find((i) => i.code === code)).toMatchObject(c.check);
    });
  }

  it('holidays: named as the calendar names them, added, renamed, and removed only after confirming', async () => {
    await page.goto(`${t.url}/office/admin/holidays`);
    await page.locator('#holiday-year').selectOption('2026');
    expect(await row('holidays', '2026-08-17').textContent()).toBeTruthy();
    expect(await row('holidays', '2026-08-17').getByRole('textbox', { name: 'Nama 2026-08-17' }).inputValue()).toBe('Hari Kemerdekaan Republik Indonesia');
    await page.locator('#new-date').fill('2026-12-31');
    await page.locator('#new-name').fill('Libur daerah uji');
    await page.getByRole('button', { name: 'Tambah' }).click();
    await saved();
    await row('holidays', '2026-12-31').getByRole('textbox', { name: 'Nama 2026-12-31' }).fill('Libur daerah');
    await page.getByRole('button', { name: 'Simpan 2026-12-31' }).click();
    await saved();
    const holiday = async () => ((await api.get<{ items: { date: string; name: string }[] }>('/api/catalogue/holidays')).body.items).find((h) => h.date === '2026-12-31');
    expect(await holiday()).toMatchObject({ name: 'Libur daerah' });
    // Cancelling the question keeps the day; confirming removes it.
    const messages: string[] = [];
    page.once('dialog', (d) => {
      messages.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('button', { name: 'Hapus 2026-12-31' }).click();
    await expect.poll(() => messages.length).toBe(1);
    expect(messages[0]).toContain('Libur daerah');
    expect(await holiday()).toBeDefined();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Hapus 2026-12-31' }).click();
    await saved();
    expect(await holiday()).toBeUndefined();
  });

  it('office hours: a shorter Friday is saved', async () => {
    await open('office-hours', 'office-hours');
    await page.getByLabel('Tutup Jumat').fill('15:00');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await saved();
    const hours = (await api.get<{ officeHours: { weekday: number; close: string | null }[] }>('/api/admin/settings')).body.officeHours;
    expect(hours.find((d) => d.weekday === 5)?.close).toBe('15:00');
  });

  it('deadlines: the division follow-up days are saved', async () => {
    await open('deadlines', 'deadlines');
    await page.getByRole('spinbutton', { name: 'Hari kerja Tindak lanjut bidang (hari kerja)' }).fill('4');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await saved();
    expect((await api.get<{ deadlines: Json }>('/api/admin/settings')).body.deadlines).toMatchObject({ followUpDays: 4 });
  });

  it('step roles: a role ticked for an action is saved', async () => {
    await open('step-roles', 'step-roles');
    await page.getByRole('checkbox', { name: 'Staf Tunda' }).check();
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await saved();
    expect((await api.get<{ stepRoles: Record<string, string[]> }>('/api/admin/settings')).body.stepRoles.hold).toContain('staff');
  });

  it('reply templates: a new template is saved with its actions', async () => {
    await open('templates', 'templates');
    const before = (await page.getByTestId('templates').locator('tbody tr').count());
    await page.getByRole('button', { name: 'Templat baru' }).click();
    const added = page.getByTestId('templates').locator('tbody tr').nth(before);
    await added.getByRole('textbox').nth(0).fill('terima-kasih');
    await added.getByRole('textbox').nth(1).fill('Terima kasih');
    await added.getByRole('textbox').nth(2).fill('Yth. {reporterName}, terima kasih atas pengaduan {trackingNumber}.');
    await added.getByRole('checkbox', { name: 'Tutup' }).check();
    await page.getByRole('button', { name: 'Simpan semua' }).click();
    await saved();
    const items = (await api.get<{ items: { id: string; title: string; actions: string[] }[] }>('/api/admin/reply-templates')).body.items;
    expect(items.find((i) => i.id === 'terima-kasih')).toMatchObject({ title: 'Terima kasih', actions: ['close'] });
  });

  it('mailbox: mail held after a restore is listed and sent only after confirming', async () => {
    const submitted = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT);
    await t.db.kysely.transaction().execute((trx) => holdAfterRestore(trx, { backupCreatedAt: t.clock.now().toISOString(), now: t.clock.now(), skipNumbers: 0 }));
    await page.goto(`${t.url}/office/kotak-surat`);
    const section = page.getByTestId('held-mail');
    await section.getByRole('heading', { name: 'Surat tertahan setelah pemulihan' }).waitFor();
    await section.getByText(submitted.body.trackingNumber).first().waitFor();
    expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
    await section.getByRole('button', { name: 'Kirim semua' }).click();
    await section.getByRole('button', { name: 'Ya, kirim' }).click();
    await page.getByRole('status').getByText('masuk antrean kirim').waitFor();
    await section.waitFor({ state: 'detached' });
    const held = await t.db.kysely.selectFrom('outbox_messages').select('id').where('status', '=', 'held').execute();
    expect(held).toEqual([]);
  });
});
