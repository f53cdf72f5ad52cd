import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { Client, countRows, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type ErrorBody = { error: { code: string; message: string; fields?: { path: string; message: string }[] } };

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  '',
  'x'.repeat(20_000),
  "'; DROP TABLE complaints; --",
  '<script>alert(1)</script>',
  '\u0000\u0001\uffff',
  '../../etc/passwd',
  [],
  {},
  { $gt: '' },
  ['a', { b: 1 }],
  { __proto__: { admin: true } },
];

/** Every body a public route may receive, broken in every way we could think of. */
function hostileBodies(): unknown[] {
  const bodies: unknown[] = [null, [], 'text', 42, {}, { ...VALID_COMPLAINT, unknownField: 1 }, { ...VALID_COMPLAINT, consent: false }];
  for (const key of ['reporter', 'subject', 'description', 'consent', 'anonymous', 'confidential', 'permitTypeId', 'applicationNumber', 'incidentDate', 'language', 'homepage']) {
    for (const value of HOSTILE_VALUES) bodies.push({ ...VALID_COMPLAINT, [key]: value });
  }
  for (const value of HOSTILE_VALUES) bodies.push({ ...VALID_COMPLAINT, reporter: { name: value, email: value, phone: value } });
  return bodies;
}

describe.each(DIALECTS)('bad input on %s', (dialect) => {
  let t: TestApp;
  let tn: string;
  let code: string;

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { BODY_LIMIT_BYTES: '65536', RATE_LIMIT_SUBMIT_PER_HOUR: '0', RATE_LIMIT_TRACK_PER_HOUR: '0', ACCESS_CODE_MAX_FAILURES: '1000' } });
    const res = await new Client(t.url).post<{ trackingNumber: string; accessCode: string }>('/api/public/complaints', VALID_COMPLAINT);
    tn = res.body.trackingNumber;
    code = res.body.accessCode;
  });
  afterAll(async () => t?.close());

  async function snapshot() {
    return Promise.all((['complaints', 'complaint_events', 'reporters', 'attachments', 'complaint_messages'] as const).map((table) => countRows(t, table)));
  }

  it('never answers 5xx, and writes exactly when it accepts, for hostile payloads on every public route', async () => {
    const client = new Client(t.url);
    const routes = [
      '/api/public/complaints',
      `/api/public/complaints/${tn}/replies`,
      `/api/public/complaints/${tn}/accept`,
      `/api/public/complaints/${tn}/dispute`,
      `/api/public/complaints/${tn}/survey`,
      '/api/auth/login',
    ];
    const statuses = new Set<number>();
    let accepted = 0;
    const start = await snapshot();
    for (const url of routes) {
      for (const body of hostileBodies()) {
        const complaintsBefore = await countRows(t, 'complaints');
        const res = await client.request<ErrorBody & { trackingNumber?: string }>('POST', url, { body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-access-code': code } });
        statuses.add(res.status);
        const label = `${url} ${JSON.stringify(body).slice(0, 160)}`;
        expect(res.status, label).toBeLessThan(500);
        if (res.status === 201) {
          // Odd but harmless text is a real complaint, stored verbatim (parameterised SQL).
          accepted++;
          expect(url).toBe('/api/public/complaints');
          expect(await countRows(t, 'complaints')).toBe(complaintsBefore + 1);
          const stored = await t.db.kysely.selectFrom('complaints').select(['subject', 'description']).where('tracking_number', '=', res.body.trackingNumber as string).executeTakeFirstOrThrow();
          const sent = body as { subject?: unknown; description?: unknown };
          if (typeof sent.subject === 'string') expect(stored.subject).toBe(sent.subject.trim());
          continue;
        }
        expect(res.status, label).toBeGreaterThanOrEqual(400);
        expect(res.body.error.code, label).toEqual(expect.any(String));
        expect(res.body.error.message, label).toEqual(expect.any(String));
        expect(await countRows(t, 'complaints'), label).toBe(complaintsBefore);
      }
    }
    const end = await snapshot();
    // Only accepted complaints wrote: one complaint, one event and one reporter each.
    expect(end[0]).toBe((start[0] ?? 0) + accepted);
    expect(end[1]).toBe((start[1] ?? 0) + accepted);
    expect(end[3]).toBe(start[3]);
    expect(end[4]).toBe(start[4]);
    expect(accepted).toBeGreaterThan(0);
    const before = await snapshot();
    // Malformed JSON, wrong content types, hostile paths and headers.
    const raw: [string, string, Record<string, string>, string | undefined][] = [
      ['POST', '/api/public/complaints', { 'content-type': 'application/json' }, '{"subject": '],
      ['POST', '/api/public/complaints', { 'content-type': 'application/json' }, ''],
      ['POST', '/api/public/complaints', { 'content-type': 'text/plain' }, 'hello'],
      ['POST', '/api/public/complaints', { 'content-type': 'application/xml' }, '<a/>'],
      ['POST', '/api/public/complaints', { 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\nbroken'],
      ['POST', '/api/public/complaints', { 'content-type': 'application/json' }, JSON.stringify({ ...VALID_COMPLAINT, description: 'x'.repeat(70_000) })],
      ['GET', '/api/public/complaints/ADU-2026-999999', { 'x-access-code': 'AAAAAAAAAA' }, undefined],
      ['GET', '/api/public/complaints/..%2F..%2Fetc', {}, undefined],
      ['GET', `/api/public/complaints/${tn}`, { 'x-access-code': 'x'.repeat(5000) }, undefined],
      ['GET', `/api/public/complaints/${tn}`, {}, undefined],
      ['GET', '/api/public/complaints/%00', {}, undefined],
      ['GET', '/api/staff/complaints?page=-1', {}, undefined],
      ['DELETE', '/api/public/complaints', {}, undefined],
    ];
    for (const [method, url, headers, body] of raw) {
      const res = await client.request<ErrorBody>(method, url, { headers, ...(body !== undefined ? { body } : {}) });
      statuses.add(res.status);
      expect(res.status, `${method} ${url}`).toBeLessThan(500);
      expect(res.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
    }
    expect(await snapshot()).toEqual(before);
    expect([...statuses].sort()).toEqual(expect.arrayContaining([400, 404, 413, 422]));
    // Hundreds of requests, each followed by row counts: a loaded machine needs more than the default 30 s.
  }, 120_000);

  it('names each bad field and why, in Indonesian by default and in English on request', async () => {
    const bad = { ...VALID_COMPLAINT, subject: 'x', consent: false, extra: 1 };
    const id = await new Client(t.url).post<ErrorBody>('/api/public/complaints', bad);
    expect(id.status).toBe(422);
    expect(id.body.error.code).toBe('validation_failed');
    expect(id.body.error.message).toBe('Data tidak valid. Periksa kolom yang ditandai.');
    expect(id.body.error.fields?.map((f) => f.path).sort()).toEqual(['consent', 'extra', 'subject']);
    expect(id.body.error.fields?.find((f) => f.path === 'subject')?.message).toBe('Minimal 5 karakter.');
    const en = await new Client(t.url, 'en').post<ErrorBody>('/api/public/complaints', bad);
    expect(en.body.error.message).toBe('Invalid data. Check the marked fields.');
    expect(en.body.error.fields?.find((f) => f.path === 'subject')?.message).toBe('At least 5 characters.');
  });

  it('asks a named reporter for a way to be reached, but not an anonymous one', async () => {
    const client = new Client(t.url, 'en');
    const noContact = await client.post<ErrorBody>('/api/public/complaints', { ...VALID_COMPLAINT, reporter: { name: 'Budi' } });
    expect(noContact.status).toBe(422);
    expect(noContact.body.error.fields).toEqual([{ path: 'reporter.email', message: 'Give an email or a phone/WhatsApp number.' }]);
    const anonymous = await client.post('/api/public/complaints', { ...VALID_COMPLAINT, reporter: {}, anonymous: true });
    expect(anonymous.status).toBe(201);
  });

  it('decides an attachment’s type by its content, not its name', async () => {
    const before = await snapshot();
    const form = new FormData();
    form.append('complaint', JSON.stringify(VALID_COMPLAINT));
    form.append('attachments', new Blob([Buffer.from('MZ this is an executable')], { type: 'image/png' }), 'foto.png');
    const res = await new Client(t.url).request<ErrorBody>('POST', '/api/public/complaints', { body: form });
    expect(res.status).toBe(422);
    expect(res.body.error.fields?.[0]?.path).toBe('attachments.0');
    expect(await snapshot()).toEqual(before);

    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const ok = new FormData();
    ok.append('complaint', JSON.stringify(VALID_COMPLAINT));
    ok.append('attachments', new Blob([png]), 'bukti.jpg');
    const accepted = await new Client(t.url).request<{ trackingNumber: string }>('POST', '/api/public/complaints', { body: ok });
    expect(accepted.status).toBe(201);
    const stored = await t.db.kysely.selectFrom('attachments').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    // Saved under the name of the type it is (decision 0009): a PNG sent as .jpg is bukti.png.
    expect(stored).toMatchObject({ mime_type: 'image/png', original_name: 'bukti.png', size_bytes: png.length });
  });

  it('refuses a file over the size limit with 413 and keeps nothing', async () => {
    const before = await snapshot();
    const form = new FormData();
    form.append('complaint', JSON.stringify(VALID_COMPLAINT));
    form.append('attachments', new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(6 * 1024 * 1024)])]), 'besar.pdf');
    const res = await new Client(t.url).request<ErrorBody>('POST', '/api/public/complaints', { body: form });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await snapshot()).toEqual(before);
  });

  it('turns away a filled honeypot without storing anything', async () => {
    const before = await snapshot();
    const res = await new Client(t.url).post<ErrorBody>('/api/public/complaints', { ...VALID_COMPLAINT, homepage: 'http://spam.example' });
    expect(res.status).toBe(422);
    expect(await snapshot()).toEqual(before);
  });
});

describe.each(DIALECTS)('limits on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '3' } });
  });
  afterAll(async () => t?.close());

  it('limits submissions per address with a clear 429', async () => {
    const client = new Client(t.url);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await client.post('/api/public/complaints', VALID_COMPLAINT)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await new Client(t.url, 'en').post<ErrorBody>('/api/public/complaints', VALID_COMPLAINT);
    expect(limited.body.error.message).toBe('Too many requests. Try again later.');
    t.clock.advance(3_600_000);
    expect((await client.post('/api/public/complaints', VALID_COMPLAINT)).status).toBe(201);
  });
  // Wrong access codes: tests/security/access-codes.test.ts.
});
