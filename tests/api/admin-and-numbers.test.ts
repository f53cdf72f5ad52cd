import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;

describe.each(DIALECTS)('tracking numbers, administration and the API document on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '0' } });
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    await addStaff(t, 'staf@test.local', 'staff');
  });
  afterAll(async () => t?.close());

  it('numbers concurrent submissions per year without gaps or repeats', async () => {
    const before = await t.db.kysely.selectFrom('complaints').select('tracking_number').execute();
    const results = await Promise.all(Array.from({ length: 40 }, () => new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT)));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const numbers = results.map((r) => Number(r.body.trackingNumber.slice(-6))).sort((a, b) => a - b);
    const first = before.length + 1;
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => first + i));
    // A refused submission uses no number: the next one continues the sequence.
    await new Client(t.url).post('/api/public/complaints', { ...VALID_COMPLAINT, subject: 'x' });
    const next = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT);
    expect(next.body.trackingNumber).toBe(`ADU-2026-${String(first + 40).padStart(6, '0')}`);
    // A new year starts again at 1 (Jakarta's new year: 31 Dec 17:00 UTC).
    t.clock.set('2026-12-31T17:00:00.000Z');
    const newYear = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT);
    expect(newYear.body.trackingNumber).toBe('ADU-2027-000001');
    t.clock.set('2026-11-24T03:00:00.000Z');
  });

  it('moves a shown deadline when an admin adds a holiday, and refuses staff', async () => {
    // Wednesday 25 Nov 2026, 10:00 WIB: the first response is due Thursday 26 Nov, 10:00 WIB.
    t.clock.set('2026-11-25T03:00:00.000Z');
    const first = await new Client(t.url).post<Json>('/api/public/complaints', VALID_COMPLAINT);
    expect(first.body.firstResponseDueAt).toBe('2026-11-26T03:00:00.000Z');
    const holiday = { date: '2026-11-26', kind: 'cuti_bersama', name: 'Cuti bersama daerah', source: 'SK Wali Kota (uji)' };
    const staff = await Client.login(t, 'staf@test.local');
    expect((await staff.request('PUT', '/api/admin/holidays', { json: { items: [holiday] } })).status).toBe(403);
    const saved = await admin.request<Json>('PUT', '/api/admin/holidays', { json: { items: [holiday] } });
    expect(saved.body).toEqual({ saved: 1 });
    const second = await new Client(t.url).post<Json>('/api/public/complaints', VALID_COMPLAINT);
    // Thursday is now off, so the day runs into Friday: a quarter into Friday's shorter day (08:00–15:00) is 09:45 WIB.
    expect(second.body.firstResponseDueAt).toBe('2026-11-27T02:45:00.000Z');
    const holidays = await staff.get<{ items: { date: string; confirmed: boolean }[] }>('/api/catalogue/holidays');
    expect(holidays.body.items.find((h) => h.date === '2026-11-26')).toMatchObject({ confirmed: true });
    expect(holidays.body.items.find((h) => h.date === '2027-01-01')).toMatchObject({ confirmed: false });
    expect((await admin.request('DELETE', '/api/admin/holidays/2026-11-26')).status).toBe(200);
    const third = await new Client(t.url).post<Json>('/api/public/complaints', VALID_COMPLAINT);
    expect(third.body.firstResponseDueAt).toBe('2026-11-26T03:00:00.000Z');
  });

  it('lets an admin change office hours, deadlines and who does which step', async () => {
    const settings = await admin.get<{ officeHours: { weekday: number; open: string | null }[]; stepRoles: Record<string, string[]> }>('/api/admin/settings');
    expect(settings.body.officeHours[1]).toEqual({ weekday: 1, open: '08:00', close: '16:00' });
    expect(settings.body.stepRoles.acknowledge).toEqual(['staff']);
    const bad = await admin.request<{ error: { fields: { path: string }[] } }>('PUT', '/api/admin/settings/office-hours', {
      json: { days: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, open: '16:00', close: '08:00' })) },
    });
    expect(bad.status).toBe(422);
    const days = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, open: weekday === 0 || weekday === 6 ? null : '07:30', close: weekday === 0 || weekday === 6 ? null : '15:30' }));
    expect((await admin.request('PUT', '/api/admin/settings/office-hours', { json: { days } })).status).toBe(200);
    expect((await admin.request('PUT', '/api/admin/settings/deadlines', { json: { firstResponseDays: 2, followUpDays: 5, autoCloseDays: 10 } })).status).toBe(200);
    // Tuesday 24 Nov 2026, 07:00 WIB, before the new opening: the clock starts 07:30 and runs two days.
    t.clock.set('2026-11-24T00:00:00.000Z');
    const receipt = await new Client(t.url).post<{ trackingNumber: string; firstResponseDueAt: string }>('/api/public/complaints', VALID_COMPLAINT);
    expect(receipt.body.firstResponseDueAt).toBe('2026-11-25T08:30:00.000Z');

    const staff = await Client.login(t, 'staf@test.local');
    expect((await staff.act(receipt.body.trackingNumber, 'acknowledge')).status).toBe(200);
    expect((await admin.request('PUT', '/api/admin/settings/step-roles', { json: { acknowledge: ['section_head'] } })).status).toBe(200);
    const other = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT);
    expect((await staff.act(other.body.trackingNumber, 'acknowledge')).status).toBe(403);
    expect((await admin.request('PUT', '/api/admin/settings/step-roles', { json: { acknowledge: ['staff'] } })).status).toBe(200);
    expect((await staff.act(other.body.trackingNumber, 'acknowledge')).status).toBe(200);
    await admin.request('PUT', '/api/admin/settings/deadlines', { json: { firstResponseDays: 1, followUpDays: 5, autoCloseDays: 10 } });
  });

  it('manages users and catalogues, and a disabled user is logged out', async () => {
    const created = await admin.post<{ id: number }>('/api/admin/users', { email: 'baru@test.local', name: 'Petugas Baru', password: 'password-baru-123', role: 'staff' });
    expect(created.status).toBe(201);
    expect((await admin.post('/api/admin/users', { email: 'baru@test.local', name: 'Lagi', password: 'password-baru-123', role: 'staff' })).status).toBe(409);
    expect((await admin.post('/api/admin/users', { email: 'bidang@test.local', name: 'B', password: 'password-baru-123', role: 'division_officer' })).status).toBe(422);
    const user = await Client.login(t, 'baru@test.local', 'password-baru-123');
    expect((await user.get('/api/auth/me')).status).toBe(200);
    expect((await admin.request('PATCH', `/api/admin/users/${created.body.id}`, { json: { active: false } })).status).toBe(200);
    expect((await user.get('/api/auth/me')).status).toBe(401);

    const division = await admin.post<{ id: number }>('/api/admin/divisions', { code: 'UJI', name: 'Bidang Uji' });
    expect(division.status).toBe(201);
    expect((await admin.post('/api/admin/divisions', { code: 'UJI', name: 'Lagi' })).status).toBe(409);
    expect((await admin.request('PATCH', `/api/admin/divisions/${division.body.id}`, { json: { active: false } })).status).toBe(200);
    const list = await admin.get<{ items: { code: string; active: boolean }[] }>('/api/catalogue/divisions');
    expect(list.body.items.find((d) => d.code === 'UJI')).toMatchObject({ active: false });
    const permits = await new Client(t.url).get<{ items: { code: string }[] }>('/api/public/permit-types');
    expect(permits.body.items.map((p) => p.code)).toEqual(expect.arrayContaining(['PBG-HUNIAN', 'REKLAME', 'SIP-DOKTER']));
  });

  it('stops an address trying an account after repeated wrong passwords, until the window ends', async () => {
    await addStaff(t, 'kunci@test.local', 'staff');
    const client = new Client(t.url);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await client.post('/api/auth/login', { email: 'kunci@test.local', password: 'salah-salah-salah' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const refused = await client.post('/api/auth/login', { email: 'kunci@test.local', password: 'staff-password-123' });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'account_locked', retryAfterSeconds: 15 * 60 });
    t.clock.advance(16 * 60_000);
    expect((await client.post('/api/auth/login', { email: 'kunci@test.local', password: 'staff-password-123' })).status).toBe(200);
  });

  it('publishes OpenAPI 3.1 from the same schemas, a browsable page, and a health check', async () => {
    const doc = await new Client(t.url).get<{ openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; additionalProperties?: boolean } }> } }>> }>('/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    const submit = doc.body.paths['/api/public/complaints']?.post;
    expect(Object.keys(submit?.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual(expect.arrayContaining(['subject', 'description', 'consent', 'anonymous']));
    expect(submit?.requestBody?.content['application/json']?.schema.additionalProperties).toBe(false);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/staff/complaints/{trackingNumber}/actions/{action}', '/api/staff/register', '/api/admin/holidays']));
    const page = await fetch(`${t.url}/api/docs`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('/api/public/complaints');
    expect((await new Client(t.url).get('/healthz')).body).toEqual({ status: 'ok', database: dialect });
  });
});
