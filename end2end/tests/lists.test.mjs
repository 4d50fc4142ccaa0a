// The procedure's lists: the complaints manager keeps the root causes (a name in use
// refused next to its field, a new one added, renamed and retired), and a manager changes an
// improvement action on its own page, gives it to someone else, marks it done and reopens
// it, reading its history. At phone and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, fitsAndPasses, signedInPage, waitForHydration, now } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the complaints manager adds, renames and retires a root cause', async () => {
  const chris = await signedInPage(browser, 'chris.complaints@example.org');
  await chris.goto(`${BASE_URL}/learning`);
  await waitForHydration(chris);
  await chris.getByRole('link', { name: 'add, rename or retire a root cause' }).click();
  await chris.getByRole('heading', { level: 1, name: 'Root causes' }).waitFor();
  await waitForHydration(chris);
  const list = chris.getByRole('table', { name: 'Root causes, in use first' });
  await list.getByRole('row').filter({ hasText: 'Damp and mould' }).waitFor();
  await fitsAndPasses(chris, 'root-causes');

  await chris.getByLabel('Name').fill('damp and MOULD');
  await chris.getByLabel('What belongs in it (optional)').fill('Wet walls');
  await chris.getByRole('button', { name: 'Add the root cause' }).click();
  await chris.getByRole('alert').getByRole('link', { name: /already a root cause called Damp and mould/ }).waitFor();
  assert.equal(await chris.getByLabel('What belongs in it (optional)').inputValue(), 'Wet walls');
  await fitsAndPasses(chris, 'root-causes-refused');

  const name = `Noise ${Date.now() % 100000}`;
  await chris.getByLabel('Name').fill(name);
  await chris.getByLabel('What belongs in it (optional)').fill('Loud neighbours and parties');
  await chris.getByRole('button', { name: 'Add the root cause' }).click();
  await chris.getByRole('status').getByText(`${name} is added.`).waitFor();
  const row = () => list.getByRole('row').filter({ hasText: name });
  await row().getByText('In use').waitFor();

  await row().getByRole('link', { name: `Rename ${name}` }).click();
  await chris.getByRole('heading', { level: 1, name: `Rename ${name}` }).waitFor();
  await waitForHydration(chris);
  await fitsAndPasses(chris, 'root-cause-rename');
  await chris.getByLabel('Name').fill(`${name} nuisance`);
  await chris.getByRole('button', { name: 'Save the root cause' }).click();
  await chris.getByRole('status').getByText(`${name} nuisance is saved.`).waitFor();

  await list.getByRole('row').filter({ hasText: `${name} nuisance` })
    .getByRole('button', { name: `Retire ${name} nuisance` }).click();
  await chris.getByRole('status').getByText(`${name} nuisance is retired.`).waitFor();
  await list.getByRole('row').filter({ hasText: `${name} nuisance` }).getByText('Retired').waitFor();
  // No longer offered when an action is added.
  await chris.goto(`${BASE_URL}/learning`);
  await waitForHydration(chris);
  const offered = await chris.getByLabel('Root cause it tackles').locator('option').allTextContents();
  assert.ok(!offered.some((o) => o.startsWith(name)), offered.join(', '));
  assert.deepEqual(chris.errors, []);
});

test('a manager changes an improvement action, gives it to someone else and reopens it', async () => {
  const mo = await signedInPage(browser, 'mo.manager@example.org');
  await mo.goto(`${BASE_URL}/learning`);
  await waitForHydration(mo);
  const text = `Check every void for damp before letting (${Date.now()})`;
  await mo.getByLabel('Root cause it tackles').selectOption({ label: 'Damp and mould' });
  await mo.getByLabel('What will change').fill(text);
  await mo.getByLabel('Owner').selectOption({ label: 'Mo Manager (Manager)' });
  const due = new Date(now().getTime() + 30 * 24 * 3600 * 1000);
  await mo.getByLabel('Day', { exact: true }).fill(String(due.getUTCDate()));
  await mo.getByLabel('Month', { exact: true }).fill(String(due.getUTCMonth() + 1));
  await mo.getByLabel('Year', { exact: true }).fill(String(due.getUTCFullYear()));
  await mo.getByRole('button', { name: 'Add the action' }).click();
  await mo.getByRole('status').getByText('Improvement action added.').waitFor();

  await mo.getByRole('link', { name: text }).click();
  await mo.getByRole('heading', { level: 1, name: 'Improvement action' }).waitFor();
  await waitForHydration(mo);
  await fitsAndPasses(mo, 'improvement-action');

  // A new due date already passed is refused; what was typed stays.
  await mo.getByLabel('Owner').selectOption({ label: 'Sam Officer (Officer)' });
  await mo.getByLabel('What will change').fill(`${text}, and after each repair`);
  await mo.getByLabel('Year', { exact: true }).fill(String(due.getUTCFullYear() - 2));
  await mo.getByRole('button', { name: 'Save the changes' }).click();
  await mo.getByRole('alert').getByRole('link', { name: 'The due date must be today or later' }).waitFor();
  assert.equal(await mo.getByLabel('What will change').inputValue(), `${text}, and after each repair`);
  await fitsAndPasses(mo, 'improvement-action-refused');

  await mo.getByLabel('Year', { exact: true }).fill(String(due.getUTCFullYear()));
  await mo.getByRole('button', { name: 'Save the changes' }).click();
  await mo.getByRole('status').getByText('The action is changed.').waitFor();
  await mo.getByText('Owner: Mo Manager to Sam Officer').waitFor();

  await mo.getByRole('button', { name: 'Mark as done' }).click();
  await mo.getByRole('status').getByText('The action is marked as done.').waitFor();
  await mo.getByRole('button', { name: 'Reopen the action' }).click();
  await mo.getByRole('status').getByText('The action is open again.').waitFor();
  const history = await mo.getByRole('list').filter({ hasText: 'Reopened' }).getByRole('listitem').allTextContents();
  assert.deepEqual(
    history.map((h) => h.split(' ')[0]),
    ['Added', 'Given', 'Marked', 'Reopened'],
    history.join(' | '),
  );
  await fitsAndPasses(mo, 'improvement-action-history');
  assert.deepEqual(mo.errors, []);
});
