/**
 * A file that is both a GIF and an HTML page, sent as `bukti_foto.html`: the server accepts it as
 * the GIF it starts as, and from then on it is saved and downloaded as `bukti_foto.gif`, with a
 * policy that runs nothing if a browser renders it anyway. Chromium shows that the same bytes under
 * the `.html` name run their script (a fake login form), and under the downloaded name do not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../e2e/browser.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

/** A valid 1×1 GIF whose comment block is an HTML page with a script drawing a fake login. */
function gifHtmlPolyglot(): Buffer {
  const page = Buffer.from(
    "<html><body><script>document.title='PHISHED';document.body.innerHTML='<form><label>Kata sandi <input type=password></label></form>'</script></body></html>",
    'latin1',
  );
  const comment = Buffer.concat([Buffer.from([0x21, 0xfe, page.length]), page, Buffer.from([0x00])]);
  return Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    Buffer.from([0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00]), // 1×1, a two-colour table follows
    Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff, 0xff]),
    comment,
    Buffer.from([0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]), // image descriptor
    Buffer.from([0x02, 0x02, 0x44, 0x01, 0x00]), // LZW data: one pixel
    Buffer.from([0x3b]),
  ]);
}

describe.each(DIALECTS)('a GIF/HTML polyglot on %s', (dialect) => {
  let t: TestApp;
  let browser: Browser;
  let cookie: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-polyglot-'));

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await addStaff(t, 'staf@test.local', 'staff');
    const login = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'staf@test.local', password: 'staff-password-123' }) });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The page title after Chromium opens the file from disk: "PHISHED" when the script ran. */
  async function titleWhenOpened(name: string, bytes: Buffer): Promise<string> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    const page = await browser.newPage();
    try {
      await page.goto(pathToFileURL(file).href);
      return await page.title();
    } finally {
      await page.close();
    }
  }

  it('is saved and downloaded under the name of the type it was accepted as, and runs nothing when opened', { timeout: 90_000 }, async () => {
    const polyglot = gifHtmlPolyglot();
    // The control: these bytes are a working page under their own name.
    expect(await titleWhenOpened('control.html', polyglot)).toBe('PHISHED');

    const form = new FormData();
    form.append('complaint', JSON.stringify(VALID_COMPLAINT));
    form.append('attachments', new Blob([polyglot]), 'bukti_foto.html');
    const submitted = await new Client(t.url).request<{ trackingNumber: string }>('POST', '/api/public/complaints', { body: form });
    expect(submitted.status).toBe(201);
    const tn = submitted.body.trackingNumber;
    const stored = await t.db.kysely.selectFrom('attachments').select(['id', 'original_name', 'mime_type']).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ original_name: 'bukti_foto.gif', mime_type: 'image/gif' });

    const res = await fetch(`${t.url}/api/staff/complaints/${tn}/attachments/${stored.id}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; /);
    const name = decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '');
    expect(name).toBe('bukti_foto.gif');
    const downloaded = Buffer.from(await res.arrayBuffer());
    expect(downloaded.equals(polyglot)).toBe(true);
    expect(await titleWhenOpened(name, downloaded)).not.toBe('PHISHED');
  });

  it('downloads a file stored under a foreign name before this check under its type’s name too', async () => {
    const complaint = await t.db.kysely.selectFrom('complaints').select('id').executeTakeFirstOrThrow();
    const first = await t.db.kysely.selectFrom('attachments').selectAll().executeTakeFirstOrThrow();
    const { id: _id, ...copy } = first;
    fs.copyFileSync(path.join(t.ctx.config.uploadsDir, first.stored_name), path.join(t.ctx.config.uploadsDir, 'lama.bin'));
    await t.db.kysely.insertInto('attachments').values({ ...copy, stored_name: 'lama.bin', complaint_id: complaint.id, original_name: 'lama.html' }).execute();
    const old = await t.db.kysely.selectFrom('attachments').select(['id']).where('original_name', '=', 'lama.html').executeTakeFirstOrThrow();
    const tn = (await t.db.kysely.selectFrom('complaints').select('tracking_number').executeTakeFirstOrThrow()).tracking_number;
    const res = await fetch(`${t.url}/api/staff/complaints/${tn}/attachments/${old.id}`, { headers: { cookie } });
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''lama.gif");
    const view = await fetch(`${t.url}/api/staff/complaints/${tn}`, { headers: { cookie } }).then((r) => r.json() as Promise<{ attachments: { id: number; name: string }[] }>);
    expect(view.attachments.find((a) => a.id === old.id)?.name).toBe('lama.gif');
  });
});
