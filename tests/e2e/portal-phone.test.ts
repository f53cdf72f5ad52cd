import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { axeViolations, launchBrowser, phoneContext } from './browser.js';

describe('a phone-only reporter chooses how to hear from the office (360 px phone)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp('sqlite', {
      // Configured but never reached here: the worker does not run in tests, the outbox only holds the message.
      env: {
        WHATSAPP_PHONE_NUMBER_ID: '109876543210987',
        WHATSAPP_ACCESS_TOKEN: 'EAAG-test-graph-token',
        WHATSAPP_APP_SECRET: 'test-app-secret',
        WHATSAPP_VERIFY_TOKEN: 'test-verify-token',
        SMS_GATEWAY_URL: 'http://127.0.0.1:9/send',
        SMS_GATEWAY_TOKEN: 'sms-gateway-token-1',
      },
    });
    browser = await launchBrowser();
    const context = await phoneContext(browser);
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('offers WhatsApp and SMS once a number is typed, and files the receipt for the chosen one', { timeout: 30_000 }, async () => {
    await page.goto(`${t.url}/lapor`);
    await page.locator('#f-subject').fill('Reklame belum terbit');
    await page.locator('#f-description').fill('Permohonan izin reklame saya sudah lengkap sejak sebulan lalu tetapi belum ada kabar.');
    await page.locator('#f-reporter-name').fill('Joko Susilo');
    expect(await page.locator('#f-reporter-preferredChannel').count()).toBe(0);
    await page.locator('#f-reporter-phone').fill('0812 3456 7801');
    const group = page.locator('#f-reporter-preferredChannel');
    await group.waitFor();
    expect(await group.locator('label').allTextContents()).toEqual(['WhatsApp', 'SMS']);
    expect(await page.locator('#f-channel-whatsapp').isChecked()).toBe(true);
    await page.locator('label[for="f-channel-sms"]').click();
    await page.locator('#f-consent').check();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
    await expect.poll(() => page.getByTestId('receipt-subject').count(), { timeout: 10_000 }).toBe(1);
    const row = await t.db.kysely
      .selectFrom('outbox_messages')
      .innerJoin('complaints', 'complaints.id', 'outbox_messages.complaint_id')
      .innerJoin('reporters', 'reporters.id', 'complaints.reporter_id')
      .select(['outbox_messages.channel', 'outbox_messages.recipient_address', 'outbox_messages.has_secret', 'reporters.preferred_channel'])
      .where('outbox_messages.kind', '=', 'receipt')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'sms', recipient_address: '6281234567801', has_secret: 1, preferred_channel: 'sms' });
  });
});
