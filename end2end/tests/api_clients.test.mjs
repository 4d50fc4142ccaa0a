// API clients: an administrator reaches the page from the Administration page, is refused a
// client with no scope (what was typed kept), makes one with a role and scopes, copies its
// token from the page after the form (shown once, never in the address), finds it on the
// list by its last four characters, and revokes it after the confirmation step. At phone
// and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, fitsAndPasses, signedInPage, waitForHydration, putright, now, londonParts,
} from './support.mjs';

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

// A housing system refuses a complaint from someone who asked to be phoned, before anyone
// owns the case: the letter goes, and the call to go through it waits on the complaints
// manager's queue with a line saying why, until they say they made it.
test('a call for a letter a housing system sent before anyone owned the case waits with the complaints manager', async () => {
  const made = putright([
    'api-client', 'add', '--name', `Repairs system ${Date.now()}`,
    '--role', 'complaints_manager', '--scope', 'cases:read,cases:create,cases:steps',
  ]);
  const token = made.match(/putright_[0-9a-f]{64}/)[0];
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async (method, path, body) => {
    const response = await fetch(`${BASE_URL}${path}`, { method, headers, body: body && JSON.stringify(body) });
    const answer = await response.json();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const logged = await call('POST', '/api/v1/cases', {
    kind: 'complaint',
    channel: 'phone',
    received_at: new Date(now().getTime() - 60_000).toISOString(),
    customer: {
      name: 'Phoebe Phone', phone: '07700 900456', preferred_contact: 'phone',
      address: '9 Quay Street, Bristol', postcode: 'BS1 4DJ',
    },
    what_happened: 'My neighbour has been shouting at my children on the stairs every evening.',
  });
  const { reference } = logged;
  const { version } = await call('GET', `/api/v1/cases/${reference}`);
  const { year, month, day } = londonParts();
  const today = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  await call('POST', `/api/v1/cases/${reference}/steps/not-accept`, {
    version,
    on: today,
    code: 'another_policy_fits_better',
    text: 'Behaviour between neighbours is dealt with under our anti-social behaviour policy.',
  });

  const chris = await signedInPage(browser, 'chris.complaints@example.org');
  await chris.goto(`${BASE_URL}/staff`);
  const calls = chris.getByRole('region', { name: 'Calls to make' });
  const line = calls.getByRole('listitem').filter({ has: chris.getByRole('link', { name: reference }) });
  await line.getByText('The case had no owner when the letter went').waitFor();
  await waitForHydration(chris);
  await fitsAndPasses(chris, 'call-nobody-owned');
  await line.getByRole('button', { name: `I have phoned them about ${reference}` }).click();
  await line.waitFor({ state: 'detached' });
  assert.deepEqual(chris.errors, []);
});
