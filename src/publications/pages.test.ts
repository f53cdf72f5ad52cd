import { describe, expect, it } from 'vitest';
import { detailPage, mapPage, pageHeaders } from './pages.js';

const TILES = { urlTemplate: 'https://tiles.example.id/{z}/{x}/{y}.png', attribution: '© OSM' };
const POINT = { trackingNumber: 'ADU-2026-000001', title: 'Reklame <b>liar</b>', url: '/publik/ADU-2026-000001', lat: -6.178, lng: 106.631 };

describe('public pages', () => {
  it('draws the map over the list only when tiles are configured, and lets only the tile host in', () => {
    const withTiles = mapPage([POINT], 'https://aduan.example.go.id', TILES);
    expect(withTiles).toContain('/publik/aset/leaflet.js');
    expect(withTiles).toContain('data-tiles="https://tiles.example.id/{z}/{x}/{y}.png"');
    expect(withTiles).toContain('href="/publik/ADU-2026-000001"');
    expect(pageHeaders(TILES.urlTemplate)['content-security-policy']).toContain("img-src 'self' data: https://tiles.example.id;");
    const plain = mapPage([POINT], 'https://aduan.example.go.id', null);
    expect(plain).not.toContain('leaflet');
    expect(plain).toContain('href="/publik/ADU-2026-000001"');
    expect(pageHeaders(null)['content-security-policy']).toContain("img-src 'self' data:;");
  });

  it('escapes the published text', () => {
    expect(mapPage([POINT], '', null)).toContain('Reklame &lt;b&gt;liar&lt;/b&gt;');
    const page = detailPage(
      { trackingNumber: POINT.trackingNumber, url: POINT.url, title: '"><script>x</script>', description: 'd', answer: 'a', status: { id: 'Selesai', en: 'Closed' }, permitType: null, receivedOn: '2026-11-24', answeredOn: null, workingDays: null, publishedAt: '2026-11-25T00:00:00.000Z', meToo: 0 },
      'https://aduan.example.go.id',
    );
    expect(page).not.toContain('<script>x');
    expect(page).toContain('<link rel="canonical" href="https://aduan.example.go.id/publik/ADU-2026-000001">');
  });
});
