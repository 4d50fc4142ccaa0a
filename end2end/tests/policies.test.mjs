// Policy versions: an administrator reaches them from the bar, reads which version is in
// force, is refused a version slower than the Complaint Handling Code (every problem listed,
// what was typed kept) and adds one far in the future, so the other journeys keep today's
// rules. At phone and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, fitsAndPasses, signedInPage, waitForHydration } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an administrator adds a policy version, and one slower than the Code is refused', async () => {
  const ada = await signedInPage(browser, 'ada.admin@example.org');
  await ada.goto(`${BASE_URL}/admin/landlord`);
  await ada.getByRole('navigation', { name: 'Your pages' }).getByRole('link', { name: 'Administration' }).click();
  await ada.getByRole('main').getByRole('link', { name: 'Policy versions', exact: true }).click();
  await ada.getByRole('heading', { level: 1, name: 'Complaints policy versions' }).waitFor();
  await waitForHydration(ada);
  await ada.getByRole('heading', { name: /^Version 2024/ }).getByText('In force').waitFor();
  assert.equal(await ada.getByLabel('Stage 2: respond within, from the acknowledgement').inputValue(), '20');
  await fitsAndPasses(ada, 'policies');

  // A year far ahead, so the other journeys keep today's version.
  const year = String(2100 + Math.floor(Math.random() * 7000));
  await ada.getByLabel('Version', { exact: true }).fill(year);
  await ada.getByLabel('Day', { exact: true }).fill('1');
  await ada.getByLabel('Month', { exact: true }).fill('4');
  await ada.getByLabel('Year', { exact: true }).fill(year);
  await ada.getByLabel('Stage 1: respond within, from the acknowledgement').fill('15');
  await ada.getByLabel('Accept complaints about something up to this many months old').fill('6');
  await ada.getByRole('button', { name: 'Add the version' }).click();
  const summary = ada.getByRole('alert');
  await summary.getByRole('link', { name: /The Stage 1 response must be from 1 to 10 working days/ }).waitFor();
  await summary.getByRole('link', { name: /The complaint window must be from 12 to 60 months/ }).waitFor();
  assert.equal(await ada.getByLabel('Version', { exact: true }).inputValue(), year, 'what was typed is kept');
  await fitsAndPasses(ada, 'policies-refused');

  await ada.getByLabel('Stage 1: respond within, from the acknowledgement').fill('8');
  await ada.getByLabel('Accept complaints about something up to this many months old').fill('18');
  await ada.getByRole('button', { name: 'Add the version' }).click();
  await ada.getByRole('status').getByText(`Policy version ${year} is added.`).waitFor();
  const added = ada.getByRole('region', { name: new RegExp(`^Version ${year}`) });
  await added.getByText(`Takes effect on 1 April ${year}`).waitFor();
  await added.getByText(/respond within 8 working days of the acknowledgement/).waitFor();
  await ada.getByRole('heading', { name: /^Version 2024/ }).getByText('In force').waitFor();
  assert.deepEqual(ada.errors, []);
});
