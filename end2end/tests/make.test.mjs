// A resident makes a complaint online: the form rendered on the server and hydrated, each
// answer checked by the domain crate (compiled to wasm) as they leave the field, a file sent
// with a progress bar, "Check your answers", and the case's page with its reference and
// dates. The same journey without JavaScript, where a refused file keeps everything typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, openPage, expectNoAxeViolations, waitForHydration, screenshot,
  continueForm, fillForm,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n');
const PROGRAM = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200)]);
const STORY = 'Water has been coming through the bathroom ceiling since Monday.';

/** The answers of the journeys below, page by page. */
const ANSWERS = {
  about: async (page) => {
    await page.getByLabel('Tenant').check();
    await page.getByLabel('Your full name').fill('Pat Example');
  },
  adjustments: (page) => page.getByLabel('Large print').check(),
  contact: async (page) => {
    await page.getByLabel('Phone number').fill('07700 900456');
    await page.getByLabel('Email address', { exact: true }).fill('pat@example.org');
  },
  details: (page) => page.getByLabel('What did we do wrong, or fail to do?').fill(STORY),
  remedy: (page) => page.getByLabel('What would you like us to do to put it right? (optional)').fill('Fix the leak.'),
};

// axe runs inside the page, so it can only scan with JavaScript on.
async function sendFromCheckPage(page, { scan = true } = {}) {
  await page.waitForURL(/\/make\/check\?draft=[0-9a-f]{64}$/);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /Check your answers/ }).waitFor());
  await assert.doesNotReject(page.getByText('Pat Example').waitFor());
  if (scan) await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForURL(/\/track\/[0-9a-f]{64}$/);
  await assert.doesNotReject(page.getByRole('heading', { name: 'We have your complaint' }).waitFor());
  const reference = await page.locator('.reference').innerText();
  assert.match(reference, /^CX-\d{4}-\d{6}$/);
  await assert.doesNotReject(page.getByText(/We will contact you by \w+day \d+ \w+ \d{4}/).waitFor());
  await assert.doesNotReject(page.getByText(STORY).waitFor());
  if (scan) await expectNoAxeViolations(page);
  return reference;
}

test('with JavaScript: a page at a time, checked as they go, a file with progress, then check and send', async () => {
  const page = await openPage(browser);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(BASE_URL);
  await expectNoAxeViolations(page);
  await screenshot(page, 'home-1024x768');
  await page.getByRole('button', { name: 'Make a complaint' }).click();
  await page.waitForURL(/\/make\?kind=complaint$/);
  await waitForHydration(page);
  await page.getByRole('heading', { level: 1, name: 'About you' }).waitFor();
  await page.getByText('Make a complaint: page 1 of 6').waitFor();
  await expectNoAxeViolations(page);

  // Continuing with problems shows this page's problems in the summary, linked to the
  // fields, without leaving the page.
  await page.getByRole('button', { name: 'Continue' }).click();
  const summary = page.getByRole('alert');
  await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
  assert.deepEqual(await summary.getByRole('link').allInnerTexts(),
    ['Choose what best describes you', 'Enter your name']);
  assert.match(page.url(), /\/make\?kind=complaint$/);
  await expectNoAxeViolations(page);
  await screenshot(page, 'make-errors-1024x768');

  // A question that follows from a choice appears only once the choice is made.
  const other = page.getByLabel('Tell us what describes you');
  assert.equal(await other.isVisible(), false);
  await page.getByLabel('Other', { exact: true }).check();
  assert.equal(await other.isVisible(), true);
  await ANSWERS.about(page);
  assert.equal(await other.isVisible(), false);
  await continueForm(page);

  await page.getByRole('heading', { level: 1, name: 'Anything we should do differently' }).waitFor();
  const something = page.getByLabel('Tell us what else we should do');
  assert.equal(await something.isVisible(), false);
  await page.getByLabel('Something else').check();
  assert.equal(await something.isVisible(), true);
  await page.getByLabel('Something else').uncheck();
  await ANSWERS.adjustments(page);
  await continueForm(page);

  // Leaving a field checks it with the domain's rule, in the browser.
  await page.getByRole('heading', { level: 1, name: 'How we contact you' }).waitFor();
  await waitForHydration(page);
  const phone = page.getByLabel('Phone number');
  await phone.fill('12');
  await phone.press('Tab');
  await page.locator('#phone-error').waitFor();
  assert.equal(await phone.getAttribute('aria-invalid'), 'true');
  await ANSWERS.contact(page);
  await phone.focus();
  await phone.press('Tab');
  await page.locator('#phone-error').waitFor({ state: 'detached' });
  await continueForm(page);

  // An old date brings a gentle note at once (they may still send it).
  await page.getByRole('heading', { level: 1, name: 'The complaint' }).waitFor();
  await waitForHydration(page);
  await page.locator('#when_happened').fill('10');
  await page.locator('#when_happened-month').fill('1');
  await page.locator('#when_happened-year').fill('2020');
  await page.locator('#when_happened-year').press('Tab');
  await page.getByText(/We normally look into things from the last 12 months/).waitFor();
  const said = page.getByLabel('What did we say would happen? (optional)');
  assert.equal(await said.isVisible(), false);
  await page.getByLabel('Yes', { exact: true }).check();
  assert.equal(await said.isVisible(), true);
  await said.fill('That a roofer would come.');
  await ANSWERS.details(page);
  await expectNoAxeViolations(page);
  await continueForm(page);

  await ANSWERS.remedy(page);
  await continueForm(page);

  // The last page: the file, the file types in plain words, and the deadlines.
  await page.getByRole('heading', { level: 1, name: 'Photos and documents' }).waitFor();
  await page.getByText('A photo, document, sound recording, video or a zip of several files, up to 32 MB.').waitFor();
  await page.getByText(/If we receive your complaint now, we will contact you by/).waitFor();
  await waitForHydration(page);
  await page.getByLabel('Add a file (optional)').setInputFiles({ name: 'ceiling.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expectNoAxeViolations(page);
  await continueForm(page);
  await page.getByText('That a roofer would come.').waitFor();
  await page.getByText('Large print').waitFor();
  await page.getByText('ceiling.pdf').waitFor();
  await sendFromCheckPage(page);
  await screenshot(page, 'track-1024x768');
  assert.deepEqual(errors, [], 'no script errors in the page');
  await page.close();
});

test('without JavaScript: a refused file comes back with everything typed kept', async () => {
  const page = await openPage(browser, VIEWPORTS.tabletLandscape, { javaScriptEnabled: false });
  await page.goto(`${BASE_URL}/make?kind=complaint`);
  // Every question shows without JavaScript, none is lost.
  for (const section of ['about', 'adjustments', 'contact', 'details', 'remedy']) {
    await page.locator(`input[name="section"][value="${section}"]`).waitFor({ state: 'attached' });
    await ANSWERS[section](page);
    await continueForm(page);
  }
  await page.getByLabel('Add a file (optional)').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: PROGRAM });
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(/\/make\?draft=[0-9a-f]{64}&section=file$/);
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await page.locator('#evidence-error').getByText(/is a program and cannot be uploaded/).waitFor();
  await screenshot(page, 'make-refused-file-1024x768');

  // The answers of the other pages are all still there.
  const back = async (section) => {
    await page.getByRole('link', { name: 'Back' }).click();
    await page.waitForURL(new RegExp(`&section=${section}$`));
  };
  await back('remedy');
  assert.equal(await page.getByLabel('What would you like us to do to put it right? (optional)').inputValue(), 'Fix the leak.');
  await back('details');
  assert.equal(await page.getByLabel('What did we do wrong, or fail to do?').inputValue(), STORY);
  await back('contact');
  assert.equal(await page.getByLabel('Phone number').inputValue(), '07700 900456');
  await back('adjustments');
  assert.equal(await page.getByLabel('Large print').isChecked(), true);
  await back('about');
  assert.equal(await page.getByLabel('Your full name').inputValue(), 'Pat Example');

  await page.goto(page.url().replace('section=about', 'section=file'));
  await page.getByLabel('Add a file (optional)').setInputFiles({ name: 'ceiling.pdf', mimeType: 'application/pdf', buffer: PDF });
  await continueForm(page);
  await sendFromCheckPage(page, { scan: false });
  await page.close();
});

test('every page of the form works at phone, tablet portrait and tablet landscape sizes', async () => {
  const pages = {
    complaint: ['about', 'adjustments', 'contact', 'details', 'remedy', 'file'],
    service_request: ['about', 'details'],
    compliment: ['about', 'details'],
  };
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    const page = await openPage(browser, viewport);
    await page.goto(BASE_URL);
    await expectNoAxeViolations(page);
    await screenshot(page, `home-${viewport.width}x${viewport.height}`);
    for (const [kind, sections] of Object.entries(pages)) {
      for (const section of sections) {
        const path = `/make?kind=${kind}&section=${section}`;
        await page.goto(`${BASE_URL}${path}`);
        await waitForHydration(page);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scrollWidth <= viewport.width, `no sideways scrolling on ${path} at ${name} (${scrollWidth}px)`);
        await expectNoAxeViolations(page);
        if (kind === 'complaint') await screenshot(page, `make-${section}-${viewport.width}x${viewport.height}`);
      }
    }
    const box = await page.getByRole('button', { name: 'Continue' }).boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, `Continue is a 44px touch target at ${name}`);
    await page.close();
  }
});

test('a tracking link that does not exist answers 404 with a helpful page', async () => {
  const page = await openPage(browser);
  const response = await page.goto(`${BASE_URL}/track/${'0'.repeat(64)}`);
  assert.equal(response.status(), 404);
  await assert.doesNotReject(page.getByRole('heading', { name: 'We cannot find that case' }).waitFor());
  await expectNoAxeViolations(page);
  await page.close();
});

test('keyboard users can skip straight to the main content', async () => {
  const page = await openPage(browser);
  await page.goto(BASE_URL);
  await waitForHydration(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-content');
  await page.close();
});

test('contact preferences: a phone number only for calls and texts, one message per problem', async () => {
  for (const viewport of [VIEWPORTS.phone, VIEWPORTS.tabletPortrait]) {
    const page = await openPage(browser, viewport);
    await page.goto(`${BASE_URL}/make?kind=complaint`);
    await waitForHydration(page);
    await page.getByLabel('Tenant').check();
    await page.getByLabel('Your full name').fill('Lee Letters');
    await continueForm(page);
    await page.getByLabel('British Sign Language (BSL)').check();
    await continueForm(page);
    await waitForHydration(page);
    const contact = page.getByRole('group', { name: 'How would you like us to contact you?' });
    await contact.getByLabel('Letter', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();

    // Letters need an address; nobody asks for a phone number.
    const summary = page.getByRole('alert');
    await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
    const message = 'Enter an address for letters, or choose another way for us to contact you';
    assert.deepEqual(await summary.getByRole('link').allInnerTexts(), [message]);
    assert.equal((await page.locator('#address-error').innerText()).replace(/^Error:\s*/, ''), message);
    assert.equal(await page.locator('#phone-error').count(), 0);
    await expectNoAxeViolations(page);
    await screenshot(page, `make-contact-errors-${viewport.width}x${viewport.height}`);

    // Text messages need a mobile: a landline is refused, with what was typed kept.
    await contact.getByLabel('Text message').check();
    await page.getByLabel('Phone number').fill('020 7946 0018');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#phone-error').getByText(/Enter a mobile number for text messages/).waitFor();
    assert.equal(await page.getByLabel('Phone number').inputValue(), '020 7946 0018');

    // A letter with an address and no phone number is all it takes.
    await contact.getByLabel('Letter', { exact: true }).check();
    await page.getByLabel('Phone number').fill('');
    await page.getByLabel('Your address').fill('4 Canal Street, Leeds');
    await fillForm(page, { details: () => page.getByLabel('What did we do wrong, or fail to do?').fill(STORY) });
    const answers = page.locator('.summary-list');
    await answers.getByText('Letter', { exact: true }).waitFor();
    const phoneRow = page.locator('.summary-list__row', { has: page.getByText('Phone number', { exact: true }) });
    assert.match(await phoneRow.innerText(), /Not given/);
    await screenshot(page, `make-contact-check-${viewport.width}x${viewport.height}`);
    await page.close();
  }
});
