/**
 * API keys over real HTTP (decision 0027): made by an admin and shown once, stored as a hash, used as a
 * staff role through the normal routes without seeing an anonymous reporter, refused when revoked or
 * expired (401), outside their scope (403) or over their rate (429), and every use counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, startTestApp, STAFF_PASSWORD, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type Key = { key: { id: number; prefix: string; scopes: string[]; revokedAt: string | null }; secret: string };

describe.each(DIALECTS)('API keys on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let staffId: number;
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { API_KEY_REQUESTS_PER_MINUTE: '4' } });
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    await addStaff(t, 'staf@test.local', 'staff');
    staffId = (await t.db.kysely.selectFrom('users').select('id').where('email', '=', 'staf@test.local').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t?.close());

  it('shows the secret once, keeps its hash, lets the key act as its role without the intake desk’s sight, and refuses it once revoked', async () => {
    const made = await admin.post<Key>('/api/admin/api-keys', { name: 'SIMBG', scopes: ['act_as_role:staff'], actAsUserId: staffId });
    expect(made.status).toBe(201);
    expect(made.body.secret).toMatch(/^adn_[a-z2-9]{10}_[A-Za-z0-9_-]{43}$/);
    expect(made.body.secret.startsWith(`${made.body.key.prefix}_`)).toBe(true);
    const row = await t.db.kysely.selectFrom('api_keys').selectAll().where('id', '=', made.body.key.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(made.body.secret.slice(made.body.key.prefix.length + 1));
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    const listed = await admin.get<{ items: Record<string, unknown>[] }>('/api/admin/api-keys');
    expect(JSON.stringify(listed.body)).not.toContain(made.body.secret);
    const audit = await t.db.kysely.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'api_key.created').executeTakeFirstOrThrow();
    expect(audit.after).not.toContain(made.body.secret);

    // An anonymous complaint: the key acts as intake staff, but it is not the intake desk.
    const filed = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', { ...VALID_COMPLAINT, anonymous: true, consent: true });
    expect(filed.status).toBe(201);
    const key = new Client(t.url);
    const me = await key.get<{ role: string; email: string }>('/api/auth/me', bearer(made.body.secret));
    expect(me.body).toMatchObject({ role: 'staff', email: 'staf@test.local' });
    const seen = await key.get<{ reporter: unknown }>(`/api/staff/complaints/${filed.body.trackingNumber}`, bearer(made.body.secret));
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).not.toContain(VALID_COMPLAINT.reporter.email);
    const session = await Client.login(t, 'staf@test.local', STAFF_PASSWORD);
    expect(JSON.stringify((await session.get(`/api/staff/complaints/${filed.body.trackingNumber}`)).body)).toContain(VALID_COMPLAINT.reporter.email);
    // A write needs no CSRF token: a bearer key is not sent by a browser on its own.
    expect((await key.request('POST', `/api/staff/complaints/${filed.body.trackingNumber}/actions/acknowledge`, { json: { version: 1, message: 'Diterima.' }, headers: bearer(made.body.secret) })).status).toBe(200);
    // Admin routes are not the staff role's.
    expect((await key.get<{ error: { code: string } }>('/api/admin/api-keys', bearer(made.body.secret))).body.error.code).toBe('forbidden');

    expect((await admin.post(`/api/admin/api-keys/${made.body.key.id}/revoke`, {})).status).toBe(200);
    const refused = await key.get<{ error: { code: string } }>('/api/auth/me', bearer(made.body.secret));
    expect([refused.status, refused.body.error.code]).toEqual([401, 'api_key_invalid']);
    const wrongSecret = `${made.body.key.prefix}_${'A'.repeat(43)}`;
    expect((await key.get('/api/auth/me', bearer(wrongSecret))).status).toBe(401);

    // Every use is counted per hour, route and status; the refused one too.
    const usage = await admin.get<{ items: { route: string; status: number; uses: number }[] }>(`/api/admin/api-keys/${made.body.key.id}/usage`);
    expect(usage.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ route: 'GET /api/auth/me', status: 200, uses: 1 }),
        expect.objectContaining({ route: 'GET /api/auth/me', status: 401, uses: 1 }),
        expect.objectContaining({ route: 'GET /api/staff/complaints/:trackingNumber', status: 200, uses: 1 }),
        expect.objectContaining({ route: 'GET /api/admin/api-keys', status: 403, uses: 1 }),
      ]),
    );
    expect(JSON.stringify(usage.body)).not.toContain('Diterima');
  });

  it('refuses a key outside its scope (403), an expired one (401) and one over its rate (429)', async () => {
    const reader = await admin.post<Key>('/api/admin/api-keys', { name: 'Dasbor', scopes: ['read_all'], expiresAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString() });
    const client = new Client(t.url);
    const staffRoute = await client.get<{ error: { code: string } }>('/api/staff/complaints', bearer(reader.body.secret));
    expect([staffRoute.status, staffRoute.body.error.code]).toEqual([403, 'forbidden']);
    for (let i = 0; i < 3; i++) expect((await client.get('/api/staff/complaints', bearer(reader.body.secret))).status).toBe(403);
    const limited = await client.get<{ error: { code: string } }>('/api/staff/complaints', bearer(reader.body.secret));
    expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited']);
    t.clock.advance(2 * 3_600_000);
    expect((await client.get('/api/staff/complaints', bearer(reader.body.secret))).status).toBe(401);
    // An act_as_role key must name an active account of that role, and never admin.
    const wrongUser = await admin.post<{ error: { fields: { path: string }[] } }>('/api/admin/api-keys', { name: 'x', scopes: ['act_as_role:section_head'], actAsUserId: staffId });
    expect([wrongUser.status, wrongUser.body.error.fields[0]?.path]).toEqual([422, 'actAsUserId']);
    expect((await admin.post('/api/admin/api-keys', { name: 'x', scopes: ['act_as_role:admin'] })).status).toBe(422);
  });
});
