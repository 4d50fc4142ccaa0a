// Shutting an account off and setting a password again, as people do it: an administrator
// disables a resident's account (her open page stops working at once) and enables it again;
// a resident who forgot her password asks for a link and sets a new one. Each uses a
// resident registered here, so the demo accounts other tests sign in with are untouched.
// Every page is scanned by axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, openPage, expectNoAxeViolations, waitForHydration, signIn, passwordLinkFor,
  registerResident,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function signInAs(page, email, password) {
  await page.goto(`${BASE_URL}/sign-in`);
  await waitForHydration(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an administrator disables a resident, whose open page stops working, then enables her again', async () => {
  const dana = await openPage(browser);
  const password = 'kettle orchard lantern';
  const email = await registerResident(dana, 'Dana Disabled', password);

  const ada = await openPage(browser);
  await signIn(ada, 'ada.admin@example.org');
  await ada.getByRole('navigation', { name: 'Your pages' }).getByRole('link', { name: 'Administration' }).click();
  await ada.getByRole('main').getByRole('link', { name: 'Accounts', exact: true }).click();
  await ada.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
  await waitForHydration(ada);
  await expectNoAxeViolations(ada);
  await ada.getByLabel('Email address contains').fill(email);
  await ada.getByRole('button', { name: 'Find' }).click();
  await ada.getByRole('link', { name: 'Dana Disabled' }).click();
  await ada.getByRole('heading', { level: 1, name: 'Dana Disabled' }).waitFor();
  await waitForHydration(ada);
  await ada.getByText('Signed in on 1 device').waitFor();
  await expectNoAxeViolations(ada);

  await ada.getByRole('button', { name: 'Disable account' }).click();
  await ada.getByRole('status').getByText('Account disabled.').waitFor();
  await ada.getByText('Not signed in anywhere').waitFor();
  await expectNoAxeViolations(ada);

  // Her page, opened before, no longer knows her.
  await dana.reload();
  await waitForHydration(dana);
  await dana.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign in' }).waitFor();
  await signInAs(dana, email, password);
  await dana.getByRole('alert').getByText('Enter a correct email address and password').waitFor();

  await ada.getByRole('button', { name: 'Enable account' }).click();
  await ada.getByRole('status').getByText('Account enabled.').waitFor();
  await signInAs(dana, email, password);
  await dana.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
});

test('a resident who forgot her password asks for a link and sets a new one', async () => {
  const email = await registerResident(await openPage(browser), 'Fran Forgetful', 'kettle orchard lantern');
  const page = await openPage(browser);

  await page.goto(`${BASE_URL}/sign-in`);
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await page.getByRole('heading', { level: 1, name: 'Forgotten your password' }).waitFor();
  await waitForHydration(page);
  await expectNoAxeViolations(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.getByRole('status').getByText(/If an account has this address, we have sent it a link/).waitFor();
  await expectNoAxeViolations(page);

  // The e-mail waits in the outbox (no mail server here): the same link, from the command line.
  const path = passwordLinkFor(email);

  await page.goto(`${BASE_URL}${path}`);
  await page.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor();
  await waitForHydration(page);
  await expectNoAxeViolations(page);
  await page.getByLabel(/^New password/).fill('Password2024!');
  await page.getByLabel('Type the new password again').fill('Password2024!');
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.getByRole('alert').getByText(/too common/).waitFor();
  await expectNoAxeViolations(page);

  const chosen = 'harbour biscuit violin';
  await page.getByLabel(/^New password/).fill(chosen);
  await page.getByLabel('Type the new password again').fill(chosen);
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.waitForURL(/\/sign-in\?password=set$/);
  await page.getByRole('status').getByText('Your new password is set.').waitFor();
  await signInAs(page, email, chosen);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));

  // The link worked once.
  await page.goto(`${BASE_URL}${path}`);
  await page.getByRole('heading', { level: 1, name: 'This link no longer works' }).waitFor();
});
