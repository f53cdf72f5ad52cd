import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Serves the built front ends (web/dist) from the API's own server: the public portal at `/`
 * and its pages, the back office at `/office`. Hashed assets are cached for a year, HTML never,
 * so a deploy is picked up on the next visit. Registered after the API routes; `/api/*` misses
 * still get the API's JSON 404.
 */

/** Paths of the public portal (web/src/public/router.tsx PATHS); the SPA renders them. */
export const PUBLIC_PAGES = ['/', '/lapor', '/lapor/tanda-terima', '/lacak', '/lacak/saya', '/statistik', '/privasi', '/informasi'];
/** Portal pages with a key in the path: `/informasi/PBG-HUNIAN` (a permit type's article). */
export const PUBLIC_PAGE_PREFIXES = ['/informasi/'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The origin a tile URL template loads images from, as a CSP source: `{s}` subdomains become `*.`
 * (https://{s}.tile.example.org/{z}/{x}/{y}.png → https://*.tile.example.org).
 */
export function tileSource(template: string | undefined): string | null {
  if (!template) return null;
  try {
    const url = new URL(template.replace('{s}', 'tile-subdomain').replace(/\{[a-z]+\}/g, '0'));
    return `${url.protocol}//${url.host.replace('tile-subdomain', '*')}`;
  } catch {
    return null;
  }
}

function htmlHeaders(tileOrigin: string | null): Record<string, string> {
  return {
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    // Everything is same-origin (no third-party scripts, fonts or trackers) but the map tiles the office configured.
    'content-security-policy': `default-src 'self'; img-src 'self' data: blob:${tileOrigin ? ` ${tileOrigin}` : ''}; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`,
  };
}

/** web/dist of the checkout, found from this file whether it runs from src/ (tsx) or dist/src/ (built). */
export function defaultWebDist(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'web', 'dist');
    dir = path.dirname(dir);
  }
  return path.resolve('web', 'dist');
}

const MISSING_BUILD = `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Aduan</title></head>
<body><main><h1>Tampilan web belum dibangun / The web front end is not built</h1>
<p>Jalankan / Run <code>npm run build:web</code>, lalu muat ulang / then reload.</p>
<p>API: <a href="/api/docs">/api/docs</a></p></main></body></html>`;

/** The file under `root` that `urlPath` names, or null if it is outside root, missing or not a file. */
function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const normalised = path.posix.normalize(`/${decoded}`);
  // No dotfiles or dot-folders (web/dist/.vite holds the build manifest).
  if (normalised.split('/').some((segment) => segment.startsWith('.'))) return null;
  const file = path.resolve(root, `.${normalised}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  try {
    const real = fs.realpathSync(file);
    if (real !== root && !real.startsWith(fs.realpathSync(root) + path.sep)) return null;
    return fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

function acceptsEncoding(request: FastifyRequest, encoding: string): boolean {
  const header = request.headers['accept-encoding'];
  return typeof header === 'string' && header.split(',').some((part) => part.trim().split(';')[0] === encoding);
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: string, headers: Record<string, string>, status = 200): FastifyReply {
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  reply.status(status).headers(headers).header('content-type', type).header('vary', 'accept-encoding');
  // Precompressed siblings (file.br / file.gz) when the build made them.
  for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']] as const) {
    if (acceptsEncoding(request, encoding) && fs.existsSync(file + suffix)) {
      return reply.header('content-encoding', encoding).send(fs.createReadStream(file + suffix));
    }
  }
  return reply.send(fs.createReadStream(file));
}

export function registerStaticRoutes(app: FastifyInstance, options: { root?: string; tileUrlTemplate?: string | undefined } = {}): void {
  const root = path.resolve(options.root ?? defaultWebDist());
  const HTML_HEADERS = htmlHeaders(tileSource(options.tileUrlTemplate));

  const page = (request: FastifyRequest, reply: FastifyReply, name: 'index.html' | 'office.html', status = 200) => {
    const file = resolveInside(root, name);
    if (!file) return reply.status(status === 200 ? 503 : status).headers(HTML_HEADERS).type('text/html; charset=utf-8').send(MISSING_BUILD);
    return sendFile(request, reply, file, HTML_HEADERS, status);
  };

  app.get('/*', async (request, reply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return reply.callNotFound();
    const trimmed = urlPath.length > 1 ? urlPath.replace(/\/+$/, '') : urlPath;
    if (PUBLIC_PAGES.includes(trimmed) || PUBLIC_PAGE_PREFIXES.some((p) => trimmed.startsWith(p))) return page(request, reply, 'index.html');
    if (trimmed === '/office' || trimmed.startsWith('/office/')) return page(request, reply, 'office.html');
    // HTML only through the routes above, so it always gets its no-cache and CSP headers.
    const file = path.extname(urlPath) === '.html' ? null : resolveInside(root, urlPath);
    if (file) {
      const hashed = urlPath.startsWith('/assets/');
      return sendFile(request, reply, file, {
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        'x-content-type-options': 'nosniff',
      });
    }
    // An unknown address: the portal's own "page not found", with a real 404 status.
    return page(request, reply, 'index.html', 404);
  });
}
