// Signing in and out, by keyboard, with the demo officer the test run loads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, openPage, expectNoAxeViolations, waitForHydration, screenshot,
  enterCode, putright, totp, now,
} from './support.mjs';

const OFFICER = { email: 'sam.officer@example.org', password: 'putright-demo', name: 'Sam Officer' };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an officer signs in with the keyboard alone, is named in the header, and signs out', async () => {
  const page = await openPage(browser);
  await page.goto(`${BASE_URL}/sign-in`);
  await waitForHydration(page);
  await expectNoAxeViolations(page);

  // Sending nothing shows the error summary, focused, with a link to the field.
  await page.getByLabel('Email address').focus();
  await page.keyboard.press('Enter');
  const summary = page.getByRole('alert');
  await assert.doesNotReject(summary.getByRole('link', { name: 'Enter your email address' }).waitFor());
  await expectNoAxeViolations(page);
  await screenshot(page, 'sign-in-error-1024x768');

  await page.getByLabel('Email address').fill(OFFICER.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type('not the password');
  await page.keyboard.press('Enter');
  await assert.doesNotReject(
    summary.getByRole('link', { name: 'Enter a correct email address and password' }).waitFor(),
  );

  await page.getByLabel('Password').fill(OFFICER.password);
  await page.keyboard.press('Enter');
  // Staff give a code from their authenticator app too; the password alone signs no one in.
  await page.getByRole('heading', { level: 1, name: 'Enter your code' }).waitFor();
  await expectNoAxeViolations(page);
  await screenshot(page, 'second-factor-1024x768');
  await page.getByLabel('Code').focus();
  await page.keyboard.type('000000');
  await page.keyboard.press('Enter');
  await assert.doesNotReject(summary.getByRole('link', { name: /Enter the 6-digit code/ }).waitFor());
  await expectNoAxeViolations(page);
  await enterCode(page, OFFICER.email);
  const account = page.getByRole('navigation', { name: 'Account' });
  await assert.doesNotReject(account.getByText(OFFICER.name).waitFor());
  await page.waitForURL(`${BASE_URL}/staff`); // Staff land on their work queue.
  await screenshot(page, 'signed-in-1024x768');

  // The session survives a reload: it lives in the database, not in the page.
  await page.reload();
  await assert.doesNotReject(account.getByText(OFFICER.name).waitFor());

  await account.getByRole('button', { name: 'Sign out' }).click();
  await assert.doesNotReject(account.getByRole('link', { name: 'Sign in' }).waitFor());
  await page.reload();
  await assert.doesNotReject(account.getByRole('link', { name: 'Sign in' }).waitFor());
  await page.close();
});

test('signing in works without JavaScript', async () => {
  const page = await openPage(browser, VIEWPORTS.phone, { javaScriptEnabled: false });
  await page.goto(`${BASE_URL}/sign-in`);
  await page.getByLabel('Email address').fill(OFFICER.email);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await assert.doesNotReject(page.getByRole('alert').getByText('Enter a correct email address and password').waitFor());

  await page.getByLabel('Email address').fill(OFFICER.email);
  await page.getByLabel('Password').fill(OFFICER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await enterCode(page, OFFICER.email, { javaScript: false });
  await assert.doesNotReject(
    page.getByRole('navigation', { name: 'Account' }).getByText(OFFICER.name).waitFor(),
  );
  await screenshot(page, 'signed-in-no-js-390x844');
  await page.close();
});

test('a new member of staff sets up an authenticator app and keeps their recovery codes', async () => {
  const email = `nia.${Date.now()}@example.org`;
  putright(['user', 'add', '--role', 'officer', '--email', email, '--name', 'Nia New'], 'kettle orchard lantern\n');
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    const page = await openPage(browser, viewport);
    await page.goto(`${BASE_URL}/sign-in`);
    await waitForHydration(page);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('kettle orchard lantern');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Set up your authenticator app' }).waitFor();
    await page.getByRole('img', { name: /QR code for Putright/ }).waitFor();
    await expectNoAxeViolations(page);
    await screenshot(page, `second-factor-set-up-${viewport.width}x${viewport.height}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(wide, false, `no sideways scroll at ${name}`);
    if (name !== 'phone') { await page.close(); continue; }

    // The key typed into an app by hand gives the code.
    const key = (await page.locator('code.key').textContent()).replace(/\s+/g, '');
    await page.getByLabel(/6-digit code/).fill(totp(key, now().getTime()));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Recovery codes' }).waitFor();
    await page.getByRole('status').getByText('Your authenticator app is set up.').waitFor();
    assert.equal(await page.locator('.recovery-codes li').count(), 10);
    await expectNoAxeViolations(page);
    await screenshot(page, 'recovery-codes-390x844');
    await page.getByRole('link', { name: 'I have kept them: continue' }).click();
    await page.getByRole('navigation', { name: 'Account' }).getByText('Nia New').waitFor();
    await page.close();
  }
});
