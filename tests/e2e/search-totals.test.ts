import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComplaint } from '../../src/complaints/submit.js';
import { SEARCH_COUNT_CAP } from '../../src/complaints/word-search.js';
import { addStaff, startTestApp, type TestApp } from '../support/test-app.js';
import { launchBrowser, loginToOffice } from './browser.js';

/** A word in more complaints than the count goes: the queue says "more than" and pages on past the counted pages. */
describe('a common word in the queue', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await addStaff(t, 'staf@test.local', 'staff');
    for (let i = 0; i <= SEARCH_COUNT_CAP; i++) {
      t.clock.advance(60_000);
      const input = { reporter: { name: 'Budi', email: `budi${i}@contoh.id`, phone: null, address: null }, anonymous: false, confidential: false, permitTypeId: null, applicationNumber: null, subject: `Retribusi ganda nomor ${i}`, description: 'Uraian pengaduan.', incidentDate: null };
      await createComplaint(t.ctx, { input: input as never, channel: 'web', consent: true, receivedAt: t.clock.now(), language: 'id', actor: { type: 'reporter' }, files: [] });
    }
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('says "lebih dari 100 pengaduan" and lets staff page to the last match', async () => {
    // Newest first: words alone then take the text index's own walk (the queue's default is nearest deadline).
    const page = await loginToOffice(browser, t.url, 'staf@test.local', contexts, undefined, '/office/antrean?queue=all&q=retribusi&sort=received_desc');
    await page.getByText(`lebih dari ${SEARCH_COUNT_CAP} pengaduan`).waitFor();
    expect(await page.locator('#f-q').getAttribute('aria-describedby')).toBe('f-q-hint');
    expect(await page.locator('#f-q-hint').textContent()).toContain('izin*');
    const pager = page.getByRole('navigation', { name: 'Halaman' });
    await pager.getByText('Halaman 1 dari 4+').waitFor();
    // Four counted pages of 25, and the fifth with the oldest match: then "Berikutnya" stops.
    for (let n = 2; n <= 5; n++) {
      await pager.getByRole('button', { name: 'Berikutnya' }).click();
      await pager.getByText(`Halaman ${n} dari 4+`).waitFor();
    }
    await page.locator('td', { hasText: 'Retribusi ganda nomor 0' }).waitFor();
    expect(await pager.getByRole('button', { name: 'Berikutnya' }).isDisabled()).toBe(true);
  });
});
