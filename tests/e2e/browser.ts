import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { STAFF_PASSWORD } from '../support/test-app.js';

export const CHROMIUM = '/usr/bin/chromium';
export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');
export const VIEWPORT = { width: 360, height: 740 };

/**
 * Debian's Chromium, headless. A missing browser or a missing build fails the test (never
 * skips it): CI installs chromium and `npm test` builds web/dist first.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: run `npm run build:web`');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A phone-sized page. CSP is bypassed only so axe-core can be injected as an inline script. */
export async function phoneContext(browser: Browser, locale: 'id-ID' | 'en-GB' = 'id-ID'): Promise<BrowserContext> {
  return browser.newContext({ viewport: VIEWPORT, locale, timezoneId: 'Europe/London', bypassCSP: true, deviceScaleFactor: 1 });
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** Evaluates a JavaScript expression in the page. */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

/** The serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await inPage<boolean>(page, "'axe' in window"))) await page.addScriptTag({ content: axeSource });
  // A string, because this runs in the browser and the tests' TypeScript has no DOM types.
  const result = await inPage<AxeViolation[]>(
    page,
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) })))`,
  );
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A 1×1 PNG: passes the server's signature check as a real image. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
/** A minimal PDF header: enough for the signature check. */
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A tablet in landscape: the back office's smallest intended screen. */
export const TABLET = { width: 1024, height: 768 };

/** A fresh context for one person (own cookie jar), logged in through the back office's login form at `path`. */
export async function loginToOffice(browser: Browser, baseUrl: string, email: string, contexts: BrowserContext[], password = STAFF_PASSWORD, path = '/office'): Promise<Page> {
  const context = await browser.newContext({ viewport: TABLET, locale: 'id-ID', timezoneId: 'Europe/London', bypassCSP: true, hasTouch: true });
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  const page = await context.newPage();
  await logInToOffice(page, baseUrl, email, password, path);
  return page;
}

/** Logs in through the back office's login form on `page` and waits for the signed-in header. */
export async function logInToOffice(page: Page, baseUrl: string, email: string, password: string, path = '/office'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Kata sandi', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByTestId('whoami').waitFor();
}

/** Opens an action on the complaint page; one outside the next SOP step sits behind "Tindakan lain", opened first. */
export async function startAction(page: Page, action: string): Promise<void> {
  const button = page.locator(`.action-buttons button[data-action="${action}"]`);
  await button.waitFor({ state: 'attached' });
  if (!(await button.isVisible())) await page.locator('details.more-actions summary').click();
  await button.click();
}
