// A customer's data: the complaints manager answers a subject access request from the
// customer beside a case (the page says what the archive holds and the download is a ZIP),
// and an officer corrects a customer's postcode when they say it is wrong, which the case
// then records. At phone and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, fitsAndPasses, signedInPage, waitForHydration } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function openCaseOf(page, name) {
  await page.goto(`${BASE_URL}/staff?scope=all&closed=include&search=${encodeURIComponent(name)}`);
  await page.locator('.queue-list a').first().click();
  await page.waitForURL(/\/staff\/cases\/CX-/);
  await waitForHydration(page);
}

test('the complaints manager downloads everything held about a customer', async () => {
  const chris = await signedInPage(browser, 'chris.complaints@example.org');
  await openCaseOf(chris, 'Grace Wilson');
  await chris.getByRole('link', { name: 'Everything we hold about Grace Wilson' }).click();
  await chris.getByRole('heading', { level: 1, name: 'Everything we hold about Grace Wilson' }).waitFor();
  await fitsAndPasses(chris, 'subject-access');
  const [download] = await Promise.all([
    chris.waitForEvent('download'),
    chris.getByRole('link', { name: 'Download the archive' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^putright-subject-access-\d+\.zip$/);
  assert.deepEqual(chris.errors, []);
});

test('an officer corrects a customer\'s postcode and the case records it', async () => {
  const sam = await signedInPage(browser, 'sam.officer@example.org');
  await openCaseOf(sam, 'Alan Brooks');
  const casePage = sam.url();
  await sam.getByRole('link', { name: 'Correct Alan Brooks\'s contact details' }).click();
  await sam.getByRole('heading', { level: 1, name: 'Correct Alan Brooks\'s contact details' }).waitFor();
  await waitForHydration(sam);
  const postcode = sam.getByLabel('Postcode');
  const before = await postcode.inputValue();
  const after = before === 'LS6 2AB' ? 'LS6 3CD' : 'LS6 2AB';
  await postcode.fill(after);
  await sam.getByRole('button', { name: 'Save the corrected details' }).click();
  await sam.getByRole('alert').getByRole('link', { name: /Say why the details are corrected/ }).waitFor();
  assert.equal(await postcode.inputValue(), after, 'what was typed is kept');
  await fitsAndPasses(sam, 'details-refused');
  await sam.getByLabel('Why the details are corrected').fill('He phoned: the postcode on his letters is wrong.');
  await sam.getByRole('button', { name: 'Save the corrected details' }).click();
  await sam.getByRole('status').getByText('The details are corrected.').waitFor();
  await fitsAndPasses(sam, 'details');
  await sam.goto(casePage);
  await sam.getByText('Contact details corrected: postcode').first().waitFor();
  await sam.getByText('He phoned: the postcode on his letters is wrong.').first().waitFor();
  assert.deepEqual(sam.errors, []);
});
