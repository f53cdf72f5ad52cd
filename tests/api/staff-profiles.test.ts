import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordsSignatory } from '../../src/paper/signatory.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;
const NIP = '197803122005012003';

describe.each(DIALECTS)('staff profiles and paper settings on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let officer: Client;
  let kabidId: number;
  const userId = async (email: string) => (await t.db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const profileOf = async (id: number) => t.db.kysely.selectFrom('users').select(['nip', 'position']).where('id', '=', id).executeTakeFirstOrThrow();
  const audit = async (action: string) => t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  const fields = (res: { body: unknown }) => ((res.body as { error: { fields: { path: string; message: string }[] } }).error.fields ?? []).map((f) => `${f.path}: ${f.message}`);

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await addStaff(t, 'kabid@test.local', 'division_head');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    officer = await Client.login(t, 'pp@test.local');
    kabidId = await userId('kabid@test.local');
  });
  afterAll(async () => t?.close());

  it('lets an admin set a NIP (spaces dropped) and a position, audited, and lists them', async () => {
    const res = await admin.request('PATCH', `/api/admin/users/${kabidId}`, { json: { nip: '19780312 200501 2 003', position: '  Kepala Bidang Pengaduan  ' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await profileOf(kabidId)).toEqual({ nip: NIP, position: 'Kepala Bidang Pengaduan' });
    const listed = (await admin.get<{ items: Json[] }>('/api/admin/users')).body.items.find((u) => u.id === kabidId);
    expect(listed).toMatchObject({ nip: NIP, position: 'Kepala Bidang Pengaduan' });
    const rows = (await audit('user.changed')).filter((r) => r.target_id === String(kabidId));
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]?.after ?? '{}')).toEqual({ nip: NIP, position: 'Kepala Bidang Pengaduan' });

    // Contract staff have no NIP: empty clears it.
    expect((await admin.request('PATCH', `/api/admin/users/${kabidId}`, { json: { nip: '' } })).status).toBe(200);
    expect((await profileOf(kabidId)).nip).toBeNull();
    const created = await admin.post<{ id: number }>('/api/admin/users', { email: 'baru@test.local', name: 'Pegawai Baru', password: 'kopi-tubruk-pagi-hari', role: 'staff', nip: NIP, position: 'Pengadministrasi' });
    expect(created.status).toBe(201);
    expect(await profileOf(created.body.id)).toEqual({ nip: NIP, position: 'Pengadministrasi' });
  });

  it('refuses a malformed NIP in Indonesian and English and changes nothing', async () => {
    const before = await profileOf(kabidId);
    const bad = await admin.request('PATCH', `/api/admin/users/${kabidId}`, { json: { nip: '1978-03-12', position: 'Kepala' } });
    expect(bad.status).toBe(422);
    expect(fields(bad)).toEqual(['nip: NIP terdiri atas 18 angka, atau kosongkan bila tidak ada.']);
    const english = new Client(t.url, 'en');
    await english.post('/api/auth/login', { email: ADMIN.email, password: ADMIN.password });
    const short = await english.request('PATCH', `/api/admin/users/${kabidId}`, { json: { nip: '12345', position: 'x'.repeat(201) } });
    expect(fields(short)).toEqual(['nip: An NIP has 18 digits; leave it empty when there is none.', 'position: At most 200 characters.']);
    expect(await profileOf(kabidId)).toEqual(before);
  });

  it('lets each person keep their own NIP and position, audited, and no one else’s', async () => {
    const officerId = await userId('pp@test.local');
    const mine = await officer.request('PATCH', '/api/auth/profile', { json: { nip: '199001012015031001', position: 'Analis Perizinan' } });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect((await officer.get('/api/auth/profile')).body).toEqual({ nip: '199001012015031001', position: 'Analis Perizinan' });
    const rows = await audit('user.profile_changed');
    expect(rows.map((r) => [r.actor_user_id, r.target_id, JSON.parse(r.after ?? '{}')])).toEqual([[officerId, String(officerId), { nip: '199001012015031001', position: 'Analis Perizinan' }]]);
    expect(fields(await officer.request('PATCH', '/api/auth/profile', { json: { nip: 'abc' } }))).toEqual(['nip: NIP terdiri atas 18 angka, atau kosongkan bila tidak ada.']);
    expect((await officer.request('PATCH', '/api/auth/profile', { json: { nip: NIP, userId: kabidId } })).status).toBe(422);

    // The division officer cannot edit someone else's profile.
    const before = await profileOf(kabidId);
    expect((await officer.request('PATCH', `/api/admin/users/${kabidId}`, { json: { nip: NIP } })).status).toBe(403);
    expect(await profileOf(kabidId)).toEqual(before);
    expect((await audit('user.profile_changed')).length).toBe(1);
  });

  it('lets the admin choose who signs the register and the recap, audited', async () => {
    await t.db.kysely.updateTable('users').set({ name: 'Dra. Sri Mulyani, M.Si.', nip: NIP, position: 'Kepala Bidang' }).where('id', '=', kabidId).execute();
    expect((await admin.get('/api/admin/paper/signatory')).body).toEqual({ userId: null, signatory: { name: 'Dra. Sri Mulyani, M.Si.', nip: NIP, position: 'Kepala Bidang' } });
    const officerId = await userId('pp@test.local');
    expect((await admin.request('PUT', '/api/admin/paper/signatory', { json: { userId: officerId } })).status).toBe(200);
    expect((await recordsSignatory(t.db.kysely))?.name).toBe('pp');
    const rows = await audit('settings.paper_signatory_changed');
    expect(rows.map((r) => [JSON.parse(r.before ?? '{}'), JSON.parse(r.after ?? '{}')])).toEqual([[{ userId: null }, { userId: officerId }]]);

    const unknown = await admin.request('PUT', '/api/admin/paper/signatory', { json: { userId: 999_999 } });
    expect(fields(unknown)).toEqual(['userId: Pilih pengguna yang aktif.']);
    expect((await officer.request('PUT', '/api/admin/paper/signatory', { json: { userId: officerId } })).status).toBe(403);
    expect((await admin.request('PUT', '/api/admin/paper/signatory', { json: { userId: null } })).status).toBe(200);
    expect((await recordsSignatory(t.db.kysely))?.name).toBe('Dra. Sri Mulyani, M.Si.');
  });

  it('stores the letterhead over env and refuses a logo that is not a small PNG or JPEG', async () => {
    const text = { agency: 'Pemerintah Kota Tangerang', name: 'Dinas Uji', address: 'Jl. Uji No. 1', phone: '021 555', website: 'uji.go.id', email: 'uji@uji.go.id' };
    const put = (json: Json, logo?: Buffer) => {
      const form = new FormData();
      form.append('letterhead', JSON.stringify(json));
      if (logo) form.append('logo', new Blob([logo]), 'logo.png');
      return admin.request('POST', '/api/admin/paper/letterhead', { body: form });
    };
    const html = await put(text, Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.status).toBe(422);
    expect(fields(html)).toEqual(['logo: Logo harus berkas PNG atau JPEG.']);
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    expect((await put(text, Buffer.concat([png, Buffer.alloc(600 * 1024)]))).status).toBe(413);
    expect(fields(await admin.request('POST', '/api/admin/paper/letterhead', { json: { ...text, email: 'bukan-email' } }))).toEqual(['email: Alamat email tidak valid.']);
    expect(await t.db.kysely.selectFrom('settings').select('key').where('key', '=', 'letterhead').execute()).toEqual([]);
    expect(await audit('settings.letterhead_changed')).toEqual([]);

    expect((await admin.request('POST', '/api/admin/paper/letterhead', { json: text })).status).toBe(200);
    expect((await admin.get('/api/admin/paper/letterhead')).body).toEqual({ ...text, logo: 'none' });
    const rows = await audit('settings.letterhead_changed');
    expect(JSON.parse(rows[0]?.after ?? '{}')).toMatchObject({ agency: 'Pemerintah Kota Tangerang', name: 'Dinas Uji' });
    expect((await officer.get('/api/admin/paper/letterhead')).status).toBe(403);
  });
});
