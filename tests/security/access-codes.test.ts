import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type ErrorBody = { error: { code: string; message: string; retryAfterSeconds?: number } };
const MAX_FAILURES = 5;

describe.each(DIALECTS)('access codes against strangers on %s', (dialect) => {
  let t: TestApp;
  // Requests arrive from loopback, which is declared the proxy: X-Forwarded-For names each stranger.
  const from = (address: string) => ({ 'x-forwarded-for': address });
  const track = (tn: string, code: string, address: string) => new Client(t.url).get<ErrorBody>(`/api/public/complaints/${tn}`, { 'x-access-code': code, ...from(address) });
  const file = async () => (await new Client(t.url).post<{ trackingNumber: string; accessCode: string }>('/api/public/complaints', VALID_COMPLAINT)).body;

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { TRUST_PROXY: '127.0.0.1', ACCESS_CODE_MAX_FAILURES: String(MAX_FAILURES), RATE_LIMIT_SUBMIT_PER_HOUR: '0' } });
  });
  afterAll(async () => t?.close());

  it('opens to the right code while many strangers guess at the same time', async () => {
    const { trackingNumber, accessCode } = await file();
    const guesses = Array.from({ length: 40 }, (_, i) => track(trackingNumber, `WRONG${String(i).padStart(5, '2')}`, `198.51.100.${i + 1}`));
    const holder = track(trackingNumber, accessCode, '203.0.113.7');
    // The right code goes out in the middle of the guesses.
    const all = await Promise.all([...guesses.slice(0, 20), holder, ...guesses.slice(20)]);
    const answer = all[20];
    const wrong = all.filter((_, i) => i !== 20);
    expect(answer?.status).toBe(200);
    expect(answer?.body).toMatchObject({ trackingNumber });
    expect(new Set(wrong.map((r) => r.status))).toEqual(new Set([404, 429]));
    expect(wrong.filter((r) => r.status === 429).every((r) => r.body.error.code === 'access_locked')).toBe(true);
    // The number is over its cap of wrong codes for the hour, and its reporter still gets in, typed sloppily too.
    expect((await track(trackingNumber, accessCode.toLowerCase(), '203.0.113.8')).status).toBe(200);
    expect((await track(trackingNumber, 'WRONGCODE2', '198.51.100.200')).body.error.code).toBe('access_locked');
  });

  it('answers for a number that does not exist exactly as for a wrong code, lock included', async () => {
    const { trackingNumber } = await file();
    const [year, seq] = [trackingNumber.slice(4, 8), Number(trackingNumber.slice(9))];
    const unknown = `ADU-${year}-${String(seq + 1000).padStart(6, '0')}`;
    const answers = async (tn: string, base: number) => {
      const out: { status: number; body: ErrorBody }[] = [];
      for (let i = 0; i < MAX_FAILURES + 2; i++) {
        const res = await track(tn, 'WRONGCODE2', `192.0.2.${base + i}`);
        out.push({ status: res.status, body: res.body });
      }
      return out;
    };
    const existing = await answers(trackingNumber, 1);
    const missing = await answers(unknown, 101);
    expect(missing).toEqual(existing);
    expect(existing.map((a) => a.status)).toEqual([...Array<number>(MAX_FAILURES).fill(404), 429, 429]);
    expect(existing[0]?.body.error.code).toBe('wrong_access_code');
    expect(existing[MAX_FAILURES]?.body.error.code).toBe('access_locked');
    // A missing header is a wrong code too, for both.
    const bare = (tn: string) => new Client(t.url).get<ErrorBody>(`/api/public/complaints/${tn}`, from('192.0.2.250'));
    t.clock.advance(3_600_001);
    const [a, b] = [await bare(trackingNumber), await bare(unknown)];
    expect([a.status, a.body]).toEqual([b.status, b.body]);
  });

  it('stops one address guessing across numbers, and only that address', async () => {
    t.clock.advance(3_600_001);
    const filed = await Promise.all(Array.from({ length: MAX_FAILURES + 1 }, () => file()));
    const guesser = '198.51.100.99';
    for (const f of filed.slice(0, MAX_FAILURES)) expect((await track(f.trackingNumber, 'WRONGCODE2', guesser)).status).toBe(404);
    const last = filed[MAX_FAILURES]!;
    const refused = await track(last.trackingNumber, last.accessCode, guesser);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.retryAfterSeconds).toBeGreaterThan(0);
    // Refused before its code is looked at: the same for an unknown number.
    expect((await track('ADU-2026-999999', 'WRONGCODE2', guesser)).body).toEqual(refused.body);
    expect((await track(last.trackingNumber, last.accessCode, '198.51.100.98')).status).toBe(200);
    t.clock.advance(3_600_001);
    expect((await track(last.trackingNumber, last.accessCode, guesser)).status).toBe(200);
  });

  it('never counts the right code', async () => {
    t.clock.advance(3_600_001);
    const { trackingNumber, accessCode } = await file();
    const statuses = [];
    for (let i = 0; i < MAX_FAILURES * 3; i++) statuses.push((await track(trackingNumber, accessCode, '203.0.113.50')).status);
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect((await track(trackingNumber, 'WRONGCODE2', '203.0.113.50')).status).toBe(404);
  });
});
