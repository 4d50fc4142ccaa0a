// The retention schedule: an administrator reaches it from the bar, reads what falls due,
// is refused a period outside the rules (what was typed kept) and saves one; the complaints
// manager places a legal hold on a closed case from its page, sees it on the schedule with
// its reason, and lifts it. At phone and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, fitsAndPasses, signedInPage, waitForHydration } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an administrator sets the retention period and the complaints manager holds a closed case', async () => {
  const ada = await signedInPage(browser, 'ada.admin@example.org');
  await ada.goto(`${BASE_URL}/admin/landlord`);
  await ada.getByRole('navigation', { name: 'Your pages' }).getByRole('link', { name: 'Administration' }).click();
  await ada.getByRole('main').getByRole('link', { name: 'Retention', exact: true }).click();
  await ada.getByRole('heading', { level: 1, name: 'Retention of personal data' }).waitFor();
  await waitForHydration(ada);
  const years = ada.getByLabel('Years to keep a case\'s personal data after it ends');
  assert.equal(await years.inputValue(), '6');
  await fitsAndPasses(ada, 'retention');

  await years.fill('0');
  await ada.getByRole('button', { name: 'Save the retention period' }).click();
  await ada.getByRole('alert').getByRole('link', { name: 'Enter a number of years from 1 to 15' }).waitFor();
  assert.equal(await years.inputValue(), '0', 'what was typed is kept');
  await fitsAndPasses(ada, 'retention-refused');
  // Six again, so the demo's cases stay as the other journeys expect them.
  await years.fill('6');
  await ada.getByRole('button', { name: 'Save the retention period' }).click();
  await ada.getByRole('status').getByText('The retention period is saved.').waitFor();
  await ada.getByText(/Changed on .* by Ada Admin/).waitFor();

  const chris = await signedInPage(browser, 'chris.complaints@example.org');
  await chris.goto(`${BASE_URL}/staff?scope=all&closed=include&search=Grace+Wilson`);
  await chris.locator('.queue-list a').first().click();
  await chris.waitForURL(/\/staff\/cases\/CX-/);
  const reference = chris.url().split('/').pop();
  await chris.getByRole('link', { name: 'Retention and legal hold' }).click();
  await chris.getByRole('heading', { level: 1, name: `Retention of ${reference}` }).waitFor();
  await waitForHydration(chris);
  await chris.getByText(/due to be erased on .*, 6 years after it ended/).waitFor();
  await chris.getByRole('button', { name: 'Place a legal hold' }).click();
  await chris.getByRole('alert').getByRole('link', { name: /Say why the case must be kept/ }).waitFor();
  await fitsAndPasses(chris, 'retention-hold-refused');
  await chris.getByLabel('Why the case must be kept').fill('Disrepair claim K24 at the county court');
  await chris.getByRole('button', { name: 'Place a legal hold' }).click();
  await chris.getByRole('status').getByText('The legal hold is saved.').waitFor();
  await chris.getByText('Disrepair claim K24 at the county court', { exact: true }).waitFor();
  await fitsAndPasses(chris, 'retention-held');

  // Staff only: on the case's own timeline.
  await chris.goto(`${BASE_URL}/staff/cases/${reference}`);
  await chris.getByText(/Legal hold placed: the case is kept past its retention date because Disrepair claim K24/).waitFor();

  await chris.goto(`${BASE_URL}/staff/cases/${reference}/retention`);
  await waitForHydration(chris);
  await chris.getByRole('button', { name: 'Lift the legal hold' }).click();
  await chris.getByRole('status').getByText('The legal hold is lifted.').waitFor();
  await chris.getByRole('button', { name: 'Place a legal hold' }).waitFor();
  assert.deepEqual(ada.errors, []);
  assert.deepEqual(chris.errors, []);
});
