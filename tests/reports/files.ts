import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { STAFF_PASSWORD, type TestApp } from '../support/test-app.js';

export interface Download {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** Logs in with real HTTP and downloads a file as bytes. */
export async function downloader(t: TestApp, email: string, password = STAFF_PASSWORD): Promise<(url: string) => Promise<Download>> {
  const login = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (login.status !== 200) throw new Error(`login ${email}: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async (url) => {
    const res = await fetch(`${t.url}${url}`, { headers: { cookie } });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };
}

function withTempFile<T>(bytes: Buffer, run: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, bytes);
  try {
    return run(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Text of each page, through poppler's pdftotext. */
export function pdfPages(bytes: Buffer): string[] {
  return withTempFile(bytes, (file) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1));
}

export function pdfInfo(bytes: Buffer): { pages: number; size: string; fonts: string; images: number } {
  return withTempFile(bytes, (file) => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    // Rows of type 'image' (a PNG's alpha channel is listed again as 'smask').
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').filter((l) => /^\s*\d+\s+\d+\s+image\s/.test(l)).length;
    return { pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), size: /Page size:\s+([^\n]+)/.exec(info)?.[1] ?? '', fonts, images };
  });
}

/** Renders every page to PNG with poppler's pdftoppm (proving the file renders) and gives each page's pixel size. */
export function pdfRender(bytes: Buffer, dpi = 60): { width: number; height: number; bytes: number }[] {
  return withTempFile(bytes, (file) => {
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, path.join(path.dirname(file), 'page')]);
    return fs
      .readdirSync(path.dirname(file))
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f) => {
        const png = fs.readFileSync(path.join(path.dirname(file), f));
        // The IHDR chunk follows the 8-byte signature: length, type, then width and height.
        return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bytes: png.length };
      });
  });
}

/** The text of every page inside a vertical strip `width` points wide from `x` (e.g. one table column), through pdftotext's crop. */
export function pdfStrip(bytes: Buffer, x: number, width: number): string[] {
  return withTempFile(bytes, (file) =>
    execFileSync('pdftotext', ['-layout', '-x', String(Math.round(x)), '-y', '0', '-W', String(Math.floor(width)), '-H', '2000', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1),
  );
}
