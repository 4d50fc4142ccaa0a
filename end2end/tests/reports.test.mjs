// The board member reads the reports: signs in, opens /reports, sees the regulator's measures
// with their definitions, a chart with its text alternative and the tables; chooses a year
// with the GET form; and downloads a table as CSV. axe scans the page at every size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, openPage, expectNoAxeViolations, waitForHydration, screenshot,
  signIn,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function signInAsBea(page) {
  await signIn(page, 'bea.board@example.org', '/reports');
}

test('the board member reads the reports and downloads a table', async () => {
  const page = await openPage(browser, VIEWPORTS.tabletLandscape);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signInAsBea(page);
  await page.goto(`${BASE_URL}/reports`);
  await page.getByRole('heading', { level: 1, name: /^Complaints reports, \d{4}\/\d{2}$/ }).waitFor();
  await waitForHydration(page);

  await page.getByText('CH01: Stage 1 complaints per 1,000 homes (low-cost rental)').waitFor();
  await page.getByText('CH02: Stage 1 responses within the Code\'s timescales').first().waitFor();
  await page.getByRole('heading', { name: 'How these are worked out' }).waitFor();
  const chart = page.getByRole('img', { name: /complaints starting each stage each month/ });
  assert.equal(await chart.count(), 1);
  const onTime = page.getByRole('table', { name: /Steps taken on time/ });
  await onTime.getByRole('columnheader', { name: 'Share on time' }).waitFor();
  await onTime.getByRole('rowheader', { name: 'Stage 1: respond in full' }).waitFor();
  await expectNoAxeViolations(page);
  await screenshot(page, 'reports-tablet');

  // Choose last year with the GET form: the address carries it.
  const years = page.getByLabel('Reporting year');
  const options = await years.locator('option').allTextContents();
  assert.ok(options.length > 1, 'several years to choose from');
  await years.selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Show this year' }).click();
  await page.waitForURL(/\/reports\?year=\d{4}$/);
  await page.getByRole('heading', { level: 1, name: /^Complaints reports/ }).waitFor();

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: /Download “Steps taken on time.*” as CSV/ }).click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^putright-\d{4}-on-time\.csv$/);

  for (const [name, viewport] of [['phone', VIEWPORTS.phone], ['portrait', VIEWPORTS.tabletPortrait]]) {
    await page.setViewportSize(viewport);
    await expectNoAxeViolations(page);
    await screenshot(page, `reports-${name}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
