import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type Fields = { error: { fields: { path: string }[] } };
const TILES = 'https://{s}.tiles.kantor.example/{z}/{x}/{y}.png';

describe.each(DIALECTS)('where it happened on %s', (dialect) => {
  let t: TestApp;
  let staff: Client;

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '0', TILE_URL_TEMPLATE: TILES, TILE_ATTRIBUTION: '© Kantor <Peta>' } });
    await addStaff(t, 'staf@test.local', 'staff');
    staff = await Client.login(t, 'staf@test.local');
  });
  afterAll(async () => t?.close());

  it('takes an address and a pin from the form and shows them to staff and in the register', async () => {
    const location = { address: 'Loket PBG, Gedung Pusat Pemerintahan lantai 2', lat: -6.17831, lng: 106.63194 };
    const sent = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', { ...VALID_COMPLAINT, location });
    expect(sent.status).toBe(201);
    const view = await staff.get<{ location: unknown }>(`/api/staff/complaints/${sent.body.trackingNumber}`);
    expect(view.body.location).toEqual(location);
    const addressOnly = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', { ...VALID_COMPLAINT, location: { address: 'Jl. Satria Sudirman' } });
    expect((await staff.get<{ location: unknown }>(`/api/staff/complaints/${addressOnly.body.trackingNumber}`)).body.location).toEqual({ address: 'Jl. Satria Sudirman', lat: null, lng: null });
    const none = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT);
    expect((await staff.get<{ location: unknown }>(`/api/staff/complaints/${none.body.trackingNumber}`)).body.location).toBeNull();

    const register = await staff.get<{ items: { trackingNumber: string; location: unknown }[] }>('/api/staff/register?from=2026-11-24&to=2026-11-24');
    expect(register.body.items.map((r) => r.location)).toEqual([location, { address: 'Jl. Satria Sudirman', lat: null, lng: null }, null]);
  });

  it('refuses a pin off the globe, half a pin or a long address, and files nothing', async () => {
    const before = (await staff.get<{ total: number }>('/api/staff/register?from=2026-11-24&to=2026-11-24')).body.total;
    const paths = async (location: unknown) => {
      const res = await new Client(t.url).post<Fields>('/api/public/complaints', { ...VALID_COMPLAINT, location });
      expect(res.status).toBe(422);
      return res.body.error.fields.map((f) => f.path);
    };
    expect(await paths({ lat: 91, lng: 10 })).toEqual(['location.lat']);
    expect(await paths({ lat: 10, lng: -180.5 })).toEqual(['location.lng']);
    expect(await paths({ lat: -6.2 })).toEqual(['location.lng']);
    expect(await paths({ address: 'x'.repeat(301) })).toEqual(['location.address']);
    expect(await paths({ address: 'Jl. Daan Mogot', lat: '-6.2', lng: 106 })).toEqual(['location.lat']);
    expect((await staff.get<{ total: number }>('/api/staff/register?from=2026-11-24&to=2026-11-24')).body.total).toBe(before);
  });

  it('tells the portal which tiles to use and lets the pages load them', async () => {
    const info = await new Client(t.url).get<{ map: { tileUrlTemplate: string; attribution: string; center: number[]; zoom: number } | null }>('/api/public/portal-info');
    expect(info.body.map).toEqual({ tileUrlTemplate: TILES, attribution: '© Kantor <Peta>', center: [-6.1783, 106.6319], zoom: 13 });
    const page = await fetch(`${t.url}/lapor`);
    // Read whole: an unread body keeps the connection, and the server's close waits for it.
    await page.text();
    expect(page.headers.get('content-security-policy')).toContain("img-src 'self' data: blob: https://*.tiles.kantor.example;");
    // The public map reads the same setting the same way: every {s} subdomain, not one made-up host.
    const map = await fetch(`${t.url}/publik/peta`);
    expect(await map.text()).toContain('© Kantor &lt;Peta&gt;');
    expect(map.headers.get('content-security-policy')).toContain("img-src 'self' data: https://*.tiles.kantor.example;");
  });
});

describe('without tiles configured', () => {
  it('offers no map and keeps every image on the office itself', async () => {
    const t = await startTestApp('sqlite');
    try {
      expect((await new Client(t.url).get<{ map: unknown }>('/api/public/portal-info')).body.map).toBeNull();
      const page = await fetch(`${t.url}/lapor`);
      await page.text();
      expect(page.headers.get('content-security-policy')).toContain("img-src 'self' data: blob:;");
    } finally {
      await t.close();
    }
  });
});
