// Cooperation between organisations, as people do it in a browser: a
// visitor refers a detainee to courses, the partner accepts and assigns a
// correspondent, the sender follows; a learner follow-up waits for the
// probation service; outsiders get 404; an activity without authorisation
// is refused; the census shows the unserved establishments.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { logIn, menu, shot, startBrowser, startServer } from './harness.mjs';

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

async function as(email, width = 1200) {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await logIn(page, server.url, email);
  return page;
}

/** Chooses, in the select labelled `label`, the option whose text contains `text`. */
async function choose(page, label, text) {
  const select = page.getByLabel(label, { exact: true });
  const option = await select.locator('option', { hasText: text }).first().textContent();
  await select.selectOption({ label: option });
}

async function refer(page, kind, from, to, reference, needs) {
  await menu(page, 'Orientations');
  await page.getByRole('link', { name: 'Orienter une personne' }).click();
  const destination = page.getByLabel('Organisation destinataire');
  assert.match(await destination.locator('option:checked').textContent(), /^AUXILIA/, 'courses go to those who give them');
  await page.getByLabel('Vers un visiteur').check();
  assert.match(await destination.locator('option:checked').textContent(), /^ANVP/, 'visits go to visitors');
  await page.getByLabel(kind).check();
  assert.match(await destination.locator('option:checked').textContent(), kind.includes('cours') ? /^AUXILIA/ : /^ANVP/,
    'the destination follows the kind');
  await choose(page, 'Au nom de', from);
  await choose(page, 'Organisation destinataire', to);
  await choose(page, 'Établissement', "Maison d'arrêt de Fresnes");
  await page.getByLabel('Référence pseudonyme').fill(reference);
  await page.getByLabel('Besoin (quelques mots)').fill(needs);
  await page.getByLabel("La personne a donné son accord").check();
  await page.getByRole('button', { name: "Envoyer l'orientation" }).click();
  await page.getByRole('status').getByText("L'orientation est envoyée.").waitFor();
  return page.url();
}

test('a visitor refers a detainee to courses; the partner accepts and assigns; outsiders get 404', async () => {
  const visitor = await as('visitor@passerelle.demo');
  const url = await refer(visitor, 'Vers les cours par correspondance', 'ANVP', 'AUXILIA', 'JD-2026-04',
    'Souhaite préparer le DAEU');
  assert.equal((await visitor.locator('#state').textContent()).trim(), 'Envoyée');
  await shot(visitor, 'referral-sent');

  const coordinator = await as('coordinator.auxilia@passerelle.demo');
  await menu(coordinator, 'Orientations');
  await coordinator.locator('#referrals').getByRole('link', { name: '#' + url.split('/').pop() }).click();
  await coordinator.getByRole('button', { name: 'Accepter' }).click();
  await coordinator.getByRole('status').getByText("L'orientation est à jour.").waitFor();
  await choose(coordinator, 'Bénévole agréé·e pour cet établissement', 'Luc Moreau');
  await coordinator.getByRole('button', { name: 'Confier' }).click();
  await coordinator.getByRole('status').getByText("L'orientation est à jour.").waitFor();
  await shot(coordinator, 'referral-assigned');

  await visitor.goto(url);
  assert.equal((await visitor.locator('#state').textContent()).trim(), 'Confiée à un bénévole');
  assert.equal((await visitor.locator('#assigned').textContent()).trim(), 'Luc Moreau');

  const outsider = await as('coordinator@passerelle.demo');
  const response = await outsider.goto(url);
  assert.equal(response.status(), 404, 'an ANVP coordinator is no party to it');
  assert.equal(await outsider.getByText('JD-2026-04').count(), 0);
});

test('a learner follow-up waits for the probation officer', async () => {
  const correspondent = await as('correspondent@passerelle.demo', 390);
  const url = await refer(correspondent, 'Rencontre d\'un apprenant par un visiteur', 'AUXILIA', 'ANVP', 'AB-17',
    'Isolé, souhaite une visite');
  assert.equal((await correspondent.locator('#state').textContent()).trim(), "En attente d'accord du SPIP");
  await shot(correspondent, 'referral-awaiting-approval-phone');

  const staff = await as('staff@passerelle.demo');
  await staff.goto(url);
  await staff.getByRole('button', { name: 'Approuver' }).click();
  await staff.getByRole('status').getByText("L'orientation est à jour.").waitFor();
  assert.equal((await staff.locator('#state').textContent()).trim(), 'Approuvée par le SPIP');
});

test('an activity on a date without authorisation is refused, today it is saved', async () => {
  const visitor = await as('visitor@passerelle.demo', 390);
  await menu(visitor, 'Activité');
  await visitor.getByRole('link', { name: 'Noter une activité' }).click();
  await choose(visitor, 'Organisation', 'ANVP');
  const longAgo = new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10);
  await visitor.getByLabel('Date').fill(longAgo);
  await choose(visitor, 'Établissement', 'Fresnes');
  await visitor.getByLabel('Durée').fill('1h30');
  await visitor.getByRole('button', { name: 'Enregistrer' }).click();
  await visitor.getByText("Vous n'aviez pas d'agrément valide pour cet établissement à cette date").waitFor();
  assert.equal(await visitor.getByLabel('Durée').inputValue(), '1h30', 'what was typed is kept');
  await shot(visitor, 'activity-refused-phone');

  await visitor.getByLabel('Date').fill(new Date().toISOString().slice(0, 10));
  await visitor.getByRole('button', { name: 'Enregistrer' }).click();
  await visitor.getByRole('status').getByText('Activité enregistrée').waitFor();
  assert.match(await visitor.locator('#activities').textContent(), /1 h 30/);
});

test('the census shows the unserved establishments', async () => {
  const coordinator = await as('coordinator@passerelle.demo');
  await coordinator.getByRole('link', { name: 'Couverture' }).click();
  const unserved = Number((await coordinator.locator('#unserved').textContent()).replace(/\D/g, ''));
  assert.ok(unserved > 0, `unserved establishments: ${unserved}`);
  await coordinator.getByLabel('Couverture', { exact: true }).selectOption('unserved');
  await coordinator.getByRole('button', { name: 'Filtrer' }).click();
  const rows = await coordinator.locator('#census tbody tr').count();
  assert.ok(rows > 0);
  await shot(coordinator, 'coverage-census');
});
