import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { ADMIN, addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { countAll, deepArray, deepObject, expectSmallError, raw, registry, withUnknownKeys, wideArray, type RawResponse } from './hostile.js';
import { isApiKeyAccess } from '../../src/shared/http.js';

/** The login's two real fields. */
const LOGIN = { email: 'nobody@test.local', password: 'not-the-password' };

describe.each(DIALECTS)('hostile input on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let staff: Client;
  let trackingNumber: string;
  let accessCode: string;

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '0', RATE_LIMIT_TRACK_PER_HOUR: '0', ACCESS_CODE_MAX_FAILURES: '1000' } });
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    await addStaff(t, 'meja@test.local', 'staff');
    staff = await Client.login(t, 'meja@test.local');
    const receipt = await new Client(t.url).post<{ trackingNumber: string; accessCode: string }>('/api/public/complaints', VALID_COMPLAINT);
    trackingNumber = receipt.body.trackingNumber;
    accessCode = receipt.body.accessCode;
  });
  afterAll(async () => t?.close());

  /**
   * Sends the hostile body a few times at once and /healthz beside them: the health check must
   * answer while they are handled, and each hostile request gets a small 4xx error.
   */
  async function hostileWhileHealthy(url: string, body: string, headers: Record<string, string> = {}): Promise<RawResponse[]> {
    const hostile = Array.from({ length: 3 }, () => raw(t.url, 'POST', url, body, { 'content-type': 'application/json', ...headers }));
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const answers = await Promise.all(hostile);
    for (const answer of answers) expectSmallError(answer, url);
    return answers;
  }

  it('answers one small error for thousands of unknown keys on the login (was 172 MB after 5 s)', async () => {
    const before = await countAll(t);
    const [answer] = await hostileWhileHealthy('/api/auth/login', withUnknownKeys(LOGIN, 4000));
    expect(answer?.status).toBe(413);
    expect(answer?.json.error.fields).toEqual([{ path: '', message: 'Terlalu banyak kolom (paling banyak 200).' }]);
    // Under the width limit, the unknown keys are still one error, not one per key.
    const [under] = await hostileWhileHealthy('/api/auth/login', withUnknownKeys(LOGIN, 198));
    expect(under?.status).toBe(422);
    expect(under?.json.error.fields).toEqual([{ path: '', message: '198 kolom tidak dikenal: "k0", "k1", "k2", "k3", "k4", ….' }]);
    expect(await countAll(t)).toEqual(before);
  });

  it('names the object, the count and the first names of unknown keys, in English on request', async () => {
    const res = await raw(t.url, 'POST', '/api/public/complaints', withUnknownKeys({ ...VALID_COMPLAINT, reporter: { ...VALID_COMPLAINT.reporter, a: 1, b: 2 } }, 150), { 'content-type': 'application/json', 'accept-language': 'en' });
    expectSmallError(res);
    expect(res.status).toBe(422);
    expect(res.json.error.fields?.sort((x, y) => x.path.localeCompare(y.path))).toEqual([
      { path: '', message: '150 unknown fields: "k0", "k1", "k2", "k3", "k4", ….' },
      { path: 'reporter', message: '2 unknown fields: "a", "b".' },
    ]);
  });

  it('keeps /healthz answering under 12,000 and 60,000 unknown keys (≈1 MB) on the similar-complaint look-up', async () => {
    await hostileWhileHealthy('/api/public/complaints/similar', withUnknownKeys({ email: 'a@b.id' }, 12_000));
    const big = withUnknownKeys({ email: 'a@b.id' }, 60_000, 'unknown');
    expect(big.length).toBeGreaterThan(800_000);
    expect(big.length).toBeLessThan(1024 * 1024);
    const [answer] = await hostileWhileHealthy('/api/public/complaints/similar', big);
    expect(answer?.status).toBe(413);
  });

  it('refuses bodies nested 5,000 deep (objects) or 10,000 deep (arrays) with a 413, not a stack overflow', async () => {
    for (const [url, body] of [
      ['/api/public/complaints', deepObject(5000)],
      ['/api/public/complaints', deepArray(10_000)],
      ['/api/auth/login', JSON.stringify({ ...LOGIN, email: JSON.parse(deepArray(200)) })],
      [`/api/public/complaints/${trackingNumber}/replies`, deepObject(100_000)],
    ] as const) {
      const answers = await hostileWhileHealthy(url, body, { 'x-access-code': accessCode });
      expect(answers[0]?.status, url).toBe(413);
      expect(answers[0]?.json.error.code).toBe('payload_too_large');
    }
  });

  it('still finds a NUL deep inside an accepted shape, and lists at most 20 fields then how many more', async () => {
    const nul = await raw(t.url, 'POST', '/api/public/complaints', JSON.stringify({ ...VALID_COMPLAINT, reporter: { ...VALID_COMPLAINT.reporter, name: 'Bu\u0000di' } }), { 'content-type': 'application/json' });
    expectSmallError(nul);
    expect(nul.json.error.fields).toEqual([{ path: 'reporter.name', message: 'Mengandung karakter NUL yang tidak diizinkan.' }]);
    const items = Array.from({ length: 900 }, () => ({ date: 'x', kind: 'y' }));
    const many = await admin.request<{ error: { fields: { path: string; message: string }[] } }>('PUT', '/api/admin/holidays', { json: { items } });
    expect(many.status).toBe(422);
    expect(many.body.error.fields).toHaveLength(21);
    expect(many.body.error.fields[20]?.message).toMatch(/^dan \d+ lainnya$/);
    expect(JSON.stringify(many.body).length).toBeLessThan(4096);
  });

  it('counts structure only: brackets, commas, quotes and backslashes inside strings are text', async () => {
    const text = '[{,"\\'.repeat(900);
    const res = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', { ...VALID_COMPLAINT, subject: '{[,"]}\\"', description: `${text} akhir` });
    expect(res.status).toBe(201);
    const stored = await t.db.kysely.selectFrom('complaints').select('description').where('tracking_number', '=', res.body.trackingNumber).executeTakeFirstOrThrow();
    expect(stored.description).toBe(`${text} akhir`);
  });

  it('refuses wide arrays and objects before validating them', async () => {
    for (const body of [wideArray(300_000), JSON.stringify({ items: JSON.parse(wideArray(5000)) }), withUnknownKeys({}, 201)]) {
      const answer = await raw(t.url, 'POST', '/api/public/complaints', body, { 'content-type': 'application/json' });
      expectSmallError(answer);
      expect(answer.status).toBe(413);
    }
  });

  it('refuses dates and periods outside 1900–2200 with a 422 naming the field, on every report and filter', async () => {
    const cases: [Client, string, string][] = [
      [admin, '/api/staff/register.xlsx?from=0001-01-01&to=0001-01-02', 'from'],
      [admin, '/api/staff/register.pdf?from=0001-01-01&to=0001-01-02', 'from'],
      [admin, '/api/staff/register?from=2026-01-01&to=9999-12-31', 'to'],
      [admin, '/api/staff/recap?period=9999-Q4', 'period'],
      [admin, '/api/staff/recap?period=9999', 'period'],
      [admin, '/api/staff/recap.xlsx?period=9999-12', 'period'],
      [admin, '/api/staff/recap.pdf?period=0000', 'period'],
      [admin, '/api/staff/recap?from=9999-12-01&to=9999-12-31', 'from'],
      [admin, '/api/staff/recap.xlsx?from=0001-01-01&to=0001-01-02', 'from'],
      [staff, '/api/staff/complaints?from=0001-01-01', 'from'],
      [staff, '/api/staff/complaints?to=9999-12-31', 'to'],
      [new Client(t.url), '/api/public/statistics?year=9999', 'year'],
    ];
    for (const [client, url, field] of cases) {
      const res = await client.get<{ error: { code: string; fields: { path: string; message: string }[] } }>(url);
      expect(res.status, url).toBe(422);
      expect(res.body.error.fields.map((f) => f.path), url).toContain(field);
    }
    const en = new Client(t.url, 'en');
    await en.post('/api/auth/login', ADMIN);
    const english = await en.get<{ error: { fields: { path: string; message: string }[] } }>('/api/staff/register?from=0001-01-01&to=0001-01-02&page=1');
    expect(english.body.error.fields[0]?.message).toBe('The year must be between 1900 and 2200.');
    const holidays = await admin.request('PUT', '/api/admin/holidays', { json: { items: [{ date: '0001-01-01', kind: 'national', name: 'x', source: 'y' }] } });
    expect(holidays.status).toBe(422);
    expect((await admin.request('DELETE', '/api/admin/holidays/9999-12-31')).status).toBe(422);
  });

  it('never answers 5xx for odd values in any query or path parameter of any route', async () => {
    const { routes } = (await registry(t)).routes;
    const values = ['0001-01-01', '9999-12-31', '9999-Q4', '0000', '99999999999999999999', '2147483648', '-1', '1e309', 'NaN', '', '%00', '2026-02-30', 'x'.repeat(3000)];
    const failures: string[] = [];
    for (const route of routes) {
      const params = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);
      const query = route.query ? Object.keys(route.query.shape) : [];
      const client = typeof route.access === 'string' || isApiKeyAccess(route.access) ? new Client(t.url) : route.access.includes('admin') ? admin : staff;
      for (const value of values) {
        const path = route.url.replace(/:([A-Za-z]+)/g, (_m, name: string) => (name === 'trackingNumber' ? trackingNumber : name === 'action' ? 'acknowledge' : encodeURIComponent(value)));
        const attempts = [
          ...(params.length ? [path] : []),
          ...query.map((name) => `${route.url.replace(/:([A-Za-z]+)/g, (_m, p: string) => (p === 'trackingNumber' ? trackingNumber : p === 'action' ? 'acknowledge' : '1'))}?${name}=${encodeURIComponent(value)}`),
        ];
        for (const url of attempts) {
          const res = await client.request(route.method, url, { headers: { 'x-access-code': accessCode } });
          if (res.status >= 500) failures.push(`${route.method} ${url} → ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
