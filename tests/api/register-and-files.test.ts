import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type RegisterRow = { number: number; trackingNumber: string; reporter: string; divisions: string[]; firstResponseMet: boolean | null; state: string; channel: string };

describe.each(DIALECTS)('the complaint register and attachments on %s', (dialect) => {
  let t: TestApp;
  let staff: Client;
  let kasie: Client;
  let officer: Client;
  let ppId: number;

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '0' } });
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    staff = await Client.login(t, 'staf@test.local');
    kasie = await Client.login(t, 'kasie@test.local');
    officer = await Client.login(t, 'pp@test.local');
    ppId = (await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t?.close());

  it('lists every complaint of a Jakarta-date period in order, with anonymous reporters masked', async () => {
    // 23:30 WIB on Monday 23 Nov (16:30Z), then 00:30 WIB on Tuesday 24 Nov (17:30Z, still the 23rd in UTC): Jakarta dates decide.
    t.clock.set('2026-11-23T16:30:00.000Z');
    const a = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT);
    t.clock.set('2026-11-23T17:30:00.000Z');
    const b = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', { ...VALID_COMPLAINT, anonymous: true, reporter: { name: 'Rahasia Sekali' } });
    t.clock.set('2026-11-24T03:00:00.000Z');
    await staff.act(b.body.trackingNumber, 'acknowledge');
    await kasie.act(b.body.trackingNumber, 'dispose', { divisionIds: [ppId], instruction: 'Mohon ditindaklanjuti.' });

    const day23 = await kasie.get<{ items: RegisterRow[]; total: number }>('/api/staff/register?from=2026-11-23&to=2026-11-23');
    expect(day23.body.items.map((r) => r.trackingNumber)).toEqual([a.body.trackingNumber]);
    const day24 = await kasie.get<{ items: RegisterRow[]; total: number }>('/api/staff/register?from=2026-11-24&to=2026-11-24');
    expect(day24.body.total).toBe(1);
    expect(day24.body.items[0]).toMatchObject({
      number: 1,
      trackingNumber: b.body.trackingNumber,
      reporter: 'Anonim',
      divisions: ['Bidang Penyelenggaraan Pelayanan Perizinan dan Non Perizinan'],
      firstResponseMet: true,
      state: 'disposed',
      channel: 'web',
    });
    expect(JSON.stringify(day24.body)).not.toContain('Rahasia Sekali');
    const both = await kasie.get<{ items: RegisterRow[] }>('/api/staff/register?from=2026-11-23&to=2026-11-24&pageSize=1&page=2');
    expect(both.body.items.map((r) => [r.number, r.trackingNumber])).toEqual([[2, b.body.trackingNumber]]);
    expect((await officer.get('/api/staff/register?from=2026-11-23&to=2026-11-24')).status).toBe(403);
    expect((await kasie.get('/api/staff/register?from=2026-11-24')).status).toBe(422);
  });

  it('serves an attachment to the office by content type, and not to another division', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
    const form = new FormData();
    form.append('complaint', JSON.stringify(VALID_COMPLAINT));
    form.append('attachments', new Blob([jpeg]), 'foto loket.jpg');
    const submitted = await new Client(t.url).request<{ trackingNumber: string }>('POST', '/api/public/complaints', { body: form });
    const tn = submitted.body.trackingNumber;
    const detail = await staff.get<{ attachments: { id: number; name: string; mimeType: string }[] }>(`/api/staff/complaints/${tn}`);
    const attachment = detail.body.attachments[0];
    expect(attachment).toMatchObject({ name: 'foto loket.jpg', mimeType: 'image/jpeg' });
    const res = await fetch(`${t.url}/api/staff/complaints/${tn}/attachments/${attachment?.id}`, { headers: { cookie: await cookieOf('staf@test.local') } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(jpeg)).toBe(true);
    // Not disposed to the officer's division: hidden.
    expect((await officer.get(`/api/staff/complaints/${tn}/attachments/${attachment?.id}`)).status).toBe(404);
    expect((await new Client(t.url).get(`/api/staff/complaints/${tn}/attachments/${attachment?.id}`)).status).toBe(401);
  });

  async function cookieOf(email: string): Promise<string> {
    const res = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'staff-password-123' }) });
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }
});
