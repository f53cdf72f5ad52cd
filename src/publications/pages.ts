import { createHash } from 'node:crypto';
import { tileSource } from '../web/static-routes.js';
import type { PublishedComplaint } from './schema.js';
import { PAGE_SIZE } from './schema.js';
import type { MapPoint } from './service.js';

/**
 * The public pages of published complaints, written on the server (decision 0026): a few kilobytes
 * of HTML a search engine reads and a phone shows at once, no script needed to read them. Script
 * only adds the "me too" button and, where tiles are configured, the map over the plain list.
 */
const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1e293b;background:#f8fafc}header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}' +
  'header{padding-top:1rem}a{color:#1d4ed8}h1{font-size:1.5rem;line-height:1.25}h2{font-size:1.15rem}.en{color:#475569;font-size:.9em}' +
  'article,li.item{background:#fff;border:1px solid #cbd5e1;border-radius:6px;padding:.75rem 1rem;margin:0 0 .75rem}ul.items{list-style:none;padding:0}' +
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}.answer{white-space:pre-line;border-left:4px solid #15803d;padding-left:.75rem}' +
  'form{display:flex;gap:.5rem;flex-wrap:wrap}input[type=search]{flex:1 1 12rem;font:inherit;padding:.5rem;border:1px solid #64748b;border-radius:4px}' +
  'button{font:inherit;padding:.5rem 1rem;border-radius:4px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}nav.pages{display:flex;gap:1rem;margin:1rem 0}' +
  '#peta{height:60vh;min-height:18rem;margin:0 0 1rem}.hidden{display:none}.status{font-weight:600;color:#15803d}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** Only this server's files and inline style by hash; tiles from the configured server. */
export function pageHeaders(tileUrl: string | null): Record<string, string> {
  // The portal's own reading of a tile template ({s} subdomains become a wildcard).
  const origin = tileSource(tileUrl ?? undefined);
  const tiles = origin ? ` ${origin}` : '';
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'public, max-age=60',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'content-security-policy': `default-src 'self'; img-src 'self' data:${tiles}; style-src 'self' 'sha256-${STYLE_HASH}'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
  };
}

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A meta description: the first words of a text, at most ~155 characters. */
function summary(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= 155 ? flat : `${flat.slice(0, 152).replace(/\s+\S*$/, '')}…`;
}

interface Layout {
  title: string;
  description: string;
  canonical: string;
  body: string;
  scripts?: string[];
  head?: string;
}

function layout(p: Layout): string {
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<meta name="description" content="${escapeHtml(p.description)}">
<link rel="canonical" href="${escapeHtml(p.canonical)}">
<style>${STYLE}</style>${p.head ?? ''}
</head><body>
<header><a href="/publik">Pengaduan &amp; jawaban <span class="en">Complaints &amp; answers</span></a> · <a href="/publik/peta">Peta <span class="en">Map</span></a> · <a href="/lapor">Buat pengaduan <span class="en">File a complaint</span></a></header>
<main>
${p.body}
</main>
<footer><p class="en">Data pelapor tidak pernah dipublikasikan. <span lang="en">Reporters' data is never published.</span></p></footer>
${(p.scripts ?? []).map((s) => `<script src="${s}" defer></script>`).join('\n')}
</body></html>`;
}

const dateOf = (d: string | null) => (d ? escapeHtml(d) : '–');

function facts(item: PublishedComplaint): string {
  return `<dl>
<dt>Status</dt><dd class="status">${escapeHtml(item.status.id)} <span class="en" lang="en">${escapeHtml(item.status.en)}</span></dd>
<dt>Jenis izin <span class="en" lang="en">Permit</span></dt><dd>${item.permitType ? escapeHtml(item.permitType) : '–'}</dd>
<dt>Diterima <span class="en" lang="en">Received</span></dt><dd><time datetime="${dateOf(item.receivedOn)}">${dateOf(item.receivedOn)}</time></dd>
<dt>Dijawab <span class="en" lang="en">Answered</span></dt><dd>${item.answeredOn ? `<time datetime="${dateOf(item.answeredOn)}">${dateOf(item.answeredOn)}</time>` : '–'}</dd>
<dt>Hari kerja <span class="en" lang="en">Working days</span></dt><dd>${item.workingDays ?? '–'}</dd>
</dl>`;
}

export function detailPage(item: PublishedComplaint, base: string): string {
  const body = `<article>
<h1>${escapeHtml(item.title)}</h1>
<p class="en">${escapeHtml(item.trackingNumber)}</p>
${facts(item)}
<h2>Pengaduan <span class="en" lang="en">Complaint</span></h2>
<p class="answer">${escapeHtml(item.description)}</p>
<h2>Jawaban kantor <span class="en" lang="en">The office's answer</span></h2>
<p class="answer">${escapeHtml(item.answer)}</p>
<p><span data-me-too-count>${item.meToo}</span> orang juga mengalami ini <span class="en" lang="en">people had this too</span></p>
<p><button type="button" class="hidden" data-me-too="${escapeHtml(item.trackingNumber)}">Saya juga mengalami ini <span lang="en">Me too</span></button> <span role="status" data-me-too-note></span></p>
</article>
<p><a href="/publik">← Semua pengaduan yang dipublikasikan <span class="en" lang="en">All published complaints</span></a></p>`;
  return layout({ title: `${item.title} – ${item.trackingNumber}`, description: summary(`${item.title}. ${item.answer}`), canonical: `${base}${item.url}`, body, scripts: ['/publik/aset/publik.js'] });
}

export interface ListPageInput {
  items: PublishedComplaint[];
  page: number;
  total: number;
  totalIsLowerBound: boolean;
  q: string;
}

export function listPage(list: ListPageInput, base: string): string {
  const qs = (page: number) => `/publik?${new URLSearchParams({ ...(list.q ? { q: list.q } : {}), page: String(page) }).toString()}`;
  const lastPage = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const found = list.q ? `<p role="status">${list.totalIsLowerBound ? 'Lebih dari ' : ''}${list.total} hasil untuk “${escapeHtml(list.q)}” <span class="en" lang="en">${list.totalIsLowerBound ? 'more than ' : ''}${list.total} results</span></p>` : '';
  const items = list.items
    .map((i) => `<li class="item"><h2><a href="${escapeHtml(i.url)}">${escapeHtml(i.title)}</a></h2><p class="en">${escapeHtml(i.status.id)} · ${escapeHtml(i.permitType ?? '–')} · ${escapeHtml(i.answeredOn ?? '')}</p><p>${escapeHtml(summary(i.answer))}</p></li>`)
    .join('\n');
  const pages = `<nav class="pages" aria-label="Halaman">${list.page > 1 ? `<a href="${escapeHtml(qs(list.page - 1))}" rel="prev">← Sebelumnya</a>` : ''}${list.page < lastPage ? `<a href="${escapeHtml(qs(list.page + 1))}" rel="next">Berikutnya →</a>` : ''}</nav>`;
  const body = `<h1>Pengaduan &amp; jawaban <span class="en" lang="en">Complaints &amp; answers</span></h1>
<p>Sebelum mengadu, cari apakah masalah Anda sudah dijawab. <span class="en" lang="en">Before complaining, search whether your problem was answered.</span></p>
<form method="get" action="/publik" role="search"><label for="q" class="hidden">Cari / Search</label><input type="search" id="q" name="q" value="${escapeHtml(list.q)}" maxlength="200" aria-label="Cari pengaduan / Search complaints"><button type="submit">Cari <span lang="en">Search</span></button></form>
${found}
${list.items.length ? `<ul class="items">${items}</ul>` : '<p>Belum ada yang cocok. <span class="en" lang="en">Nothing matches yet.</span></p>'}
${pages}`;
  const canonical = `${base}${list.page > 1 || list.q ? qs(list.page) : '/publik'}`;
  return layout({ title: list.q ? `Cari “${list.q}” – Pengaduan & jawaban` : 'Pengaduan & jawaban yang dipublikasikan', description: 'Pengaduan perizinan dan jawaban kantor yang dipublikasikan: cari sebelum mengadu.', canonical, body });
}

export function mapPage(points: MapPoint[], base: string, tiles: { urlTemplate: string; attribution: string } | null): string {
  const list = points.map((p) => `<li class="item"><a href="${escapeHtml(p.url)}">${escapeHtml(p.title)}</a> <span class="en">${p.lat.toFixed(3)}, ${p.lng.toFixed(3)}</span></li>`).join('\n');
  const map = tiles
    ? `<div id="peta" role="region" aria-label="Peta pengaduan / Complaint map" data-tiles="${escapeHtml(tiles.urlTemplate)}" data-attribution="${escapeHtml(tiles.attribution)}"></div><p role="status" data-map-note></p>`
    : '';
  const body = `<h1>Peta pengaduan yang dipublikasikan <span class="en" lang="en">Map of published complaints</span></h1>
<p>Lokasi dibulatkan sekitar 100 meter. <span class="en" lang="en">Places are rounded to about 100 metres.</span></p>
${map}
<h2>Daftar <span class="en" lang="en">List</span></h2>
${points.length ? `<ul class="items">${list}</ul>` : '<p>Belum ada pengaduan dengan lokasi. <span class="en" lang="en">No complaint with a place yet.</span></p>'}`;
  return layout({
    title: 'Peta pengaduan – Pengaduan & jawaban',
    description: 'Peta pengaduan perizinan yang dipublikasikan beserta jawabannya.',
    canonical: `${base}/publik/peta`,
    body,
    head: tiles ? '\n<link rel="stylesheet" href="/publik/aset/leaflet.css">' : '',
    scripts: tiles ? ['/publik/aset/leaflet.js', '/publik/aset/publik.js'] : [],
  });
}

export function sitemapXml(entries: { trackingNumber: string; lastModified: string }[], base: string): string {
  const urls = [`<url><loc>${escapeHtml(`${base}/publik`)}</loc></url>`, ...entries.map((e) => `<url><loc>${escapeHtml(`${base}/publik/${e.trackingNumber}`)}</loc><lastmod>${e.lastModified}</lastmod></url>`)];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}
