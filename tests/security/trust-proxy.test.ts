import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DIALECTS } from '../support/databases.js';
import { Client, startTestApp, type TestApp } from '../support/test-app.js';

const LIMIT = 3;
const SIMILAR = '/api/public/complaints/similar';

/** A reverse proxy on loopback that does what nginx's `$proxy_add_x_forwarded_for` does. */
async function startProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const seen = req.headers['x-forwarded-for'];
    const headers = { ...req.headers, 'x-forwarded-for': seen ? `${String(seen)}, ${req.socket.remoteAddress}` : String(req.socket.remoteAddress) };
    const forward = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('TRUST_PROXY', () => {
  it('refuses true at start-up, naming what to set instead', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: true is no longer accepted: give the number of proxies/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.1,proxy.local' })).toThrow(/not an address: proxy.local/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(ConfigError);
  });

  it('reads a hop count, a list of addresses and CIDRs, or nothing', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
  });
});

describe.each(DIALECTS)('rate limits behind proxies on %s', (dialect) => {
  let t: TestApp | undefined;
  let proxy: { url: string; close(): Promise<void> } | undefined;
  afterEach(async () => {
    await proxy?.close();
    await t?.close();
    proxy = undefined;
    t = undefined;
  });
  const start = async (trust?: string) => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_TRACK_PER_HOUR: String(LIMIT), ...(trust ? { TRUST_PROXY: trust } : {}) } });
    return t;
  };
  /** One question per request, each claiming to come from a new address. */
  const statuses = async (baseUrl: string) => {
    const out: number[] = [];
    for (let i = 0; i <= LIMIT; i++) out.push((await new Client(baseUrl).post(SIMILAR, { applicationNumber: 'PBG-1' }, { 'x-forwarded-for': `198.51.100.${i + 1}` })).status);
    return out;
  };
  const tripped = [...Array<number>(LIMIT).fill(200), 429];

  it('with one hop, a client’s own X-Forwarded-For through the proxy does not change its key', async () => {
    const app = await start('1');
    proxy = await startProxy(app.url);
    expect(await statuses(proxy.url)).toEqual(tripped);
  });

  it('with the proxy’s address listed, a client reaching the server directly cannot pose as another', async () => {
    const app = await start('10.20.30.40,10.99.0.0/16');
    expect(await statuses(app.url)).toEqual(tripped);
  });

  it('without the setting, X-Forwarded-For is ignored', async () => {
    const app = await start();
    expect(await statuses(app.url)).toEqual(tripped);
  });

  it('believes the listed proxy (the limit is per client behind it)', async () => {
    const app = await start('127.0.0.1');
    expect(await statuses(app.url)).toEqual(Array<number>(LIMIT + 1).fill(200));
  });
});
