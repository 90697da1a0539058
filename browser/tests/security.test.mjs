// Security seen from a browser: calendar links shown once on the account
// page, forms that keep working after logging in again, and a page of
// another site that cannot post into Passerelle.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessible, logIn, shot, startBrowser, startServer } from './harness.mjs';

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

async function newPage(locale = 'fr-FR') {
  const context = await browser.newContext({ locale, viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

test('calendar links are made on the account page and shown only once', async () => {
  const page = await newPage('fr-FR');
  await logIn(page, server.url, 'coordinator@passerelle.demo');
  await page.getByRole('link', { name: 'Formations' }).first().click();
  await page.getByRole('link', { name: 'Vos liens d\'agenda et de flux se créent depuis « Mon compte ».' }).click();
  await page.getByRole('heading', { name: 'Liens d\'agenda et de flux' }).waitFor();
  await page.getByRole('button', { name: 'Créer mes liens d\'agenda' }).click();
  await page.getByRole('status').getByText('copiez-les maintenant').waitFor();
  const links = await page.locator('#new-feeds code').allTextContents();
  assert.equal(links.length, 4);
  assert.match(links[0], /\/calendar\/cal_[0-9a-f]{64}\/training\.ics$/);
  await accessible(page);
  await shot(page, 'account-feed-links');

  const calendar = await page.request.get(links[2]);
  assert.equal(calendar.status(), 200);
  assert.match(calendar.headers()['content-type'], /^text\/calendar/);

  await page.goto(`${server.url}/account`);
  assert.equal(await page.locator('#new-feeds').count(), 0, 'not shown again');
  await page.getByText('Ils ne sont affichés qu\'à leur création').waitFor();
  const token = links[0].match(/cal_[0-9a-f]{64}/)[0];
  assert.ok(!(await page.content()).includes(token));

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Renouveler les liens' }).click();
  await page.locator('#new-feeds').waitFor();
  const old = await page.request.get(links[2]);
  assert.equal(old.status(), 404, 'the old links stop working');
  await page.context().close();
});

test('a page of another site cannot post a form into Passerelle', async () => {
  const page = await newPage('en-GB');
  await logIn(page, server.url, 'admin@passerelle.demo');
  await page.goto(`${server.url}/organisations/new`);
  const token = await page.locator('input[name=_csrf]').first().inputValue();
  // The same form with the right token, sent from another origin: the
  // browser says so in Origin and Sec-Fetch-Site.
  const evil = `<form id=f method=post action="${server.url}/organisations">
    <input name=_csrf value="${token}"><input name=name value=Forged><input name=acronym value=FORGED>
    <input name=kind value=other><input name=country value=FR></form>`;
  const other = await page.context().newPage();
  await other.route('http://evil.example/', (route) => route.fulfill({ contentType: 'text/html', body: evil }));
  await other.goto('http://evil.example/');
  const [response] = await Promise.all([
    other.waitForResponse((r) => r.url().endsWith('/organisations')),
    other.evaluate(() => document.getElementById('f').submit()),
  ]);
  assert.equal(response.status(), 403);
  await page.goto(`${server.url}/organisations?q=FORGED`);
  await page.getByText('0 result(s)').waitFor();
  await page.context().close();
});
