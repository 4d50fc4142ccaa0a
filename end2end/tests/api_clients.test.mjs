// API clients: an administrator reaches the page from the Administration page, is refused a
// client with no scope (what was typed kept), makes one with a role and scopes, copies its
// token from the page after the form (shown once, never in the address), finds it on the
// list by its last four characters, and revokes it after the confirmation step. At phone
// and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, fitsAndPasses, signedInPage, waitForHydration } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an administrator makes an API client, sees its token once and revokes it', async () => {
  const ada = await signedInPage(browser, 'ada.admin@example.org');
  await ada.goto(`${BASE_URL}/admin`);
  await ada.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
  await ada.getByRole('main').getByRole('link', { name: 'API clients', exact: true }).click();
  await ada.getByRole('heading', { level: 1, name: 'API clients' }).waitFor();
  await waitForHydration(ada);
  await fitsAndPasses(ada, 'api-clients');

  // No scope: refused, with the name and the role kept.
  const name = `Housing management system ${Date.now()}`;
  const roles = ada.getByRole('group', { name: 'Role it acts with' });
  await ada.getByLabel('Name', { exact: true }).fill(name);
  await roles.getByLabel('Officer', { exact: true }).check();
  await ada.getByRole('button', { name: 'Make the client' }).click();
  await ada.getByRole('alert').getByRole('link', { name: 'Choose at least one thing the client may do' }).waitFor();
  assert.equal(await ada.getByLabel('Name', { exact: true }).inputValue(), name, 'the name is kept');
  assert.ok(await roles.getByLabel('Officer', { exact: true }).isChecked(), 'the role is kept');
  await fitsAndPasses(ada, 'api-clients-refused');

  await roles.getByLabel('Complaints manager', { exact: true }).check();
  const scopes = ada.getByRole('group', { name: 'What it may do' });
  await scopes.getByLabel('Read cases, their deadlines and timelines').check();
  await scopes.getByLabel('Read the complaint figures and Tenant Satisfaction Measures').check();
  await ada.getByRole('button', { name: 'Make the client' }).click();
  await ada.getByRole('heading', { level: 1, name: 'API client made' }).waitFor();
  await ada.getByText('Copy this token now: it will not be shown again.').waitFor();
  const token = (await ada.locator('#token').innerText()).trim();
  assert.match(token, /^putright_[0-9a-f]{64}$/);
  assert.ok(!ada.url().includes(token.slice(9)), 'never in the address');
  const page = new URL(ada.url()).pathname;
  assert.match(page, /^\/admin\/api-clients\/\d+$/);
  await ada.getByText('cases:read').first().waitFor();
  await fitsAndPasses(ada, 'api-client-made');

  // Once: the page again shows only its last four characters.
  const hint = `…${token.slice(-4)}`;
  await ada.reload();
  await ada.getByRole('heading', { level: 1, name }).waitFor();
  await ada.getByText(`Ends ${hint}`).waitFor();
  assert.equal(await ada.getByText(token).count(), 0, 'not shown again');

  // The list: the client with its role, scopes and the token's last four characters.
  await ada.getByRole('link', { name: 'Back to the API clients' }).click();
  await ada.getByRole('heading', { level: 1, name: 'API clients' }).waitFor();
  const row = ada.getByRole('row').filter({ has: ada.getByRole('link', { name, exact: true }) });
  await row.getByText('Complaints manager').waitFor();
  await row.getByText('reports:read').waitFor();
  await row.getByText(hint).waitFor();
  assert.ok(!(await ada.content()).includes(token), 'the list never shows the token');
  await row.getByRole('link', { name, exact: true }).click();
  await ada.waitForURL((url) => url.pathname === page);

  // Revoked after the confirmation step.
  await ada.getByRole('link', { name: 'Revoke this token' }).click();
  await ada.getByRole('heading', { level: 1, name: 'Are you sure you want to revoke this token?' }).waitFor();
  await ada.getByText(/Anything using this token will stop working at once/).waitFor();
  await fitsAndPasses(ada, 'api-client-revoke');
  await ada.getByRole('button', { name: 'Yes, revoke this token' }).click();
  await ada.getByRole('status').getByText(/^This token was revoked on .+\.$/).waitFor();
  assert.equal(await ada.getByRole('link', { name: 'Revoke this token' }).count(), 0);
  await fitsAndPasses(ada, 'api-client-revoked');
  assert.deepEqual(ada.errors, []);
});
