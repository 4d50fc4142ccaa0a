// Triage by vulnerability and priority (Complaint Handling Code 6.1): an officer records
// that a customer is at risk from her case page, sets the case's priority with a reason,
// and the work queue shows both on the case's line, filters by them and puts the most
// pressing first. At phone and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, expectNoAxeViolations, fitsAndPasses, screenshot, signedInPage,
  waitForHydration, londonParts, now,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const KNOWN = 'Told us on the phone she is caring for her husband after his stroke.';
const WHY_URGENT = 'No hot water since Monday; she cannot bathe her husband.';

test('an officer flags a customer at risk and makes her case urgent; the queue shows and sorts by both', async () => {
  const sam = await signedInPage(browser, 'sam.officer@example.org');
  await sam.goto(`${BASE_URL}/staff?scope=all&search=Priya+Patel`);
  await sam.locator('.queue-list a').first().click();
  await sam.waitForURL(/\/staff\/cases\/CX-/);
  const casePage = sam.url();
  const reference = casePage.split('/').pop();
  await waitForHydration(sam);

  // The vulnerability flag, from the customer beside the case.
  await sam.getByRole('link', { name: 'Record that Priya Patel is vulnerable or at risk' }).click();
  await sam.waitForURL(/\/staff\/customers\/\d+\/vulnerability$/);
  await sam.getByRole('heading', { level: 1, name: 'Vulnerability and risk: Priya Patel' }).waitFor();
  await expectNoAxeViolations(sam);
  await sam.getByRole('button', { name: 'Save the flag' }).click();
  const summary = sam.getByRole('alert');
  await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
  assert.deepEqual(await summary.getByRole('link').allInnerTexts(), [
    'Choose at least one circumstance',
    'Say what we know of their circumstances',
    'Enter the date it will be reviewed',
  ]);
  await expectNoAxeViolations(sam);
  await screenshot(sam, 'vulnerability-errors-1024x768');

  const review = londonParts(new Date(now().getTime() + 180 * 86_400_000));
  await sam.getByLabel('Safeguarding: a risk of harm to them or to others').check();
  await sam.getByLabel('A life event: bereavement, illness, loss of a job').check();
  await sam.getByLabel('What we know').fill(KNOWN);
  await sam.getByLabel('What we do differently (optional)').fill('Call in the afternoon; she cannot get to letters quickly.');
  const date = sam.getByRole('group', { name: 'When will it be reviewed?' });
  await date.getByLabel('Day').fill(String(review.day));
  await date.getByLabel('Month').fill(String(review.month));
  await date.getByLabel('Year').fill(String(review.year));
  await sam.getByRole('button', { name: 'Save the flag' }).click();
  await sam.getByText('The flag is saved.').waitFor();
  await sam.getByRole('heading', { name: 'Recorded now' }).waitFor();
  await sam.getByText(KNOWN).first().waitFor();
  await fitsAndPasses(sam, 'vulnerability');

  // Beside the customer on her case, where it cannot be missed.
  await sam.goto(casePage);
  await waitForHydration(sam);
  const note = sam.getByRole('note', { name: 'Vulnerability and risk' });
  await note.getByText('At risk').waitFor();
  await note.getByText(KNOWN).waitFor();

  // The case's priority, raised with a reason.
  await sam.getByRole('link', { name: 'Change the priority' }).click();
  await sam.waitForURL(/\/priority$/);
  await sam.getByRole('heading', { level: 1, name: `Priority of ${reference}` }).waitFor();
  await expectNoAxeViolations(sam);
  await sam.getByLabel('Urgent').check();
  await sam.getByRole('button', { name: 'Save the priority' }).click();
  await sam.getByRole('alert').getByRole('link', { name: 'Say why the case is more pressing' }).waitFor();
  await expectNoAxeViolations(sam);
  await sam.getByLabel('Why').fill(WHY_URGENT);
  await sam.getByRole('button', { name: 'Save the priority' }).click();
  await sam.waitForURL(new RegExp(`/staff/cases/${reference}\\?saved=priority$`));
  await sam.getByText('Urgent priority').first().waitFor();
  await sam.getByText(WHY_URGENT).first().waitFor();
  await fitsAndPasses(sam, 'triage-case');

  // The queue: filtered to vulnerable customers, then the most pressing first.
  await sam.goto(`${BASE_URL}/staff?scope=all`);
  await waitForHydration(sam);
  await sam.getByText('More filters').click();
  await sam.getByLabel('Customer', { exact: true }).selectOption('vulnerable');
  await sam.getByRole('button', { name: 'Apply filters' }).click();
  await sam.waitForURL(/flagged=vulnerable/);
  const lines = sam.locator('.queue-card');
  await lines.first().waitFor();
  assert.equal(await lines.count(), 1);
  await lines.first().getByText('Risk', { exact: true }).waitFor();
  await lines.first().getByText('Urgent priority').waitFor();
  await fitsAndPasses(sam, 'triage-queue');
  await sam.goto(`${BASE_URL}/staff?scope=all`);
  await waitForHydration(sam);
  await sam.getByText('More filters').click();
  await sam.getByLabel('Order').selectOption('priority');
  await sam.getByRole('button', { name: 'Apply filters' }).click();
  await sam.waitForURL(/order=priority/);
  await sam.getByRole('heading', { name: /most pressing first/ }).waitFor();
  await sam.locator('.queue-card').first().getByRole('link', { name: reference }).waitFor();
  assert.deepEqual(sam.errors, []);
  await sam.close();
});

test('an officer records what was done for an adjustment and reviews them', async () => {
  const sam = await signedInPage(browser, 'sam.officer@example.org', VIEWPORTS.tabletPortrait);
  await sam.goto(`${BASE_URL}/staff?scope=all&search=Rita+Resident`);
  await sam.locator('.queue-list a').first().click();
  await sam.waitForURL(/\/staff\/cases\/CX-/);
  await waitForHydration(sam);
  const note = sam.getByRole('note', { name: 'Reasonable adjustments' });
  await note.getByRole('link', { name: 'Record what we did, or review them' }).click();
  await sam.waitForURL(/\/staff\/customers\/\d+\/adjustments$/);
  await sam.getByRole('heading', { level: 1, name: 'Reasonable adjustments: Rita Resident' }).waitFor();
  await sam.getByText('Not reviewed yet.').waitFor();
  await expectNoAxeViolations(sam);

  await sam.getByRole('button', { name: 'Record what we did' }).click();
  const summary = sam.getByRole('alert');
  assert.deepEqual(await summary.getByRole('link').allInnerTexts(), [
    'Choose the adjustment it was for',
    'Say what we did',
  ]);
  await sam.getByLabel('Large print').check();
  await sam.getByLabel('What did we do?').fill('Sent the acknowledgement in 16 point type.');
  await sam.getByRole('button', { name: 'Record what we did' }).click();
  await sam.getByText('What we did is recorded.').waitFor();
  await sam.getByText('Sent the acknowledgement in 16 point type.').waitFor();

  const review = londonParts(new Date(now().getTime() + 300 * 86_400_000));
  await sam.getByLabel('What was agreed with the customer').fill('Large print and extra time go on.');
  const date = sam.getByRole('group', { name: 'When will they be reviewed next?' });
  await date.getByLabel('Day').fill(String(review.day));
  await date.getByLabel('Month').fill(String(review.month));
  await date.getByLabel('Year').fill(String(review.year));
  await sam.getByRole('button', { name: 'Save the review' }).click();
  await sam.getByText('The review is saved.').waitFor();
  await sam.getByText('Large print and extra time go on.').waitFor();
  await fitsAndPasses(sam, 'adjustments');
  assert.deepEqual(sam.errors, []);
  await sam.close();
});

test('an officer agrees weekly updates and records one, which the customer reads on her case', async () => {
  const TOLD = 'The surveyor visits on Tuesday between 9 and 1; we will write with the findings.';
  const sam = await signedInPage(browser, 'sam.officer@example.org', VIEWPORTS.phone);
  await sam.goto(`${BASE_URL}/staff?scope=all&kind=complaint&search=Rita+Resident`);
  await sam.locator('.queue-list a').first().click();
  await sam.waitForURL(/\/staff\/cases\/CX-/);
  const reference = sam.url().split('/').pop();
  await waitForHydration(sam);
  await sam.getByRole('link', { name: 'Record an update, or agree how often' }).click();
  await sam.waitForURL(/\/updates$/);
  await sam.getByText('No regular updates agreed yet.').waitFor();
  await expectNoAxeViolations(sam);

  await sam.getByLabel('Every week').check();
  await sam.getByRole('button', { name: 'Save how often' }).click();
  await sam.getByText(/Agreed: every week\. Next update by /).waitFor();

  await sam.getByRole('button', { name: 'Record the update' }).click();
  assert.deepEqual(await sam.getByRole('alert').getByRole('link').allInnerTexts(), [
    'Choose how we updated them',
    'Say what we told them',
  ]);
  await sam.getByLabel('By phone').check();
  await sam.getByLabel('What did we tell them?').fill(TOLD);
  await fitsAndPasses(sam, 'updates');
  await sam.getByRole('button', { name: 'Record the update' }).click();
  await sam.waitForURL(new RegExp(`/staff/cases/${reference}\\?saved=update$`));
  await sam.getByText('We updated the customer (by phone)').first().waitFor();
  assert.deepEqual(sam.errors, []);
  await sam.close();

  const rita = await signedInPage(browser, 'rita.resident@example.org', VIEWPORTS.phone);
  await rita.goto(`${BASE_URL}/cases/${reference}`);
  await rita.getByText('We updated the customer (by phone)').waitFor();
  await rita.getByText(TOLD).waitFor();
  await expectNoAxeViolations(rita);
  await rita.close();
});
