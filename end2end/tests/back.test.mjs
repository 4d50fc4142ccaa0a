// Going Back after sending: "Check your answers" (and the form under the same draft's
// address) says the case was received, with its reference, never "start again", and offers
// nothing to send twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS, launch, openPage, expectNoAxeViolations, fillShortComplaint, screenshot, BASE_URL,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('Back after sending says the complaint was received, with its reference', async () => {
  const page = await openPage(browser, VIEWPORTS.phone);
  await page.goto(`${BASE_URL}/make?kind=complaint`);
  await fillShortComplaint(page, 'Sam Sent', '07700 900555',
    'The gutter over the front door has been dripping for a month.');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForURL(/\/track\//);
  const reference = await page.locator('.reference').innerText();

  await page.goBack();
  await page.getByRole('heading', { name: 'We have already received this' }).waitFor();
  assert.equal(await page.locator('.reference').innerText(), reference);
  assert.equal(await page.getByRole('button', { name: 'Send' }).count(), 0);
  assert.equal(await page.getByText(/start again/).count(), 0);
  await expectNoAxeViolations(page);
  await screenshot(page, 'back-after-sending-390x844');
  await page.close();
});

test('"Change" on Check your answers goes straight to that question, with the answer kept', async () => {
  const page = await openPage(browser, VIEWPORTS.phone);
  await page.goto(`${BASE_URL}/make?kind=complaint`);
  const story = 'The bin store door has been broken since the storm.';
  await fillShortComplaint(page, 'Sam Changes', '07700 900556', story);
  await page.getByRole('link', { name: 'Change what you told us' }).click();
  await page.waitForURL(/\/make\?draft=[0-9a-f]{64}&section=details&then=check#what_happened$/);
  const question = page.getByLabel('What did we do wrong, or fail to do?');
  await assert.doesNotReject(question.waitFor());
  assert.equal(await question.inputValue(), story, 'the answer is kept');
  // The question and its label are on screen, not somewhere down a long form.
  const box = await question.boundingBox();
  const label = await page.locator('label[for="what_happened"]').boundingBox();
  assert.ok(box.y >= 0 && box.y < 844, `the question is in view (${box.y})`);
  assert.ok(label.y >= 0, `its label is in view too (${label.y})`);
  await screenshot(page, 'change-goes-to-the-question-390x844');

  // Continue goes straight back to the check, with the answer changed and the rest kept.
  await question.fill(`${story} It was reported twice.`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(/\/make\/check\?draft=[0-9a-f]{64}$/);
  await page.getByText(`${story} It was reported twice.`).waitFor();
  await page.getByText('Sam Changes').waitFor();
  await expectNoAxeViolations(page);
  await page.close();
});
