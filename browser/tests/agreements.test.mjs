// Partnership agreements, as people do it in a browser: ANVP's admin
// records a convention with Auxilia and commitments in three categories;
// a volunteer of a party adds a follow-up note; the demo's renewed
// convention shows a yearly evaluation beside the year before; the prison
// administration, not a party, gets 404.
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

const title = 'Convention ANVP – Auxilia (essai)';

test('an admin records an agreement with commitments; a party member follows up; outsiders get 404', async () => {
  const admin = await as('national.anvp@passerelle.demo');
  await admin.getByRole('link', { name: 'Conventions', exact: true }).click();
  await admin.getByRole('link', { name: 'Enregistrer une convention' }).click();
  await admin.getByLabel('Intitulé').fill(title);
  await admin.getByRole('checkbox', { name: /ANVP — / }).check();
  await admin.getByRole('checkbox', { name: /AUXILIA — / }).check();
  await admin.getByLabel('Date de signature').fill('2026-01-15');
  await admin.getByLabel('Début').fill('2026-02-01');
  await admin.getByLabel('Fin', { exact: true }).fill('2031-01-31');
  await admin.getByRole('button', { name: 'Enregistrer' }).click();
  await admin.getByRole('status').getByText('La convention est enregistrée.').waitFor();
  assert.equal((await admin.locator('#status').textContent()).trim(), 'En vigueur');

  for (const [category, text] of [
    ["À l'égard des personnes accompagnées", 'Informer les personnes détenues des cours et des visites'],
    ["À l'égard de l'administration", 'Rechercher des facilités de coopération avec les SPIP'],
    ['Communication', 'Inviter les correspondants homologues aux réunions régionales'],
  ]) {
    await admin.getByLabel('Catégorie', { exact: true }).selectOption({ label: category });
    await admin.getByLabel('Engagement', { exact: true }).fill(text);
    await admin.getByRole('button', { name: "Ajouter l'engagement" }).click();
    await admin.getByRole('status').getByText("C'est enregistré.").waitFor();
  }
  assert.equal(await admin.locator('section ol li').count(), 3);
  await shot(admin, 'agreement-commitments');

  const volunteer = await as('visitor@passerelle.demo');
  await volunteer.getByRole('link', { name: 'Conventions', exact: true }).click();
  await volunteer.getByRole('link', { name: title }).click();
  await volunteer.getByLabel('Note', { exact: true }).fill('Affiche commune posée au parloir de Fresnes');
  await volunteer.getByRole('button', { name: 'Enregistrer la note' }).click();
  await volunteer.getByRole('status').getByText("C'est enregistré.").waitFor();
  assert.equal(await volunteer.getByRole('button', { name: "Ajouter l'engagement" }).count(), 0, 'a volunteer adds no commitment');

  const url = volunteer.url();
  const staff = await as('staff@passerelle.demo');
  const response = await staff.goto(url);
  assert.equal(response.status(), 404);
});

test("the renewed convention's evaluation shows the change from the year before", async () => {
  const coordinator = await as('coordinator.auxilia@passerelle.demo');
  await coordinator.getByRole('link', { name: 'Conventions', exact: true }).click();
  await coordinator.getByLabel('Statut').selectOption({ label: 'En vigueur' });
  await coordinator.getByRole('button', { name: 'Filtrer' }).click();
  await coordinator.locator('#agreements tbody a', { hasText: 'Convention de partenariat' }).first().click();
  await coordinator.locator('#evaluations a').first().click();
  const report = coordinator.locator('#report');
  await report.waitFor();
  assert.ok(await report.locator('.trend-better').count() > 0, 'some commitments progress');
  const agreed = coordinator.locator('#agreed-indicators');
  assert.match(await agreed.textContent(), /Suivi de la convention ANVP – Auxilia v1/);
  assert.equal(await agreed.locator('tbody tr').count(), 6, 'the six indicators the parties agreed');
  await shot(coordinator, 'agreement-evaluation');
  const pdf = await coordinator.request.get(new URL(await coordinator.getByRole('link', { name: 'PDF' }).getAttribute('href'), server.url).href);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
});
