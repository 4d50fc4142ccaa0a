// Webhooks: an administrator reaches the page from the Administration page, is refused a
// webhook with a plain http:// address and no event (what was typed kept), registers one
// with its events, copies its signing key from the page after the form (shown once, never
// in the address), finds it on the list, and disables it after the confirmation step. At
// phone and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, fitsAndPasses, signedInPage, waitForHydration } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an administrator registers a webhook, sees its key once and disables it', async () => {
  const ada = await signedInPage(browser, 'ada.admin@example.org');
  await ada.goto(`${BASE_URL}/admin`);
  await ada.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
  await ada.getByRole('main').getByRole('link', { name: 'Webhooks', exact: true }).click();
  await ada.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
  await waitForHydration(ada);
  await fitsAndPasses(ada, 'webhooks');

  // Plain http to another machine, and no event: refused, with the address kept.
  const address = `https://housing.example.org/putright-events/${Date.now()}`;
  await ada.getByLabel('Address', { exact: true }).fill('http://housing.example.org/events');
  await ada.getByRole('button', { name: 'Register the webhook' }).click();
  const summary = ada.getByRole('alert');
  await summary.getByRole('link', { name: 'Enter an address starting https:// (http:// only for this machine itself)' }).waitFor();
  await summary.getByRole('link', { name: 'Choose at least one event to be told of' }).waitFor();
  assert.equal(await ada.getByLabel('Address', { exact: true }).inputValue(), 'http://housing.example.org/events', 'the address is kept');
  await fitsAndPasses(ada, 'webhooks-refused');

  await ada.getByLabel('Address', { exact: true }).fill(address);
  const events = ada.getByRole('group', { name: 'What to tell it' });
  await events.getByLabel('A case is logged, by any channel').check();
  await events.getByLabel(/^A case moves on/).check();
  await ada.getByRole('button', { name: 'Register the webhook' }).click();
  await ada.getByRole('heading', { level: 1, name: 'Webhook registered' }).waitFor();
  await ada.getByText('Copy this signing key now: it will not be shown again.').waitFor();
  const key = (await ada.locator('#signing-key').innerText()).trim();
  assert.match(key, /^whsec_[0-9a-f]{64}$/);
  assert.ok(!ada.url().includes(key.slice(6)), 'never in the address');
  const page = new URL(ada.url()).pathname;
  assert.match(page, /^\/admin\/webhooks\/\d+$/);
  await ada.getByRole('heading', { level: 2, name: 'How the other system checks a message' }).waitFor();
  await ada.getByText('case.phase_changed').first().waitFor();
  await fitsAndPasses(ada, 'webhook-registered');

  // Once: the page again does not show it.
  await ada.reload();
  await ada.getByRole('heading', { level: 1, name: address }).waitFor();
  await ada.getByText('Shown once, when it was registered').waitFor();
  assert.equal(await ada.getByText(key).count(), 0, 'not shown again');
  await ada.getByText('Nothing has been sent to it yet.').waitFor();
  await fitsAndPasses(ada, 'webhook');

  // The list: the webhook with its events, never its key.
  await ada.getByRole('link', { name: 'Back to the webhooks' }).click();
  await ada.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
  const row = ada.getByRole('row').filter({ has: ada.getByRole('link', { name: address, exact: true }) });
  await row.getByText('case.created').waitFor();
  await row.getByText('Active').waitFor();
  assert.ok(!(await ada.content()).includes(key), 'the list never shows the key');
  await fitsAndPasses(ada, 'webhooks-listed');
  await row.getByRole('link', { name: address, exact: true }).click();
  await ada.waitForURL((url) => url.pathname === page);

  // Disabled after the confirmation step.
  await ada.getByRole('link', { name: 'Disable this webhook' }).click();
  await ada.getByRole('heading', { level: 1, name: 'Are you sure you want to disable this webhook?' }).waitFor();
  await ada.getByText(/The other system will no longer be told/).waitFor();
  await fitsAndPasses(ada, 'webhook-disable');
  await ada.getByRole('button', { name: 'Yes, disable this webhook' }).click();
  await ada.getByRole('status').getByText(/^This webhook was disabled on .+\.$/).waitFor();
  assert.equal(await ada.getByRole('link', { name: 'Disable this webhook' }).count(), 0);
  await fitsAndPasses(ada, 'webhook-disabled');
  assert.deepEqual(ada.errors, []);
});
