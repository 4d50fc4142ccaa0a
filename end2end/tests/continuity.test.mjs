// Exceptional circumstances: an administrator declares a business-continuity period (a
// refused declaration first, with every problem listed and what was typed kept), and the
// notice then shows to everyone, signed in or not, on every page. The period is set two
// months ahead and extends only deadlines falling in it, so the other journeys' dates stay
// as they are. At phone and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, openPage, fitsAndPasses, signedInPage, waitForHydration, londonParts, now,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const REASON = 'Cyber attack on our housing management system';

async function fillDate(page, legend, date) {
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day').fill(String(date.day));
  await group.getByLabel('Month').fill(String(date.month));
  await group.getByLabel('Year').fill(String(date.year));
}

test('an administrator declares a business-continuity period and everyone sees the notice', async () => {
  const ada = await signedInPage(browser, 'ada.admin@example.org');
  await ada.goto(`${BASE_URL}/admin/continuity`);
  await waitForHydration(ada);
  await ada.getByRole('heading', { level: 1, name: 'Business continuity' }).waitFor();

  // Refused: the last day before the first, no approver; the reason is kept.
  const first = londonParts(new Date(now().getTime() + 60 * 86_400_000));
  const last = londonParts(new Date(now().getTime() + 62 * 86_400_000));
  await fillDate(ada, 'First day', last);
  await fillDate(ada, 'Last day', first);
  await ada.getByLabel('What happened').fill(REASON);
  await ada.getByRole('button', { name: 'Declare the period' }).click();
  const summary = ada.getByRole('alert');
  await summary.getByRole('link', { name: 'The last day must be the same as or after the first day' }).waitFor();
  await summary.getByRole('link', { name: /Say who approved the revised timescales/ }).waitFor();
  await summary.getByRole('link', { name: /Choose whether the clock stops/ }).waitFor();
  assert.equal(await ada.getByLabel('What happened').inputValue(), REASON);
  await fitsAndPasses(ada, 'continuity-errors');

  await fillDate(ada, 'First day', first);
  await fillDate(ada, 'Last day', last);
  await ada.getByLabel('Who approved the revised timescales').fill('Executive team');
  await ada.getByRole('group', { name: 'What happens to the timescales?' })
    .getByLabel(/Timescales are extended/).check();
  await ada.getByLabel('Extra working days (only when timescales are extended)').fill('1');
  await ada.getByRole('button', { name: 'Declare the period' }).click();
  await ada.getByText('The period is declared.', { exact: false }).waitFor();
  await ada.getByText(REASON).first().waitFor();
  await ada.getByText('Not recorded yet').waitFor();
  await fitsAndPasses(ada, 'continuity-declared');

  // The day the Ombudsman was told.
  const today = londonParts();
  await fillDate(ada, 'When did you tell the Housing Ombudsman?', today);
  await ada.getByRole('button', { name: 'Record the day' }).click();
  await ada.getByText('The day the Ombudsman was told is recorded.').waitFor();

  // Everyone sees the notice, signed in or not.
  const visitor = await openPage(browser);
  await visitor.goto(BASE_URL);
  await waitForHydration(visitor);
  const banner = visitor.getByRole('region', { name: 'Service notice' });
  await banner.getByText(`Because of exceptional circumstances (${REASON})`, { exact: false }).waitFor();
  await banner.getByText('We expect to meet our usual timescales again from', { exact: false }).waitFor();
  await fitsAndPasses(visitor, 'continuity-notice');
  assert.deepEqual(ada.errors, []);
});
