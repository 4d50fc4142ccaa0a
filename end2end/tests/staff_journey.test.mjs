// The staff journey of one complaint, on tablets (1024×768), from a phone call to the end of
// Stage 2: an officer logs it, the complaints manager accepts it for a manager, who makes
// contact, acknowledges, extends and answers it; two tablets record the same review request
// and the second is told the case changed; the complaints manager reviews it with an
// involved customer, the head of service signs it off, and the final letter names the Housing
// Ombudsman. Each person has their own browser context, every page is scanned by axe once
// hydrated, one step is taken with the keyboard alone, and the case, a step, the response
// form and a letter are looked at in portrait and on a phone too.
//
// The test makes its own case (a customer with a name of its own), so it depends on no demo
// case and runs after the other browser tests on the same database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, openPage, expectNoAxeViolations, waitForHydration, screenshot,
  signedInPage, continueForm, fillForm,
  londonParts,
  approveRedactedFile,
} from './support.mjs';

const SAM = 'sam.officer@example.org';
const MO = 'mo.manager@example.org';
const CHRIS = 'chris.complaints@example.org';
const HANA = 'hana.head@example.org';

const CUSTOMER = `Jo Journey ${Date.now().toString(36)}`;
const STORY = 'The boiler has not worked for two weeks and nobody came to the booked repair.';
const WANTS = 'Fix the boiler and explain why the repair was missed.';
const REFERENCE = /^CX-\d{4}-\d{6}$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Each person signs in in a browser context of their own; script errors are collected. */
async function signIn(email) {
  return signedInPage(browser, email);
}

/** The page has its heading, is interactive, and axe finds nothing. */
async function settle(page, heading) {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await waitForHydration(page);
  await expectNoAxeViolations(page);
}

const casePath = (reference) => `/staff/cases/${reference}`;
const onCasePage = (reference) => new RegExp(`/staff/cases/${reference}$`);

async function openCase(page, reference) {
  await page.goto(`${BASE_URL}${casePath(reference)}`);
  await settle(page, reference);
}

/** The case's stage, as the tag under its reference says it. */
async function expectStage(page, stage) {
  await page.getByText(stage, { exact: true }).first().waitFor();
}

/** From the case page, opens one of the next steps. */
async function openStep(page, reference, label) {
  await page.getByRole('link', { name: label, exact: true }).click();
  await page.waitForURL(new RegExp(`/staff/cases/${reference}/[a-z-]+$`));
  await settle(page, label);
}

/** Sends a step's form and lands back on the case page. */
async function submitStep(page, reference, button) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForURL(onCasePage(reference));
  await settle(page, reference);
}

/** The letters on the case page, oldest first. */
function letters(page) {
  return page.getByRole('list', { name: 'Letters' }).getByRole('link');
}

/** "Monday 21 December 2026" → a date (at noon UTC, so no time zone moves its day). */
function parseLongDate(text) {
  const [, day, month, year] = text.match(/(\d{1,2}) (\w+) (\d{4})/);
  return new Date(Date.UTC(Number(year), MONTHS.indexOf(month), Number(day), 12));
}

function addWeekdays(date, n) {
  const d = new Date(date);
  while (n > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) n -= 1;
  }
  return d;
}

async function noSidewaysScrolling(page, label) {
  const width = page.viewportSize().width;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width, `no sideways scrolling on ${label} at ${width}px (${scrollWidth}px)`);
}

/**
 * The page as it is now, turned to tablet portrait and then a phone and back (media queries
 * apply at once, so nothing is loaded again): at each size no sideways scrolling, axe, and
 * a screenshot named for the page and the size.
 */
async function atEverySize(page, name) {
  for (const viewport of [VIEWPORTS.tabletLandscape, VIEWPORTS.tabletPortrait, VIEWPORTS.phone]) {
    await page.setViewportSize(viewport);
    await noSidewaysScrolling(page, name);
    // Landscape was scanned when the page arrived.
    if (viewport !== VIEWPORTS.tabletLandscape) await expectNoAxeViolations(page);
    await screenshot(page, `journey-${name}-${viewport.width}x${viewport.height}`);
  }
  await page.setViewportSize(VIEWPORTS.tabletLandscape);
}

test('a phone complaint from logging to the end of Stage 2, on tablets', async (t) => {
  const started = Date.now();
  const everyone = await Promise.all([SAM, MO, CHRIS, HANA].map(signIn));
  const [sam, mo, chris, hana] = everyone;

  // 1. Sam logs a complaint that came by phone.
  await sam.goto(`${BASE_URL}/staff`);
  await settle(sam, 'Work queue');
  await sam.getByRole('link', { name: 'Log a complaint' }).click();
  await sam.waitForURL(/\/make\?kind=complaint$/);
  await settle(sam, 'How it reached us');
  await sam.getByText('Log a complaint: page 1 of 7').waitFor();
  await sam.getByRole('group', { name: 'How did the customer get in touch?' })
    .getByLabel('Phone', { exact: true }).check();

  // When it reached us is filled in with now, in London: numbers as people write them.
  const received = sam.getByRole('group', { name: 'When did it reach us?' });
  const london = londonParts();
  assert.equal(await received.getByLabel('Day').inputValue(), String(london.day));
  assert.equal(await received.getByLabel('Month').inputValue(), String(london.month));
  assert.equal(await received.getByLabel('Year').inputValue(), String(london.year));
  const time = sam.getByLabel('At what time?');
  const prefilled = await time.inputValue();
  assert.match(prefilled, /^\d{2}:\d{2}$/);
  const minutes = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  const apart = Math.abs(london.hour * 60 + london.minute - minutes(prefilled));
  assert.ok(Math.min(apart, 1440 - apart) <= 2, `the time is now (${prefilled}, ${london.hour}:${london.minute} in London)`);

  const preview = sam.getByText(/^Received .+: contact the customer by /);
  assert.match(await preview.textContent(), new RegExp(` at ${prefilled}: `));
  // An earlier time today: the preview follows as the field is left.
  const earlier = '00:00';
  await time.fill(earlier);
  await time.press('Shift+Tab');
  await sam.getByText(new RegExp(`^Received .+ at ${earlier}: contact the customer by \\w+day`)).waitFor();
  await continueForm(sam);

  // Then the customer, a page at a time.
  await settle(sam, 'About the customer');
  await fillForm(sam, {
    about: async () => {
      await sam.getByRole('group', { name: 'What best describes the customer?' }).getByLabel('Tenant').check();
      await sam.getByLabel("The customer's full name").fill(CUSTOMER);
    },
    adjustments: async () => {
      await sam.getByLabel('Large print').check();
      await sam.getByLabel('Easy read').check();
    },
    contact: async () => {
      await sam.getByLabel('Phone number').fill('07700 900123');
      await sam.getByLabel('Email address', { exact: true }).fill('jo.journey@example.org');
    },
    details: () => sam.getByLabel('What did we do wrong, or fail to do?').fill(STORY),
    remedy: async () => {
      await sam.getByLabel('What would you like us to do to put it right? (optional)').fill(WANTS);
      await expectNoAxeViolations(sam);
    },
  });

  await sam.waitForURL(/\/make\/check\?draft=[0-9a-f]{64}$/);
  await settle(sam, 'Check the answers before logging the case');
  await sam.getByText(CUSTOMER).waitFor();
  await sam.getByText(new RegExp(`at ${earlier}$`)).waitFor();
  await sam.getByRole('button', { name: 'Send' }).click();
  await sam.waitForURL(/\/staff\/cases\/CX-\d{4}-\d{6}$/);
  const reference = new URL(sam.url()).pathname.split('/').pop();
  assert.match(reference, REFERENCE);
  await settle(sam, reference);
  await expectStage(sam, 'Waiting to be accepted');
  const adjustments = sam.getByRole('note', { name: 'Reasonable adjustments' });
  await adjustments.getByText('Large print').waitFor();
  await sam.getByText('Complaint · Phone', { exact: true }).waitFor();

  // 2. Chris finds it among the unassigned cases and accepts it for Mo.
  await chris.goto(`${BASE_URL}/staff`);
  await settle(chris, 'Work queue');
  await chris.getByRole('navigation', { name: 'Whose cases' })
    .getByRole('link', { name: 'Unassigned', exact: true }).click();
  await chris.waitForURL(/scope=unassigned/);
  await chris.getByLabel('Reference, name or postcode').fill(reference);
  await chris.getByRole('button', { name: 'Apply filters' }).click();
  await chris.waitForURL(/search=CX-/);
  await chris.getByRole('link', { name: reference, exact: true }).waitFor();
  await expectNoAxeViolations(chris);
  await chris.getByRole('link', { name: reference, exact: true }).click();
  await chris.waitForURL(onCasePage(reference));
  await settle(chris, reference);
  await openStep(chris, reference, 'Accept the complaint');
  await chris.getByRole('group', { name: 'Who will handle Stage 1?' }).getByLabel(/^Mo Manager/).check();
  await submitStep(chris, reference, 'Accept the complaint');
  await expectStage(chris, 'Stage 1');

  // 3. Mo records a contact, with the keyboard alone. Pressed before anything is filled in,
  // the form names every problem at once, each linking to its field.
  await openCase(mo, reference);
  await openStep(mo, reference, 'Record a contact');
  await mo.getByRole('button', { name: 'Record a contact' }).click();
  const problems = mo.getByRole('alert');
  await problems.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await problems.getByRole('link').nth(1).waitFor();
  assert.deepEqual(await problems.getByRole('link').allInnerTexts(),
    ['Choose how you were in touch', 'Write a short summary of what was said']);
  await mo.locator('#text-error').getByText('Write a short summary of what was said').waitFor();
  await expectNoAxeViolations(mo);
  await atEverySize(mo, 'step-every-problem');
  await openCase(mo, reference);
  await openStep(mo, reference, 'Record a contact');
  const firstRadio = mo.getByRole('group', { name: 'How were you in touch?' }).getByLabel('Phone call');
  let tabs = 0;
  while (!(await firstRadio.evaluate((el) => el === document.activeElement))) {
    await mo.keyboard.press('Tab');
    tabs += 1;
    assert.ok(tabs < 40, 'Tab reaches the first radio');
  }
  await mo.keyboard.press('Space');
  assert.equal(await firstRadio.isChecked(), true, 'Space chooses the focused radio');
  await mo.keyboard.press('ArrowRight');
  await mo.keyboard.press('ArrowLeft');
  assert.equal(await firstRadio.isChecked(), true, 'the arrow keys move the choice and back');
  await mo.keyboard.press('Tab');
  assert.equal(await mo.getByLabel('Summary').evaluate((el) => el === document.activeElement), true);
  await mo.keyboard.type('Called the customer: the boiler is still off; we booked an engineer.');
  await mo.keyboard.press('Tab');
  const contactButton = mo.getByRole('button', { name: 'Record a contact' });
  assert.equal(await contactButton.evaluate((el) => el === document.activeElement), true);
  await mo.keyboard.press('Enter');
  await mo.waitForURL(onCasePage(reference));
  await settle(mo, reference);
  await mo.getByText(/^Phone call on \w+day .+: Called the customer/).waitFor();

  // Acknowledge: the letter appears on the case, in large print.
  await openStep(mo, reference, 'Acknowledge');
  await mo.getByLabel('Our understanding of the complaint')
    .fill('The boiler has been broken for two weeks and the repair we booked did not happen.');
  assert.equal(await mo.getByLabel('What the customer wants us to do').inputValue(), WANTS);
  await submitStep(mo, reference, 'Acknowledge');
  const acknowledgement = letters(mo).filter({ hasText: 'we have it and are looking into it' });
  await acknowledgement.waitFor();
  await mo.getByRole('list', { name: 'Letters' }).getByText(/large print/).first().waitFor();
  await acknowledgement.click();
  await mo.waitForURL(/\/letters\/\d+$/);
  await settle(mo, 'Your complaint: we have it and are looking into it');
  const letter = mo.getByRole('article');
  await letter.getByRole('heading', { name: 'The Housing Ombudsman' }).waitFor();
  await letter.getByText('Housing Ombudsman Service').waitFor();
  const box = letter.getByRole('complementary', { name: 'The Housing Ombudsman' });
  await box.getByText('0300 111 3000', { exact: false }).waitFor();
  // The customer asked for easy read: the letter opens with it in short sentences.
  const inShort = letter.getByRole('region', { name: 'This letter in short' });
  await inShort.getByText('We have your complaint.', { exact: true }).waitFor();
  await inShort.getByText(/^We will write to you with our answer by \w+day \d+ \w+ \d{4}\.$/).waitFor();
  await letter.getByText(reference, { exact: true }).waitFor();
  const letterSize = await letter.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(letterSize >= 24, `the letter is in large print (${letterSize}px)`);
  await atEverySize(mo, 'letter');
  await mo.goBack();
  await mo.waitForURL(onCasePage(reference));
  await settle(mo, reference);
  await atEverySize(mo, 'case');

  // Extend the deadline by a few working days, within the limit.
  await openStep(mo, reference, 'Extend the deadline');
  await atEverySize(mo, 'step');
  const hint = await mo.getByText(/^The response is due by /).textContent();
  const [, dueText, limitText] = hint.match(/due by (\w+day \d+ \w+ \d{4})\. You can extend to (\w+day \d+ \w+ \d{4})/);
  const due = parseLongDate(dueText);
  const limit = parseLongDate(limitText);
  let to = addWeekdays(due, 3);
  if (to > limit) to = limit;
  assert.ok(to > due, `the limit (${limitText}) is after the due date (${dueText})`);
  const newDate = mo.getByRole('group', { name: 'New response date' });
  await newDate.getByLabel('Day').fill(String(to.getUTCDate()));
  await newDate.getByLabel('Month').fill(String(to.getUTCMonth() + 1));
  await newDate.getByLabel('Year').fill(String(to.getUTCFullYear()));
  await mo.getByLabel('Why more time is needed').fill('We are waiting for the engineer’s report on the boiler.');
  await submitStep(mo, reference, 'Extend the deadline');
  const extendedTo = `${to.getUTCDate()} ${MONTHS[to.getUTCMonth()]} ${to.getUTCFullYear()}`;
  await mo.getByRole('row', { name: new RegExp(`^Respond in writing \\(extended\\) \\w+day ${extendedTo} Not yet$`) }).waitFor();
  await letters(mo).filter({ hasText: 'we need more time' }).waitFor();

  // Write the response: upheld, with an apology and £50.
  await openStep(mo, reference, 'Write the response');
  await atEverySize(mo, 'response');
  await mo.getByRole('group', { name: 'Overall outcome' }).getByLabel('Upheld', { exact: true }).check();
  const point = mo.getByRole('group', { name: 'Point 1', exact: true });
  await point.getByLabel('What the customer raised').fill('The booked repair did not happen.');
  await point.getByLabel('What we found').fill('The engineer was sent to the wrong address.');
  await point.getByRole('group', { name: 'On point 1' }).getByLabel('Upheld', { exact: true }).check();
  await mo.getByRole('group', { name: 'Remedies' }).getByLabel('An apology').check();
  await mo.getByRole('group', { name: 'Payment 1' }).getByLabel('Amount (£)').fill('50');
  await submitStep(mo, reference, 'Save the response and issue the letter');
  await expectStage(mo, 'Stage 1 answered');
  await letters(mo).filter({ hasText: 'our Stage 1 response' }).waitFor();

  // 4. Two tablets record the same review request: Sam's is saved first.
  await openStep(mo, reference, 'Record a review request');
  await openCase(sam, reference);
  await openStep(sam, reference, 'Record a review request');
  const mine = 'She rang Mo to ask for a review of the Stage 1 answer.';
  await mo.getByLabel('How they asked (optional)').fill(mine);
  await sam.getByLabel('How they asked (optional)').fill('She rang Sam to ask for a review.');
  await submitStep(sam, reference, 'Record a review request');
  await expectStage(sam, 'Stage 2 review');

  await mo.getByRole('button', { name: 'Record a review request' }).click();
  const summary = mo.getByRole('alert');
  await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await summary.getByText(/^This case changed since you opened it/).waitFor();
  await mo.getByText('The case now:').waitFor();
  await mo.getByRole('status').getByText('Stage 2 review').waitFor();
  assert.equal(await mo.getByLabel('How they asked (optional)').inputValue(), mine, 'what Mo typed is kept');
  assert.match(new URL(mo.url()).pathname, /\/record-review$/, 'Mo stays on the form');
  await expectNoAxeViolations(mo);
  await screenshot(mo, 'journey-stale-1024x768');
  await mo.getByRole('link', { name: `Back to ${reference}` }).click();
  await mo.waitForURL(onCasePage(reference));
  await settle(mo, reference);
  await expectStage(mo, 'Stage 2 review');

  // 5. Chris assigns the reviewer: not Mo, who handled Stage 1.
  await openCase(chris, reference);
  await openStep(chris, reference, 'Assign the reviewer');
  const reviewers = chris.getByRole('group', { name: 'Who will review it?' });
  await chris.getByText('The review is independent of Stage 1: nobody who handled, acknowledged, extended or answered it is listed.').waitFor();
  assert.equal(await reviewers.getByLabel(/^Mo Manager/).count(), 0, 'Mo is not offered as reviewer');
  await reviewers.getByLabel(/^Chris Complaints/).check();
  await submitStep(chris, reference, 'Assign the reviewer');
  await chris.getByRole('definition').filter({ hasText: /^Chris Complaints$/ }).waitFor();

  await openStep(chris, reference, 'Record a contact');
  await chris.getByRole('group', { name: 'How were you in touch?' }).getByLabel('Phone call').check();
  await chris.getByLabel('Summary').fill('Called to explain how the review works.');
  await submitStep(chris, reference, 'Record a contact');

  await openStep(chris, reference, 'Acknowledge');
  await chris.getByLabel('Our understanding of the complaint')
    .fill('You would like us to look again at the compensation we offered.');
  await submitStep(chris, reference, 'Acknowledge');
  await letters(chris).filter({ hasText: 'Your review: we have your request' }).waitFor();

  // Nothing reaches the panel before the complaints manager checks and approves the file.
  await approveRedactedFile(chris, reference);
  await openStep(chris, reference, 'Invite an involved customer');
  await chris.getByRole('group', { name: 'Which panel member?' }).getByLabel(/^Ian Panel/).check();
  await submitStep(chris, reference, 'Invite an involved customer');
  await chris.getByText(/was invited to give an independent view$/).first().waitFor();

  // 6. Chris writes the outcome for sign-off; Hana reads it, letter and all, and signs it off.
  await openCase(chris, reference);
  await openStep(chris, reference, 'Write the outcome for sign-off');
  await chris.getByRole('group', { name: 'Overall outcome' }).getByLabel('Partly upheld').check();
  const review = chris.getByRole('group', { name: 'Point 1', exact: true });
  await review.getByLabel('What the customer raised').fill('£50 does not cover two weeks without heating.');
  await review.getByLabel('What we found').fill('Our compensation policy gives more for loss of heating in winter.');
  await review.getByRole('group', { name: 'On point 1' }).getByLabel('Partly upheld').check();
  await chris.getByRole('group', { name: 'Payment 1' }).getByLabel('Amount (£)').fill('150');
  // Chris reads the final letter it will become before asking for sign-off.
  await chris.getByRole('button', { name: 'Preview the letter' }).click();
  await chris.getByRole('region', { name: 'Check what the customer will see' })
    .getByRole('article', { name: 'Your review: our final response' })
    .getByText(/£150\.00/).first().waitFor();
  assert.equal(await chris.getByRole('group', { name: 'Payment 1' }).getByLabel('Amount (£)').inputValue(), '150');
  await submitStep(chris, reference, 'Ask the head of service to sign it off');
  await expectStage(chris, 'Stage 2 review');

  await openCase(hana, reference);
  await openStep(hana, reference, 'Sign off the review');
  const agree = hana.getByRole('region', { name: 'The outcome you are signing off' });
  const toAgree = agree.getByRole('article', { name: 'Your review: our final response' });
  await toAgree.getByText('Our compensation policy gives more for loss of heating in winter.', { exact: false }).first().waitFor();
  await toAgree.getByText(/£150\.00/).first().waitFor();
  await expectNoAxeViolations(hana);
  for (const viewport of [VIEWPORTS.tabletLandscape, VIEWPORTS.tabletPortrait, VIEWPORTS.phone]) {
    await hana.setViewportSize(viewport);
    await screenshot(hana, `journey-sign-off-${viewport.width}x${viewport.height}`);
  }
  await hana.setViewportSize(VIEWPORTS.tabletLandscape);
  await submitStep(hana, reference, 'Sign off this outcome');
  await hana.getByText(/review outcome was signed off on \w+day/i).first().waitFor();
  assert.equal(await hana.getByRole('link', { name: 'Sign off the review', exact: true }).count(), 0);

  // 7. Chris sends the outcome as it was agreed: the case closes with the final letter.
  await openCase(chris, reference);
  await openStep(chris, reference, 'Write the response');
  await chris.getByRole('region', { name: 'The outcome the head of service signed off' }).waitFor();
  assert.equal(await chris.getByLabel('What we found').count(), 0, 'nothing to write again');
  await submitStep(chris, reference, 'Send the signed-off outcome');
  await expectStage(chris, 'Closed');
  const last = letters(chris).last();
  assert.equal((await last.textContent()).trim(), 'Your review: our final response');
  await last.click();
  await chris.waitForURL(/\/letters\/\d+$/);
  await settle(chris, 'Your review: our final response');
  const final = chris.getByRole('article');
  await final.getByRole('heading', { name: 'The Housing Ombudsman' }).waitFor();
  await final.getByRole('region', { name: 'This letter in short' })
    .getByText('This is our last answer.', { exact: true }).waitFor();
  await final.getByText(/the right to ask the Housing Ombudsman to investigate your complaint\. Please contact them within 12 months of the end of our complaints process, that is by \w+day \d+ \w+ \d{4}\./).waitFor();
  const finalSize = await final.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(finalSize >= 24, `the final letter is in large print too (${finalSize}px)`);
  await screenshot(chris, 'journey-final-letter-1024x768');

  assert.deepEqual(everyone.flatMap((p) => p.errors), [], 'no script errors in any page');
  for (const page of everyone) await page.close();
  t.diagnostic(`the journey took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
