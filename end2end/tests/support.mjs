// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core (no
// browser is ever downloaded), and an axe-core scan that fails on any violation.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createHmac } from 'node:crypto';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';

/**
 * The server's clock. `cargo xtask test` can start the server as if it were another day
 * (`PUTRIGHT_TEST_NOW`, an instant, read by the server when it started at
 * `PUTRIGHT_TEST_NOW_SINCE`, milliseconds since 1970 by the real clock); every page then runs
 * on the same clock, and so do the tests' own expectations. Unset, the real time.
 */
const TEST_NOW = process.env.PUTRIGHT_TEST_NOW ? Date.parse(process.env.PUTRIGHT_TEST_NOW) : null;
const TEST_NOW_SINCE = Number(process.env.PUTRIGHT_TEST_NOW_SINCE || Date.now());

/** Now, by the server's clock. */
export function now() {
  return TEST_NOW === null ? new Date() : new Date(TEST_NOW + (Date.now() - TEST_NOW_SINCE));
}

/** The date and time in London, as numbers (no leading zeros): what the forms prefill. */
export function londonParts(date = now()) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', hourCycle: 'h23',
    }).formatToParts(date).map((p) => [p.type, Number(p.value)]),
  );
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

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
  // The page's own clock follows the server's (it runs on from there, timers and all).
  if (TEST_NOW !== null) await context.clock.install({ time: now() });
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

/** axe-core's own script, and the rules it checks: WCAG 2.2 A and AA, and its best practice. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Fails with the list of WCAG 2.2 A/AA problems axe finds on the page, if any. axe-core is put
 * into the page once for each document and run there (`axe.run` over the whole document; the
 * pages have no frames): the Playwright wrapper put it in again for every scan and finished
 * each in a new blank page, four times as long.
 */
export async function expectNoAxeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe?.run === 'function'))) {
    await page.evaluate(AXE_SOURCE);
  }
  const violations = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }).then((results) =>
      results.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target),
      }))),
    AXE_TAGS,
  );
  const problems = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((target) => target.join(' ')).join(', ')}`,
  );
  assert.deepEqual(problems, [], `axe found accessibility problems on ${page.url()}`);
}

/**
 * Waits until the page is ready for a person: loaded and, when it has islands (the parts that
 * act in the browser), each island awake. A page without islands loads no wasm at all.
 */
export async function waitForHydration(page) {
  await page.waitForFunction(
    () =>
      document.readyState !== 'loading' &&
      (document.querySelector('leptos-island') === null || document.body.dataset.hydrated === 'true'),
    null,
    { timeout: 30_000 },
  );
}

/**
 * Saves a screenshot under end2end/screenshots/ for people to look at. CI, where nobody looks,
 * takes none unless `PUTRIGHT_SCREENSHOTS=1` asks for them.
 */
const SCREENSHOTS = process.env.PUTRIGHT_SCREENSHOTS
  ? !['0', 'false', 'no'].includes(process.env.PUTRIGHT_SCREENSHOTS.toLowerCase())
  : process.env.CI !== 'true';

export async function screenshot(page, name) {
  if (!SCREENSHOTS) return;
  mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

/** The password of every demo account. */
export const DEMO_PASSWORD = 'putright-demo';

const PUTRIGHT = process.env.PUTRIGHT_BIN ?? '../target/debug/putright';

/** Runs the `putright` command on the test database, with `input` on its standard input. */
export function putright(args, input) {
  return execFileSync(PUTRIGHT, args, { encoding: 'utf8', input });
}

/**
 * The path of a new link to set the password of `email`'s account, as the e-mail would carry
 * it (no mail server here: `putright user reset-password` prints one).
 */
export function passwordLinkFor(email) {
  const printed = putright(['user', 'reset-password', email]);
  const link = printed.split('\n').find((line) => line.includes('/reset-password/'));
  assert.ok(link, printed);
  return new URL(link.trim()).pathname;
}

/**
 * Registers a new resident on `page` as a person does: name and address, then the link sent
 * there, where she chooses `password` and is signed in. Returns her address.
 */
export async function registerResident(page, name, password) {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@example.org`;
  await page.goto(`${BASE_URL}/register`);
  await waitForHydration(page);
  await page.getByLabel('Your full name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('status').getByText('Check your email.').waitFor();
  await page.goto(`${BASE_URL}${passwordLinkFor(email)}`);
  await page.getByRole('heading', { level: 1, name: 'Finish creating your account' }).waitFor();
  await waitForHydration(page);
  await page.getByLabel(/^Choose a password/).fill(password);
  await page.getByLabel('Type the password again').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/cases\?welcome=1$/);
  return email;
}

/** The authenticator key of every demo account of staff (`server::demo::DEMO_TOTP_SECRET`). */
export const DEMO_TOTP_SECRET = 'KRUGKIDEMVWW6IDLMV4SA2LTEBYHKYTMNFRQ';

/** The bytes a base32 (RFC 4648) text stands for. */
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/**
 * The code an authenticator app with `secret` shows at `ms` (by the server's clock): RFC 6238,
 * HMAC-SHA1, six digits, 30-second steps.
 */
export function totp(secret, ms = now().getTime()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(ms / 1000 / 30)));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

/**
 * Each account's device cookie once it passed the second factor, shared by the test files run
 * against this server as one browser keeps it between visits: a code works once, so each
 * file typing its own made the next wait for a fresh 30-second step, about 25 s a file.
 * A cookie the server no longer knows only means the code page again.
 */
function devicesFile() {
  return sharedFile('devices');
}

/**
 * A file the test files run against this server share. It lives in the server's data
 * directory when the tests are told it (as `cargo xtask test` does), so it goes with the
 * server: kept beside a server that has gone, it would name codes and devices of another
 * database, perhaps on another day's clock, and sign-in would wait for a code step that
 * never comes.
 */
function sharedFile(what) {
  const dir = process.env.PUTRIGHT_DATA_DIR;
  return dir
    ? join(dir, `e2e-${what}.json`)
    : join(tmpdir(), `putright-e2e-${what}-${new URL(BASE_URL).port}.json`);
}

const devices = {
  get(email) {
    try {
      return JSON.parse(readFileSync(devicesFile(), 'utf8'))[email];
    } catch {
      return undefined;
    }
  },
  set(email, cookie) {
    let known = {};
    try {
      known = JSON.parse(readFileSync(devicesFile(), 'utf8'));
    } catch {
      // The first one kept.
    }
    known[email] = cookie;
    writeFileSync(devicesFile(), JSON.stringify(known));
  },
};

const STEP_MS = 30_000;

/**
 * The last 30-second step each account's code was typed for, shared by the test files run
 * against this server (a code works once, and another file may have just used one).
 */
function stepsFile() {
  return sharedFile('codes');
}

function usedSteps() {
  try {
    return JSON.parse(readFileSync(stepsFile(), 'utf8'));
  } catch {
    return {};
  }
}

function noteStep(email, step) {
  const used = usedSteps();
  used[email] = Math.max(used[email] ?? step, step);
  writeFileSync(stepsFile(), JSON.stringify(used));
}

/**
 * A step whose code this account has not used: now's, or the next one (the server takes a
 * step of drift either way), or, when both are used, now's once the next step has come.
 */
async function freshStep(email) {
  for (;;) {
    const current = Math.floor(now().getTime() / STEP_MS);
    const step = Math.max(current, (usedSteps()[email] ?? current - 1) + 1);
    if (step <= current + 1) return step;
    await new Promise((resolve) => { setTimeout(resolve, STEP_MS - (now().getTime() % STEP_MS) + 250); });
  }
}

/**
 * On the "Enter your code" page, types the code the demo key gives (or `secret`'s) and
 * continues, as a member of staff does; then this browser is known, and later sign-ins as
 * `email` in this file are not asked again.
 */
export async function enterCode(page, email, { secret = DEMO_TOTP_SECRET, javaScript = true } = {}) {
  await page.getByRole('heading', { level: 1, name: 'Enter your code' }).waitFor();
  if (javaScript) await waitForHydration(page);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const step = await freshStep(email);
    noteStep(email, step);
    await page.getByLabel('Code').fill(totp(secret, step * STEP_MS));
    // The form posts and the browser follows the redirect: on, or back (the page has no
    // island, so it is the same with JavaScript on or off).
    await Promise.all([page.waitForNavigation(), page.getByLabel('Code').press('Enter')]);
    const taken = !new URL(page.url()).pathname.startsWith('/sign-in');
    if (taken) {
      const device = (await page.context().cookies()).find((c) => c.name === 'putright_device');
      if (device) devices.set(email, device);
      return;
    }
  }
  throw new Error(`the second factor of ${email} was refused`);
}

/**
 * Signs `page` in as a demo account through the sign-in page (and, for staff, the code page),
 * then goes to `next`.
 */
export async function signIn(page, email, next) {
  const device = devices.get(email);
  if (device) await page.context().addCookies([device]);
  await page.goto(`${BASE_URL}/sign-in${next ? `?next=${next}` : ''}`);
  await waitForHydration(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  if (new URL(page.url()).pathname === '/sign-in/code') await enterCode(page, email);
}

/** A new page of its own, signed in as `email`, collecting its script errors in `page.errors`. */
export async function signedInPage(browser, email, viewport = VIEWPORTS.tabletLandscape) {
  const page = await openPage(browser, viewport);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`${email}: ${e.message}`));
  await signIn(page, email);
  return page;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** "2024-12-20" → "Friday 20 December 2024", as the pages write a date. */
export function longDate(iso) {
  const [year, month, day] = iso.split('-').map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return `${WEEKDAYS[weekday]} ${day} ${MONTHS[month - 1]} ${year}`;
}

/**
 * From a staff case page, the complaints manager opens the redacted file's check, decides
 * every flag still waiting (`decision`: 'Redact' or 'Keep'), scans the page with axe and
 * approves the file; then back to the case page. Returns the check page's URL.
 */
export async function approveRedactedFile(page, reference, decision = 'Redact') {
  await page.getByRole('link', { name: 'Check and approve the redacted file' }).click();
  await page.waitForURL(new RegExp(`/staff/redaction/${reference}$`));
  await page.getByRole('heading', { level: 1, name: `Check the redacted file for ${reference}` }).waitFor();
  await waitForHydration(page);
  await expectNoAxeViolations(page);
  const url = page.url();
  const waiting = page.locator('.flag-list__item', { hasText: 'Needs a decision' });
  for (let left = await waiting.count(); left > 0; left = await waiting.count()) {
    const words = await waiting.first().locator('mark').innerText();
    await waiting.first().getByRole('button', { name: new RegExp(`^${decision}`) }).click();
    // Decided: the flag's own buttons now say which way.
    await page.locator('.flag-list__item', { hasText: words })
      .getByRole('button', { name: new RegExp(`^${decision}`) }).and(page.locator('[disabled]')).first().waitFor();
  }
  // The page reads the file again after each decision: approve what it shows once that
  // has arrived.
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Approve the redacted file for the panel' }).click();
  const approved = page.getByText('The redacted file is approved.', { exact: false });
  await approved.waitFor();
  await expectNoAxeViolations(page);
  await page.goto(`${BASE_URL}/staff/cases/${reference}`);
  await page.getByRole('heading', { level: 1, name: reference }).waitFor();
  await waitForHydration(page);
  return url;
}

/**
 * Sends the page of the form on screen with Continue and waits for the page after it (the
 * next question page, or "Check your answers").
 */
export async function continueForm(page) {
  const before = page.url();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.href !== before);
  await page.locator('main h1').first().waitFor();
}

/**
 * Goes through the form's pages from the one on screen to "Check your answers": `answers`
 * maps a page (its `section` code: received, about, adjustments, contact, details, remedy,
 * file) to what to fill in there; other pages are sent as they are. Fails if a page comes
 * back instead of going on.
 */
export async function fillForm(page, answers = {}) {
  for (let pages = 0; pages < 10; pages += 1) {
    if (new URL(page.url()).pathname === '/make/check') return;
    const section = await page.locator('input[name="section"]').getAttribute('value');
    await answers[section]?.(page);
    await continueForm(page);
  }
  throw new Error(`the form did not reach Check your answers: ${page.url()}`);
}

/**
 * Fills in the shortest complaint the form accepts, as `name`, page by page, and sends it on
 * to "Check your answers". Returns that page's path and query.
 */
export async function fillShortComplaint(page, name, phone, story) {
  await fillForm(page, {
    about: async () => {
      await page.getByLabel('Tenant').check();
      await page.getByLabel('Your full name').fill(name);
    },
    contact: () => page.getByLabel('Phone number').fill(phone),
    details: () => page.getByLabel('What did we do wrong, or fail to do?').fill(story),
  });
  await page.waitForURL(/\/make\/check\?draft=/);
  const check = new URL(page.url());
  return check.pathname + check.search;
}

/**
 * At each tablet size and the phone size: no sideways scrolling, no axe violation, and a
 * screenshot named `${name}-WxH`; back to tablet landscape after.
 */
export async function fitsAndPasses(page, name) {
  for (const viewport of [VIEWPORTS.tabletLandscape, VIEWPORTS.tabletPortrait, VIEWPORTS.phone]) {
    await page.setViewportSize(viewport);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > viewport.width) {
      throw new Error(`${name}: sideways scrolling at ${viewport.width} (${width})`);
    }
    await expectNoAxeViolations(page);
    await screenshot(page, `${name}-${viewport.width}x${viewport.height}`);
  }
  await page.setViewportSize(VIEWPORTS.tabletLandscape);
}
