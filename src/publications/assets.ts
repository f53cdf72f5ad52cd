import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * The public pages' only scripts, served by this server: Leaflet from its package (map page only)
 * and a few lines that add the "me too" button and draw the map. Without them the pages still read
 * in full, and the map page is its plain list.
 */
const PUBLIK_JS = String.raw`(function () {
  'use strict';
  async function proof(token, bits) {
    var enc = new TextEncoder();
    for (var n = 0; n < 1e7; n++) {
      var h = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(token + ':' + n)));
      var ok = true;
      for (var i = 0; i < bits; i++) if (h[i >> 3] & (0x80 >> (i & 7))) { ok = false; break; }
      if (ok) return String(n);
    }
    throw new Error('no proof');
  }
  var button = document.querySelector('[data-me-too]');
  if (button && window.crypto && crypto.subtle) {
    var tn = button.getAttribute('data-me-too');
    var note = document.querySelector('[data-me-too-note]');
    var count = document.querySelector('[data-me-too-count]');
    var key = 'aduan-me-too-' + tn;
    if (localStorage.getItem(key)) { note.textContent = 'Sudah tercatat. / Already counted.'; }
    else button.classList.remove('hidden');
    button.addEventListener('click', async function () {
      button.disabled = true;
      note.textContent = 'Mencatat… / Counting…';
      try {
        var url = '/api/public/publications/' + encodeURIComponent(tn) + '/me-too';
        var challenge = await (await fetch(url, { credentials: 'same-origin' })).json();
        var nonce = await proof(challenge.token, challenge.bits);
        var res = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: challenge.token, nonce: nonce }) });
        var body = await res.json();
        if (!res.ok) throw new Error(body.error && body.error.message || res.status);
        count.textContent = String(body.meToo);
        localStorage.setItem(key, '1');
        button.classList.add('hidden');
        note.textContent = body.counted ? 'Terima kasih, tercatat. / Thank you, counted.' : 'Sudah tercatat sebelumnya. / Already counted.';
      } catch (e) {
        button.disabled = false;
        note.textContent = 'Gagal: ' + e.message;
      }
    });
  }
  var map = document.getElementById('peta');
  if (map && window.L) {
    var note2 = document.querySelector('[data-map-note]');
    var m = L.map(map).setView([-6.178, 106.63], 12);
    var failed = false;
    L.tileLayer(map.getAttribute('data-tiles'), { maxZoom: 19, attribution: map.getAttribute('data-attribution') })
      .on('tileerror', function () { if (!failed) { failed = true; note2.textContent = 'Peta tidak dapat dimuat; gunakan daftar di bawah. / The map could not load; use the list below.'; } })
      .addTo(m);
    fetch('/api/public/publications/map').then(function (r) { return r.json(); }).then(function (geo) {
      var bounds = [];
      geo.features.forEach(function (f) {
        var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
        bounds.push(ll);
        var a = document.createElement('a');
        a.href = f.properties.url;
        a.textContent = f.properties.title;
        L.circleMarker(ll, { radius: 8 }).bindPopup(a).addTo(m);
      });
      if (bounds.length) m.fitBounds(bounds, { maxZoom: 15, padding: [20, 20] });
    });
  }
})();
`;

const require = createRequire(import.meta.url);

function leafletFile(name: string): string | null {
  try {
    return fs.readFileSync(path.join(path.dirname(require.resolve('leaflet/package.json')), 'dist', name), 'utf8');
  } catch {
    return null;
  }
}

/** Path prefix of the files, listed in UNDECLARED_OPEN_ROUTES: they hold no data. */
export const ASSET_ROUTE = '/publik/aset/*';

export function registerPublicationAssets(app: FastifyInstance): void {
  const files = new Map<string, { type: string; body: string | null }>([
    ['publik.js', { type: 'text/javascript; charset=utf-8', body: PUBLIK_JS }],
    ['leaflet.js', { type: 'text/javascript; charset=utf-8', body: leafletFile('leaflet.js') }],
    ['leaflet.css', { type: 'text/css; charset=utf-8', body: leafletFile('leaflet.css') }],
  ]);
  app.get(ASSET_ROUTE, async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    const file = files.get(name);
    if (!file?.body) return reply.status(404).type('text/plain; charset=utf-8').send('Not found');
    return reply.headers({ 'content-type': file.type, 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' }).send(file.body);
  });
}
