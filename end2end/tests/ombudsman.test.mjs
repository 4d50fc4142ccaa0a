// The Housing Ombudsman's casework, as the complaints manager records it from the case
// page: the stage of their process, their determination with a finding on each element,
// an order with its owner and due date (which then waits on the owner's work queue), and
// compliance with the evidence sent to them. At phone and tablet sizes, with axe on every
// page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, expectNoAxeViolations, fitsAndPasses, signedInPage, waitForHydration,
  londonParts, now,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ORDER = 'Pay Mary Evans £450 for the damage to her belongings and the distress';
const EVIDENCE = 'Paid £450 by bank transfer on the day; the remittance advice sent to the Ombudsman.';

async function openStep(page, label) {
  await page.getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
  await waitForHydration(page);
  await expectNoAxeViolations(page);
}

async function submitStep(page, label, casePage) {
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.waitForURL(casePage);
  await waitForHydration(page);
}

test('the complaints manager records the Ombudsman’s determination and an order, and its owner complies', async () => {
  const chris = await signedInPage(browser, 'chris.complaints@example.org');
  await chris.goto(`${BASE_URL}/staff?scope=all&search=Mary+Evans&closed=include`);
  await chris.locator('.queue-list a').first().click();
  await chris.waitForURL(/\/staff\/cases\/CX-/);
  const casePage = chris.url();
  await waitForHydration(chris);
  const ombudsman = chris.getByRole('region', { name: 'Housing Ombudsman' });
  await ombudsman.getByText('202612345').waitFor();
  await ombudsman.getByText('Referred', { exact: true }).first().waitFor();

  // Where they are in their process.
  await openStep(chris, "Record a stage of the Ombudsman's process");
  await chris.getByRole('group', { name: 'Which stage have they reached?' }).getByLabel('Investigating').check();
  await submitStep(chris, "Record a stage of the Ombudsman's process", casePage);
  await ombudsman.getByText('Investigating', { exact: true }).waitFor();

  // The determination: refused without a finding, what was typed kept.
  await openStep(chris, "Record the Ombudsman's determination");
  await chris.getByLabel('Which part of the complaint the finding is about (optional)').fill('The repair of the roof');
  await chris.getByRole('button', { name: "Record the Ombudsman's determination", exact: true }).click();
  const summary = chris.getByRole('alert');
  await summary.getByRole('link', { name: 'Choose what the Ombudsman found' }).waitFor();
  assert.equal(
    await chris.getByLabel('Which part of the complaint the finding is about (optional)').inputValue(),
    'The repair of the roof',
  );
  await fitsAndPasses(chris, 'ombudsman-determination-errors');
  await chris.getByRole('group', { name: 'What did the Ombudsman find?' }).getByLabel('Maladministration', { exact: true }).check();
  await submitStep(chris, "Record the Ombudsman's determination", casePage);
  await ombudsman.getByText('Maladministration: The repair of the roof').waitFor();

  // An order, owned by Chris, due in three weeks.
  await openStep(chris, 'Add an Ombudsman order or recommendation');
  await chris.getByRole('group', { name: 'Is it an order or a recommendation?' }).getByLabel('Order', { exact: true }).check();
  await chris.getByLabel('What they ordered or recommended').fill(ORDER);
  const due = londonParts(new Date(now().getTime() + 21 * 86_400_000));
  const date = chris.getByRole('group', { name: 'Due by' });
  await date.getByLabel('Day').fill(String(due.day));
  await date.getByLabel('Month').fill(String(due.month));
  await date.getByLabel('Year').fill(String(due.year));
  await chris.getByRole('group', { name: 'Who owns it?' }).getByLabel(/^Chris/).check();
  await fitsAndPasses(chris, 'ombudsman-order');
  await submitStep(chris, 'Add an Ombudsman order or recommendation', casePage);
  await ombudsman.getByText(ORDER, { exact: false }).waitFor();
  await fitsAndPasses(chris, 'ombudsman-case');

  // The order waits on its owner's work queue.
  await chris.goto(`${BASE_URL}/staff`);
  await waitForHydration(chris);
  const owed = chris.getByRole('region', { name: 'Ombudsman orders you own' });
  await owed.getByText(ORDER, { exact: false }).waitFor();
  await chris.getByRole('link', { name: /Ombudsman order you own/ }).waitFor();

  // Compliance, with the evidence.
  await chris.goto(casePage);
  await waitForHydration(chris);
  await openStep(chris, 'Record compliance with an Ombudsman order');
  await chris.getByRole('group', { name: 'Which order or recommendation?' }).getByLabel(/^Order: Pay Mary Evans/).check();
  await chris.getByLabel('What was done, and the evidence sent to the Ombudsman').fill(EVIDENCE);
  await submitStep(chris, 'Record compliance with an Ombudsman order', casePage);
  await ombudsman.getByText(/^Complied with on/).waitFor();
  await ombudsman.getByText(`Evidence: ${EVIDENCE}`).waitFor();
  await expectNoAxeViolations(chris);

  // The year's report counts it.
  await chris.goto(`${BASE_URL}/reports`);
  const table = chris.getByRole('table', { name: /The Housing Ombudsman's casework/ });
  await table.getByRole('row', { name: /Orders complied with on time/ }).waitFor();
  assert.deepEqual(chris.errors, []);
  await chris.close();
});
