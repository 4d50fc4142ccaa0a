// Letter wording: an administrator finds it in the admin bar, changes the "Remedy done"
// letter's subject line, previews it on the sample case (nothing saved), is refused a
// misspelt placeholder and a blank sign-off with every problem listed and the words kept,
// saves a new version, and puts back Putright's own wording so other journeys read it.
// At phone and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, fitsAndPasses, signedInPage } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an administrator previews, saves and puts back a letter’s wording', async () => {
  const ada = await signedInPage(browser, 'ada.admin@example.org');
  await ada.goto(`${BASE_URL}/admin/landlord`);
  await ada.getByRole('navigation', { name: 'Your pages' }).getByRole('link', { name: 'Administration' }).click();
  await ada.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
  await fitsAndPasses(ada, 'administration');
  await ada.getByRole('main').getByRole('link', { name: 'Letter wording', exact: true }).click();
  await ada.getByRole('heading', { level: 1, name: 'Letter wording' }).waitFor();
  await fitsAndPasses(ada, 'letter-wording-list');
  await ada.getByRole('link', { name: 'Change the remedy done wording' }).click();
  await ada.getByRole('heading', { level: 1, name: 'Remedy done letter wording' }).waitFor();
  const subject = ada.getByLabel('Subject line');
  const ours = await subject.inputValue();
  assert.equal(ours, 'Your complaint: something we promised is done');
  await fitsAndPasses(ada, 'letter-wording');

  // Preview: the sample letter in the words typed; nothing saved.
  await subject.fill('Done as promised: {reference}');
  await ada.getByRole('button', { name: 'Preview' }).click();
  await ada.getByRole('heading', { name: 'Done as promised: CX-2026-000123' }).waitFor();
  assert.equal(await subject.inputValue(), 'Done as promised: {reference}');
  await ada.getByText("Letters of this kind use Putright's own wording.").waitFor();

  // Refused: every problem listed, the words kept.
  await subject.fill('Done as promised: {refrence}');
  await ada.getByLabel('Sign-off').fill('');
  await ada.getByRole('button', { name: 'Save as a new version' }).click();
  const summary = ada.getByRole('alert');
  await summary.getByRole('link', { name: /\{refrence\} is not something this part can say/ }).waitFor();
  assert.equal(await summary.getByRole('link').count(), 2);
  assert.equal(await subject.inputValue(), 'Done as promised: {refrence}');
  await fitsAndPasses(ada, 'letter-wording-errors');

  // Saved as a new version, in use from now on.
  await subject.fill('Done as promised: {reference}');
  await ada.getByLabel('Sign-off').fill('With best wishes,');
  await ada.getByRole('button', { name: 'Save as a new version' }).click();
  await ada.getByText(/Version \d+ is saved\./).waitFor();
  await ada.getByText(/Letters of this kind use version \d+ of the wording\./).waitFor();
  await ada.getByRole('heading', { name: 'Done as promised: CX-2026-000123' }).waitFor();
  await ada.getByRole('table').getByText('Subject line, Sign-off').waitFor();
  await fitsAndPasses(ada, 'letter-wording-saved');

  // Put back Putright's own wording.
  await ada.getByRole('button', { name: "Put back Putright's own wording" }).click();
  await ada.getByText(/Version \d+ is saved\./).waitFor();
  assert.equal(await subject.inputValue(), ours);
  await ada.getByRole('heading', { name: ours }).waitFor();
  assert.deepEqual(ada.errors, []);
});
