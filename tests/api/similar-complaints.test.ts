import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phoneVariants } from '../../src/complaints/similar-route.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;
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
  let staff: Client;
  let kasie: Client;
  const anyone = () => new Client(t.url);
  const similar = async (body: Json) => (await anyone().post<{ similarOpen: boolean }>(URL_SIMILAR, body)).body.similarOpen;

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_TRACK_PER_HOUR: '40' } });
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    [staff, kasie] = await Promise.all([Client.login(t, 'staf@test.local'), Client.login(t, 'kasie@test.local')]);
  });
  afterAll(async () => t?.close());

  it('says yes for an open complaint with the same application number or contact, and nothing else', async () => {
    const filed = await anyone().post<Json>('/api/public/complaints', {
      ...VALID_COMPLAINT,
      applicationNumber: 'PBG-2026-0042',
      reporter: { name: 'Budi', email: 'budi@contoh.id', phone: '0812-3456-7890' },
    });
    expect(filed.status).toBe(201);
    const res = await anyone().post<Json>(URL_SIMILAR, { applicationNumber: 'pbg-2026-0042' });
    expect(res.status).toBe(200);
    // Only the boolean: no tracking number, no name, no state.
    expect(res.body).toEqual({ similarOpen: true });
    expect(await similar({ email: 'BUDI@contoh.id' })).toBe(true);
    expect(await similar({ phone: '+62 812 3456 7890' })).toBe(true);
    expect(await similar({ applicationNumber: 'PBG-2026-9999' })).toBe(false);
    expect(await similar({ email: 'orang.lain@contoh.id', phone: '0899 0000 1111' })).toBe(false);
  });

  it('matches an anonymous complaint by application number but never by its reporter’s contact', async () => {
    const filed = await anyone().post<Json>('/api/public/complaints', {
      ...VALID_COMPLAINT,
      anonymous: true,
      applicationNumber: 'SIUP-77',
      reporter: { name: 'Rahasia', email: 'rahasia@contoh.id', phone: '0813 1111 2222' },
    });
    expect(filed.status).toBe(201);
    expect(await similar({ applicationNumber: 'SIUP-77' })).toBe(true);
    expect(await similar({ email: 'rahasia@contoh.id' })).toBe(false);
    expect(await similar({ phone: '081311112222' })).toBe(false);
  });

  it('ignores finished complaints', async () => {
    const filed = await anyone().post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, applicationNumber: 'REK-1', reporter: { name: 'Sari', email: 'sari@contoh.id' } });
    const tn = filed.body.trackingNumber as string;
    const code = filed.body.accessCode as string;
    expect(await similar({ applicationNumber: 'REK-1' })).toBe(true);
    expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
    expect((await staff.act(tn, 'draft_answer', { body: 'Reklame Anda sudah terbit.' })).status).toBe(200);
    expect((await kasie.act(tn, 'approve_answer')).status).toBe(200);
    expect((await anyone().post<Json>(`/api/public/complaints/${tn}/accept`, {}, { 'x-access-code': code })).body.state).toBe('closed');
    expect(await similar({ applicationNumber: 'REK-1' })).toBe(false);
    expect(await similar({ email: 'sari@contoh.id' })).toBe(false);
  });

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
