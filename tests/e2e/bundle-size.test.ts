import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WEB_DIST } from './browser.js';

/** The budget of the issue: the first visit to the complaint form loads at most 100 KB of gzipped JavaScript. */
const BUDGET_BYTES = 100 * 1024;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

function readManifest(): Manifest {
  const file = path.join(WEB_DIST, '.vite', 'manifest.json');
  if (!fs.existsSync(file)) throw new Error('web/dist/.vite/manifest.json is missing: run `npm run build:web`');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
}

/** The chunks a page loads before it can run: its entry and everything it imports statically. */
function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) staticClosure(manifest, dep, seen);
  return seen;
}

describe('the public bundle', () => {
  const manifest = readManifest();
  const entryKey = Object.keys(manifest).find((k) => manifest[k]?.isEntry && k.endsWith('index.html'));
  const html = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="\/([^"]+)"/g)].flatMap((m) => (m[1] ? [m[1]] : []));
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+)"/g)].flatMap((m) => (m[1] ? [m[1]] : []));

  it('is what index.html loads', () => {
    expect(entryKey).toBeDefined();
    expect(scripts).toEqual([manifest[entryKey as string]?.file]);
  });

  it(`stays within ${BUDGET_BYTES / 1024} KB of gzipped JavaScript on the first visit to the form`, () => {
    const files = new Set<string>([...[...staticClosure(manifest, entryKey as string)].map((k) => manifest[k]?.file ?? ''), ...scripts, ...preloads]);
    const sizes = [...files].map((file) => ({ file, gzip: zlib.gzipSync(fs.readFileSync(path.join(WEB_DIST, file)), { level: 9 }).length }));
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    console.log(`public JS on first visit: ${(total / 1024).toFixed(1)} KB gzip`, sizes);
    expect(sizes.every((s) => s.file.endsWith('.js'))).toBe(true);
    expect(total).toBeGreaterThan(10 * 1024);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('never loads back-office code', () => {
    const closure = [...staticClosure(manifest, entryKey as string)];
    expect(closure.filter((k) => k.includes('src/office/') || manifest[k]?.src?.includes('src/office/'))).toEqual([]);
    const officeKey = Object.keys(manifest).find((k) => manifest[k]?.isEntry && k.endsWith('office.html'));
    expect(officeKey, 'the back-office entry is built too').toBeDefined();
    const publicFiles = closure.map((k) => manifest[k]?.file);
    expect(publicFiles).not.toContain(manifest[officeKey as string]?.file);
  });
});
