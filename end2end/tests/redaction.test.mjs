// Redaction a tenant panel can be trusted with: the complaints manager logs a phone
// complaint whose own words name the customer in the ways people write (a possessive, the
// curly apostrophe phones type, the name without its accent, the first name alone, one half
// of a hyphenated surname, the flat and block without a house number, a date of birth in
// words), takes it to Stage 2, is refused an invitation until the redacted file is approved,
// checks it side by side (looked at on a tablet in portrait and on a phone), redacts every
// flag and approves it; Ian from the panel then reads the file and none of the variants is
// on his page. Every page is scanned by axe once hydrated.
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

const CUSTOMER = 'Siân Brennan-Adeyemi';
const PHONE = '07700 900789';
const STORY = [
  'My name is Siân Brennan-Adeyemi and I was born on the third of March 1961.',
  'Water has come through Sian’s bedroom ceiling at flat four at Harbour Court since January.',
  "The repairs team told Siân's daughter it was fixed.",
  'Nobody called Adeyemi or Brennan has had a letter back.',
  'Siân is now sleeping in the living room.',
].join(' ');

/** Every way the customer is written in the story, and their contact details. */
const VARIANTS = [
  'Siân', 'Sian', 'SIÂN', 'Brennan', 'Adeyemi', 'Brennan-Adeyemi', 'Harbour Court', 'flat four',
  'third of March', '1961', PHONE, '07700900789', 'LS1 4AB', 'Quayside',
];

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

async function openStep(page, reference, label) {
  await page.getByRole('link', { name: label, exact: true }).click();
  await page.waitForURL(new RegExp(`/staff/cases/${reference}/[a-z-]+$`));
  await settle(page, label);
}

async function submitStep(page, reference, button) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForURL(new RegExp(`/staff/cases/${reference}$`));
  await settle(page, reference);
}

test('no way of writing the customer reaches the panel, and only after a person approved the file', async () => {
  const chris = await signIn(CHRIS);

  // 1. Chris logs the complaint with the customer's address on the record.
  await chris.goto(`${BASE_URL}/make?kind=complaint`);
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
      await chris.getByLabel('Address', { exact: true }).fill('Flat 4, Harbour Court\nQuayside Road, Leeds');
      await chris.getByLabel('Postcode (optional)').fill('LS1 4AB');
    },
    details: () => chris.getByLabel('What did we do wrong, or fail to do?').fill(STORY),
  });
  await chris.waitForURL(/\/make\/check\?draft=[0-9a-f]{64}$/);
  await settle(chris, 'Check the answers before logging the case');
  await chris.getByRole('button', { name: 'Send' }).click();
  await chris.waitForURL(/\/staff\/cases\/CX-\d{4}-\d{6}$/);
  const reference = new URL(chris.url()).pathname.split('/').pop();
  await settle(chris, reference);

  // 2. To Stage 2 by agreement.
  await openStep(chris, reference, 'Accept the complaint');
  await chris.getByRole('group', { name: 'Who will handle Stage 1?' }).getByLabel(/^Mo Manager/).check();
  await submitStep(chris, reference, 'Accept the complaint');
  await openStep(chris, reference, 'Escalate to Stage 2 by agreement');
  await chris.getByLabel('What was agreed with the customer, and why')
    .fill('The customer and the manager agree the repairs history needs a senior review.');
  await submitStep(chris, reference, 'Escalate to Stage 2 by agreement');
  const involvement = chris.getByRole('region', { name: 'Involved customer' });
  await involvement.getByText('Not yet approved', { exact: false }).waitFor();

  // 3. Inviting before approval is refused, next to the field.
  await openStep(chris, reference, 'Invite an involved customer');
  await chris.getByRole('group', { name: 'Which panel member?' }).getByLabel(/^Ian Panel/).check();
  await chris.getByRole('button', { name: 'Invite an involved customer', exact: true }).click();
  await chris.locator('.error-message', { hasText: 'approve the redacted review file' }).first().waitFor();
  await expectNoAxeViolations(chris);
  await chris.goto(`${BASE_URL}/staff/cases/${reference}`);
  await settle(chris, reference);

  // 4. The check, side by side: the original as written, every redaction and flag marked.
  await chris.getByRole('link', { name: 'Check and approve the redacted file' }).click();
  await chris.waitForURL(new RegExp(`/staff/redaction/${reference}$`));
  await settle(chris, `Check the redacted file for ${reference}`);
  const table = chris.getByRole('table', { name: 'Each piece of text as written and as the panel reads it' });
  const complaintRow = table.getByRole('row').filter({ hasText: 'Water has come through' }).first();
  const [written, redacted] = await complaintRow.getByRole('cell').allInnerTexts();
  for (const words of ['Sian', '’s bedroom', 'flat four at Harbour Court', 'third of March 1961', 'Adeyemi']) {
    assert.ok(written.includes(words), `${words} as written: ${written}`);
  }
  for (const variant of VARIANTS) {
    assert.ok(!redacted.includes(variant), `${variant} is on the panel's side: ${redacted}`);
  }
  assert.ok(redacted.includes('[name]') && redacted.includes('[date of birth]'), redacted);
  assert.ok(await complaintRow.locator('del.redaction-removed').count() >= 6, 'each redaction marked');
  await chris.getByText('Not approved', { exact: true }).waitFor();
  for (const [size, name] of [[VIEWPORTS.tabletPortrait, 'redaction-check-768x1024'], [VIEWPORTS.phone, 'redaction-check-390x844']]) {
    await chris.setViewportSize(size);
    const width = await chris.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= size.width, `no sideways scrolling at ${size.width}px (${width}px)`);
    await expectNoAxeViolations(chris);
    await screenshot(chris, name);
  }
  await chris.setViewportSize(VIEWPORTS.tabletLandscape);
  await chris.goto(`${BASE_URL}/staff/cases/${reference}`);
  await settle(chris, reference);

  // 5. Every flag redacted, the file approved, and only then Ian invited.
  await approveRedactedFile(chris, reference, 'Redact');
  await involvement.getByText(/^Approved by Chris/).waitFor();
  await openStep(chris, reference, 'Invite an involved customer');
  await chris.getByRole('group', { name: 'Which panel member?' }).getByLabel(/^Ian Panel/).check();
  await submitStep(chris, reference, 'Invite an involved customer');
  await involvement.getByText('Waiting for an answer').waitFor();

  // 6. Ian accepts and reads the file: none of the ways the customer was written is there.
  const ian = await signIn(IAN);
  await ian.waitForURL(/\/panel$/);
  await settle(ian, 'Your reviews');
  const review = ian.getByRole('region', { name: `Review ${reference}` });
  await review.getByRole('button', { name: 'Accept and read the file' }).click();
  await ian.waitForURL(new RegExp(`/panel/${reference}$`));
  await settle(ian, reference);
  const text = await ian.locator('main').innerText();
  assert.ok(text.includes('bedroom ceiling'), 'the complaint is there');
  for (const variant of VARIANTS) {
    assert.ok(!text.toLowerCase().includes(variant.toLowerCase()), `${variant} is on the panel member's page`);
  }
  await screenshot(ian, 'redaction-panel-file-1024x768');
  assert.deepEqual([...chris.errors, ...ian.errors], []);
  await ian.close();
  await chris.close();
});
