// A resident adds a file to her case from a phone and sees it listed; a file that is not
// what its name says is refused with the problem next to the file input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, openPage, expectNoAxeViolations, waitForHydration, screenshot,
  signIn,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function openRitasDampCase(page) {
  await signIn(page, 'rita.resident@example.org', '/cases');
  await page.waitForURL(/\/cases$/);
  await waitForHydration(page);
  // The complaint about damp and mould, at Stage 1.
  const item = page.getByRole('listitem').filter({ hasText: 'black mould' });
  await item.getByRole('link').click();
  await page.waitForURL(/\/cases\/CX-\d{4}-\d{6}$/);
  await waitForHydration(page);
}

test('a resident adds a file to her case from a phone and sees it listed', async () => {
  const page = await openPage(browser, VIEWPORTS.phone);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openRitasDampCase(page);
  const files = page.getByRole('region', { name: 'Files' });
  await assert.doesNotReject(files.getByRole('heading', { name: 'Files' }).waitFor());

  const name = `mould-diary-${Date.now()}.txt`;
  await files.getByLabel('Add a file').setInputFiles({
    name,
    mimeType: 'text/plain',
    buffer: Buffer.from('Monday: mould back above the window.\n'),
  });
  await files.getByRole('button', { name: 'Add file' }).click();
  await page.waitForURL(/\?file=added#files$/);
  await waitForHydration(page);
  await assert.doesNotReject(page.getByText('Your file has been added.').waitFor());
  const link = files.getByRole('link', { name });
  await assert.doesNotReject(link.waitFor());
  assert.match(await link.getAttribute('href'), /^\/files\/[0-9a-f]{32}$/);
  await assert.doesNotReject(files.getByText(/added by You on/).first().waitFor());
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= VIEWPORTS.phone.width, `no sideways scrolling (${scrollWidth}px)`);
  await expectNoAxeViolations(page);
  await screenshot(page, 'case-files-added-390x844');

  // A "PDF" that is really text: refused, with the problem next to the file input.
  await files.getByLabel('Add a file').setInputFiles({
    name: 'not-really.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('just some text'),
  });
  await files.getByRole('button', { name: 'Add file' }).click();
  await page.waitForURL(/\?file_error=mismatch_pdf#files$/);
  await waitForHydration(page);
  await assert.doesNotReject(page.getByRole('heading', { name: 'There is a problem' }).waitFor());
  await assert.doesNotReject(
    files.getByLabel('Add a file').and(page.locator('[aria-describedby~="evidence-error"]')).waitFor(),
  );
  await assert.doesNotReject(page.getByText(/not a real pdf file/).first().waitFor());
  assert.equal(await files.getByRole('link', { name: 'not-really.pdf' }).count(), 0);
  await expectNoAxeViolations(page);
  await screenshot(page, 'case-files-refused-390x844');
  assert.deepEqual(errors, [], 'no script errors in the page');
  await page.close();
});
