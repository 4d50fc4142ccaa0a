// The procedure as the Complaint Handling Code asks, through the real pages: Rita makes a
// complaint online; it is accepted, acknowledged and answered at Stage 1 by Mo, who then
// closes it. Closing does not take her right to a review away: she still asks for one on
// her case page and the case opens again at Stage 2, where Mo, who handled Stage 1, is
// offered nothing. Chris refuses the review with a reason, and the letter giving it with the
// Ombudsman's details is on the case. And a response answers every point: as many points,
// payments and actions as there are, added with and without JavaScript, all in the letter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, openPage, expectNoAxeViolations, waitForHydration, signIn, screenshot, VIEWPORTS,
  now, londonParts,
  fillForm,
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

/** Rita complains online; Chris accepts it for Mo. Returns the pages and the reference. */
async function complaintWithMo(story) {
  const rita = await openPage(browser);
  await signIn(rita, 'rita.resident@example.org', '/make?kind=complaint');
  await rita.goto(`${BASE_URL}/make?kind=complaint`);
  await waitForHydration(rita);
  await fillForm(rita, {
    about: async () => {
      await rita.getByLabel('Tenant').check();
      await rita.getByLabel('Your full name').fill('Rita Resident');
    },
    contact: () => rita.getByLabel('Phone number').fill('07700 900111'),
    details: () => rita.getByLabel('What did we do wrong, or fail to do?').fill(story),
  });
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
  return { rita, chris, mo, reference };
}

test('closing at Stage 1 leaves the review open; only a refusal with a letter says no', async () => {
  const { rita, chris, mo, reference } = await complaintWithMo(STORY);
  await takeStep(mo, reference, 'Acknowledge', async (p) => {
    await p.getByLabel('Our understanding of the complaint').fill('The landing lights have been off for a month.');
  });
  await takeStep(mo, reference, 'Write the response', async (p) => {
    await p.getByRole('group', { name: 'Overall outcome' }).getByLabel('Not upheld').check();
    const point = p.getByRole('group', { name: 'Point 1', exact: true });
    await point.getByLabel('What the customer raised').fill('The landing lights are off.');
    await point.getByLabel('What we found').fill('They were repaired the day after they were reported.');
    await point.getByRole('group', { name: 'On point 1' }).getByLabel('Not upheld').check();
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

test('a response answers every point, with every payment and action, and the letter gives them all', async () => {
  const { rita, chris, mo, reference } = await complaintWithMo(`${STORY} Also the door entry.`);
  const definition = 'The landing lights and the door entry phone have not worked for a month.';
  await takeStep(mo, reference, 'Acknowledge', async (p) => {
    await p.getByLabel('Our understanding of the complaint').fill(definition);
  });
  const form = `${BASE_URL}/staff/cases/${reference}/respond`;

  // Without JavaScript, "Add another point" posts the form and it comes back, as typed, with
  // a second point.
  const plain = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.tabletLandscape });
  await plain.addCookies(await mo.context().cookies());
  const noJs = await plain.newPage();
  await noJs.goto(form);
  await noJs.getByRole('group', { name: 'Point 1', exact: true }).getByLabel('What the customer raised').fill('Typed before adding a row.');
  await noJs.getByRole('button', { name: 'Add another point' }).click();
  await noJs.getByRole('group', { name: 'Point 2', exact: true }).waitFor();
  assert.equal(
    await noJs.getByRole('group', { name: 'Point 1', exact: true }).getByLabel('What the customer raised').inputValue(),
    'Typed before adding a row.',
  );
  assert.equal(await noJs.getByRole('alert').count(), 0, 'adding a row is not an error');
  await plain.close();

  // With it, Mo answers three points, two payments and two actions.
  await mo.getByRole('link', { name: 'Write the response', exact: true }).click();
  await mo.waitForURL(/\/respond$/);
  await waitForHydration(mo);
  assert.equal(await mo.getByLabel('The complaint, as we defined it').inputValue(), definition);
  await mo.getByRole('group', { name: 'Overall outcome' }).getByLabel('Partly upheld').check();
  const points = [
    ['The landing lights are off.', 'They were off for 31 days.', 'Upheld'],
    ['The door entry phone is broken.', 'It was repaired within our target.', 'Not upheld'],
    ['Nobody called back.', 'Two promised calls were not made.', 'Upheld'],
  ];
  for (const [i, [raised, found, outcome]] of points.entries()) {
    if (i > 0) {
      await mo.getByRole('button', { name: 'Add another point' }).click();
      // Focus moves to the new point's first box.
      await mo.waitForFunction((id) => document.activeElement?.id === id, `point-${i + 1}`);
    }
    const group = mo.getByRole('group', { name: `Point ${i + 1}`, exact: true });
    await group.getByLabel('What the customer raised').fill(raised);
    if (i !== 1) await group.getByLabel('What we found').fill(found);
    await group.getByRole('group', { name: `On point ${i + 1}` }).getByLabel(outcome, { exact: true }).check();
  }
  await mo.getByRole('group', { name: 'Remedies' }).getByLabel('An apology').check();
  await mo.getByRole('group', { name: 'Payment 1', exact: true }).getByLabel('Amount (£)').fill('40');
  await mo.getByRole('group', { name: 'Payment 1', exact: true }).getByLabel(/What it is for/).fill('the time and trouble of chasing us');
  await mo.getByRole('button', { name: 'Add another payment' }).click();
  await mo.getByRole('group', { name: 'Payment 2', exact: true }).getByLabel('Amount (£)').fill('60');
  await mo.getByRole('group', { name: 'Payment 2', exact: true }).getByLabel(/What it is for/).fill('a month without light on the stairs');
  const due = new Date(now().getTime() + 21 * 86_400_000);
  const { day, month, year } = londonParts(due);
  for (const [i, text] of ['Check every landing light in the block', 'Call back within a day from now on'].entries()) {
    if (i > 0) await mo.getByRole('button', { name: 'Add another action' }).click();
    const group = mo.getByRole('group', { name: `Action ${i + 1}`, exact: true });
    await group.getByLabel('What we will do').fill(text);
    const date = group.getByRole('group', { name: `Action ${i + 1} is due by` });
    await date.getByLabel('Day').fill(String(day));
    await date.getByLabel('Month').fill(String(month));
    await date.getByLabel('Year').fill(String(year));
    await group.getByRole('group', { name: `Who owns action ${i + 1}?` }).getByLabel(/^Mo Manager/).check();
  }

  // The finding left out of point 2 is asked for next to it; nothing typed is lost.
  await mo.getByRole('button', { name: 'Save the response and issue the letter' }).click();
  const summary = mo.getByRole('alert');
  await summary.getByText('There is a problem').waitFor();
  await summary.getByRole('link', { name: 'Write what you found on this point' }).waitFor();
  await expectNoAxeViolations(mo);
  for (const viewport of [VIEWPORTS.tabletLandscape, VIEWPORTS.tabletPortrait, VIEWPORTS.phone]) {
    await mo.setViewportSize(viewport);
    await screenshot(mo, `procedure-response-rows-${viewport.width}x${viewport.height}`);
  }
  await mo.setViewportSize(VIEWPORTS.tabletLandscape);
  const second = mo.getByRole('group', { name: 'Point 2', exact: true });
  assert.equal(await second.getByLabel('What the customer raised').inputValue(), points[1][0]);
  await second.getByLabel('What we found').fill(points[1][1]);

  // Mo reads the letter before sending it: below the answers, nothing saved yet.
  await mo.getByRole('button', { name: 'Preview the letter' }).click();
  const preview = mo.getByRole('region', { name: 'Check what the customer will see' });
  await preview.waitFor();
  await preview.getByText('Nothing has been saved or sent yet.').waitFor();
  const previewed = preview.getByRole('article', { name: 'Your complaint: our Stage 1 response' });
  await previewed.getByText('A payment to you of £60.00 for a month without light on the stairs.').waitFor();
  await previewed.getByText(`What we found: ${points[1][1]}`, { exact: false }).waitFor();
  assert.equal(await second.getByLabel('What we found').inputValue(), points[1][1], 'the answers stay in the form');
  await expectNoAxeViolations(mo);
  for (const viewport of [VIEWPORTS.tabletLandscape, VIEWPORTS.tabletPortrait, VIEWPORTS.phone]) {
    await mo.setViewportSize(viewport);
    await preview.scrollIntoViewIfNeeded();
    await screenshot(mo, `procedure-response-preview-${viewport.width}x${viewport.height}`);
  }
  await mo.setViewportSize(VIEWPORTS.tabletLandscape);
  await mo.getByRole('button', { name: 'Save the response and issue the letter' }).click();
  await mo.waitForURL(new RegExp(`/staff/cases/${reference}$`));
  await waitForHydration(mo);

  const letter = mo.getByRole('list', { name: 'Letters' }).getByRole('link', { name: /Stage 1 response/ });
  await letter.click();
  await mo.waitForURL(/\/letters\/\d+$/);
  const article = mo.getByRole('article');
  await article.getByText(`We understood your complaint to be this: ${definition}`).waitFor();
  for (const [i, [raised, found]] of points.entries()) {
    await article.getByText(`${i + 1}. ${raised}`).waitFor();
    await article.getByText(`What we found: ${found}`, { exact: false }).waitFor();
  }
  await article.getByText('A payment to you of £40.00 for the time and trouble of chasing us.').waitFor();
  await article.getByText('A payment to you of £60.00 for a month without light on the stairs.').waitFor();
  await article.getByText('Together these payments come to £100.00.').waitFor();
  await article.getByText(/^Check every landing light in the block\. We will do this by/).waitFor();
  await article.getByText(/^Call back within a day from now on\. We will do this by/).waitFor();
  await expectNoAxeViolations(mo);

  for (const page of [rita, mo, chris]) await page.close();
});

test('an extension is agreed before the deadline passes: afterwards the page says why none is offered', async () => {
  // A letter that arrived eight weeks ago, acknowledged the next day: the response was due
  // long since.
  const chris = await openPage(browser);
  await signIn(chris, 'chris.complaints@example.org', '/make?kind=complaint');
  await chris.goto(`${BASE_URL}/make?kind=complaint`);
  await waitForHydration(chris);
  const day = 86_400_000;
  const arrived = londonParts(new Date(now().getTime() - 56 * day));
  await fillForm(chris, {
    received: async () => {
      await chris.getByRole('group', { name: 'How did the customer get in touch?' }).getByLabel('Letter', { exact: true }).check();
      const received = chris.getByRole('group', { name: 'When did it reach us?' });
      await received.getByLabel('Day').fill(String(arrived.day));
      await received.getByLabel('Month').fill(String(arrived.month));
      await received.getByLabel('Year').fill(String(arrived.year));
      await chris.getByLabel('At what time?').fill('10:00');
    },
    about: async () => {
      await chris.getByRole('group', { name: 'What best describes the customer?' }).getByLabel('Tenant').check();
      await chris.getByLabel("The customer's full name").fill('Lena Letter');
    },
    contact: () => chris.getByLabel('Phone number').fill('07700 900444'),
    details: () => chris.getByLabel('What did we do wrong, or fail to do?').fill(`${STORY} The rubbish chute is blocked.`),
  });
  await chris.waitForURL(/\/make\/check\?draft=/);
  await chris.getByRole('button', { name: 'Send' }).click();
  await chris.waitForURL(/\/staff\/cases\/CX-\d{4}-\d{6}$/);
  const reference = new URL(chris.url()).pathname.split('/').pop();
  await waitForHydration(chris);
  await takeStep(chris, reference, 'Accept the complaint', async (p) => {
    await p.getByRole('group', { name: 'Who will handle Stage 1?' }).getByLabel(/^Mo Manager/).check();
  });
  const mo = await openPage(browser);
  await signIn(mo, 'mo.manager@example.org', `/staff/cases/${reference}`);
  await openCase(mo, reference);
  const acknowledged = londonParts(new Date(now().getTime() - 55 * day));
  await takeStep(mo, reference, 'Acknowledge', async (p) => {
    const date = p.getByRole('group', { name: 'Date of the acknowledgement' });
    await date.getByLabel('Day').fill(String(acknowledged.day));
    await date.getByLabel('Month').fill(String(acknowledged.month));
    await date.getByLabel('Year').fill(String(acknowledged.year));
    await p.getByLabel('Our understanding of the complaint').fill('The rubbish chute has been blocked.');
  });

  // No extension is offered, and the page says why.
  assert.equal(await stepLinks(mo).getByText('Extend the deadline', { exact: true }).count(), 0);
  await mo.getByText(/The response was due by \w+day \d+ \w+ \d{4}: an extension has to be agreed with the customer before the deadline passes/).waitFor();
  await expectNoAxeViolations(mo);
  // The form's own address gives the same reason.
  await mo.goto(`${BASE_URL}/staff/cases/${reference}/extend`);
  await mo.getByText(/an extension has to be agreed with the customer before the deadline passes/).waitFor();
  for (const viewport of [VIEWPORTS.tabletLandscape, VIEWPORTS.tabletPortrait, VIEWPORTS.phone]) {
    await mo.setViewportSize(viewport);
    await mo.goto(`${BASE_URL}/staff/cases/${reference}`);
    await waitForHydration(mo);
    await screenshot(mo, `procedure-extension-too-late-${viewport.width}x${viewport.height}`);
  }
  for (const page of [chris, mo]) await page.close();
});

test('a customer who withdrew by phone rings back: staff take the withdrawal back, and she reads why', async () => {
  const { rita, chris, mo, reference } = await complaintWithMo(`${STORY} The bin store door is broken too.`);
  await takeStep(mo, reference, "Withdraw at the customer's request", async (p) => {
    await p.getByLabel('Their reason (optional)').fill('Rita rang: the lights were fixed.');
  });
  await mo.getByText('Withdrawn', { exact: true }).first().waitFor();

  // She rings back the next morning: Mo checks what she will read, then takes it back.
  const why = 'Rita rang back: the lights are off again.';
  await mo.getByRole('link', { name: "Take back the withdrawal at the customer's request", exact: true }).click();
  await mo.waitForURL(/\/undo-withdrawal$/);
  await waitForHydration(mo);
  await mo.getByLabel('How they asked (optional)').fill(why);
  await mo.getByRole('button', { name: 'Preview what the customer will see' }).click();
  const preview = mo.getByRole('region', { name: 'Check what the customer will see' });
  await preview.getByText(why).waitFor();
  assert.equal(await mo.getByLabel('How they asked (optional)').inputValue(), why, 'the answer stays in the form');
  await expectNoAxeViolations(mo);
  for (const viewport of [VIEWPORTS.tabletLandscape, VIEWPORTS.tabletPortrait, VIEWPORTS.phone]) {
    await mo.setViewportSize(viewport);
    await screenshot(mo, `procedure-undo-withdrawal-${viewport.width}x${viewport.height}`);
  }
  await mo.setViewportSize(VIEWPORTS.tabletLandscape);
  await mo.getByRole('button', { name: "Take back the withdrawal at the customer's request", exact: true }).click();
  await mo.waitForURL(new RegExp(`/staff/cases/${reference}$`));
  await mo.getByRole('heading', { level: 1, name: reference }).waitFor();
  assert.equal(
    await mo.getByRole('link', { name: "Take back the withdrawal at the customer's request", exact: true }).count(),
    0,
    'nothing left to take back',
  );

  await rita.goto(`${BASE_URL}/cases/${reference}`);
  await waitForHydration(rita);
  await rita.getByText(why).first().waitFor();
  await expectNoAxeViolations(rita);
  for (const page of [rita, mo, chris]) await page.close();
});
