// An involved customer's part in a review, on tablets: the complaints manager logs a phone
// complaint whose own words name the customer, takes it to Stage 2 by agreement and invites
// Ian from the tenant panel; Ian accepts, reads the redacted file (nothing in it names the
// customer), is told what is missing when he sends the form empty, and gives his view;
// the complaints manager sees the view and Ian's opening of the file on the case page.
// Every page is scanned by axe once hydrated; the panel's pages are also looked at in
// portrait and on a phone.
//
// The test makes its own case (a customer with a name of its own), so it depends on no demo
// case and can run again on the same database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, openPage, expectNoAxeViolations, waitForHydration, screenshot,
  signedInPage,
  approveRedactedFile,
  fillForm,
} from './support.mjs';

const CHRIS = 'chris.complaints@example.org';
const IAN = 'ian.panel@example.org';

const SUFFIX = Date.now().toString(36);
const FIRST = 'Jolene';
const LAST = `Panelcheck${SUFFIX}`;
const CUSTOMER = `${FIRST} ${LAST}`;
const PHONE = '07700 900456';
const EMAIL = `jolene.${SUFFIX}@example.org`;
const STORY = `This is ${CUSTOMER} of 14 Mill Lane, LS1 4AB. The damp in my bedroom came back a month after the repair. Ring me on 07700900456 or write to ${EMAIL}.`;
const COMMENT = 'The review does not say whether anyone came back to check the damp after the repair.';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function signIn(email) {
  return signedInPage(browser, email);
}

async function settle(page, heading) {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await waitForHydration(page);
  await expectNoAxeViolations(page);
}

const onCasePage = (reference) => new RegExp(`/staff/cases/${reference}$`);

async function openStep(page, reference, label) {
  await page.getByRole('link', { name: label, exact: true }).click();
  await page.waitForURL(new RegExp(`/staff/cases/${reference}/[a-z-]+$`));
  await settle(page, label);
}

async function submitStep(page, reference, button) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForURL(onCasePage(reference));
  await settle(page, reference);
}

/** Nothing on the page names the customer or gives their contact details. */
async function expectNothingIdentifying(page) {
  const text = await page.locator('main').innerText();
  for (const secret of [LAST, PHONE, '07700900456', EMAIL, 'LS1 4AB', 'Mill Lane']) {
    assert.ok(!text.includes(secret), `${secret} is on ${page.url()}`);
  }
  assert.ok(!/\bJolene\b/.test(text), `the first name is on ${page.url()}`);
}

async function noSidewaysScrolling(page, label) {
  const width = page.viewportSize().width;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width, `no sideways scrolling on ${label} at ${width}px (${scrollWidth}px)`);
}

test('a panel member is invited, reads the redacted file and gives a view the reviewer sees', async () => {
  const chris = await signIn(CHRIS);

  // 1. Chris logs a phone complaint.
  await chris.goto(`${BASE_URL}/staff`);
  await settle(chris, 'Work queue');
  await chris.getByRole('link', { name: 'Log a complaint' }).click();
  await chris.waitForURL(/\/make\?kind=complaint$/);
  await settle(chris, 'How it reached us');
  await fillForm(chris, {
    received: () => chris.getByRole('group', { name: 'How did the customer get in touch?' })
      .getByLabel('Phone', { exact: true }).check(),
    about: async () => {
      await chris.getByRole('group', { name: 'What best describes the customer?' }).getByLabel('Tenant').check();
      await chris.getByLabel("The customer's full name").fill(CUSTOMER);
    },
    contact: async () => {
      await chris.getByLabel('Phone number').fill(PHONE);
      await chris.getByLabel('Email address', { exact: true }).fill(EMAIL);
    },
    details: () => chris.getByLabel('What did we do wrong, or fail to do?').fill(STORY),
    remedy: () => chris.getByLabel('What would you like us to do to put it right? (optional)')
      .fill(`Send someone to 14 Mill Lane and call ${FIRST} first.`),
  });
  await chris.waitForURL(/\/make\/check\?draft=[0-9a-f]{64}$/);
  await settle(chris, 'Check the answers before logging the case');
  await chris.getByRole('button', { name: 'Send' }).click();
  await chris.waitForURL(/\/staff\/cases\/CX-\d{4}-\d{6}$/);
  const reference = new URL(chris.url()).pathname.split('/').pop();
  await settle(chris, reference);

  // 2. Accepted for Mo, moved to Stage 2 by agreement, and Ian invited.
  await openStep(chris, reference, 'Accept the complaint');
  await chris.getByRole('group', { name: 'Who will handle Stage 1?' }).getByLabel(/^Mo Manager/).check();
  await submitStep(chris, reference, 'Accept the complaint');
  await openStep(chris, reference, 'Escalate to Stage 2 by agreement');
  await chris.getByLabel('What was agreed with the customer, and why')
    .fill('The customer and the manager agree the repairs history needs a senior review.');
  await submitStep(chris, reference, 'Escalate to Stage 2 by agreement');
  await chris.getByText('Stage 2 review', { exact: true }).first().waitFor();
  // Before anyone is invited, the reviewer can check the file the panel would see.
  const involvement = chris.getByRole('region', { name: 'Involved customer' });
  await involvement.getByText('No panel member has been invited yet.').waitFor();
  // Nothing reaches the panel before the complaints manager checks and approves the file.
  await approveRedactedFile(chris, reference);
  await openStep(chris, reference, 'Invite an involved customer');
  await chris.getByRole('group', { name: 'Which panel member?' }).getByLabel(/^Ian Panel/).check();
  await submitStep(chris, reference, 'Invite an involved customer');
  await involvement.getByText('Waiting for an answer').waitFor();

  // 3. Ian finds the review among his own and accepts it.
  const ian = await signIn(IAN);
  await ian.waitForURL(/\/panel$/);
  await settle(ian, 'Your reviews');
  const review = ian.getByRole('region', { name: `Review ${reference}` });
  await review.getByText('Waiting for your answer').waitFor();
  // When the view is needed by, written in full where it cannot be missed.
  await review.getByText(/^Your view is needed by \w+day \d{1,2} \w+ \d{4}\.$/).waitFor();
  await expectNothingIdentifying(ian);
  await screenshot(ian, 'panel-reviews-1024x768');
  await review.getByRole('button', { name: 'Accept and read the file' }).click();
  await ian.waitForURL(new RegExp(`/panel/${reference}$`));
  await settle(ian, reference);

  // 4. The file: the complaint in the customer's words, without who they are.
  await ian.getByText('The damp in my bedroom came back a month after the repair.', { exact: false }).waitFor();
  await expectNothingIdentifying(ian);
  const story = await ian.getByText(/came back a month after the repair/).first().innerText();
  for (const placeholder of ['[name]', '[address]', '[postcode]', '[phone]', '[email]']) {
    assert.ok(story.includes(placeholder), `${placeholder} in "${story}"`);
  }
  await screenshot(ian, 'panel-file-1024x768');

  // Sent empty: every problem is named, the first one in the summary.
  await ian.getByRole('button', { name: 'Send your view' }).click();
  const summary = ian.getByRole('alert');
  await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await summary.getByRole('link', { name: 'Say whether the investigation was thorough' }).waitFor();
  await expectNoAxeViolations(ian);
  await screenshot(ian, 'panel-file-error-1024x768');

  await ian.getByRole('group', { name: 'Was the investigation thorough?' }).getByLabel('Partly').check();
  await ian.getByRole('group', { name: 'Were all the points the customer raised answered?' }).getByLabel('Yes').check();
  // No file was shared with the panel on this case: nothing is asked about evidence.
  await ian.getByText('No files were shared with you for this review', { exact: false }).waitFor();
  assert.equal(await ian.getByRole('group', { name: 'Does the evidence support the resolution?' }).count(), 0);
  await ian.getByRole('group', { name: 'Does the remedy put things right?' }).getByLabel('No').check();
  await ian.getByLabel('Your comments').fill(COMMENT);
  await ian.getByRole('button', { name: 'Send your view' }).click();
  await ian.waitForURL(/\/panel\?view=given$/);
  await settle(ian, 'Your reviews');
  await ian.getByRole('status').getByText('Thank you: your view has been sent to the reviewer.').waitFor();
  await ian.getByRole('region', { name: `Review ${reference}` }).getByText(/^You gave your view on /).waitFor();

  // The panel's pages in portrait and on a phone.
  for (const viewport of [VIEWPORTS.tabletPortrait, VIEWPORTS.phone]) {
    await ian.setViewportSize(viewport);
    for (const [name, path, heading] of [['reviews', '/panel', 'Your reviews'], ['file', `/panel/${reference}`, reference]]) {
      await ian.goto(`${BASE_URL}${path}`);
      await settle(ian, heading);
      await noSidewaysScrolling(ian, name);
      await screenshot(ian, `panel-${name}-${viewport.width}x${viewport.height}`);
    }
  }

  // 5. Chris sees the view and the openings on the case page.
  await chris.goto(`${BASE_URL}/staff/cases/${reference}`);
  await settle(chris, reference);
  await involvement.getByText('View given').waitFor();
  await involvement.getByRole('heading', { name: 'Their independent view' }).waitFor();
  await involvement.getByText(COMMENT).waitFor();
  await involvement.getByText(/^Opened the file \d+ times?, last on /).waitFor();
  await chris.getByText('An involved customer opened the redacted review file').first().waitFor();
  await chris.getByText(/^The involved customer gave their view on /).first().waitFor();
  await involvement.scrollIntoViewIfNeeded();
  await screenshot(chris, 'panel-staff-view-1024x768');

  // And the panel's accounts, from the same box.
  await involvement.getByRole('link', { name: 'See or add panel members' }).click();
  await chris.waitForURL(/\/staff\/panel-members$/);
  await settle(chris, 'Panel members');
  await chris.getByRole('table', { name: 'Members of the tenant panel' }).getByText('Ian Panel').waitFor();
  await chris.getByRole('button', { name: 'Add to the panel' }).click();
  await chris.getByRole('alert').getByRole('link', { name: "Enter the panel member's full name" }).waitFor();
  await expectNoAxeViolations(chris);
  await screenshot(chris, 'panel-members-1024x768');

  assert.deepEqual([...chris.errors, ...ian.errors], [], 'no script errors in any page');
  await chris.close();
  await ian.close();
});
