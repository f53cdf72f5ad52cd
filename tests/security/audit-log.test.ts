import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importHolidays } from '../../src/catalogue/holidays.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;
interface Entry {
  id: number;
  action: string;
  actor: { userId: number; name: string | null; role: string } | null;
  target: { type: string; id: string | null } | null;
  before: Json | null;
  after: Json | null;
}

describe.each(DIALECTS)('the administrative audit log on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let lastId = 0;

  /** The entries written since the last call, oldest first. */
  async function newEntries(): Promise<Entry[]> {
    const res = await admin.get<{ items: Entry[] }>('/api/admin/audit?limit=200');
    expect(res.status).toBe(200);
    const fresh = res.body.items.filter((e) => e.id > lastId).reverse();
    lastId = Math.max(lastId, ...res.body.items.map((e) => e.id));
    return fresh;
  }
  /** Exactly one entry since the last call, and it is this one. */
  async function oneEntry(): Promise<Entry> {
    const fresh = await newEntries();
    expect(fresh.map((e) => e.action)).toHaveLength(1);
    return fresh[0] as Entry;
  }

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '0' } });
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    await addStaff(t, 'staf@test.local', 'staff');
  });
  beforeEach(async () => {
    await newEntries();
  });
  afterAll(async () => t?.close());

  it('records a user created and changed, with the changed fields and never the password', async () => {
    const created = await admin.post<{ id: number }>('/api/admin/users', { email: 'Baru@Test.local', name: 'Petugas Baru', password: 'rahasia-sekali-123', role: 'staff' });
    expect(created.status).toBe(201);
    const entry = await oneEntry();
    expect(entry).toMatchObject({ action: 'user.created', target: { type: 'user', id: String(created.body.id) }, before: null, after: { email: 'baru@test.local', name: 'Petugas Baru', role: 'staff' } });
    expect(entry.actor?.role).toBe('admin');
    expect(JSON.stringify(entry)).not.toContain('rahasia-sekali-123');

    expect((await admin.request('PATCH', `/api/admin/users/${created.body.id}`, { json: { role: 'section_head', name: 'Petugas Baru' } })).status).toBe(200);
    expect(await oneEntry()).toMatchObject({ action: 'user.changed', before: { role: 'staff' }, after: { role: 'section_head' } });
    const changed = await t.db.kysely.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'user.changed').executeTakeFirstOrThrow();
    expect(JSON.parse(changed.before ?? '{}')).toEqual({ role: 'staff' });

    // A refused change writes nothing.
    expect((await admin.request('PATCH', `/api/admin/users/${created.body.id}`, { json: { role: 'division_officer' } })).status).toBe(422);
    expect(await newEntries()).toEqual([]);
  });

  it('records each settings change with its values before and after', async () => {
    const settings = await admin.get<{ officeHours: { weekday: number; open: string | null; close: string | null }[] }>('/api/admin/settings');
    const days = settings.body.officeHours.map((d) => (d.weekday === 6 ? { weekday: 6, open: '08:00', close: '12:00' } : d));
    expect((await admin.request('PUT', '/api/admin/settings/office-hours', { json: { days } })).status).toBe(200);
    expect(await oneEntry()).toMatchObject({ action: 'settings.office_hours_changed', before: { '6': null }, after: { '6': '08:00-12:00' } });

    expect((await admin.request('PUT', '/api/admin/settings/deadlines', { json: { firstResponseDays: 1, followUpDays: 3, autoCloseDays: 10 } })).status).toBe(200);
    const deadlines = await oneEntry();
    expect(deadlines.action).toBe('settings.deadlines_changed');
    expect(deadlines.after).toEqual({ followUpDays: 3 });

    expect((await admin.request('PUT', '/api/admin/settings/step-roles', { json: { acknowledge: ['staff', 'section_head'] } })).status).toBe(200);
    expect(await oneEntry()).toMatchObject({ action: 'settings.step_roles_changed', before: { acknowledge: ['staff'] }, after: { acknowledge: ['section_head', 'staff'] } });
  });

  it('records catalogue entries added and changed', async () => {
    const added = await admin.post<{ id: number }>('/api/admin/divisions', { code: 'UJI', name: 'Bidang Uji' });
    expect(added.status).toBe(201);
    expect(await oneEntry()).toMatchObject({ action: 'division.created', target: { type: 'division', id: String(added.body.id) }, after: { code: 'UJI', name: 'Bidang Uji' } });
    expect((await admin.request('PATCH', `/api/admin/divisions/${added.body.id}`, { json: { name: 'Bidang Uji Coba', active: false } })).status).toBe(200);
    expect(await oneEntry()).toMatchObject({ action: 'division.changed', before: { name: 'Bidang Uji', active: true }, after: { name: 'Bidang Uji Coba', active: false } });
    const cls = await admin.post<{ id: number }>('/api/admin/complaint-classes', { code: 'K9', name_id: 'Kelas uji', name_en: 'Test class', answer_days: 9 });
    expect(await oneEntry()).toMatchObject({ action: 'complaint_class.created', after: { answer_days: 9 } });
    await admin.request('PATCH', `/api/admin/complaint-classes/${cls.body.id}`, { json: { answer_days: 7 } });
    expect(await oneEntry()).toMatchObject({ action: 'complaint_class.changed', before: { answer_days: 9 }, after: { answer_days: 7 } });
  });

  it('records holidays imported (API and command line) and removed', async () => {
    const day = { date: '2026-12-28', kind: 'cuti_bersama' as const, name: 'Cuti bersama uji', source: 'SKB uji' };
    expect((await admin.request('PUT', '/api/admin/holidays', { json: { items: [day] } })).status).toBe(200);
    expect(await oneEntry()).toMatchObject({ action: 'holiday.imported', target: { type: 'holiday', id: '2026-12-28' }, before: { '2026-12-28': null }, after: { '2026-12-28': { name: 'Cuti bersama uji', confirmed: true } } });
    // The command line's import: no one logged in, the system is the actor.
    await importHolidays(t.db.kysely, [{ ...day, name: 'Cuti bersama diganti', confirmed: true }], { actor: null, ip: 'cli', at: t.clock.now() });
    expect(await oneEntry()).toMatchObject({ action: 'holiday.imported', actor: null, before: { '2026-12-28': { name: 'Cuti bersama uji' } }, after: { '2026-12-28': { name: 'Cuti bersama diganti' } } });
    expect((await admin.request('DELETE', '/api/admin/holidays/2026-12-28')).status).toBe(200);
    expect(await oneEntry()).toMatchObject({ action: 'holiday.deleted', before: { name: 'Cuti bersama diganti' }, after: null });
  });

  it('records reply templates added, changed and removed', async () => {
    const items = [{ id: 'salam', title: 'Salam', body: 'Yth. {reporterName}', actions: [] }];
    expect((await admin.request('PUT', '/api/admin/reply-templates', { json: { items } })).status).toBe(200);
    const entry = await oneEntry();
    expect(entry.action).toBe('reply_templates.changed');
    // The three default templates went, one new came.
    expect(entry.after).toMatchObject({ salam: { title: 'Salam' }, tanggapan: null, klarifikasi: null, jawaban: null });
    expect(entry.before).toMatchObject({ salam: null, tanggapan: { title: 'Tanggapan pertama' } });
  });

  it('records every export that holds identities, but not the recap', async () => {
    const staff = await Client.login(t, 'staf@test.local');
    // The login itself is on record (login.succeeded); what follows is the exports.
    expect((await newEntries()).map((e) => e.action)).toEqual(['login.succeeded']);
    const filed = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT);
    const [from, to] = ['2026-11-01', '2026-11-30'];
    expect((await staff.get(`/api/staff/register?from=${from}&to=${to}`)).status).toBe(200);
    expect(await oneEntry()).toMatchObject({ action: 'personal_data.exported', target: { type: 'register', id: `${from}..${to}` }, after: { document: 'register', format: 'json' } });
    expect((await staff.get(`/api/staff/register.xlsx?from=${from}&to=${to}`)).status).toBe(200);
    expect(await oneEntry()).toMatchObject({ after: { document: 'register', format: 'xlsx', rows: 1 } });
    expect((await staff.get(`/api/staff/register.pdf?from=${from}&to=${to}`)).status).toBe(200);
    expect(await oneEntry()).toMatchObject({ after: { document: 'register', format: 'pdf' } });
    expect((await staff.get(`/api/staff/complaints/${filed.body.trackingNumber}/sheet.pdf`)).status).toBe(200);
    expect(await oneEntry()).toMatchObject({ target: { type: 'complaint', id: filed.body.trackingNumber }, after: { document: 'complaint_sheet', format: 'pdf' } });
    expect((await staff.get(`/api/staff/recap.xlsx?from=${from}&to=${to}`)).status).toBe(200);
    expect(await newEntries()).toEqual([]);
  });

  it('filters, pages newest first, exports CSV (recording the export) and is for admins only', async () => {
    const staff = await Client.login(t, 'staf@test.local');
    expect((await staff.get('/api/admin/audit')).status).toBe(403);
    const users = await admin.get<{ items: Entry[] }>('/api/admin/audit?action=user.');
    expect(users.body.items.length).toBeGreaterThanOrEqual(2);
    expect(users.body.items.every((e) => e.action.startsWith('user.'))).toBe(true);
    // `_` is no wildcard: `settings.office_hours` matches only itself.
    const office = await admin.get<{ items: Entry[] }>('/api/admin/audit?action=settings.office_hours');
    expect(office.body.items.map((e) => e.action)).toEqual(['settings.office_hours_changed']);
    const first = await admin.get<{ items: Entry[]; nextCursor: number | null }>('/api/admin/audit?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0]!.id).toBeGreaterThan(first.body.items[1]!.id);
    const second = await admin.get<{ items: Entry[] }>(`/api/admin/audit?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0]!.id).toBeLessThan(first.body.items[1]!.id);
    const byTarget = await admin.get<{ items: Entry[] }>('/api/admin/audit?targetType=holiday&targetId=2026-12-28');
    expect(byTarget.body.items.map((e) => e.action)).toEqual(['holiday.deleted', 'holiday.imported', 'holiday.imported']);
    expect((await admin.get<{ items: Entry[] }>('/api/admin/audit?from=2026-11-25&to=2026-11-25')).body.items).toEqual([]);
    expect((await admin.get<{ items: Entry[] }>('/api/admin/audit?from=2026-11-24&to=2026-11-24')).body.items.length).toBeGreaterThan(0);
    expect((await admin.get('/api/admin/audit?from=2026-11-25&to=2026-11-24')).status).toBe(422);
    await newEntries();

    const csv = await admin.get<string>('/api/admin/audit.csv?action=holiday.');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('id,at,action');
    expect(lines.slice(1).every((l) => l.includes('"holiday.'))).toBe(true);
    expect(lines).toHaveLength(4);
    expect(await oneEntry()).toMatchObject({ action: 'personal_data.exported', after: { document: 'audit_log', format: 'csv' } });
  });

  it('is refused by the database itself when anything tries to change or delete an entry', async () => {
    const count = async () => Number((await t.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    await expect(t.db.kysely.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.kysely.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)`.execute(t.db.kysely)).rejects.toThrow(/append-only/);
    expect(await count()).toBe(before);
    expect(await t.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'forged').execute()).toEqual([]);
  });
});
