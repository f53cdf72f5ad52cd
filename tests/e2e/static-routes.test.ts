import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from '../../src/shared/errors.js';
import { registerStaticRoutes } from '../../src/web/static-routes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { WEB_DIST } from './browser.js';

/** A raw request: fetch would tidy `..` away before it reaches the server. */
function rawGet(base: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: rawPath, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving the built front ends', () => {
  let t: TestApp;
  const indexHtml = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
  const officeHtml = fs.readFileSync(path.join(WEB_DIST, 'office.html'), 'utf8');

  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('answers every public page with index.html, never cached, with a strict CSP', async () => {
    for (const page of ['/', '/lapor', '/lapor/tanda-terima', '/lacak/', '/statistik', '/privasi?lang=en']) {
      const res = await fetch(`${t.url}${page}`);
      expect(res.status, page).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toBe(indexHtml);
    }
    expect((await fetch(`${t.url}/`, { method: 'HEAD' })).status).toBe(200);
  });

  it('answers /office and everything under it with office.html', async () => {
    expect(officeHtml).not.toBe(indexHtml);
    for (const page of ['/office', '/office/', '/office/complaints/ADU-2026-000001']) {
      const res = await fetch(`${t.url}${page}`);
      expect(res.status, page).toBe(200);
      expect(await res.text()).toBe(officeHtml);
    }
  });

  it('serves hashed assets with their type and a year of caching', async () => {
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(indexHtml)?.[1];
    const style = /href="(\/assets\/[^"]+\.css)"/.exec(indexHtml)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${t.url}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe(fs.readFileSync(path.join(WEB_DIST, script as string), 'utf8'));
    if (style) expect((await fetch(`${t.url}${style}`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('keeps API misses as JSON and unknown pages as the portal’s 404', async () => {
    const api = await fetch(`${t.url}/api/tidak-ada`, { headers: { 'accept-language': 'en' } });
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
    const missingAsset = await fetch(`${t.url}/assets/tidak-ada.js`);
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await fetch(`${t.url}/tidak-ada`);
    expect(page.status).toBe(404);
    expect(await page.text()).toBe(indexHtml);
    // The API itself still answers as before.
    expect((await fetch(`${t.url}/api/public/permit-types`)).headers.get('content-type')).toContain('application/json');
  });

  it('never serves a file outside web/dist, a dotfile or the build manifest', async () => {
    const secret = fs.readFileSync(path.resolve(WEB_DIST, '../../package.json'), 'utf8');
    for (const raw of ['/../../package.json', '/assets/../../../package.json', '/assets/..%2f..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/%2e%2e%5c%2e%2e%5cpackage.json', '/.vite/manifest.json', '/index.html%00.js', '/%E0%A4%A']) {
      const res = await rawGet(t.url, raw);
      expect(res.body, raw).not.toBe(secret);
      expect(res.body, raw).not.toContain('"isEntry"');
      expect([200, 400, 404], raw).toContain(res.status);
      if (res.status === 200) expect(res.body).toBe(indexHtml);
    }
  });
});

describe('serving from a folder that is not built or is precompressed', () => {
  it('says to run the build when web/dist is missing, without crashing', async () => {
    const app = Fastify();
    installErrorHandler(app);
    registerStaticRoutes(app, { root: path.join(os.tmpdir(), 'aduan-no-such-dist') });
    const res = await app.inject({ method: 'GET', url: '/lapor' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('npm run build:web');
    expect((await app.inject({ method: 'GET', url: '/office/x' })).body).toContain('npm run build:web');
    expect((await app.inject({ method: 'GET', url: '/api/x' })).json()).toMatchObject({ error: { code: 'not_found' } });
    await app.close();
  });

  it('sends a precompressed sibling when the browser accepts it', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-dist-'));
    try {
      fs.mkdirSync(path.join(root, 'assets'));
      const js = 'console.log("halo");'.repeat(50);
      fs.writeFileSync(path.join(root, 'assets', 'a-123.js'), js);
      fs.writeFileSync(path.join(root, 'assets', 'a-123.js.br'), zlib.brotliCompressSync(js));
      fs.writeFileSync(path.join(root, 'assets', 'a-123.js.gz'), zlib.gzipSync(js));
      const app = Fastify();
      registerStaticRoutes(app, { root });
      const br = await app.inject({ method: 'GET', url: '/assets/a-123.js', headers: { 'accept-encoding': 'gzip, br' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(js);
      const gz = await app.inject({ method: 'GET', url: '/assets/a-123.js', headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(js);
      const plain = await app.inject({ method: 'GET', url: '/assets/a-123.js' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(js);
      expect(plain.headers.vary).toBe('accept-encoding');
      await app.close();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
