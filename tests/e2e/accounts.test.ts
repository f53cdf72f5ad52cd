import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom } from '../../src/notifications/worker.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtp-sink.js';
import { addStaff, ADMIN, Client, STAFF_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';
import { axeViolations, launchBrowser } from './browser.js';

const PHONE = { width: 360, height: 740 };
const RULE = 'Paling sedikit 12 karakter.';

/**
 * Passwords in a real browser against the real server (SQLite) and a real SMTP server: change
 * my password, forgot → mail → reset → log in, and an admin's reset from the users list.
 */
describe('passwords in the back office', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let mailer: Mailer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    // http, so the session cookie is not marked Secure for this plain-http test server.
    t = await startTestApp('sqlite', { env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'http://pengaduan.example.go.id' } });
    mailer = createMailer(t.ctx.config.mail, t.clock.now);
    await addStaff(t, 'ganti@test.local', 'staff');
    await addStaff(t, 'lupa@test.local', 'section_head');
    await addStaff(t, 'direset@test.local', 'staff');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    mailer?.close();
    await t?.close();
    await sink?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE, locale: 'id-ID', timezoneId: 'Europe/London', bypassCSP: true });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  }

  async function logIn(page: Page, email: string, password: string): Promise<void> {
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.getByLabel('Kata sandi', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByTestId('whoami').waitFor();
  }

  async function expectNoSeriousAxe(page: Page, where: string): Promise<void> {
    const violations = await axeViolations(page);
    expect(violations.map((v) => `${where}: ${v.id} ${v.help} ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
  }

  it('lets a staff member change their password, with the rules shown before typing', { timeout: 60_000 }, async () => {
    const page = await newPage();
    await page.goto(`${t.url}/office`);
    await logIn(page, 'ganti@test.local', STAFF_PASSWORD);
    await page.getByRole('link', { name: 'Akun saya' }).click();
    await page.getByRole('heading', { level: 1, name: 'Akun saya' }).waitFor();
    const rules = page.getByTestId('password-rules');
    await rules.getByText(RULE).waitFor();
    expect(await rules.textContent()).toContain('Bukan kata sandi yang umum atau pernah diumumkan');
    await expectNoSeriousAxe(page, 'change password');

    // Their NIP and position for paper: a malformed NIP is named, a right one saved.
    const profile = page.getByRole('region', { name: 'Data untuk tanda tangan' });
    await profile.getByLabel('NIP').fill('12345');
    await profile.getByRole('button', { name: 'Simpan' }).click();
    await profile.locator('.error-summary').getByText('NIP terdiri atas 18 angka', { exact: false }).waitFor();
    await profile.getByLabel('NIP').fill('19900101 201503 1 001');
    await profile.getByLabel('Jabatan').fill('Pengadministrasi Pengaduan');
    await profile.getByRole('button', { name: 'Simpan' }).click();
    await profile.getByRole('status').getByText('Tersimpan.').waitFor();
    expect(await t.db.kysely.selectFrom('users').select(['nip', 'position']).where('email', '=', 'ganti@test.local').executeTakeFirst()).toEqual({ nip: '199001012015031001', position: 'Pengadministrasi Pengaduan' });

    await page.getByLabel('Kata sandi saat ini').fill('bukan-yang-ini-123');
    await page.getByLabel('Kata sandi baru', { exact: true }).fill('nasi-uduk-betawi-77');
    await page.getByLabel('Ulangi kata sandi baru').fill('nasi-uduk-betawi-77');
    await page.getByRole('button', { name: 'Ganti kata sandi' }).click();
    await page.locator('.error-summary').getByText('Kata sandi saat ini salah.').waitFor();

    await page.getByLabel('Kata sandi saat ini').fill(STAFF_PASSWORD);
    await page.getByLabel('Kata sandi baru', { exact: true }).fill('demo-aduan-2026');
    await page.getByLabel('Ulangi kata sandi baru').fill('demo-aduan-2026');
    await page.getByRole('button', { name: 'Ganti kata sandi' }).click();
    await page.locator('.error-summary').getByText('Bukan kata sandi yang umum atau pernah diumumkan (misalnya kata sandi demo).').waitFor();

    await page.getByLabel('Kata sandi baru', { exact: true }).fill('nasi-uduk-betawi-77');
    await page.getByLabel('Ulangi kata sandi baru').fill('nasi-uduk-betawi-77');
    await page.getByRole('button', { name: 'Ganti kata sandi' }).click();
    await page.getByText('Kata sandi diganti.', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'Keluar' }).click();
    await logIn(page, 'ganti@test.local', 'nasi-uduk-betawi-77');
    expect((await new Client(t.url).post('/api/auth/login', { email: 'ganti@test.local', password: STAFF_PASSWORD })).status).toBe(401);
  });

  it('mails a reset link from "Lupa kata sandi?" that sets a new password once', { timeout: 60_000 }, async () => {
    const page = await newPage();
    await page.goto(`${t.url}/office`);
    await page.getByRole('button', { name: 'Lupa kata sandi?' }).click();
    await page.getByRole('heading', { name: 'Lupa kata sandi' }).waitFor();
    await page.getByRole('textbox', { name: 'Email' }).fill('lupa@test.local');
    await page.getByRole('button', { name: 'Kirim tautan' }).click();
    await page.getByText('Jika email itu terdaftar', { exact: false }).waitFor();
    await expectNoSeriousAxe(page, 'forgot password');

    expect((await drainOutbox(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'e2e' }))).sent).toBe(1);
    const mail = sink.to('lupa@test.local').at(-1);
    expect(mail?.subject).toBe('Atur ulang kata sandi kantor pengaduan');
    const link = /http:\/\/pengaduan\.example\.go\.id(\/office\/atur-ulang-sandi#token=[A-Za-z0-9_%-]+)/.exec(mail?.text ?? '')?.[1];
    expect(link).toBeDefined();

    await page.goto(`${t.url}${link}`);
    await page.getByRole('heading', { level: 1, name: 'Buat kata sandi baru' }).waitFor();
    // The token leaves the address bar (and history) once read.
    expect(page.url()).not.toContain('token=');
    await page.getByTestId('password-rules').getByText(RULE).waitFor();
    await expectNoSeriousAxe(page, 'reset password');
    await page.getByLabel('Kata sandi baru', { exact: true }).fill('soto-ayam-lamongan-9');
    await page.getByLabel('Ulangi kata sandi baru').fill('soto-ayam-lamongan-8');
    await page.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
    await page.locator('.error-summary').getByText('Kedua kata sandi baru tidak sama.').waitFor();
    await page.getByLabel('Ulangi kata sandi baru').fill('soto-ayam-lamongan-9');
    await page.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
    await page.getByText('Kata sandi baru tersimpan.', { exact: false }).waitFor();

    await page.getByRole('link', { name: 'Kembali ke halaman masuk' }).click();
    await logIn(page, 'lupa@test.local', 'soto-ayam-lamongan-9');

    // The same link a second time: refused, in words.
    const again = await newPage();
    await again.goto(`${t.url}${link}`);
    await again.getByLabel('Kata sandi baru', { exact: true }).fill('rendang-padang-asli-1');
    await again.getByLabel('Ulangi kata sandi baru').fill('rendang-padang-asli-1');
    await again.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
    await again.locator('.error-summary').getByText('Tautan atur ulang kata sandi tidak berlaku', { exact: false }).waitFor();
  });

  it('lets an admin give a user a new password from the users list, and not lock themself out', { timeout: 60_000 }, async () => {
    const page = await newPage();
    await page.goto(`${t.url}/office/admin/users`);
    await logIn(page, ADMIN.email, ADMIN.password);
    await page.locator('#new-user-password-rules').getByText(RULE).waitFor();
    await page.getByRole('button', { name: 'Buat kata sandi baru: direset' }).click();
    const id = (await t.db.kysely.selectFrom('users').select('id').where('email', '=', 'direset@test.local').executeTakeFirstOrThrow()).id;
    const shown = page.getByTestId(`password-reset-${id}`);
    await shown.getByText('hanya ditampilkan sekali ini', { exact: false }).waitFor();
    const password = /: ([A-Za-z0-9]{20}) —/.exec((await shown.textContent()) ?? '')?.[1];
    expect(password).toBeDefined();
    await Client.login(t, 'direset@test.local', password);
    await expectNoSeriousAxe(page, 'users with a reset password');

    // Their own row points to My account and offers no way to deactivate themself: the "Aktif" box is
    // there for others only (the server's refusal is in tests/api/accounts-passwords.test.ts).
    const own = page.locator('tr', { hasText: ADMIN.email });
    await own.getByRole('link', { name: 'Ganti kata sandi Anda sendiri di halaman Akun saya.' }).waitFor();
    expect(await own.getByRole('checkbox').count()).toBe(0);
    expect(await page.locator('tr', { hasText: 'direset@test.local' }).getByRole('checkbox', { name: /^Aktif / }).count()).toBe(1);
  });
});
