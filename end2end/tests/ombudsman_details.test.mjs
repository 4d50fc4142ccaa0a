// The Housing Ombudsman's details, one setting: an administrator reaches it from the
// landlord's details, a refused change lists every problem and keeps what was typed, and a
// saved one is what the footer gives. The details are saved back as they were, so the other
// journeys read the published ones. At phone and tablet sizes, with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, fitsAndPasses, signedInPage, openPage } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("an administrator changes the Housing Ombudsman's details and the footer gives them", async () => {
  const ada = await signedInPage(browser, 'ada.admin@example.org');
  await ada.goto(`${BASE_URL}/admin/landlord`);
  await ada.getByRole('link', { name: "the Housing Ombudsman's details" }).click();
  await ada.getByRole('heading', { level: 1, name: "The Housing Ombudsman's details" }).waitFor();
  const published = {
    address: await ada.getByLabel('Postal address').inputValue(),
    phone: await ada.getByLabel('Phone number').inputValue(),
    email: await ada.getByLabel('Email address').inputValue(),
    website: await ada.getByLabel('Website').inputValue(),
  };
  assert.equal(published.phone, '0300 111 3000');
  await fitsAndPasses(ada, 'ombudsman-details');

  await ada.getByLabel('Phone number').fill('12345');
  await ada.getByLabel('Website').fill('not a website');
  await ada.getByRole('button', { name: 'Save the details' }).click();
  const summary = ada.getByRole('alert');
  await summary.getByRole('link', { name: /Enter the website/ }).waitFor();
  assert.equal(await summary.getByRole('link').count(), 2);
  assert.equal(await ada.getByLabel('Website').inputValue(), 'not a website');
  await fitsAndPasses(ada, 'ombudsman-details-errors');

  await ada.getByLabel('Phone number').fill('0300 123 4567');
  await ada.getByLabel('Website').fill('www.housing-ombudsman.org.uk');
  await ada.getByRole('button', { name: 'Save the details' }).click();
  await ada.getByText("The Housing Ombudsman's details are saved.").waitFor();
  const visitor = await openPage(browser);
  await visitor.goto(BASE_URL);
  await visitor.getByRole('contentinfo').getByRole('link', { name: '0300 123 4567' }).waitFor();

  // Back as published.
  await ada.getByLabel('Phone number').fill(published.phone);
  await ada.getByRole('button', { name: 'Save the details' }).click();
  await ada.getByText("The Housing Ombudsman's details are saved.").waitFor();
  assert.equal(await ada.getByLabel('Phone number').inputValue(), published.phone);
  assert.deepEqual(ada.errors, []);
});
