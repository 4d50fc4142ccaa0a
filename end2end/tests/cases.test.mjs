// A resident follows their cases: signs in, sees the list and a case's timeline, and asks
// for a review of a complaint we have answered. Creating an account is checked too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, openPage, expectNoAxeViolations, waitForHydration, screenshot,
  passwordLinkFor, signIn,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function signInAsRita(page) {
  await signIn(page, 'rita.resident@example.org', '/cases');
  await page.waitForURL(/\/cases$/);
}

test('a resident tracks her cases and asks for a review of an answer', async () => {
  const page = await openPage(browser);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signInAsRita(page);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Your cases' }).waitFor());
  await waitForHydration(page);
  await expectNoAxeViolations(page);
  await screenshot(page, 'cases-1024x768');

  // The complaint about the kitchen tap was answered at Stage 1.
  const answered = page.locator('.case-list__item', { hasText: 'kitchen tap' });
  await answered.getByRole('link').click();
  await page.waitForURL(/\/cases\/CX-\d{4}-\d{6}$/);
  await waitForHydration(page);
  await assert.doesNotReject(page.getByText('We have replied: you can ask for a review').first().waitFor());
  await assert.doesNotReject(page.getByText(/Housing Ombudsman/).first().waitFor());
  await expectNoAxeViolations(page);
  await screenshot(page, 'case-answered-1024x768');

  await page.getByRole('button', { name: 'Ask for a review' }).click();
  await assert.doesNotReject(page.getByText('Being reviewed (Stage 2)').first().waitFor());
  await assert.doesNotReject(page.getByText(/A review was asked for/).waitFor());
  await expectNoAxeViolations(page);
  assert.deepEqual(errors, [], 'no script errors in the page');
  await page.close();
});

test('the case pages work at tablet portrait and phone sizes', async () => {
  for (const [name, viewport] of Object.entries({ tabletPortrait: VIEWPORTS.tabletPortrait, phone: VIEWPORTS.phone })) {
    const page = await openPage(browser, viewport);
    await signInAsRita(page);
    await waitForHydration(page);
    const first = page.locator('.case-list__item').first();
    await first.getByRole('link').click();
    await page.waitForURL(/\/cases\/CX-/);
    await waitForHydration(page);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= viewport.width, `no sideways scrolling at ${name} (${scrollWidth}px)`);
    await expectNoAxeViolations(page);
    await screenshot(page, `case-${viewport.width}x${viewport.height}`);
    await page.close();
  }
});

test('someone creates an account through the link sent to them and lands on their (empty) list of cases', async () => {
  const page = await openPage(browser, VIEWPORTS.phone);
  await page.goto(`${BASE_URL}/register`);
  await waitForHydration(page);
  await expectNoAxeViolations(page);
  await page.getByLabel('Your full name').fill('Sam Newcomer');
  await page.getByLabel('Email address').fill('not an address');
  await page.getByRole('button', { name: 'Continue' }).click();
  await assert.doesNotReject(page.getByRole('heading', { name: 'There is a problem' }).waitFor());
  await expectNoAxeViolations(page);
  const email = `sam.${Date.now()}@example.org`;
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('status').getByText('Check your email.').waitFor();
  await expectNoAxeViolations(page);
  await screenshot(page, 'register-sent-390x844');

  await page.goto(`${BASE_URL}${passwordLinkFor(email)}`);
  await page.getByRole('heading', { level: 1, name: 'Finish creating your account' }).waitFor();
  await waitForHydration(page);
  await expectNoAxeViolations(page);
  await page.getByLabel(/Choose a password/).fill('short');
  await page.getByLabel('Type the password again').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await assert.doesNotReject(page.getByRole('heading', { name: 'There is a problem' }).waitFor());
  await page.getByLabel(/Choose a password/).fill('three random words');
  await page.getByLabel('Type the password again').fill('three random words');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/cases\?welcome=1$/);
  await page.getByRole('status').getByText('Your account is ready.').waitFor();
  await assert.doesNotReject(page.getByText('You have no cases with us yet.').waitFor());
  await expectNoAxeViolations(page);
  await screenshot(page, 'registered-390x844');
  await page.close();
});
