import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { countAll, deepArray, deepObject, raw, registry, SMALL_ANSWER_BYTES, withUnknownKeys, type RawResponse } from './hostile.js';

/**
 * Property-based hostile input on every route anyone may call without a session, and on the
 * multipart parser: whatever arrives, the answer is never 5xx, a refusal is a small JSON error,
 * and nothing is written unless a complaint was accepted (201).
 */

const utf8 = (text: string) => new TextEncoder().encode(text);

/** JSON-ish text: arbitrary values, deep and wide shapes, huge numbers and strings, odd characters. */
const jsonText: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.record({ key: fc.constantFrom(...Object.keys(VALID_COMPLAINT), 'reporter', 'email', 'password', 'version', 'scores', 'message', 'anonymous', 'incidentDate', 'permitTypeId'), value: fc.jsonValue({ maxDepth: 3 }) }).map(({ key, value }) => JSON.stringify({ ...VALID_COMPLAINT, email: 'a@b.id', [key]: value })),
  fc.integer({ min: 20, max: 20_000 }).map(deepObject),
  fc.integer({ min: 20, max: 50_000 }).map(deepArray),
  fc.integer({ min: 1, max: 30_000 }).map((n) => withUnknownKeys({ ...VALID_COMPLAINT, email: 'a@b.id', password: 'x' }, n)),
  fc.integer({ min: 1, max: 200_000 }).map((n) => `{"items":[${'1,'.repeat(n)}1]}`),
  fc.integer({ min: 300, max: 400_000 }).map((n) => `{"subject":${'9'.repeat(n)}}`),
  fc.integer({ min: 1000, max: 900_000 }).map((n) => JSON.stringify({ ...VALID_COMPLAINT, description: 'x'.repeat(n) })),
  fc.constantFrom(
    '\uFEFF' + JSON.stringify(VALID_COMPLAINT),
    JSON.stringify({ ...VALID_COMPLAINT, subject: 'Lone \ud800 surrogate here' }),
    '{"subject":"\\ud800\\udfff\\udc00","description":"\\u0000"}',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"admin":true}}}',
    '{"a":1,"a":2}',
    '',
    ' ',
    'null',
    '"\u0000"',
    '[]',
    '{',
    '1e999999',
    '-0',
  ),
);

/** JSON-ish text of at most a few kilobytes, for the many parts of a form. */
const smallJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify({ ...VALID_COMPLAINT, extra: v })),
  fc.integer({ min: 20, max: 2000 }).map(deepArray),
  fc.integer({ min: 150, max: 400 }).map((n) => withUnknownKeys(VALID_COMPLAINT, n)),
  fc.constantFrom(JSON.stringify(VALID_COMPLAINT), '\uFEFF{}', '{', '', '{"subject":"\\u0000"}'),
);

/** The bytes of a body: the JSON text as UTF-8, or broken in an encoding way. */
const bodyBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: jsonText.map(utf8) },
  fc.uint8Array({ maxLength: 2000 }),
  jsonText.map((text) => new Uint8Array(Buffer.from(text, 'utf16le'))),
  fc.tuple(jsonText, fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.nat()).map(([text, junk, at]) => {
    const bytes = utf8(text);
    const cut = bytes.length ? at % bytes.length : 0;
    return new Uint8Array([...bytes.slice(0, cut), 0xc0, 0xff, ...junk, ...bytes.slice(cut)]);
  }),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json;charset="latin1"',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'application/octet-stream',
  undefined,
);

const queryString = fc.dictionary(fc.constantFrom('from', 'to', 'year', 'period', 'page', 'q', 'x', '__proto__', 'email'), fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('0001-01-01', '9999-Q4', '1e309', '2147483648', '%00')), { maxKeys: 4 });

/** Torn or odd multipart forms, built from real parts then cut, mislabelled or padded. */
const multipartBody: fc.Arbitrary<{ bytes: Uint8Array; type: string }> = fc
  .record({
    parts: fc.array(
      fc.record({
        name: fc.constantFrom('complaint', 'reply', 'attachments', 'other', ''),
        file: fc.boolean(),
        content: fc.oneof(smallJsonText.map(utf8), fc.uint8Array({ maxLength: 3000 }), fc.constant(new Uint8Array(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')))),
      }),
      { maxLength: 8 },
    ),
    cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    boundary: fc.constantFrom('x', 'AaB03x', '----formboundary123', '"quoted"', ''),
  })
  .map(({ parts, cut, boundary }) => {
    const b = boundary.replace(/"/g, '') || 'x';
    const chunks: Uint8Array[] = [];
    for (const part of parts) {
      const disposition = part.file ? `form-data; name="${part.name}"; filename="f.bin"` : `form-data; name="${part.name}"`;
      chunks.push(utf8(`--${b}\r\nContent-Disposition: ${disposition}\r\n${part.file ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n`), part.content, utf8('\r\n'));
    }
    chunks.push(utf8(`--${b}--\r\n`));
    const whole = Buffer.concat(chunks);
    const bytes = cut === null ? whole : whole.subarray(0, Math.floor(whole.length * cut));
    return { bytes: new Uint8Array(bytes), type: `multipart/form-data; boundary=${boundary}` };
  });

describe.each(DIALECTS)('hostile input, property-based, on %s', (dialect) => {
  let t: TestApp;
  let trackingNumber: string;
  let accessCode: string;
  let publicRoutes: { method: string; url: string }[];

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '0', RATE_LIMIT_TRACK_PER_HOUR: '0', ACCESS_CODE_MAX_FAILURES: '1000', LOGIN_MAX_FAILURES: '100' } });
    const receipt = await new Client(t.url).post<{ trackingNumber: string; accessCode: string }>('/api/public/complaints', VALID_COMPLAINT);
    trackingNumber = receipt.body.trackingNumber;
    accessCode = receipt.body.accessCode;
    const { routes } = (await registry(t)).routes;
    publicRoutes = routes.filter((r) => typeof r.access === 'string').map((r) => ({ method: r.method, url: r.url.replace(':trackingNumber', trackingNumber).replace(':format', 'json') }));
  });
  afterAll(async () => t?.close());

  /** Sends one request and checks the answer and what it wrote. */
  async function check(method: string, url: string, body: Uint8Array | undefined, type: string | undefined, withCode: boolean): Promise<void> {
    const before = await countAll(t);
    const headers: Record<string, string> = { ...(type ? { 'content-type': type } : {}), ...(withCode ? { 'x-access-code': accessCode } : {}) };
    const res: RawResponse = await raw(t.url, method, url, method === 'GET' ? undefined : body, headers);
    const label = `${method} ${url} [${type}] ${res.status} ${res.text.slice(0, 200)}`;
    expect(res.status, label).toBeLessThan(500);
    if (res.status >= 400) {
      expect(res.text.length, label).toBeLessThan(SMALL_ANSWER_BYTES);
      // Open311 answers errors as its spec's list, `[{ code, description }]`; the rest of the API as `{ error }`.
      if (url.startsWith('/open311/')) expect((res.json as unknown as { code?: number }[])[0]?.code, label).toBe(res.status);
      else expect(res.json.error.code, label).toMatch(/^[a-z_]+$/);
      expect(res.text, label).not.toMatch(/FST_|Invalid string length|Maximum call stack|statusCode/);
    }
    if (res.status !== 201) expect(await countAll(t), label).toEqual(before);
  }

  it('lists the public and reporter routes it attacks', () => {
    expect(publicRoutes.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['POST /api/public/complaints', 'POST /api/auth/login', 'POST /api/public/complaints/similar', `POST /api/public/complaints/${trackingNumber}/survey`, 'GET /api/public/statistics']));
  });

  it('never fails on any body of any encoding and content type sent to any public route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), bodyBytes, contentType, fc.boolean(), async (which, body, type, withCode) => {
        const posts = publicRoutes.filter((r) => r.method !== 'GET');
        const route = posts[which % posts.length] as { method: string; url: string };
        await check(route.method, route.url, body, type, withCode);
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('never fails on odd query strings of any public route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), queryString, async (which, query) => {
        const route = publicRoutes[which % publicRoutes.length] as { method: string; url: string };
        await check(route.method, `${route.url}?${new URLSearchParams(query).toString()}`, utf8('{}'), 'application/json', true);
      }),
      { numRuns: 80 },
    );
  }, 120_000);

  it('never fails on torn or odd multipart forms, to the submission and the reply', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), multipartBody, async (reply, form) => {
        await check('POST', reply ? `/api/public/complaints/${trackingNumber}/replies` : '/api/public/complaints', form.bytes, form.type, true);
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});
