// A resident's case page leads with the case: where it stands, what happens next, our answer
// and each promise with its progress, then what they can do. Withdrawing and saying no to an
// involved customer each go through a page that says what happens, and each can be taken
// back. Looked at on a phone and a tablet, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS, launch, openPage, expectNoAxeViolations, waitForHydration, screenshot, signIn,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Rita's case whose summary contains `text`, opened from her list. */
async function openRitasCase(page, text) {
  await signIn(page, 'rita.resident@example.org', '/cases');
  await page.waitForURL(/\/cases$/);
  await page.locator('.case-list__item', { hasText: text }).getByRole('link').click();
  await page.waitForURL(/\/cases\/[A-Z]{2}-\d{4}-\d{6}$/);
  await waitForHydration(page);
}

/** The top of the element (its distance from the top of the page). */
async function top(locator) {
  return (await locator.boundingBox()).y;
}

test('an answered complaint leads with its status, what happens next, our answer and what we promised', async () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    const page = await openPage(browser, viewport);
    await openRitasCase(page, 'kitchen tap');
    const summary = page.locator('.case-summary');
    await assert.doesNotReject(summary.getByText('What happens next').waitFor());
    const answer = page.getByRole('heading', { level: 2, name: 'Our answer' });
    await assert.doesNotReject(answer.waitFor());
    await assert.doesNotReject(page.getByText(/We (partly )?upheld your complaint|We did not uphold/).waitFor());
    const promised = page.getByRole('heading', { name: 'What we promised to put things right' });
    await assert.doesNotReject(promised.waitFor());
    const promises = page.locator('.promise-list__item');
    assert.ok((await promises.count()) >= 1, `${name}: at least one promise`);
    for (const promise of await promises.all()) {
      assert.match(await promise.locator('.promise-list__progress').innerText(), /^(Done on|Not done yet|We could not do this)/);
    }
    // The case first, then what can be done, then what the resident told us.
    const actions = page.getByRole('heading', { level: 2, name: 'What you can do' });
    const told = page.getByRole('heading', { level: 2, name: 'What you told us' });
    assert.ok(await top(summary) < await top(answer), `${name}: the status leads`);
    assert.ok(await top(answer) < await top(actions), `${name}: our answer before the actions`);
    assert.ok(await top(actions) < await top(told), `${name}: the actions before what they told us`);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= viewport.width, `no sideways scrolling at ${name} (${scrollWidth}px)`);
    await expectNoAxeViolations(page);
    await screenshot(page, `resident-case-answered-${viewport.width}x${viewport.height}`);
    await page.close();
  }
});

test('a resident withdraws a request on a page that says what happens, then takes the withdrawal back', async () => {
  const page = await openPage(browser, VIEWPORTS.phone);
  await openRitasCase(page, 'stairwell');
  const caseAddress = page.url();
  await page.getByRole('link', { name: 'Withdraw my request' }).click();
  await page.getByRole('heading', { level: 1, name: 'Are you sure you want to withdraw your request?' }).waitFor();
  await assert.doesNotReject(page.getByText(/you can change your mind on your case page until/).waitFor());
  await expectNoAxeViolations(page);
  await screenshot(page, 'resident-withdraw-390x844');

  // Going back changes nothing.
  await page.getByRole('link', { name: 'No, go back to my case' }).click();
  await page.waitForURL(caseAddress);
  await assert.doesNotReject(page.getByText('Open: we are dealing with your request').waitFor());

  await page.getByRole('link', { name: 'Withdraw my request' }).click();
  await page.getByLabel('Why are you withdrawing it? (optional)').fill('A neighbour changed the bulb.');
  await page.getByRole('button', { name: 'Yes, withdraw my request' }).click();
  await page.waitForURL(caseAddress);
  const banner = page.getByRole('region', { name: 'Important' });
  await assert.doesNotReject(banner.getByText('You withdrew this request. Changed your mind?').waitFor());
  await assert.doesNotReject(page.locator('.case-summary').getByText('Withdrawn', { exact: true }).waitFor());
  await expectNoAxeViolations(page);
  await screenshot(page, 'resident-withdrawn-390x844');

  await banner.getByRole('button', { name: 'Take back my withdrawal and carry on with my request' }).click();
  await page.waitForURL(caseAddress);
  await assert.doesNotReject(page.getByText('Open: we are dealing with your request').waitFor());
  await assert.doesNotReject(page.getByText(/The withdrawal was taken back on/).waitFor());
  assert.equal(await page.getByRole('region', { name: 'Important' }).count(), 0, 'nothing left to take back');
  await expectNoAxeViolations(page);
  await page.close();
});

test('a resident says no to an involved customer on a page that says what happens, then changes their mind', async () => {
  const page = await openPage(browser, VIEWPORTS.tabletPortrait);
  await openRitasCase(page, 'black mould');
  const caseAddress = page.url();
  await page.getByRole('link', { name: 'Say no to an involved customer taking part' }).click();
  await page.getByRole('heading', {
    level: 1, name: 'Are you sure you do not want an involved customer to take part in your review?',
  }).waitFor();
  await assert.doesNotReject(page.getByText('your complaint is dealt with in the same way and to the same dates').waitFor());
  await expectNoAxeViolations(page);
  await screenshot(page, 'resident-decline-768x1024');
  await page.getByRole('button', { name: 'Yes, I do not want an involved customer to take part' }).click();
  await page.waitForURL(caseAddress);
  await assert.doesNotReject(page.getByText(/You said no to an involved customer taking part/).waitFor());
  await assert.doesNotReject(page.getByText('The customer chose not to have an involved customer take part').waitFor());
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Let an involved customer take part' }).click();
  await page.waitForURL(caseAddress);
  await assert.doesNotReject(page.getByRole('link', { name: 'Say no to an involved customer taking part' }).waitFor());
  await assert.doesNotReject(page.getByText(/an involved customer may take part/).waitFor());
  await page.close();
});
