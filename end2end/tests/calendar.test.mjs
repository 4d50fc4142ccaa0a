// The working-day calendar, kept by an administrator: a closure day is checked first (a
// refused one with every problem listed and what was typed kept), its effect on the open
// complaints shown, then saved; renamed; removed again. GOV.UK's bank-holidays file is
// uploaded (a bad one refused on the page first). The closure day is set four months ahead
// and the file covers a year no open complaint reaches, so the other journeys' dates stay
// as they are. At phone and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, fitsAndPasses, signedInPage, londonParts, now, longDate,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function fillDate(page, legend, date) {
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day').fill(String(date.day));
  await group.getByLabel('Month').fill(String(date.month));
  await group.getByLabel('Year').fill(String(date.year));
}

const iso = ({ year, month, day }) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

test('an administrator adds, renames and removes a closure day, and imports the bank holidays', async () => {
  const ada = await signedInPage(browser, 'ada.admin@example.org');
  await ada.goto(BASE_URL);
  await ada.getByRole('navigation', { name: 'Your pages' }).getByRole('link', { name: 'Administration' }).click();
  await ada.getByRole('main').getByRole('link', { name: 'Calendar', exact: true }).click();
  await ada.getByRole('heading', { level: 1, name: 'Working-day calendar' }).waitFor();
  await fitsAndPasses(ada, 'calendar');

  // A weekday about four months ahead that is no bank holiday (the page lists them).
  const daysOff = new Set(
    await ada.getByRole('table', { name: /next 12 months/ }).locator('tbody tr td:first-child').allTextContents(),
  );
  let when = new Date(now().getTime() + 120 * 86_400_000);
  let day = londonParts(when);
  while ([0, 6].includes(new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay())
    || daysOff.has(longDate(iso(day)))) {
    when = new Date(when.getTime() + 86_400_000);
    day = londonParts(when);
  }
  const words = longDate(iso(day));

  // Refused: today, and no name; the date typed is kept.
  await ada.getByRole('link', { name: 'Add a closure day' }).click();
  await ada.getByRole('heading', { level: 1, name: 'Add a closure day' }).waitFor();
  await fillDate(ada, 'Date', londonParts());
  await ada.getByRole('button', { name: 'Continue' }).click();
  const summary = ada.getByRole('alert');
  await summary.getByRole('link', { name: /A closure day must be after today/ }).waitFor();
  await summary.getByRole('link', { name: /Enter a name for the closure day/ }).waitFor();
  assert.equal(
    await ada.getByRole('group', { name: 'Date', exact: true }).getByLabel('Year').inputValue(),
    String(londonParts().year),
  );
  await fitsAndPasses(ada, 'closure-day-errors');

  // Checked: the effect is shown before anything is saved.
  await fillDate(ada, 'Date', day);
  await ada.getByLabel('Name').fill('Staff training day');
  await ada.getByRole('button', { name: 'Continue' }).click();
  await ada.getByRole('heading', { level: 1, name: 'Check the closure day before adding it' }).waitFor();
  await ada.getByText(words).waitFor();
  await ada.getByRole('heading', { name: 'What it does to open complaints' }).waitFor();
  await ada.getByText(/No deadline moves|will have their next deadline moved/).waitFor();
  await fitsAndPasses(ada, 'closure-day-check');
  await ada.getByRole('button', { name: 'Add the closure day' }).click();
  await ada.getByText('The closure day is added.', { exact: false }).waitFor();
  await ada.getByRole('term').filter({ hasText: words }).waitFor();
  await ada.getByText(`Closure day added: ${words}, Staff training day`).waitFor();

  // Renamed: nothing moves.
  await ada.getByRole('link', { name: `Rename the closure day on ${words}` }).click();
  await ada.getByRole('heading', { level: 1, name: 'Rename a closure day' }).waitFor();
  assert.equal(await ada.getByLabel('Name').inputValue(), 'Staff training day');
  await ada.getByLabel('Name').fill('Training and planning day');
  await ada.getByRole('button', { name: 'Continue' }).click();
  await ada.getByText('Renaming moves no deadline', { exact: false }).waitFor();
  await ada.getByRole('button', { name: 'Rename the closure day' }).click();
  await ada.getByText('The closure day is renamed.').waitFor();

  // Removed again.
  await ada.getByRole('link', { name: `Remove the closure day on ${words}` }).click();
  await ada.getByRole('heading', { level: 1, name: 'Check before removing the closure day' }).waitFor();
  await fitsAndPasses(ada, 'closure-day-remove');
  await ada.getByRole('button', { name: 'Remove the closure day' }).click();
  await ada.getByText('The closure day is removed.', { exact: false }).waitFor();
  await ada.getByText(`Closure day removed: ${words}, Training and planning day`).waitFor();

  // GOV.UK's file: a wrong one refused next to the field, then a good one for a later year.
  const file = ada.getByLabel("GOV.UK's bank-holidays file");
  await file.setInputFiles({ name: 'holidays.json', mimeType: 'application/json', buffer: Buffer.from('{"not": "it"}') });
  await ada.getByRole('button', { name: 'Import the bank holidays' }).click();
  await ada.getByRole('alert').getByRole('link', { name: /The file is not GOV.UK/ }).waitFor();
  await fitsAndPasses(ada, 'calendar-file-refused');
  const year = londonParts().year + 6;
  const feed = {
    'england-and-wales': {
      division: 'england-and-wales',
      events: ['01-01', '04-10', '04-13', '05-04', '05-25', '08-31', '12-25', '12-26'].map((day, i) => (
        { title: `Bank holiday ${i + 1}`, date: `${year}-${day}`, notes: '', bunting: true })),
    },
  };
  await ada.getByLabel("GOV.UK's bank-holidays file")
    .setInputFiles({ name: 'bank-holidays.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(feed)) });
  await ada.getByRole('button', { name: 'Import the bank holidays' }).click();
  await ada.getByText(`bank holidays for ${year} are imported`, { exact: false }).waitFor();
  await ada.getByText(`, and ${year + 1} onwards`, { exact: false }).waitFor();
  await ada.getByText('imported from bank-holidays.json (8 days)', { exact: false }).first().waitFor();
  await fitsAndPasses(ada, 'calendar-imported');
  assert.deepEqual(ada.errors, []);
});
