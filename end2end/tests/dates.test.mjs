// The pages that depend on today, checked against the domain's own rules: `cargo xtask test`
// runs this file once more for each of a set of awkward days (single-digit days and months, a
// bank holiday, either side of the clocks changing, the last hour of a reporting year, 29
// February), with the server and the browser both started on that day. Expected dates come
// from `putright deadlines`, which counts with the same code as the pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  BASE_URL, launch, openPage, waitForHydration, signIn, now, londonParts, longDate,
  fillForm,
} from './support.mjs';

const PUTRIGHT = process.env.PUTRIGHT_BIN ?? '../target/debug/putright';
const STORY = 'The communal door has not closed properly for three weeks.';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Stage 1's deadlines for a complaint received at `at`, from the domain (as JSON). */
function deadlines(at) {
  return JSON.parse(execFileSync(PUTRIGHT, ['deadlines', '--received', at.toISOString()], {
    encoding: 'utf8',
  }));
}

/**
 * The contact date for a complaint received at some moment from `from` to `to`, as a
 * pattern matching either day: the 17:00 cut-off or midnight may fall between the two.
 */
function contactBetween(from, to) {
  const days = new Set([from, to].map((at) => longDate(deadlines(at).contact_due)));
  return [...days].map((d) => d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

test(`the form's promise, the tracking page and the work queue count from today (${now().toISOString()})`, async () => {
  const page = await openPage(browser);
  await page.goto(`${BASE_URL}/make?kind=complaint`);
  await waitForHydration(page);
  const opened = now();

  await fillForm(page, {
    about: async () => {
      await page.getByLabel('Tenant').check();
      await page.getByLabel('Your full name').fill('Dee Dated');
    },
    contact: () => page.getByLabel('Phone number').fill('07700 900789'),
    details: () => page.getByLabel('What did we do wrong, or fail to do?').fill(STORY),
    file: async () => {
      await waitForHydration(page);
      const promise = contactBetween(opened, now());
      await page.getByText(new RegExp(`If we receive your complaint now, we will contact you by (${promise})`)).waitFor();
    },
  });
  await page.waitForURL(/\/make\/check\?draft=[0-9a-f]{64}$/);
  const sent = now();
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForURL(/\/track\/[0-9a-f]{64}$/);
  const reference = await page.locator('.reference').innerText();
  const days = contactBetween(sent, now());
  const told = page.getByText(new RegExp(`We will contact you by (${days})`));
  await told.waitFor();
  // The day the tracking page gives is the one the queue must give.
  const contact = (await told.innerText()).match(new RegExp(days))[0];

  // The complaints manager finds it among the unassigned cases, due by the same day.
  const chris = await openPage(browser);
  await signIn(chris, 'chris.complaints@example.org', '/staff?scope=unassigned');
  await chris.goto(`${BASE_URL}/staff?scope=unassigned&search=${reference}`);
  const card = chris.getByRole('listitem').filter({ has: chris.getByRole('link', { name: reference }) });
  await card.getByText(`by ${contact}`).waitFor();
  await chris.close();
  await page.close();
});

test('a complaint logged by phone is received now, in London', async () => {
  const page = await openPage(browser);
  await signIn(page, 'sam.officer@example.org', '/make?kind=complaint');
  await page.goto(`${BASE_URL}/make?kind=complaint`);
  await waitForHydration(page);
  const london = londonParts();
  const received = page.getByRole('group', { name: 'When did it reach us?' });
  assert.equal(await received.getByLabel('Day').inputValue(), String(london.day));
  assert.equal(await received.getByLabel('Month').inputValue(), String(london.month));
  assert.equal(await received.getByLabel('Year').inputValue(), String(london.year));
  const [hours, minutes] = (await page.getByLabel('At what time?').inputValue()).split(':').map(Number);
  const apart = Math.abs(hours * 60 + minutes - (london.hour * 60 + london.minute));
  assert.ok(Math.min(apart, 1440 - apart) <= 2, `the time is now (${hours}:${minutes})`);
  await page.close();
});

test('the reports open on the reporting year today is in', async () => {
  const page = await openPage(browser);
  await signIn(page, 'bea.board@example.org', '/reports');
  await page.goto(`${BASE_URL}/reports`);
  const { year, month } = londonParts();
  const first = month >= 4 ? year : year - 1;
  const label = `${first}/${String(first + 1).slice(2)}`;
  await page.getByRole('heading', { level: 1, name: `Complaints reports, ${label}` }).waitFor();
  await page.close();
});
