import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom } from '../../src/notifications/worker.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { dropDeadResetLinks } from '../../src/accounts/password-service.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtp-sink.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, STAFF_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;
const NEW_PASSWORD = 'kopi-tubruk-pagi-hari';

describe.each(DIALECTS)('passwords on %s', (dialect) => {
  let sink: SmtpSink;
  let t: TestApp;
  let mailer: Mailer;
  let admin: Client;
  const drain = () => drainOutbox(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'test-worker' }));
  const userId = async (email: string) => (await t.db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const audit = async (action: string, target: number) =>
    t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', String(target)).orderBy('id').execute();
  const fieldMessages = (res: { body: Json }) => ((res.body.error as Json).fields as { path: string; message: string }[]).map((f) => `${f.path}: ${f.message}`);
  /** The token of the newest reset link mailed to `email`, read from the mail as the user would. */
  const mailedToken = (email: string): string => {
    const mails = sink.to(email);
    const match = /atur-ulang-sandi#token=([A-Za-z0-9_-]+)/.exec(mails[mails.length - 1]?.text ?? '');
    if (!match?.[1]) throw new Error(`no reset link mailed to ${email}`);
    return match[1];
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(dialect, { env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://pengaduan.example.go.id' } });
    mailer = createMailer(t.ctx.config.mail, t.clock.now);
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    mailer?.close();
    await t?.close();
    await sink?.close();
  });

  it('publishes the password rules and refuses a password that breaks them, naming each rule', async () => {
    const rules = await new Client(t.url).get<{ minLength: number; rules: { id: string; text: { id: string; en: string } }[] }>('/api/auth/password-rules');
    expect(rules.status).toBe(200);
    expect(rules.body.minLength).toBe(12);
    expect(rules.body.rules.map((r) => r.id)).toEqual(['min_length', 'max_length', 'not_email', 'not_known', 'variety']);
    const doc = await new Client(t.url).get<{ paths: Record<string, Record<string, { requestBody: { content: { 'application/json': { schema: { properties: Record<string, { description?: string }> } } } } }>> }>('/api/openapi.json');
    expect(doc.body.paths['/api/auth/password']?.post?.requestBody.content['application/json'].schema.properties.newPassword?.description).toContain('At least 12 characters');

    const create = (email: string, password: string) => admin.post('/api/admin/users', { email, name: 'Baru', password, role: 'staff' });
    const english = new Client(t.url, 'en');
    await english.post('/api/auth/login', { email: ADMIN.email, password: ADMIN.password });
    const demo = await english.post('/api/admin/users', { email: 'demo@test.local', name: 'Baru', password: 'demo-aduan-2026', role: 'staff' });
    expect(demo.status).toBe(422);
    expect(fieldMessages(demo)).toEqual(['password: Not a common or published password (such as the demo password).']);
    expect(fieldMessages(await create('satu@test.local', 'aaaaaaaaaaaaaaaa'))).toEqual(['password: Memuat paling sedikit 5 karakter yang berbeda (bukan satu karakter diulang).']);
    expect(fieldMessages(await create('panjangnama@test.local', 'panjangnama@test.local'))).toEqual(['password: Bukan alamat email Anda (atau bagian sebelum @).']);
    expect(fieldMessages(await create('pendek@test.local', 'kopi-susu'))).toEqual(['password: Paling sedikit 12 karakter.']);
    expect(await t.db.kysely.selectFrom('users').select('id').where('email', 'in', ['demo@test.local', 'satu@test.local', 'pendek@test.local']).execute()).toEqual([]);
  });

  it('lets staff change their own password with the current one, ending their other sessions', async () => {
    await addStaff(t, 'ganti@test.local', 'staff');
    const here = await Client.login(t, 'ganti@test.local');
    const elsewhere = await Client.login(t, 'ganti@test.local');
    const wrong = await here.post('/api/auth/password', { currentPassword: 'bukan-kata-sandinya', newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(422);
    expect(fieldMessages(wrong)).toEqual(['currentPassword: Kata sandi saat ini salah.']);
    expect(fieldMessages(await here.post('/api/auth/password', { currentPassword: STAFF_PASSWORD, newPassword: 'ganti@test.local' }))).toEqual(['newPassword: Bukan alamat email Anda (atau bagian sebelum @).']);
    expect((await new Client(t.url).post('/api/auth/password', { currentPassword: STAFF_PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(401);

    expect((await here.post('/api/auth/password', { currentPassword: STAFF_PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(200);
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    expect((await new Client(t.url).post('/api/auth/login', { email: 'ganti@test.local', password: STAFF_PASSWORD })).status).toBe(401);
    await Client.login(t, 'ganti@test.local', NEW_PASSWORD);
    const id = await userId('ganti@test.local');
    const [changed] = await audit('password.changed', id);
    expect(changed).toMatchObject({ actor_user_id: id, ip: '127.0.0.1' });
    expect(JSON.stringify(changed)).not.toContain(NEW_PASSWORD);
  });

  it('lets an admin give someone a generated password, shown once, ending all their sessions', async () => {
    await addStaff(t, 'lupa@test.local', 'staff');
    const session = await Client.login(t, 'lupa@test.local');
    const id = await userId('lupa@test.local');
    const staff = await Client.login(t, 'ganti@test.local', NEW_PASSWORD);
    expect((await staff.post(`/api/admin/users/${id}/password-reset`, { method: 'generate' })).status).toBe(403);
    const reset = await admin.post<{ password: string }>(`/api/admin/users/${id}/password-reset`, { method: 'generate' });
    expect(reset.status).toBe(200);
    expect(reset.body.password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    await Client.login(t, 'lupa@test.local', reset.body.password);
    const [entry] = await audit('password.reset_by_admin', id);
    expect(entry).toMatchObject({ actor_user_id: await userId(ADMIN.email), after: JSON.stringify({ method: 'generate' }) });
    expect(JSON.stringify(entry)).not.toContain(reset.body.password);
    // Their own password goes through "change", which needs the current one.
    const self = await admin.post(`/api/admin/users/${await userId(ADMIN.email)}/password-reset`, { method: 'generate' });
    expect(self.status).toBe(422);
  });

  it('mails a single-use reset link in the user’s language, answering alike for unknown emails', async () => {
    await addStaff(t, 'surat@test.local', 'staff');
    await t.db.kysely.updateTable('users').set({ language: 'en' }).where('email', '=', 'surat@test.local').execute();
    const id = await userId('surat@test.local');
    const before = await Client.login(t, 'surat@test.local');
    const anyone = new Client(t.url);
    const known = await anyone.post('/api/auth/forgot-password', { email: 'Surat@test.local ' });
    const unknown = await anyone.post('/api/auth/forgot-password', { email: 'tidak-ada@test.local' });
    expect(known.status).toBe(202);
    expect(unknown).toMatchObject({ status: known.status, body: known.body });
    const queued = await t.db.kysely.selectFrom('outbox_messages').selectAll().where('kind', '=', 'password_reset').execute();
    expect(queued.map((m) => [m.recipient_email, m.language, m.has_secret])).toEqual([['surat@test.local', 'en', 1]]);
    await drain();
    expect(sink.to('tidak-ada@test.local')).toEqual([]);
    const mail = sink.to('surat@test.local')[0];
    expect(mail?.subject).toBe('Reset your complaints-office password');
    expect(mail?.text).toContain('https://pengaduan.example.go.id/office/atur-ulang-sandi#token=');
    const token = mailedToken('surat@test.local');
    // Only the token's hash is stored, and the sent mail's payload is gone.
    expect(JSON.stringify(await t.db.kysely.selectFrom('password_resets').selectAll().execute())).not.toContain(token);
    expect((await t.db.kysely.selectFrom('outbox_messages').select('payload').where('kind', '=', 'password_reset').executeTakeFirstOrThrow()).payload).toBeNull();

    const weak = await anyone.post('/api/auth/reset-password', { token, newPassword: 'demo-aduan-2026' });
    expect(weak.status).toBe(422);
    expect((await anyone.post('/api/auth/reset-password', { token, newPassword: NEW_PASSWORD })).status).toBe(200);
    expect((await before.get('/api/auth/me')).status).toBe(401);
    await Client.login(t, 'surat@test.local', NEW_PASSWORD);
    const again = await anyone.post('/api/auth/reset-password', { token, newPassword: 'teh-manis-sore-hari' });
    expect(again.status).toBe(422);
    expect(fieldMessages(again)[0]).toMatch(/^token: Tautan atur ulang kata sandi tidak berlaku/);
    expect((await audit('password.reset_requested', id)).map((r) => r.after)).toEqual([JSON.stringify({ by: 'user' })]);
    expect(await audit('password.reset_completed', id)).toHaveLength(1);
  });

  it('lets a link expire, and an admin mail one; three mails per account per window at most', async () => {
    const id = await userId('surat@test.local');
    const mailed = await admin.post<{ password: string | null }>(`/api/admin/users/${id}/password-reset`, { method: 'mail' });
    expect(mailed).toMatchObject({ status: 200, body: { password: null } });
    await drain();
    const token = mailedToken('surat@test.local');
    t.clock.advance(61 * 60_000);
    expect((await new Client(t.url).post('/api/auth/reset-password', { token, newPassword: 'teh-manis-sore-hari' })).status).toBe(422);
    expect((await audit('password.reset_requested', id)).at(-1)).toMatchObject({ actor_user_id: await userId(ADMIN.email), after: JSON.stringify({ method: 'mail' }) });

    const count = async () => (await t.db.kysely.selectFrom('password_resets').select('token_hash').where('user_id', '=', id).execute()).length;
    const start = await count();
    for (let i = 0; i < 5; i++) expect((await new Client(t.url).post('/api/auth/forgot-password', { email: 'surat@test.local' })).status).toBe(202);
    expect((await count()) - start).toBe(3);

    // A day after the last of them expired, the timed job drops them all; a fresh link stays.
    t.clock.advance(25 * 3600_000);
    const fresh = await new Client(t.url).post('/api/auth/forgot-password', { email: 'surat@test.local' });
    expect(fresh.status).toBe(202);
    expect(await dropDeadResetLinks(t.ctx)).toBeGreaterThanOrEqual(4);
    expect(await count()).toBe(1);
  });

  it('refuses an admin deactivating themself or dropping their own admin role, in both languages', async () => {
    const self = await userId(ADMIN.email);
    const off = await admin.request('PATCH', `/api/admin/users/${self}`, { json: { active: false } });
    expect(off.status).toBe(422);
    expect(fieldMessages(off)).toEqual(['active: Anda tidak dapat menonaktifkan akun Anda sendiri.']);
    const english = new Client(t.url, 'en');
    await english.post('/api/auth/login', { email: ADMIN.email, password: ADMIN.password });
    const demote = await english.request('PATCH', `/api/admin/users/${self}`, { json: { role: 'staff' } });
    expect(fieldMessages(demote)).toEqual(['role: You cannot remove the administrator role from your own account.']);
    expect(await t.db.kysely.selectFrom('users').select(['role', 'active']).where('id', '=', self).executeTakeFirstOrThrow()).toEqual({ role: 'admin', active: 1 });
    // Renaming oneself, or deactivating someone else, still works.
    expect((await admin.request('PATCH', `/api/admin/users/${self}`, { json: { name: 'Admin Kantor', role: 'admin' } })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/admin/users/${await userId('lupa@test.local')}`, { json: { active: false } })).status).toBe(200);
  });

  it('never answers 5xx to hostile bodies on the password routes, and changes no password for them', async () => {
    const hostile: unknown[] = [null, true, 0, '', 'x'.repeat(20_000), "'; DROP TABLE users; --", '\u0000', [], {}, { $gt: '' }, ['a']];
    const staff = await Client.login(t, 'ganti@test.local', NEW_PASSWORD);
    const hashes = async () => JSON.stringify(await t.db.kysely.selectFrom('users').select(['id', 'password_hash']).orderBy('id').execute());
    const before = await hashes();
    const routes: [Client, string, string[]][] = [
      [new Client(t.url), '/api/auth/forgot-password', ['email']],
      [new Client(t.url), '/api/auth/reset-password', ['token', 'newPassword']],
      [staff, '/api/auth/password', ['currentPassword', 'newPassword']],
      [admin, `/api/admin/users/${await userId('ganti@test.local')}/password-reset`, ['method']],
    ];
    for (const [client, url, keys] of routes) {
      for (const value of hostile) {
        for (const body of [value, Object.fromEntries(keys.map((k) => [k, value])), { ...Object.fromEntries(keys.map((k) => [k, 'abcdefghijklmnopqrstuvwxyz'])), extra: value }]) {
          const res = await client.post(url, body);
          expect(res.status, `${url} ${JSON.stringify(body).slice(0, 80)}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${url} ${JSON.stringify(body).slice(0, 80)}`).toBeLessThan(500);
        }
      }
    }
    expect(await hashes()).toBe(before);
  });

  it('gives demo staff generated passwords, never the one once published', async () => {
    const demo = await seedDemo(t.ctx, { complaints: 0 });
    expect(demo.staff.map((s) => s.email)).toContain('kabid@aduan.local');
    const passwords = demo.staff.map((s) => s.password);
    expect(new Set(passwords).size).toBe(passwords.length);
    expect((await new Client(t.url).post('/api/auth/login', { email: 'kabid@aduan.local', password: 'demo-aduan-2026' })).status).toBe(401);
    const kabid = demo.staff.find((s) => s.email === 'kabid@aduan.local');
    await Client.login(t, 'kabid@aduan.local', kabid?.password ?? '');
    // A second run leaves the existing logins alone and prints no password for them.
    expect((await seedDemo(t.ctx, { complaints: 0 })).staff.every((s) => s.password === null)).toBe(true);
  });
});
