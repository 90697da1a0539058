// On a phone (390 × 844): the menu folds behind a button so that a page
// starts with its content, opens with one tap, and the pages checked here
// fit the screen's width: lists, and a page of each kind opened from them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { logIn, shot, startBrowser, startServer } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** How many pixels the page is wider than the screen. */
async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('the menu folds on a phone and opens with one tap; these pages fit the screen', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await logIn(page, server.url, 'coordinator@passerelle.demo');
  const header = await page.locator('header.top').boundingBox();
  assert.ok(header.height < 120, `the header takes ${header.height} px of 844`);
  const activity = page.getByRole('link', { name: 'Activité', exact: true });
  assert.equal(await activity.isVisible(), false, 'the menu is folded');
  await page.getByRole('button', { name: 'Menu' }).click();
  assert.equal(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded'), 'true');
  await shot(page, 'menu-phone');
  await page.getByRole('link', { name: 'Pratiques', exact: true }).click();
  await page.getByRole('heading', { name: 'Bibliothèque de pratiques' }).waitFor();
  for (const path of ['/', '/practices', '/standards', '/competences', '/diagnoses', '/inbox', '/account', '/activities/new',
    '/establishments', '/coverage', '/referrals', '/authorisations', '/meetings', '/training']) {
    await page.goto(`${server.url}${path}`);
    assert.equal(await overflow(page), 0, `${path} is wider than the phone`);
  }
  // One of each kind of page people open from those lists.
  for (const [list, link] of [['/authorisations', '#authorisations tbody a'], ['/meetings', 'main table tbody a'],
    ['/training?when=all', 'main table tbody a'], ['/referrals', 'main table tbody a']]) {
    await page.goto(`${server.url}${list}`);
    const first = page.locator(link).first();
    if (await first.count() === 0) continue;
    await first.click();
    await page.waitForLoadState();
    assert.equal(await overflow(page), 0, `${page.url()} is wider than the phone`);
  }
});
