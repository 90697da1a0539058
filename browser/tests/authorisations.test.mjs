// Authorisations: a coordinator records an application step by step up to
// the grant, then suspends and restores it, in a real browser.
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

test('a coordinator follows an application, the administration grants it, the coordinator suspends and restores it', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await logIn(page, server.url, 'coordinator@passerelle.demo');
  await page.getByRole('link', { name: 'Agréments', exact: true }).click();
  await page.getByRole('link', { name: "Nouvelle demande d'agrément" }).click();
  await page.getByLabel('E-mail du ou de la bénévole').fill('visitor@passerelle.demo');
  await page.getByLabel('Établissements').selectOption([{ label: 'DISP de Lyon — Centre pénitentiaire de Lyon-Corbas' }]);
  await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
  await page.getByRole('status').getByText('La demande est enregistrée').waitFor();
  assert.equal((await page.locator('#status').textContent()).trim(), 'En cours');

  const steps = page.locator('#steps tbody tr');
  assert.equal(await steps.count(), 7, 'the seven French steps');
  for (let i = 0; i < 7; i++) {
    await page.locator('#steps').getByRole('button', { name: "Enregistrer l'étape" }).first().click();
    await page.getByRole('status').getByText("L'étape est enregistrée.").waitFor();
  }
  assert.equal(await page.locator('#steps').getByRole('button').count(), 0, 'every step is recorded');
  await shot(page, 'authorisation-steps');

  assert.equal(await page.getByRole('button', { name: 'Enregistrer la décision' }).count(), 0,
    'the organisation files, the administration decides');

  const staff = await context.browser().newContext({ locale: 'fr-FR', viewport: { width: 1200, height: 900 } });
  const decider = await staff.newPage();
  decider.setDefaultTimeout(10_000);
  await logIn(decider, server.url, 'staff@passerelle.demo');
  await decider.goto(page.url());
  assert.equal(await decider.getByLabel('Agrément accordé').isChecked(), false, 'nothing preselected');
  assert.equal(await decider.getByLabel('Motif du refus').isVisible(), false, 'a reason only for a refusal');
  await decider.getByLabel('Agrément refusé').check();
  await decider.getByLabel('Motif du refus').waitFor();
  await decider.getByLabel('Agrément accordé').check();
  await decider.getByRole('button', { name: 'Enregistrer la décision' }).click();
  await decider.getByRole('status').getByText('La décision est enregistrée.').waitFor();
  await shot(decider, 'authorisation-decided');
  await staff.close();
  await page.reload();
  assert.equal((await page.locator('#status').textContent()).trim(), 'Valable');
  assert.match(await page.locator('#expires').textContent(), /^\d{2}\/\d{2}\/\d{4}$/, 'a French date');

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByLabel('Motif').first().fill('Incident signalé par le chef d\'établissement');
  await page.getByRole('button', { name: 'Suspendre' }).click();
  await page.getByRole('status').getByText("L'agrément est suspendu.").waitFor();
  assert.equal((await page.locator('#status').textContent()).trim(), 'Suspendu');
  await shot(page, 'authorisation-suspended');

  await page.getByRole('button', { name: 'Lever la suspension' }).click();
  await page.getByRole('status').getByText('La suspension est levée').waitFor();
  assert.equal((await page.locator('#status').textContent()).trim(), 'Valable');
  assert.match(await page.locator('#events').textContent(), /Incident signalé/);

  const granted = new URL(page.url()).pathname;
  await page.getByRole('link', { name: 'Agréments', exact: true }).click();
  await page.getByLabel('Bénévole (nom ou e-mail)').fill('visitor@passerelle.demo');
  await page.getByLabel('Statut').selectOption('valid');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.locator(`#authorisations a[href="${granted}"]`, { hasText: 'Jean Petit' }).waitFor();
  await shot(page, 'authorisations-list');
  await context.close();
});
