// The walking skeleton: a page rendered on the server, hydrated in the browser, a field
// checked as the person types by the domain crate's rule, a server function that stores the
// case, and a page that reads it back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, openPage, expectNoAxeViolations, waitForHydration, screenshot,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a resident tells us what went wrong and reads their case back', async () => {
  const page = await openPage(browser);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(BASE_URL);
  await assert.doesNotReject(
    page.getByRole('heading', { level: 1, name: 'Tell us what went wrong' }).waitFor(),
  );
  await waitForHydration(page);
  await expectNoAxeViolations(page);
  await screenshot(page, 'home-1024x768');

  const field = page.getByLabel('What went wrong?');
  // The count only changes once the browser runs the page: proof of hydration.
  await field.fill('Leak');
  await assert.doesNotReject(page.getByText('You have 4,996 characters remaining').waitFor());

  // Leaving the field checks it with the domain rule, compiled to wasm.
  await field.blur();
  const fieldError = page.locator('#description-error');
  await fieldError.waitFor();
  assert.match(await fieldError.innerText(), /Tell us a little more: write at least 10 characters/);
  assert.equal(await field.getAttribute('aria-invalid'), 'true');

  // Sending with the problem shows the error summary, which links to the field.
  await page.getByRole('button', { name: 'Send' }).click();
  const summary = page.getByRole('alert');
  await assert.doesNotReject(summary.getByRole('heading', { name: 'There is a problem' }).waitFor());
  await expectNoAxeViolations(page);
  await screenshot(page, 'home-error-1024x768');
  await summary.getByRole('link', { name: /Tell us a little more/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'description');

  const story = 'Water has been coming through the bathroom ceiling since Monday.';
  await field.fill(story);
  await assert.doesNotReject(fieldError.waitFor({ state: 'detached' }));
  await page.getByRole('button', { name: 'Send' }).click();

  await page.waitForURL(/\/track\/[0-9a-f]{64}$/);
  await assert.doesNotReject(page.getByRole('heading', { name: 'We have your complaint' }).waitFor());
  const reference = await page.locator('.reference').innerText();
  assert.match(reference, /^CX-\d{4}-\d{6}$/);
  await assert.doesNotReject(page.getByText(story).waitFor());
  await expectNoAxeViolations(page);
  await screenshot(page, 'track-1024x768');

  // The stored case survives a full reload: it was read back from the database.
  await page.reload();
  await assert.doesNotReject(page.getByText(reference).waitFor());
  assert.deepEqual(errors, [], 'no script errors in the page');
  await page.close();
});

test('the front page works at tablet portrait and phone sizes', async () => {
  for (const [name, viewport] of Object.entries({ tabletPortrait: VIEWPORTS.tabletPortrait, phone: VIEWPORTS.phone })) {
    const page = await openPage(browser, viewport);
    await page.goto(BASE_URL);
    await waitForHydration(page);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= viewport.width, `no sideways scrolling at ${name} (${scrollWidth}px)`);
    const box = await page.getByRole('button', { name: 'Send' }).boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, `the Send button is a 44px touch target at ${name}`);
    await expectNoAxeViolations(page);
    await screenshot(page, `home-${viewport.width}x${viewport.height}`);
    await page.close();
  }
});

test('a tracking link that does not exist answers 404 with a helpful page', async () => {
  const page = await openPage(browser);
  const response = await page.goto(`${BASE_URL}/track/${'0'.repeat(64)}`);
  assert.equal(response.status(), 404);
  await assert.doesNotReject(page.getByRole('heading', { name: 'We cannot find that case' }).waitFor());
  await expectNoAxeViolations(page);
  await page.close();
});

test('keyboard users can skip straight to the main content', async () => {
  const page = await openPage(browser);
  await page.goto(BASE_URL);
  await waitForHydration(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-content');
  await page.close();
});
