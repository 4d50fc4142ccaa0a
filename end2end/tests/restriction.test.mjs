// Restricting how a customer contacts us (Complaint Handling Code 5.14–5.15): the complaints
// manager decides it from the customer on a case page, with what, why and a review date;
// every member of staff then sees it beside the customer; it is lifted with a reason and
// kept in the history. At phone and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, expectNoAxeViolations, screenshot, signedInPage, waitForHydration,
  londonParts, now,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const REASON = 'Abusive voicemails left for the repairs team on 2 and 3 December.';

test('the complaints manager restricts contact with a customer, staff see it, and it is lifted', async () => {
  const chris = await signedInPage(browser, 'chris.complaints@example.org');
  await chris.goto(`${BASE_URL}/staff?scope=all&search=Rita+Resident`);
  await chris.locator('.queue-list a').first().click();
  await chris.waitForURL(/\/staff\/cases\/CX-/);
  const casePage = chris.url();
  await chris.getByRole('link', { name: 'Restrict how we contact Rita Resident' }).click();
  await chris.waitForURL(/\/staff\/customers\/\d+\/restriction$/);
  await chris.getByRole('heading', { level: 1, name: 'Contact restriction: Rita Resident' }).waitFor();
  await expectNoAxeViolations(chris);

  // Every problem at once, next to its question.
  await chris.getByRole('button', { name: 'Save the restriction' }).click();
  const summary = chris.getByRole('alert');
  await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
  assert.deepEqual(await summary.getByRole('link').allInnerTexts(), [
    'Choose what is restricted',
    'Say why: the behaviour, and why this restriction is in proportion to it',
    'Enter the date it will be reviewed',
  ]);
  await expectNoAxeViolations(chris);
  await screenshot(chris, 'restriction-errors-1024x768');

  const review = londonParts(new Date(now().getTime() + 90 * 86_400_000));
  await chris.getByLabel('Contact in writing only: letters or email, no calls').check();
  await chris.getByLabel('Why').fill(REASON);
  const date = chris.getByRole('group', { name: 'When will it be reviewed?' });
  await date.getByLabel('Day').fill(String(review.day));
  await date.getByLabel('Month').fill(String(review.month));
  await date.getByLabel('Year').fill(String(review.year));
  await chris.getByRole('button', { name: 'Save the restriction' }).click();
  await chris.getByText('The restriction is saved.').waitFor();
  await chris.getByRole('heading', { name: 'In force now' }).waitFor();
  await chris.getByText(REASON).first().waitFor();
  for (const viewport of [VIEWPORTS.tabletLandscape, VIEWPORTS.tabletPortrait, VIEWPORTS.phone]) {
    await chris.setViewportSize(viewport);
    const width = await chris.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `no sideways scrolling at ${viewport.width} (${width})`);
    await expectNoAxeViolations(chris);
    await screenshot(chris, `restriction-${viewport.width}x${viewport.height}`);
  }
  await chris.setViewportSize(VIEWPORTS.tabletLandscape);
  const restrictionPage = chris.url().split('?')[0];

  // An officer sees it beside the customer, and is not offered to change it.
  const sam = await signedInPage(browser, 'sam.officer@example.org', VIEWPORTS.phone);
  await sam.goto(casePage);
  await waitForHydration(sam);
  const note = sam.getByRole('note', { name: 'Contact restriction' });
  await note.getByText('Contact in writing only: letters or email, no calls').waitFor();
  await note.getByText(`Why: ${REASON}`).waitFor();
  assert.equal(await sam.getByRole('link', { name: 'Review or lift the contact restriction' }).count(), 0);
  await expectNoAxeViolations(sam);
  await screenshot(sam, 'restriction-on-the-case-390x844');
  const refused = await sam.goto(restrictionPage);
  assert.equal(refused.status(), 403);
  await sam.close();

  // Lifted with a reason; the history keeps both.
  await chris.goto(restrictionPage);
  await chris.getByRole('button', { name: 'Lift the restriction' }).click();
  await chris.getByRole('alert').getByRole('link', { name: 'Say why the restriction is lifted' }).waitFor();
  await chris.getByLabel('Why is it lifted?').fill('An apology in writing and calm calls since.');
  await chris.getByRole('button', { name: 'Lift the restriction' }).click();
  await chris.getByText('The restriction is lifted.').waitFor();
  await chris.getByRole('heading', { name: 'Earlier decisions' }).waitFor();
  await chris.getByText(/Lifted on .+ by Chris .+: An apology in writing and calm calls since\./).waitFor();
  assert.equal(await chris.getByRole('heading', { name: 'In force now' }).count(), 0);
  await expectNoAxeViolations(chris);
  await chris.goto(casePage);
  await chris.getByRole('link', { name: 'Restrict how we contact Rita Resident' }).waitFor();
  assert.equal(await chris.getByRole('note', { name: 'Contact restriction' }).count(), 0);
  assert.deepEqual(chris.errors, []);
  await chris.close();
});
