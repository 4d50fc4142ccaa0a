// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core (no
// browser is ever downloaded), and an axe-core scan that fails on any violation.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
}

/**
 * A page in a context of its own (axe needs one, and no state leaks between tests).
 * Closing the page closes its context.
 */
export async function openPage(browser, viewport = VIEWPORTS.tabletLandscape, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  page.once('close', () => context.close().catch(() => {}));
  return page;
}

/** The sizes every screen is looked at: tablet landscape and portrait, and a phone. */
export const VIEWPORTS = {
  tabletLandscape: { width: 1024, height: 768 },
  tabletPortrait: { width: 768, height: 1024 },
  phone: { width: 390, height: 844 },
};

/** Fails with the list of WCAG 2.2 A/AA problems axe finds on the page, if any. */
export async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const problems = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  assert.deepEqual(problems, [], `axe found accessibility problems on ${page.url()}`);
}

/** Waits until the wasm bundle has taken over the page. */
export async function waitForHydration(page) {
  await page.locator('body[data-hydrated="true"]').waitFor({ timeout: 30_000 });
}

/** Saves a screenshot under end2end/screenshots/ for people to look at. */
export async function screenshot(page, name) {
  mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}
