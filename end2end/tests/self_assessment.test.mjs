// The self-assessment against the Complaint Handling Code: the complaints manager answers a
// provision the records cannot (a "no" is refused without a plan, what was typed kept), the
// board member approves it with the governing body's response once every provision is
// answered, and anyone then reads and prints it with the annual report without signing in.
// At phone and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, openPage, fitsAndPasses, signedInPage, waitForHydration,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PLAN = 'We will publish the policy in easy read by 1 June 2027.';
const RESPONSE = 'The board accepts the self-assessment and asks for a quarterly update on each provision we do not yet meet.';

test('the complaints manager answers, the board approves, and anyone reads it published', async () => {
  const chris = await signedInPage(browser, 'chris.complaints@example.org');
  await chris.goto(`${BASE_URL}/reports/self-assessment`);
  await waitForHydration(chris);
  await chris.getByRole('heading', { level: 1, name: /Self-assessment against the Complaint Handling Code/ }).waitFor();
  await chris.getByRole('table', { name: /6\. Complaint stages/ }).waitFor();
  await fitsAndPasses(chris, 'self-assessment');

  // A "no" needs a plan.
  await chris.getByRole('link', { name: 'Change the answer to provision 3.4' }).click();
  await chris.getByRole('heading', { level: 1, name: 'Provision 3.4' }).waitFor();
  await waitForHydration(chris);
  await chris.getByRole('group', { name: 'Do we comply?' }).getByLabel('No').check();
  await chris.getByLabel('Evidence').fill('The policy is on the website, but not in easy read.');
  await chris.getByRole('button', { name: 'Save the answer' }).click();
  await chris.getByRole('alert').getByRole('link', { name: 'Say why we do not comply, what we will do and by when' }).waitFor();
  assert.equal(await chris.getByLabel('Evidence').inputValue(), 'The policy is on the website, but not in easy read.');
  await fitsAndPasses(chris, 'self-assessment-answer-errors');
  await chris.getByLabel('Commentary').fill(PLAN);
  await chris.getByRole('button', { name: 'Save the answer' }).click();
  await chris.getByText('Your answer to provision 3.4 is saved.').waitFor();
  await chris.getByText(PLAN).waitFor();

  // The board member cannot approve until every provision is answered.
  const bea = await signedInPage(browser, 'bea.board@example.org');
  await bea.goto(`${BASE_URL}/reports/self-assessment`);
  await waitForHydration(bea);
  const still = await bea.getByText(/^Still to be answered by the complaints manager: /).textContent();
  const codes = still.replace(/^Still to be answered by the complaints manager: /, '').replace(/\.$/, '').split(', ');
  assert.ok(codes.length > 0);
  await bea.getByLabel("The governing body's response").fill(RESPONSE);
  await bea.getByRole('button', { name: 'Approve and publish' }).click();
  await bea.getByRole('alert').getByRole('link', { name: /Every provision needs an answer before approval/ }).waitFor();
  assert.equal(await bea.getByLabel("The governing body's response").inputValue(), RESPONSE);

  // The complaints manager answers the rest (as the form would post them).
  const year = new URL(chris.url()).searchParams.get('year');
  const statuses = await chris.evaluate(async ({ codes, year }) => {
    const answers = [];
    for (const code of codes) {
      const body = new URLSearchParams({ year, provision: code, complies: 'yes', evidence: 'Complaints policy and staff guidance.', commentary: '' });
      const response = await fetch('/api/answer_provision', { method: 'POST', body, redirect: 'manual' });
      answers.push(response.status);
    }
    return answers;
  }, { codes, year: year ?? '' });
  assert.ok(statuses.every((s) => s < 400), `answers refused: ${statuses}`);

  await bea.reload();
  await waitForHydration(bea);
  await bea.getByLabel("The governing body's response").fill(RESPONSE);
  await bea.getByRole('button', { name: 'Approve and publish' }).click();
  await bea.getByText('The self-assessment is approved and published with the annual report.').waitFor();
  await fitsAndPasses(bea, 'self-assessment-approved');

  // Anyone reads it, with the annual report and the board's response.
  const visitor = await openPage(browser);
  await visitor.goto(`${BASE_URL}/self-assessment`);
  await waitForHydration(visitor);
  await visitor.getByRole('heading', { level: 1, name: /Complaints annual report/ }).waitFor();
  await visitor.getByText(RESPONSE).waitFor();
  await visitor.getByText(PLAN).waitFor();
  await fitsAndPasses(visitor, 'self-assessment-published');
  assert.deepEqual([...chris.errors, ...bea.errors], []);
});
