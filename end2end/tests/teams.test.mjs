// An administrator sets who manages whom on a tablet, and reads the outbox; the manager then
// finds the person's cases under "My team". Every page is scanned by axe and looked at in
// portrait and on a phone. The demo data's teams: Sam reports to Mo, Mo to Chris.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, openPage, expectNoAxeViolations, waitForHydration, screenshot,
  signIn,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function noSidewaysScroll(page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(wide, false, `no sideways scroll at ${page.viewportSize().width}px`);
}

test('an administrator sets a manager and reads the outbox; the manager sees their team', async () => {
  const page = await openPage(browser, VIEWPORTS.tabletLandscape);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'ada.admin@example.org');

  await page.getByRole('navigation', { name: 'Your pages' }).getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('main').getByRole('link', { name: 'Staff accounts' }).click();
  await page.waitForURL(/\/admin\/staff$/);
  await page.getByRole('heading', { level: 1, name: 'Staff accounts' }).waitFor();
  await waitForHydration(page);
  await expectNoAxeViolations(page);
  const samsManager = page.getByLabel('Manager of Sam Officer');
  assert.equal(await samsManager.inputValue() !== '', true, 'Sam has a manager in the demo');

  // Refused: Mo cannot manage Chris, who manages him. The message says why; nothing moves.
  await page.getByLabel('Manager of Chris Complaints').selectOption({ label: 'Mo Manager' });
  await page.getByRole('button', { name: 'Save the manager of Chris Complaints' }).click();
  await page.getByRole('alert').filter({ hasText: 'circle' }).waitFor();
  await expectNoAxeViolations(page);

  // Sam now reports to Chris, by keyboard alone.
  await page.getByLabel('Manager of Sam Officer').focus();
  await page.getByLabel('Manager of Sam Officer').selectOption({ label: 'Chris Complaints' });
  await page.keyboard.press('Tab');
  // The form posts; the server answers with a redirect back to the page, read afresh.
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/set_manager') && r.status() < 400),
    page.waitForNavigation(),
    page.keyboard.press('Enter'),
  ]);
  await waitForHydration(page);
  const chosen = await page.getByLabel('Manager of Sam Officer').evaluate((s) => s.selectedOptions[0].textContent);
  assert.equal(chosen, 'Chris Complaints');
  for (const [name, viewport] of [['portrait', VIEWPORTS.tabletPortrait], ['phone', VIEWPORTS.phone]]) {
    await page.setViewportSize(viewport);
    await noSidewaysScroll(page);
    await screenshot(page, `admin-staff-${name}`);
  }
  await page.setViewportSize(VIEWPORTS.tabletLandscape);
  await screenshot(page, 'admin-staff-landscape');

  await page.getByRole('navigation', { name: 'Your pages' }).getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('main').getByRole('link', { name: 'Outbox' }).click();
  await page.waitForURL(/\/admin\/outbox$/);
  await page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
  await waitForHydration(page);
  await page.getByText('E-mail is not switched on').waitFor();
  await expectNoAxeViolations(page);
  await screenshot(page, 'admin-outbox-landscape');
  await page.setViewportSize(VIEWPORTS.phone);
  await noSidewaysScroll(page);
  await screenshot(page, 'admin-outbox-phone');

  // Chris's team now holds Mo's cases and anything of Sam's.
  const chris = await openPage(browser, VIEWPORTS.tabletPortrait);
  chris.on('pageerror', (e) => errors.push(e.message));
  await signIn(chris, 'chris.complaints@example.org');
  await chris.waitForURL(/\/staff$/);
  await waitForHydration(chris);
  await chris.getByRole('navigation', { name: 'Whose cases' }).getByRole('link', { name: 'My team' }).click();
  await chris.waitForURL(/scope=team/);
  await chris.getByRole('heading', { level: 2, name: /cases?, next deadline first|Nothing matches/ }).waitFor();
  await expectNoAxeViolations(chris);
  const owners = await chris.getByRole('list', { name: /next deadline first/ }).getByRole('listitem').allTextContents();
  assert.ok(owners.length > 0, 'the team has cases');
  assert.ok(owners.every((line) => /Mo Manager|Chris Complaints|Sam Officer/.test(line)), owners.join('\n'));
  await screenshot(chris, 'queue-my-team-portrait');
  assert.deepEqual(errors, []);
});
