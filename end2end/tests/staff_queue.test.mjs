// A manager works through the work queue on a tablet: signs in and lands on it, switches to
// all cases, filters by stage, searches by name, opens a case. Every state of the page is
// scanned by axe, and the page is looked at in portrait and on a phone too. Other browser
// tests change the demo cases as they run, so nothing here depends on a case's exact state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, openPage, expectNoAxeViolations, waitForHydration, screenshot,
  signIn,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const STATUSES = /^(Overdue|Due soon|On track|No deadline running)$/;

async function signInAsMo(page) {
  await signIn(page, 'mo.manager@example.org');
  // Staff with nowhere else to go land on their queue.
  await page.waitForURL(/\/staff$/);
  await page.getByRole('heading', { level: 1, name: 'Work queue' }).waitFor();
  await waitForHydration(page);
}

/** Waits until `check` answers true, or fails after 15 seconds saying what it waited for. */
async function until(check, what) {
  const end = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The heading above the list once it shows `n` cases. */
function results(page, n) {
  const name = n === 1 ? '1 case, next deadline first' : `${n} cases, next deadline first`;
  return page.getByRole('heading', { level: 2, name });
}

/** The number in a breakdown link such as "Stage 1 3". */
async function tally(page, label) {
  const text = await page.getByRole('link', { name: new RegExp(`^${label} \\d+$`) }).textContent();
  return Number(text.trim().split(/\s+/).pop());
}

/** The cases listed, each a list item with its reference as a link. */
function cases(page) {
  return page.getByRole('list', { name: /next deadline first/ }).getByRole('listitem');
}

test('a manager filters, searches and opens a case from the work queue', async () => {
  const page = await openPage(browser, VIEWPORTS.tabletLandscape);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signInAsMo(page);
  await assert.doesNotReject(page.getByRole('link', { name: 'Work queue' }).waitFor());
  await expectNoAxeViolations(page);
  await screenshot(page, 'staff-queue-mine-1024x768');

  const scopes = page.getByRole('navigation', { name: 'Whose cases' });
  await scopes.getByRole('link', { name: 'All', exact: true }).click();
  await page.waitForURL(/scope=all/);
  // The old list stays on screen until the new one has arrived.
  const allTab = scopes.getByRole('link', { name: 'All', exact: true });
  await until(async () => (await allTab.getAttribute('aria-current')) === 'page', 'the All tab is current');
  const all = await cases(page).count();
  assert.ok(all > 5, `the demo's open cases are listed (${all})`);
  const first = cases(page).first();
  await assert.doesNotReject(first.getByText(STATUSES).first().waitFor());
  await assert.doesNotReject(page.getByRole('link', { name: /Overdue/ }).first().waitFor());

  // Filter by stage: the form's values go into the address, and the list holds as many
  // cases as the breakdown said.
  const stage1 = await tally(page, 'Stage 1');
  assert.ok(stage1 >= 1 && stage1 < all, `Stage 1 is part of the queue (${stage1} of ${all})`);
  await page.getByText('More filters').click();
  await page.getByLabel('Stage', { exact: true }).selectOption({ label: 'Stage 1' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/stage=stage1/);
  await results(page, stage1).waitFor();
  assert.equal(await cases(page).count(), stage1);
  for (const kind of await cases(page).getByText(/^Complaint · /).allTextContents()) {
    assert.equal(kind, 'Complaint · Stage 1');
  }
  await expectNoAxeViolations(page);
  await screenshot(page, 'staff-queue-stage1-1024x768');

  // Search by name, whatever the stage: clear the stage first.
  await page.getByLabel('Stage', { exact: true }).selectOption({ label: 'Any stage' });
  await page.getByLabel('Reference, name or postcode').fill('okafor');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/search=okafor/);
  await results(page, 1).waitFor();
  await assert.doesNotReject(cases(page).filter({ hasText: 'Tom Okafor, BS5 9QP' }).waitFor());
  assert.equal(await page.getByLabel('Reference, name or postcode').inputValue(), 'okafor');

  // Nothing found says so.
  await page.getByLabel('Reference, name or postcode').fill('nobody by this name');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await assert.doesNotReject(page.getByText('Nothing matches these filters').waitFor());
  await expectNoAxeViolations(page);

  // Back to Tom's case, and open it.
  await page.goBack();
  await page.waitForURL(/search=okafor/);
  await results(page, 1).waitFor();
  const link = cases(page).first().getByRole('link', { name: /^CX-\d{4}-\d{6}$/ });
  const reference = (await link.textContent()).trim();
  await link.click();
  await page.waitForURL(new RegExp(`/staff/cases/${reference}$`));
  assert.deepEqual(errors, [], 'no script errors in the page');
  await page.close();
});

test('the work queue works at tablet portrait and phone sizes', async () => {
  for (const [name, viewport] of Object.entries({ tabletPortrait: VIEWPORTS.tabletPortrait, phone: VIEWPORTS.phone })) {
    const page = await openPage(browser, viewport);
    await signInAsMo(page);
    await page.goto(`${BASE_URL}/staff?scope=all`);
    await waitForHydration(page);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= viewport.width, `no sideways scrolling at ${name} (${scrollWidth}px)`);
    await assert.doesNotReject(page.getByRole('link', { name: /Due today/ }).waitFor());
    await expectNoAxeViolations(page);
    await screenshot(page, `staff-queue-${viewport.width}x${viewport.height}`);
    await page.close();
  }
});

test('on a tablet held either way the cases come first, and a search says where it looked', async () => {
  for (const [name, viewport] of Object.entries({ tabletLandscape: VIEWPORTS.tabletLandscape, tabletPortrait: VIEWPORTS.tabletPortrait })) {
    const page = await openPage(browser, viewport);
    await signInAsMo(page);
    await page.goto(`${BASE_URL}/staff?scope=all`);
    await waitForHydration(page);
    const first = page.locator('.queue-list > li').first();
    await first.waitFor();
    const top = (await first.boundingBox()).y;
    assert.ok(top < viewport.height, `the first case starts on the first screen at ${name} (${top}px)`);
    // What is owed to Mo is one line at the top, linking down to its list.
    const forYou = page.locator('.queue-for-you');
    if (await forYou.count()) {
      const link = forYou.getByRole('link').first();
      const target = await link.getAttribute('href');
      assert.equal(await page.locator(target).count(), 1, `${target} is on the page`);
    }
    await screenshot(page, `staff-queue-first-screen-${viewport.width}x${viewport.height}`);

    await page.getByLabel('Reference, name or postcode').fill('Okafor');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/search=Okafor/);
    await assert.doesNotReject(page.getByText('Looked for “Okafor” in every case (open ones only).').waitFor());
    await page.getByRole('link', { name: 'Search every case you may see, closed ones too' }).click();
    await page.waitForURL(/closed=include/);
    await assert.doesNotReject(page.getByText('Looked for “Okafor” in every case (open and closed).').waitFor());
    await expectNoAxeViolations(page);
    await page.close();
  }
});
