// Indicators agreed and compared, as people do it in a browser: the
// administration's director sets up a follow-up network with ANVP, sets
// how small a count it hides, and proposes an indicator set; ANVP's administrator accepts it and it is
// frozen; prison staff compare France, Poland and Belgium, then the
// prisons of a Belgian region, where small counts are hidden; the observer
// reads only the figures the partners published in VOLPRIS.
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

async function as(email, width = 1200) {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await logIn(page, server.url, email);
  return page;
}

test('an administration and an organisation agree an indicator set within a network', async () => {
  const dap = await as('direction@passerelle.demo');
  await dap.getByRole('link', { name: 'Réunions', exact: true }).click();
  await dap.getByRole('link', { name: "Réseaux d'organisations" }).click();
  await dap.getByLabel('Nom', { exact: true }).fill('Comité de suivi DAP – ANVP');
  await dap.getByLabel('Organisation coordinatrice').selectOption({ label: 'DAP' });
  await dap.getByRole('button', { name: 'Créer le réseau' }).click();
  await dap.getByRole('heading', { name: 'Comité de suivi DAP – ANVP' }).waitFor();
  const network = dap.url();
  await dap.getByLabel('Seuil de masquage (personnes)').fill('10');
  await dap.getByRole('button', { name: 'Enregistrer le seuil' }).click();
  await dap.locator('#threshold', { hasText: 'inférieurs à 10' }).waitFor();
  await shot(dap, 'network-threshold');

  const anvp = await as('national.anvp@passerelle.demo');
  await anvp.goto(network);
  await anvp.getByLabel('Organisation', { exact: true }).selectOption({ label: 'ANVP' });
  await anvp.getByRole('button', { name: 'Envoyer la demande' }).click();
  await dap.reload();
  await dap.getByRole('button', { name: 'Accepter' }).click();
  await dap.getByRole('link', { name: "Proposer un jeu d'indicateurs" }).click();
  await dap.getByLabel('Nom du jeu').fill('Suivi commun 2027');
  await dap.getByLabel('Établissements desservis').uncheck();
  await dap.getByRole('button', { name: 'Proposer', exact: true }).click();
  await dap.locator('#set-state', { hasText: 'Proposé' }).waitFor();
  assert.match(await dap.locator('#parties').textContent(), /En attente/, 'ANVP has not answered');

  await anvp.goto(network);
  await anvp.getByRole('link', { name: 'Suivi commun 2027 v1' }).click();
  await anvp.getByLabel('Commentaire').fill('D’accord pour suivre ces indicateurs.');
  await anvp.getByRole('button', { name: 'Accepter' }).click();
  await anvp.locator('#set-state', { hasText: 'Convenu' }).waitFor();
  assert.equal(await anvp.getByRole('button', { name: 'Refuser' }).count(), 0, 'frozen: no more answers');
  await shot(anvp, 'indicator-set');
  await anvp.getByRole('link', { name: 'Voir les chiffres de ces indicateurs' }).click();
  await anvp.locator('#agreed-set', { hasText: 'Suivi commun 2027 v1' }).waitFor();
  const rows = await anvp.locator('table.indicators tbody tr').count();
  assert.equal(rows, 13, 'the set holds the catalogue but one');
});

test('prison staff compare three countries, then the prisons of a region, small counts hidden', async () => {
  const staff = await as('staff@passerelle.demo');
  await staff.getByRole('link', { name: 'Indicateurs', exact: true }).click();
  await staff.getByRole('heading', { name: 'Indicateurs comparés' }).waitFor();
  const head = await staff.locator('table.indicators thead').textContent();
  for (const country of ['BE', 'FR', 'PL']) assert.match(head, new RegExp(country));
  const row = staff.getByRole('row', { name: /Bénévoles pour 100 personnes détenues/ });
  assert.match(await row.textContent(), /\d \/ \d/, 'each figure shows its numerator and denominator');
  const year = String(new Date().getFullYear() - 1);
  await staff.getByLabel('Période').selectOption(year);
  await staff.getByRole('button', { name: 'Afficher' }).click();
  await staff.locator('caption', { hasText: `Pays · ${year}` }).waitFor();
  assert.match(await staff.locator('#counted').textContent(), /figés/, 'a closed year is frozen');
  const context = await staff.locator('#context').textContent();
  assert.match(context, /Belgique[\s\S]*SPACE I/, "each country's reference figures and their source");
  await shot(staff, 'indicators');
  await staff.getByLabel('Niveau').selectOption('establishment');
  await staff.getByLabel('Région', { exact: true }).selectOption({ label: 'Wallonie (BE)' });
  await staff.getByRole('button', { name: 'Afficher' }).click();
  await staff.locator('caption', { hasText: 'Établissements' }).waitFor();
  const table = await staff.locator('table.indicators').textContent();
  assert.match(table, /Prison de Lantin/);
  assert.match(table, /masqué/, 'a prison with fewer than 5 volunteers is hidden');
  await shot(staff, 'indicators-establishments');
  await staff.getByLabel('Niveau').selectOption('country');
  await staff.getByRole('button', { name: 'Afficher' }).click();
  await staff.getByRole('link', { name: 'Visites par bénévole actif' }).click();
  await staff.getByRole('heading', { name: 'Visites par bénévole actif' }).waitFor();
  await staff.getByLabel('Par', { exact: true }).selectOption('month');
  await staff.getByRole('button', { name: 'Afficher' }).click();
  await staff.locator('#trend tbody tr').nth(11).waitFor();
  assert.equal(await staff.locator('svg[role=img] polyline').count() >= 3, true, 'a line per country and all together');
  await shot(staff, 'indicator-trend');
  await staff.getByRole('link', { name: 'Indicateurs comparés' }).click();
  await staff.locator('table.indicators thead').getByRole('link', { name: 'FR' }).click();
  await staff.getByRole('heading', { name: 'Tableau de bord : France' }).waitFor();
  assert.ok(await staff.locator('#dashboard .tile').count() >= 14, 'every indicator of the catalogue');
  await shot(staff, 'indicators-dashboard');
});

test('an observer reads the figures published in VOLPRIS, never the live data', async () => {
  const observer = await as('observer@passerelle.demo');
  await observer.getByRole('link', { name: 'Indicateurs', exact: true }).click();
  await observer.getByRole('heading', { name: 'Chiffres publiés' }).waitFor();
  const year = String(new Date().getFullYear() - 1);
  await observer.locator('caption', { hasText: `VOLPRIS.EU · ${year}` }).waitFor();
  const head = await observer.locator('#published thead').textContent();
  for (const partner of ['ANVP', 'DAP', 'DG EPI', 'SLAWEK', 'SW', 'VOL-BE']) assert.match(head, new RegExp(partner));
  assert.match(await observer.locator('#published tbody').textContent(), /\d \/ \d/);
  assert.equal(await observer.getByRole('button', { name: 'Publier' }).count(), 0, 'an observer publishes nothing');
  await shot(observer, 'indicators-published');
  const live = await observer.goto(`${server.url}/indicators`);
  assert.equal(live.status(), 404, 'no live figures for observers');
});
