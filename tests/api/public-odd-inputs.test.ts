import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

interface Receipt {
  trackingNumber: string;
  accessCode: string;
}

/** Odd and oversized input to the portal's newer routes: refused with a 4xx, never a 500, never telling known from unknown. */
describe.each(DIALECTS)('the portal routes under odd input, on %s', (dialect) => {
  let t: TestApp;
  let receipt: Receipt;
  const anon = () => new Client(t.url);

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '0', RATE_LIMIT_TRACK_PER_HOUR: '0' } });
    const filed = await anon().post<Receipt>('/api/public/complaints', { ...VALID_COMPLAINT, reporter: { name: 'Ada', email: 'ada@contoh.id' } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    receipt = filed.body;
  });
  afterAll(async () => t?.close());

  it('refuses an over-long or odd Idempotency-Key with 422 and files nothing', async () => {
    for (const key of ['k'.repeat(129), 'short', 'has space in it 1234', 'ü'.repeat(20)]) {
      const res = await anon().request('POST', '/api/public/complaints', { json: VALID_COMPLAINT, headers: { 'idempotency-key': key } });
      expect(res.status, key).toBe(422);
    }
  });

  it('refuses odd bodies, tokens and cookies with a 4xx', async () => {
    const cases: [string, string, unknown, Record<string, string>?][] = [
      ['POST', '/api/public/my-complaints/link', { email: `${'a'.repeat(300)}@test.local` }],
      ['POST', '/api/public/my-complaints/link', { email: ['a@b.c'] }],
      ['POST', '/api/public/access-code/recover', { trackingNumber: 'x'.repeat(5000) }],
      ['POST', '/api/public/my-complaints/sign-in', { token: 't'.repeat(101) }],
      ['POST', '/api/public/my-complaints/sign-in', { token: '\u0000'.repeat(40) }],
      ['POST', `/api/public/complaints/${receipt.trackingNumber}/receipt-email`, { email: 'a@b.c' }, { 'x-access-code': 'x'.repeat(5000) }],
      ['POST', `/api/public/complaints/${receipt.trackingNumber}/messages`, { message: 'x' }, { 'x-access-code': '' }],
      ['POST', `/api/public/complaints/${receipt.trackingNumber}/messages`, { message: 'x'.repeat(200_000) }, { 'x-access-code': receipt.accessCode }],
    ];
    for (const [method, url, json, headers] of cases) {
      const res = await anon().request(method, url, { json, headers: headers ?? {} });
      expect(res.status, `${url} ${JSON.stringify(json).slice(0, 40)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, url).toBeLessThan(500);
    }
    const raw = ['null', '[]', '"x"', '1', '{', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]', '{"__proto__":{"email":"a@b.c"}}'];
    for (const url of ['/api/public/my-complaints/link', '/api/public/access-code/recover', '/api/public/my-complaints/sign-in', `/api/public/complaints/${receipt.trackingNumber}/receipt-email`]) {
      for (const body of raw) {
        const res = await anon().request('POST', url, { body, headers: { 'content-type': 'application/json', 'x-access-code': receipt.accessCode } });
        expect(res.status, `${url} ${body.slice(0, 20)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${url} ${body.slice(0, 20)}`).toBeLessThan(500);
      }
    }
    const withCookie = await anon().request('GET', '/api/public/my-complaints', { headers: { cookie: `aduan_reporter=${'z'.repeat(4000)}` } });
    expect(withCookie.status).toBe(200);
    expect(withCookie.body).toEqual({ items: [], sessionExpiresAt: null });
    const gated = await anon().request('GET', `/api/public/complaints/${receipt.trackingNumber}`, { headers: { cookie: 'aduan_reporter=forged-session-secret-value', 'x-access-code': receipt.accessCode } });
    const plain = await anon().request('GET', `/api/public/complaints/${receipt.trackingNumber}`, { headers: { 'x-access-code': receipt.accessCode } });
    expect(plain.status, JSON.stringify(plain.body)).toBe(200);
    expect(gated.status, JSON.stringify(gated.body)).toBe(200);
  });

  it('answers recovery and link requests the same for known and unknown', async () => {
    const known = await anon().post('/api/public/access-code/recover', { trackingNumber: receipt.trackingNumber });
    const unknown = await anon().post('/api/public/access-code/recover', { trackingNumber: receipt.trackingNumber.replace(/\d$/, (d) => String((Number(d) + 1) % 10)) });
    expect([known.status, known.body]).toEqual([unknown.status, unknown.body]);
    const knownMail = await anon().post('/api/public/my-complaints/link', { email: 'ADA@contoh.id' });
    const unknownMail = await anon().post('/api/public/my-complaints/link', { email: 'nobody@test.local' });
    expect(knownMail.status).toBe(202);
    expect([knownMail.status, knownMail.body]).toEqual([unknownMail.status, unknownMail.body]);
  });
});
