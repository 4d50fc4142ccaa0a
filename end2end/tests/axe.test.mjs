// The accessibility scan every other test relies on: it must find a problem when there is one,
// on a page as the server sends it (its Content-Security-Policy and all), and again after the
// page changed under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, expectNoAxeViolations, launch, openPage } from './support.mjs';

test('the accessibility scan passes a good page and names the problems of a broken one', async () => {
  const browser = await launch();
  try {
    const page = await openPage(browser);
    await page.goto(`${BASE_URL}/`);
    await expectNoAxeViolations(page);
    // A field without a label and an image without a text alternative, added after a scan.
    await page.evaluate(() => {
      const main = document.querySelector('main');
      main.insertAdjacentHTML('beforeend', '<input type="text" name="nameless"><img src="/favicon.ico">');
    });
    await assert.rejects(expectNoAxeViolations(page), (error) => {
      assert.match(error.message, /axe found accessibility problems/);
      assert.match(String(error.actual), /label/);
      assert.match(String(error.actual), /image-alt/);
      return true;
    });
    // A new document gets the scan afresh.
    await page.goto(`${BASE_URL}/sign-in`);
    await expectNoAxeViolations(page);
  } finally {
    await browser.close();
  }
});
