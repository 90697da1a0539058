// The practice library, as people use it: a coordinator describes what her
// section does, a partner abroad finds it by its theme in another language
// and says they tried it.
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

async function as(email, locale = 'fr-FR') {
  const context = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await logIn(page, server.url, email);
  return page;
}

const title = 'Une fiche de liaison avec le SPIP après chaque visite';

test('a coordinator describes a practice; a partner finds it by theme and says they tried it', async () => {
  const coordinator = await as('coordinator@passerelle.demo');
  await coordinator.getByRole('link', { name: 'Pratiques', exact: true }).click();
  assert.ok(await coordinator.locator('#practices > li').count() >= 10, 'the demo library');
  await coordinator.getByRole('link', { name: 'Décrire une pratique' }).click();
  await coordinator.getByLabel('Titre').fill(title);
  await coordinator.getByLabel('Contexte').fill('Le SPIP apprenait trop tard les difficultés repérées par les visiteurs.');
  await coordinator.getByLabel('Ce qui est fait').fill('Après chaque visite, le visiteur remplit une fiche courte que le coordinateur transmet au SPIP.');
  await coordinator.getByRole('button', { name: 'Enregistrer' }).click();
  await coordinator.getByRole('alert').getByText('Choisissez au moins un thème.').waitFor();
  assert.equal(await coordinator.getByLabel('Titre').inputValue(), title, 'what was typed is kept');
  await coordinator.getByLabel('Partenariat avec l\'administration').check();
  await coordinator.getByLabel('Visites', { exact: true }).check();
  await coordinator.getByRole('button', { name: 'Enregistrer' }).click();
  await coordinator.getByRole('status').getByText('Pratique publiée dans la bibliothèque.').waitFor();
  await shot(coordinator, 'practice');

  const peer = await as('national.auxilia@passerelle.demo', 'en-GB');
  await peer.getByRole('link', { name: 'Practices', exact: true }).click();
  await peer.getByLabel('Theme').selectOption({ label: 'Partnership with the administration' });
  await peer.getByRole('button', { name: 'Filter' }).click();
  await peer.getByRole('link', { name: title }).click();
  await peer.getByLabel('We tried it').check();
  await peer.getByLabel('Your text').fill('Repris à Fleury-Mérogis avec le SPIP, depuis mars.');
  await peer.getByRole('button', { name: 'Publish' }).click();
  await peer.getByRole('status').getByText('Thank you, it is published.').waitFor();
  assert.match(await peer.locator('#notes').textContent(), /AUXILIA · We tried it/);
  await shot(peer, 'practice-tried');
});
