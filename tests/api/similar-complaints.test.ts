import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phoneVariants } from '../../src/complaints/similar-route.js';
import { DIALECTS } from '../support/databases.js';
import { Client, startTestApp, type TestApp } from '../support/test-app.js';

const URL_SIMILAR = '/api/public/complaints/similar';

describe('phoneVariants', () => {
  it('treats 0812…, 62812… and +62 812-… as one number', () => {
    expect(phoneVariants('0812 3456-7890')).toEqual(['081234567890', '6281234567890']);
    expect(phoneVariants('+62 (812) 3456 7890')).toEqual(['6281234567890', '081234567890']);
    expect(phoneVariants('021 555 1234')).toEqual(['0215551234', '62215551234']);
  });
});

describe.each(DIALECTS)('the duplicate hint on %s', (dialect) => {
  let t: TestApp;
  const anyone = () => new Client(t.url);

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_TRACK_PER_HOUR: '40' } });
  });
  afterAll(async () => t?.close());

  // What the answer says and whom it mails: tests/security/similar-complaints.test.ts.

  it('refuses an empty or malformed question with 422 in the reader’s language', async () => {
    const empty = await new Client(t.url, 'en').post<{ error: { code: string; message: string } }>(URL_SIMILAR, {});
    expect(empty.status).toBe(422);
    expect(empty.body.error.message).toBe('Invalid data. Check the marked fields.');
    const extra = await anyone().post<{ error: { code: string; fields: { path: string }[] } }>(URL_SIMILAR, { email: 'a@b.id', trackingNumber: 'ADU-2026-000001' });
    expect(extra.status).toBe(422);
    expect(extra.body.error.fields.map((f) => f.path)).toContain('trackingNumber');
    expect((await anyone().post(URL_SIMILAR, { phone: 'not a phone' })).status).toBe(422);
  });

  it('is rate-limited per address with a clear 429', async () => {
    let last = 0;
    for (let i = 0; i < 45 && last !== 429; i++) last = (await anyone().post(URL_SIMILAR, { applicationNumber: 'XYZ-1' })).status;
    expect(last).toBe(429);
    const res = await anyone().post<{ error: { code: string; message: string; retryAfterSeconds: number } }>(URL_SIMILAR, { applicationNumber: 'XYZ-1' });
    expect(res.body.error).toMatchObject({ code: 'rate_limited', message: 'Terlalu banyak permintaan. Coba lagi nanti.' });
    expect(res.body.error.retryAfterSeconds).toBeGreaterThan(0);
  });
});
