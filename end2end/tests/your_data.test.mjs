// A resident saves their own data from their cases page: one JSON file with their account,
// their contact details and each of their cases. At phone size, with axe on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE_URL, VIEWPORTS, launch, signedInPage, waitForHydration, expectNoAxeViolations } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a resident downloads their data from their cases page', async () => {
  const rita = await signedInPage(browser, 'rita.resident@example.org', VIEWPORTS.phone);
  await rita.goto(`${BASE_URL}/cases`);
  await rita.getByRole('heading', { level: 1, name: 'Your cases' }).waitFor();
  await waitForHydration(rita);
  await rita.getByRole('heading', { name: 'Your data' }).waitFor();
  await expectNoAxeViolations(rita);
  const cases = await rita.locator('.case-list__item').count();
  const [download] = await Promise.all([
    rita.waitForEvent('download'),
    rita.getByRole('link', { name: 'Download your data' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'putright-your-data.json');
  const data = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(data.account.email, 'rita.resident@example.org');
  assert.equal(data.cases.length, cases, 'every case on the page');
  assert.ok(data.cases.every((c) => Array.isArray(c.timeline)));
  assert.deepEqual(rita.errors, []);
});
