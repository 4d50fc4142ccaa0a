// The homes count, the learning page and the printable annual report, at tablet size:
// an admin sets the year's homes count (a refusal first, with what was typed kept); a
// manager adds an improvement action and marks it done; the board member reads the themes
// and the annual report. axe scans every page; screenshots at each size for people to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, openPage, expectNoAxeViolations, fitsAndPasses, waitForHydration,
  screenshot, now, signIn,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function everySize(page, name) {
  for (const [size, viewport] of [
    ['tablet', VIEWPORTS.tabletLandscape],
    ['portrait', VIEWPORTS.tabletPortrait],
    ['phone', VIEWPORTS.phone],
  ]) {
    await page.setViewportSize(viewport);
    await screenshot(page, `${name}-${size}`);
  }
  await page.setViewportSize(VIEWPORTS.tabletLandscape);
}

test('an admin sets the homes count, and a refusal keeps what was typed', async () => {
  const page = await openPage(browser, VIEWPORTS.tabletLandscape);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'ada.admin@example.org');
  await page.goto(`${BASE_URL}/admin/homes`);
  await page.getByRole('heading', { level: 1, name: 'Number of homes' }).waitFor();
  await waitForHydration(page);
  await page.getByRole('table', { name: 'Homes counted in each reporting year' }).waitFor();
  await expectNoAxeViolations(page);

  const homes = page.getByLabel('Low-cost rental homes');
  await homes.fill('about 4000');
  await page.getByRole('button', { name: 'Save the homes count' }).click();
  await page.getByRole('alert').getByText('There is a problem').waitFor();
  await page.locator('#homes-error').getByText('whole number').waitFor();
  assert.equal(await homes.inputValue(), 'about 4000', 'what was typed is kept');
  await expectNoAxeViolations(page);
  await fitsAndPasses(page, 'homes-refused');

  await homes.fill('4,200');
  await page.getByLabel('Low-cost home ownership homes (optional)').fill('310');
  await page.getByRole('button', { name: 'Save the homes count' }).click();
  await page.getByRole('status').getByText(/Homes count saved for \d{4}\/\d{2}/).waitFor();
  await page.getByRole('cell', { name: '4,200' }).first().waitFor();
  await page.getByRole('cell', { name: '310' }).first().waitFor();
  await expectNoAxeViolations(page);
  await fitsAndPasses(page, 'homes');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a manager adds an improvement action and marks it done', async () => {
  const page = await openPage(browser, VIEWPORTS.tabletLandscape);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'mo.manager@example.org', '/learning');
  await page.goto(`${BASE_URL}/learning`);
  await page.getByRole('heading', { level: 1, name: /^Learning from complaints/ }).waitFor();
  await waitForHydration(page);
  await page.getByRole('img', { name: /root causes by month/i }).waitFor();
  await expectNoAxeViolations(page);

  const text = `Send a text reminder the day before each repair visit (${Date.now()})`;
  await page.getByLabel('Root cause it tackles').selectOption({ label: 'Repairs and maintenance' });
  await page.getByLabel('What will change').fill(text);
  await page.getByRole('button', { name: 'Add the action' }).click();
  // Refused: no owner or due date yet; the words typed stay.
  await page.getByRole('alert').getByText('There is a problem').waitFor();
  assert.equal(await page.getByLabel('What will change').inputValue(), text);
  await page.getByLabel('Owner').selectOption({ index: 1 });
  const due = new Date(now().getTime() + 45 * 24 * 3600 * 1000);
  await page.getByLabel('Day', { exact: true }).fill(String(due.getUTCDate()));
  await page.getByLabel('Month', { exact: true }).fill(String(due.getUTCMonth() + 1));
  await page.getByLabel('Year', { exact: true }).fill(String(due.getUTCFullYear()));
  await page.getByRole('button', { name: 'Add the action' }).click();
  await page.getByRole('status').getByText('Improvement action added.').waitFor();
  const open = page.getByRole('table', { name: 'Open actions, soonest due first' });
  await open.getByRole('cell', { name: text, exact: true }).waitFor();
  await expectNoAxeViolations(page);
  await everySize(page, 'learning-manager');

  await open.getByRole('row').filter({ hasText: text }).getByRole('button', { name: /^Mark as done/ }).click();
  await page.getByRole('status').getByText('Improvement action marked as done.').waitFor();
  await page.getByRole('table', { name: 'Done' }).getByRole('cell', { name: text, exact: true }).waitFor();
  await expectNoAxeViolations(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the board member reads the themes and the annual report', async () => {
  const page = await openPage(browser, VIEWPORTS.tabletLandscape);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'bea.board@example.org', '/reports');
  await page.goto(`${BASE_URL}/reports`);
  await waitForHydration(page);
  await page.getByRole('link', { name: /The annual report for \d{4}\/\d{2}, to print/ }).click();
  await page.getByRole('heading', { level: 1, name: /^Complaints annual report, \d{4}\/\d{2}$/ }).waitFor();
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Print this report' }).waitFor();
  await page.getByRole('heading', { name: '1. Tenant Satisfaction Measures CH01 and CH02' }).waitFor();
  await page.getByRole('heading', { name: '8. Learning and service improvement' }).waitFor();
  await page.getByRole('table', { name: /Remedies on complaints answered/ }).waitFor();
  assert.equal(await page.locator('main form').count(), 0, 'read only');
  await expectNoAxeViolations(page);
  await everySize(page, 'annual-report');

  await page.goto(`${BASE_URL}/learning`);
  await page.getByRole('heading', { name: 'Themes over time' }).waitFor();
  await waitForHydration(page);
  assert.equal(await page.getByRole('heading', { name: 'Add an improvement action' }).count(), 0);
  await expectNoAxeViolations(page);
  await everySize(page, 'learning-board');
  assert.deepEqual(errors, []);
  await page.close();
});
