import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { axeViolations, launchBrowser, phoneContext } from './browser.js';

/** A tile server nobody answers on: the form must go on without its map. */
const DEAD_TILES = 'http://127.0.0.1:9/{z}/{x}/{y}.png';

describe('where it happened, on a phone, when the map tiles cannot be reached', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp('sqlite', { env: { TILE_URL_TEMPLATE: DEAD_TILES } });
    browser = await launchBrowser();
    const context = await phoneContext(browser);
    context.setDefaultTimeout(10_000);
    // Never the internet: a tile request fails here whatever the address.
    await context.route('http://127.0.0.1:9/**', (route) => route.abort('connectionrefused'));
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('says the map is missing, still takes an address and a pin, and files the complaint', { timeout: 30_000 }, async () => {
    await page.goto(`${t.url}/lapor`);
    await page.locator('#f-subject').fill('Antrean loket PBG');
    await page.locator('#f-description').fill('Antrean loket PBG sangat panjang dan nomor antrean habis sebelum jam sepuluh pagi.');
    await page.locator('#f-location-address').fill('Loket PBG, Gedung Pusat Pemerintahan lantai 2');
    await page.locator('.location-map.leaflet-container').waitFor();
    await page.getByTestId('tiles-failed').waitFor();
    expect(await page.getByTestId('tiles-failed').textContent()).toContain('Peta tidak dapat dimuat');

    // A tap on the (blank) map sets the pin; the page says where.
    await page.locator('.location-map').click({ position: { x: 60, y: 60 } });
    await expect.poll(() => page.getByTestId('location-pin').textContent()).toMatch(/^Titik ditandai: -?\d+\.\d{5}, \d+\.\d{5}$/);
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('#f-reporter-name').fill('Wulan Susanti');
    await page.locator('#f-reporter-email').fill('wulan@contoh.id');
    await page.locator('#f-consent').check();
    await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
    await page.getByText('ADU-2026-').first().waitFor();

    const row = await t.db.kysely.selectFrom('complaints').select(['location_address', 'location_lat', 'location_lng']).executeTakeFirstOrThrow();
    expect(row.location_address).toBe('Loket PBG, Gedung Pusat Pemerintahan lantai 2');
    // Up and left of the map's centre (Kota Tangerang): north of -6.1783 and west of 106.6319.
    expect(Number(row.location_lat)).toBeGreaterThan(-6.1783);
    expect(Number(row.location_lng)).toBeLessThan(106.6319);
  });
});
