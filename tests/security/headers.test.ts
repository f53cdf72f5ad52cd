import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { ADMIN, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

describe.each(DIALECTS)('security headers on %s', (dialect) => {
  let https: TestApp;
  let http: TestApp;
  let trackingNumber: string;
  let accessCode: string;

  beforeAll(async () => {
    https = await startTestApp(dialect, { env: { PUBLIC_BASE_URL: 'https://aduan.example.go.id' } });
    http = await startTestApp(dialect, { env: { PUBLIC_BASE_URL: 'http://localhost:3000' } });
    const receipt = await new Client(https.url).post<{ trackingNumber: string; accessCode: string }>('/api/public/complaints', VALID_COMPLAINT);
    trackingNumber = receipt.body.trackingNumber;
    accessCode = receipt.body.accessCode;
  });
  afterAll(async () => {
    await https?.close();
    await http?.close();
  });

  it('sends HSTS on every answer when the public address is https, and never over plain http', async () => {
    for (const url of ['/healthz', '/api/public/statistics', '/api/docs', '/api/nothing-here', '/', '/api/staff/complaints']) {
      const res = await fetch(`${https.url}${url}`);
      expect(res.headers.get('strict-transport-security'), url).toBe('max-age=31536000; includeSubDomains');
      expect((await fetch(`${http.url}${url}`)).headers.get('strict-transport-security'), url).toBeNull();
    }
  });

  it('forbids caching of staff, admin, session and reporter answers, files and errors included', async () => {
    const admin = await Client.login(https, ADMIN.email, ADMIN.password);
    const reporter = { 'x-access-code': accessCode };
    const answers = [
      await admin.get('/api/auth/me'),
      await admin.get('/api/staff/complaints'),
      await admin.get(`/api/staff/complaints/${trackingNumber}`),
      await admin.get(`/api/staff/complaints/${trackingNumber}/sheet.pdf`),
      await admin.get('/api/staff/register.xlsx?from=2026-11-01&to=2026-11-30'),
      await admin.get('/api/admin/users'),
      await admin.get('/api/admin/users/999999'),
      await new Client(https.url).get('/api/staff/complaints'),
      await new Client(https.url).post('/api/auth/login', { email: 'x@y.id', password: 'wrong-password' }),
      await new Client(https.url).get(`/api/public/complaints/${trackingNumber}`, reporter),
      await new Client(https.url).get(`/api/public/complaints/${trackingNumber}`, { 'x-access-code': 'WRONG' }),
    ];
    for (const res of answers) expect(res.headers.get('cache-control')).toBe('no-store');
    expect(answers[0]?.status).toBe(200);
    expect(answers[3]?.status).toBe(200);
    expect(answers[9]?.status).toBe(200);
    // Public figures carry no person and may be cached as before.
    expect((await fetch(`${https.url}/api/public/statistics`)).headers.get('cache-control')).not.toBe('no-store');
  });

  it('gives the API docs a strict CSP that still allows its one inline style', async () => {
    const res = await fetch(`${https.url}/api/docs`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|script-src/);
    const html = await res.text();
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
    expect(styles).toHaveLength(1);
    const hash = crypto.createHash('sha256').update(styles[0] ?? '').digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(html).not.toMatch(/<script|style="/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
