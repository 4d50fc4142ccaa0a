// The admin brings in history from the previous system: opens Import history from the header,
// uploads a file with a mistake and sees it listed by line and column with nothing imported,
// checks a corrected file with a dry run, then imports it. axe scans the page at every size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, openPage, expectNoAxeViolations, waitForHydration, screenshot,
  signIn,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// References unique to this run, so the test can run again against the same server.
const run = Date.now().toString(36).toUpperCase();
const HEADER = 'reference,kind,channel,received_at,status,stage1_acknowledged,stage1_responded';
const GOOD = `${HEADER}
E2E-${run}-1,complaint,email,2025-06-02T09:00:00Z,closed,2025-06-04,2025-06-16
E2E-${run}-2,service_request,phone,2025-06-03T09:00:00Z,open,,
`;
const BAD = `${HEADER}
E2E-${run}-1,complaint,email,2025-06-02T09:00:00Z,closed,2025-06-04,2025-05-30
E2E-${run}-2,service_request,fax,2025-06-03T09:00:00Z,open,,
`;

async function upload(page, text, { dryRun = false } = {}) {
  await page.getByLabel('CSV file of cases from the previous system').setInputFiles({
    name: 'old-system.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(text, 'utf8'),
  });
  const box = page.getByLabel('Only check the file: do not import anything');
  if (dryRun) await box.check(); else await box.uncheck();
  await page.getByRole('button', { name: 'Upload and check' }).click();
  await page.waitForURL(/\/admin\/import\?job=\d+$/);
}

test('an admin imports history, seeing each problem first', async () => {
  const page = await openPage(browser, VIEWPORTS.tabletLandscape);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'ada.admin@example.org', '/');

  await page.getByRole('navigation', { name: 'Your pages' }).getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('main').getByRole('link', { name: 'Import history' }).click();
  await page.getByRole('heading', { level: 1, name: 'Import history' }).waitFor();
  await waitForHydration(page);
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await expectNoAxeViolations(page);
    await screenshot(page, `import-form-${name}`);
  }
  await page.setViewportSize(VIEWPORTS.tabletLandscape);

  // A file with two wrong rows: both listed, nothing imported.
  await upload(page, BAD);
  const summary = page.getByRole('alert');
  await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await summary.getByRole('link', {
    name: 'Line 2, stage1_responded: The Stage 1 response (30 May 2025) is before the complaint was received (2 June 2025)',
  }).waitFor();
  await summary.getByRole('link', { name: /^Line 3, channel: “fax” is not a channel we know/ }).waitFor();
  await page.getByText('Nothing was imported from old-system.csv: 2 rows have problems.').waitFor();
  await waitForHydration(page);
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await expectNoAxeViolations(page);
    await screenshot(page, `import-problems-${name}`);
  }
  await page.setViewportSize(VIEWPORTS.tabletLandscape);

  // The corrected file, checked only.
  await upload(page, GOOD, { dryRun: true });
  await page.getByRole('status').getByText('old-system.csv is ready to import').waitFor();
  await page.getByText('All 2 rows passed every check. Nothing was imported').waitFor();

  // Then imported.
  await upload(page, GOOD);
  const result = page.getByRole('status');
  await result.getByText('2 cases imported').waitFor();
  await result.getByText('0 of them were imported before').waitFor();
  await waitForHydration(page);
  await expectNoAxeViolations(page);
  await screenshot(page, 'import-done-tablet');

  // The same file again adds nothing.
  await upload(page, GOOD);
  await page.getByRole('status').getByText('0 cases imported').waitFor();

  assert.deepEqual(errors, []);
  await page.close();
});
