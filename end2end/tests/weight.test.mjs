// What a first visit to each page costs a phone: every byte that crosses the network (HTML,
// stylesheet, and the glue script and wasm module only where the page has an island),
// compressed as the server sends it, with an empty cache. Resident pages must stay within
// 150 KB, every other page within 250 KB, and a page with nothing to do in the browser loads
// no script and no wasm at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, openPage, waitForHydration, signIn, fillShortComplaint,
} from './support.mjs';

const RESIDENT_BUDGET = 150_000;
const OTHER_BUDGET = 250_000;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * Opens `path` in a new context with an empty cache (signed in when `storageState` is given)
 * and returns the bytes received for it and what it loads, by kind.
 */
async function firstVisit(path, storageState) {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  const received = [];
  page.on('requestfinished', async (request) => {
    received.push(
      request.sizes().then((sizes) => ({
        url: request.url(),
        bytes: sizes.responseBodySize + sizes.responseHeadersSize,
      })),
    );
  });
  await page.goto(`${BASE_URL}${path}`);
  await waitForHydration(page);
  await page.waitForLoadState('networkidle');
  const files = await Promise.all(received);
  const islands = await page.locator('leptos-island').count();
  await context.close();
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const wasm = files.some((f) => f.url.endsWith('.wasm'));
  const script = files.some((f) => f.url.endsWith('.js'));
  return { path, total, wasm, script, islands, files };
}

function describe(visit) {
  return `${visit.path}: ${visit.total} bytes in ${visit.files.length} responses\n${visit.files
    .map((f) => `  ${f.bytes}\t${f.url}`)
    .join('\n')}`;
}

function expectWithin(visit, budget) {
  console.log(`${visit.path}\t${visit.total} bytes\tislands ${visit.islands}\twasm ${visit.wasm}`);
  assert.ok(visit.total <= budget, `over ${budget} bytes: ${describe(visit)}`);
  // Only a page with something to do in the browser loads the module.
  assert.equal(visit.wasm, visit.islands > 0, describe(visit));
  assert.equal(visit.script, visit.islands > 0, describe(visit));
}

async function signedInState(email, next) {
  const page = await openPage(browser);
  await signIn(page, email, next);
  const state = await page.context().storageState();
  await page.close();
  return state;
}

test('resident pages cost at most 150 KB on a first visit, and only the form loads wasm', async () => {
  for (const path of ['/', '/sign-in', '/register', '/forgotten-password']) {
    const visit = await firstVisit(path);
    expectWithin(visit, RESIDENT_BUDGET);
    assert.equal(visit.wasm, false, `${path} needs nothing in the browser`);
  }
  const form = await firstVisit('/make?kind=complaint');
  expectWithin(form, RESIDENT_BUDGET);
  assert.equal(form.wasm, true, 'the form checks answers in the browser');

  // The check page and the tracking page, reached as a resident reaches them.
  const page = await openPage(browser);
  await page.goto(`${BASE_URL}/make?kind=complaint`);
  await waitForHydration(page);
  const check = await fillShortComplaint(page, 'Wendy Weight', '07700 900111', 'The stair light has been out for a month.');
  expectWithin(await firstVisit(check), RESIDENT_BUDGET);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForURL(/\/track\//);
  expectWithin(await firstVisit(new URL(page.url()).pathname), RESIDENT_BUDGET);
  await page.close();

  const rita = await signedInState('rita.resident@example.org', '/cases');
  expectWithin(await firstVisit('/cases', rita), RESIDENT_BUDGET);
  const list = await browser.newContext({ storageState: rita });
  const listPage = await list.newPage();
  await listPage.goto(`${BASE_URL}/cases`);
  const caseLink = await listPage.locator('.case-list__item a').first().getAttribute('href');
  await list.close();
  expectWithin(await firstVisit(caseLink, rita), RESIDENT_BUDGET);
});

test('staff pages cost at most 250 KB on a first visit', async () => {
  const chris = await signedInState('chris.complaints@example.org');
  const context = await browser.newContext({ storageState: chris });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/staff?scope=all`);
  // Every page in the service navigation, one case and one of its steps.
  const pages = await page
    .getByRole('navigation', { name: 'Your pages' })
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const casePath = await page.locator('a[href^="/staff/cases/"]').first().getAttribute('href');
  await page.goto(`${BASE_URL}${casePath}`);
  const step = await page.locator(`a[href^="${casePath}/"]`).first().getAttribute('href');
  await context.close();
  assert.ok(pages.length >= 3, `the service navigation: ${pages}`);
  for (const path of [...pages, casePath, step, '/make?kind=complaint', '/reports', '/reports/annual']) {
    if (path) expectWithin(await firstVisit(path, chris), OTHER_BUDGET);
  }
});
