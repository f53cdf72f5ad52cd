import { expect } from 'vitest';
import { buildApp } from '../../src/app.js';
import { countRows, type TestApp } from '../support/test-app.js';

/** An error answer may be at most this big, whatever was sent. */
export const SMALL_ANSWER_BYTES = 4096;

export interface RawResponse {
  status: number;
  text: string;
  json: { error: { code: string; message: string; fields?: { path: string; message: string }[] } };
  headers: Headers;
}

/** One request with exactly these bytes and headers; the answer as text and, when it is, JSON. */
export async function raw(base: string, method: string, url: string, body?: string | Uint8Array, headers: Record<string, string> = {}): Promise<RawResponse> {
  const res = await fetch(`${base}${url}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: RawResponse['json'];
  try {
    json = JSON.parse(text) as RawResponse['json'];
  } catch {
    json = { error: { code: '(not JSON)', message: text.slice(0, 200) } };
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** A refused request: 4xx, a JSON error of ours, small, and no raw Fastify or engine message. */
export function expectSmallError(res: RawResponse, label = ''): void {
  expect(res.status, `${label} ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  expect(res.text.length, label).toBeLessThan(SMALL_ANSWER_BYTES);
  expect(res.headers.get('content-type'), label).toMatch(/^application\/json/);
  expect(res.json.error.code, label).toMatch(/^[a-z_]+$/);
  expect(res.json.error.message, label).toEqual(expect.any(String));
  expect(res.text, label).not.toMatch(/FST_|Invalid string length|Maximum call stack|statusCode/);
}

/** `base` plus `n` keys it does not know (k0, k1, …), as JSON text. */
export function withUnknownKeys(base: Record<string, unknown>, n: number, prefix = 'k'): string {
  const extra = Array.from({ length: n }, (_, i) => `"${prefix}${i}":1`).join(',');
  const text = JSON.stringify(base);
  return text === '{}' ? `{${extra}}` : `${text.slice(0, -1)}${n ? `,${extra}` : ''}}`;
}

export const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
export const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
export const wideArray = (n: number) => `[${Array.from({ length: n }, () => '0').join(',')}]`;

const TABLES = ['complaints', 'complaint_events', 'reporters', 'attachments', 'complaint_messages'] as const;

/** Row counts of every table a request could write to. */
export async function countAll(t: TestApp): Promise<number[]> {
  return Promise.all(TABLES.map((table) => countRows(t, table)));
}

/** The route registry of the app under test (a second, unstarted instance over the same context). */
export async function registry(t: TestApp): Promise<Awaited<ReturnType<typeof buildApp>>> {
  return buildApp(t.ctx, { logger: false });
}
