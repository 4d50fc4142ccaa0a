// The procedure as the Complaint Handling Code asks, through the real pages: Rita makes a
// complaint online; it is accepted, acknowledged and answered at Stage 1 by Mo, who then
// closes it. Closing does not take her right to a review away: she still asks for one on
// her case page and the case opens again at Stage 2, where Mo, who handled Stage 1, is
// offered nothing. Chris refuses the review with a reason, and the letter giving it with the
// Ombudsman's details is on the case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, openPage, expectNoAxeViolations, waitForHydration, signIn, screenshot, VIEWPORTS,
} from './support.mjs';

const STORY = `The communal lights on my landing have been off for a month (${Date.now().toString(36)}).`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens a staff case page and waits for it to be interactive. */
async function openCase(page, reference) {
  await page.goto(`${BASE_URL}/staff/cases/${reference}`);
  await page.getByRole('heading', { level: 1, name: reference }).waitFor();
  await waitForHydration(page);
}

/** From the case page, takes a step whose form needs only what `fill` types. */
async function takeStep(page, reference, label, fill = async () => {}, button = label) {
  await page.getByRole('link', { name: label, exact: true }).click();
  await page.waitForURL(new RegExp(`/staff/cases/${reference}/[a-z-]+$`));
  await waitForHydration(page);
  await fill(page);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForURL(new RegExp(`/staff/cases/${reference}$`));
  await page.getByRole('heading', { level: 1, name: reference }).waitFor();
  await waitForHydration(page);
}

function stepLinks(page) {
  return page.getByRole('list', { name: 'Next steps' }).getByRole('link');
}

test('closing at Stage 1 leaves the review open; only a refusal with a letter says no', async () => {
  const rita = await openPage(browser);
  await signIn(rita, 'rita.resident@example.org', '/make?kind=complaint');
  await rita.goto(`${BASE_URL}/make?kind=complaint`);
  await waitForHydration(rita);
  await rita.getByLabel('Tenant').check();
  await rita.getByLabel('Your full name').fill('Rita Resident');
  await rita.getByLabel('Phone number').fill('07700 900111');
  await rita.getByLabel('What did we do wrong, or fail to do?').fill(STORY);
  await rita.getByRole('button', { name: 'Continue' }).click();
  await rita.waitForURL(/\/make\/check\?draft=/);
  await rita.getByRole('button', { name: 'Send' }).click();
  await rita.waitForURL(/\/track\/[0-9a-f]{64}$/);
  const reference = await rita.locator('.reference').innerText();

  // Chris accepts it for Mo; Mo acknowledges it and answers it.
  const chris = await openPage(browser);
  await signIn(chris, 'chris.complaints@example.org', `/staff/cases/${reference}`);
  await openCase(chris, reference);
  await takeStep(chris, reference, 'Accept the complaint', async (p) => {
    await p.getByRole('group', { name: 'Who will handle Stage 1?' }).getByLabel(/^Mo Manager/).check();
  });
  const mo = await openPage(browser);
  await signIn(mo, 'mo.manager@example.org', `/staff/cases/${reference}`);
  await openCase(mo, reference);
  await takeStep(mo, reference, 'Acknowledge', async (p) => {
    await p.getByLabel('Our understanding of the complaint').fill('The landing lights have been off for a month.');
  });
  await takeStep(mo, reference, 'Write the response', async (p) => {
    await p.getByRole('group', { name: 'Overall outcome' }).getByLabel('Not upheld').check();
    const point = p.getByRole('group', { name: 'Point 1' });
    await point.getByLabel('What the customer raised').fill('The landing lights are off.');
    await point.getByLabel('What we found').fill('They were repaired the day after they were reported.');
    await point.getByRole('group', { name: 'On this point' }).getByLabel('Not upheld').check();
  }, 'Save the response and issue the letter');

  // Mo closes it while no review has been asked for.
  await takeStep(mo, reference, 'Close: no review asked for yet');
  await mo.getByText('Closed', { exact: true }).first().waitFor();
  await expectNoAxeViolations(mo);

  // Rita can still ask: the case opens again at Stage 2.
  await rita.goto(`${BASE_URL}/cases/${reference}`);
  await waitForHydration(rita);
  await rita.getByText('Closed: you can still ask for a review').first().waitFor();
  await expectNoAxeViolations(rita);
  await screenshot(rita, 'procedure-closed-review-open-1024x768');
  await rita.getByRole('button', { name: 'Ask for a review' }).click();
  await rita.getByText('Being reviewed (Stage 2)').first().waitFor();

  // Mo handled Stage 1: nothing on the review is offered to him.
  await openCase(mo, reference);
  const offeredToMo = await stepLinks(mo).allTextContents();
  for (const step of ['Acknowledge', 'Record a contact', 'Write the response', 'Extend the deadline', 'Refuse the review request']) {
    assert.ok(!offeredToMo.includes(step), `Mo is not offered "${step}" at Stage 2 (${offeredToMo})`);
  }

  // Chris refuses it: the reason is required, then the letter gives it.
  await openCase(chris, reference);
  await chris.getByRole('link', { name: 'Refuse the review request', exact: true }).click();
  await chris.waitForURL(/\/refuse-review$/);
  await waitForHydration(chris);
  await chris.getByRole('button', { name: 'Refuse the review request', exact: true }).click();
  await chris.getByRole('alert').getByText('There is a problem').waitFor();
  await expectNoAxeViolations(chris);
  for (const viewport of [VIEWPORTS.tabletLandscape, VIEWPORTS.tabletPortrait, VIEWPORTS.phone]) {
    await chris.setViewportSize(viewport);
    await screenshot(chris, `procedure-refuse-review-${viewport.width}x${viewport.height}`);
  }
  await chris.setViewportSize(VIEWPORTS.tabletLandscape);
  await chris.getByLabel(/reason for refusing/i).fill('The review request is about a new repair, logged as a new complaint.');
  await chris.getByRole('button', { name: 'Refuse the review request', exact: true }).click();
  await chris.waitForURL(new RegExp(`/staff/cases/${reference}$`));
  await waitForHydration(chris);
  const letter = chris.getByRole('list', { name: 'Letters' }).getByRole('link', { name: /will not review it at Stage 2/ });
  await letter.click();
  await chris.waitForURL(/\/letters\/\d+$/);
  const article = chris.getByRole('article');
  await article.getByText(/logged as a new complaint\./).waitFor();
  await article.getByRole('heading', { name: 'The Housing Ombudsman' }).waitFor();
  await article.getByText('0300 111 3000', { exact: false }).waitFor();
  await expectNoAxeViolations(chris);
  await screenshot(chris, 'procedure-review-refused-letter-1024x768');

  for (const page of [rita, mo, chris]) await page.close();
});
