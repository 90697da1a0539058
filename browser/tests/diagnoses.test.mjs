// The needs diagnosis, as people use it: ANVP's national administrator
// reads the report of the diagnosis three people answered (demo), a
// coordinator answers again, the administrator closes it, and the
// comparison hides France's averages: three respondents are too few.
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

async function as(email) {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('dialog', (dialog) => dialog.accept());
  await logIn(page, server.url, email);
  return page;
}

test('a diagnosis answered by three people gives a report with priorities, compared only as hidden averages', async () => {
  const coordinator = await as('coordinator@passerelle.demo');
  await coordinator.getByRole('link', { name: 'Référentiels', exact: true }).click();
  await coordinator.getByRole('link', { name: 'Diagnostic des besoins' }).click();
  await coordinator.locator('#diagnoses a').first().click();
  assert.match(await coordinator.locator('#diagnosis-respondents').textContent(), /3 répondant/);
  const first = coordinator.locator('#questionnaire fieldset').first();
  assert.equal(await first.getByRole('radio', { checked: true }).getAttribute('value'), '1', 'her answers, kept');
  await first.getByLabel('3 — en partie').check();
  await coordinator.getByRole('button', { name: 'Envoyer mes réponses' }).click();
  await coordinator.getByRole('status').getByText('Merci, vos réponses sont enregistrées.').waitFor();
  assert.match(await coordinator.locator('#diagnosis-respondents').textContent(), /3 répondant/, 'answering again is not a new respondent');

  const admin = await as('national.anvp@passerelle.demo');
  await admin.goto(coordinator.url());
  const priorities = admin.locator('#priorities li');
  assert.equal(await priorities.count(), 3);
  assert.match(await priorities.first().textContent(), /\d,\d \/ 5/);
  await shot(admin, 'diagnosis-report');
  await admin.getByRole('button', { name: 'Clore le diagnostic' }).click();
  await admin.getByRole('status').getByText('Diagnostic clos.').waitFor();
  await admin.goto(`${server.url}/diagnoses/compare`);
  const france = admin.locator('#comparison tbody tr', { hasText: 'FR' });
  assert.match(await france.textContent(), /masqué/);
  await shot(admin, 'diagnosis-compare');
});
