// Lighthouse's mobile profile (a mid-range phone: 4× CPU slowdown, 1.6 Mbps, 150 ms round
// trips, simulated) over the resident pages of a running Putright, in Debian's Chromium.
//
//   cd end2end && node lighthouse.mjs [BASE_URL]      (default http://127.0.0.1:3000)
//
// Installs lighthouse@12.2.3 (the last release that runs on Node 20) into node_modules
// without recording it, the first time. Prints each page's performance and accessibility
// scores, its time to interactive and bytes, and exits 1 when a page scores under 95 for
// performance or under 100 for accessibility. The form's check and tracking pages are
// reached by filling the form in, as a resident does.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, fillShortComplaint } from './tests/support.mjs';

const BASE_URL = process.argv[2] ?? process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const PERFORMANCE_GOAL = 95;
const ACCESSIBILITY_GOAL = 100;

async function lighthouseModule() {
  try {
    return (await import('lighthouse')).default;
  } catch {
    console.log('Installing lighthouse@12.2.3 (not recorded in package.json)…');
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', 'lighthouse@12.2.3'], {
      stdio: 'inherit',
    });
    // Node remembers that the package was missing: import the installed file by its path.
    const entry = new URL('./node_modules/lighthouse/core/index.js', import.meta.url);
    return (await import(entry.href)).default;
  }
}

/** The check page and the tracking page of a new complaint, reached through the form. */
async function formPages() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
  const page = await browser.newPage();
  await page.goto(`${BASE_URL}/make?kind=complaint`);
  const check = await fillShortComplaint(page, 'Lee Lighthouse', '07700 900222', 'The door entry phone has not worked since May.');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForURL(/\/track\//);
  const track = new URL(page.url());
  await browser.close();
  return [check, track.pathname];
}

async function main() {
  const lighthouse = await lighthouseModule();
  const pages = ['/', '/make?kind=complaint', '/sign-in', '/register', ...(await formPages())];
  const port = 9222 + Math.floor(Math.random() * 500);
  const profile = mkdtempSync(join(tmpdir(), 'putright-lighthouse-'));
  const chrome = spawn(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', [
    ...CHROMIUM_FLAGS,
    `--remote-debugging-port=${port}`,
    `--user-data-dir=${profile}`,
    'about:blank',
  ]);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  let failed = false;
  try {
    console.log('page\tperformance\taccessibility\tinteractive\tbytes');
    for (const path of pages) {
      const result = await lighthouse(`${BASE_URL}${path}`, {
        port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
        formFactor: 'mobile',
      });
      const { categories, audits } = result.lhr;
      const performance = Math.round(categories.performance.score * 100);
      const accessibility = Math.round(categories.accessibility.score * 100);
      const interactive = audits.interactive.displayValue;
      const bytes = audits['total-byte-weight'].numericValue;
      console.log(`${path}\t${performance}\t${accessibility}\t${interactive}\t${bytes}`);
      if (performance < PERFORMANCE_GOAL || accessibility < ACCESSIBILITY_GOAL) {
        failed = true;
        for (const audit of Object.values(audits)) {
          if (audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative') {
            console.log(`    ${audit.id}: ${audit.title} ${audit.displayValue ?? ''}`);
          }
        }
      }
    }
  } finally {
    chrome.kill();
    rmSync(profile, { recursive: true, force: true });
  }
  if (failed) {
    console.log(`\nA page is under ${PERFORMANCE_GOAL} for performance or ${ACCESSIBILITY_GOAL} for accessibility.`);
    process.exit(1);
  }
}

await main();
