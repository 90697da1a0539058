// Training, as people do it in a browser: ANVP plans a session and opens
// three seats to Auxilia; four Auxilia people enrol, the fourth waits and
// gets the seat freed by a cancellation; attendance is taken on a phone;
// completion gives a PDF certificate whose code verifies logged out; the
// cost report splits the cost by seats taken.
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
  page.on('dialog', (dialog) => dialog.accept());
  if (email) await logIn(page, server.url, email);
  return page;
}

function day(offset) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return d.toISOString().slice(0, 10);
}

async function choose(page, label, text) {
  const select = page.getByLabel(label, { exact: true });
  const option = await select.locator('option', { hasText: text }).first().textContent();
  await select.selectOption({ label: option });
}

const title = 'Écoute — session de décembre';

async function openSession(page) {
  await menu(page, 'Formations');
  await page.locator('#sessions').getByRole('link', { name: title }).click();
}

function row(page, name) {
  return page.locator('#enrolment-list tr', { hasText: name });
}

async function flash(page, text) {
  await page.getByRole('status').getByText(text).waitFor();
}

test('a session opened to a partner fills, waits, promotes, certifies and shares its cost', async () => {
  // ANVP's coordinator plans the session and opens three seats to Auxilia.
  const organiser = await as('coordinator@passerelle.demo');
  await menu(organiser, 'Formations');
  await organiser.getByRole('link', { name: 'Nouvelle session' }).click();
  await organiser.getByLabel('Intitulé').fill(title);
  await organiser.getByLabel(/Écoute active et posture/).check();
  await organiser.getByLabel('Premier jour').fill(day(10));
  await organiser.getByLabel('Dernier jour').fill(day(11));
  await organiser.getByLabel('Lieu', { exact: true }).fill('ANVP, Paris 15e');
  await organiser.getByLabel('Nombre de places').fill('8');
  await organiser.getByLabel("Date limite d'inscription").fill(day(5));
  await organiser.getByLabel('Coût total (€)').fill('800');
  await organiser.getByRole('button', { name: 'Créer la session' }).click();
  await flash(organiser, 'La session est créée.');
  await choose(organiser, 'Organisation partenaire', 'AUXILIA');
  await organiser.getByLabel('Places', { exact: true }).fill('3');
  await organiser.getByRole('button', { name: 'Enregistrer les places' }).click();
  await flash(organiser, 'Les places sont enregistrées.');
  await organiser.getByRole('button', { name: 'Inscrire un·e bénévole' }).waitFor();
  await organiser.getByLabel('Adresse e-mail du ou de la bénévole').fill('coordinator@passerelle.demo');
  await organiser.getByRole('button', { name: 'Inscrire un·e bénévole' }).click();
  await flash(organiser, "L'inscription est enregistrée.");

  // A volunteer who is also an Auxilia member enrols on Auxilia's seats.
  const volunteer = await as('visitor@passerelle.demo');
  await openSession(volunteer);
  await choose(volunteer, "M'inscrire au titre de", 'AUXILIA');
  await volunteer.getByRole('button', { name: "S'inscrire" }).click();
  await flash(volunteer, "L'inscription est enregistrée.");

  // Auxilia's coordinator enrols three more: the third is wait-listed.
  const partner = await as('coordinator.auxilia@passerelle.demo');
  await openSession(partner);
  for (const email of ['correspondent@passerelle.demo', 'national.auxilia@passerelle.demo']) {
    await partner.getByLabel('Adresse e-mail du ou de la bénévole').fill(email);
    await partner.getByRole('button', { name: 'Inscrire un·e bénévole' }).click();
    await flash(partner, "L'inscription est enregistrée.");
  }
  await partner.getByLabel('Adresse e-mail du ou de la bénévole').fill('coordinator.auxilia@passerelle.demo');
  await partner.getByRole('button', { name: 'Inscrire un·e bénévole' }).click();
  await flash(partner, 'Toutes les places sont prises');
  assert.match(await row(partner, 'Claire Fontaine').textContent(), /En liste d'attente/);
  assert.equal(await row(partner, 'Sophie Durand').count(), 0, "another organisation's enrolments stay hidden");
  await row(partner, 'Jean Petit').getByRole('button', { name: 'Approuver' }).click();
  await flash(partner, "L'inscription est à jour.");
  await shot(partner, 'training-waiting-list');

  // A cancellation frees a seat: the first waiting gets it.
  await row(partner, 'Luc Moreau').getByRole('button', { name: "Annuler l'inscription" }).click();
  await flash(partner, "L'inscription est à jour.");
  assert.match(await row(partner, 'Luc Moreau').textContent(), /Annulée/);
  assert.match(await row(partner, 'Claire Fontaine').textContent(), /Inscrit·e/);

  // Attendance on a phone: one tap per person and day.
  const phone = await as('coordinator@passerelle.demo', 390);
  await openSession(phone);
  const absent = 'table.attendance button.toggle[aria-pressed="false"]';
  let left = await phone.locator(absent).count();
  assert.equal(left, 8, 'four people, two days');
  while (left > 0) {
    await phone.locator(absent).first().click();
    await phone.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length < n, [absent, left]);
    left = await phone.locator(absent).count();
  }
  await shot(phone, 'training-attendance-phone');

  // Completion gives a certificate; its code verifies logged out.
  await organiser.reload();
  await row(organiser, 'Jean Petit').getByRole('button', { name: 'Valider la formation' }).click();
  await flash(organiser, 'La formation est validée');
  const code = (await row(organiser, 'Jean Petit').locator('a[href^="/verify/"]').textContent()).trim();
  assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

  await menu(volunteer, 'Formations');
  await volunteer.getByRole('link', { name: 'Mes attestations' }).click();
  const pdfLink = volunteer.getByRole('link', { name: 'Écoute active et posture' }).first();
  const pdf = await volunteer.request.get(new URL(await pdfLink.getAttribute('href'), server.url).href);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.ok((await pdf.body()).subarray(0, 5).toString() === '%PDF-');
  await shot(volunteer, 'training-certificates');

  const stranger = await as(null);
  await stranger.goto(`${server.url}/verify`);
  await stranger.getByLabel("Saisissez le code imprimé sur l'attestation.").fill(code.toLowerCase());
  await stranger.getByRole('button', { name: 'Vérifier' }).click();
  await stranger.getByText('Cette attestation est authentique.').waitFor();
  assert.match(await stranger.locator('dl.facts').textContent(), /Jean Petit[\s\S]*Écoute active et posture/);
  await shot(stranger, 'training-verify');

  // The cost report: 800 € for 4 seats taken, 1 ANVP and 3 Auxilia.
  await menu(organiser, 'Formations');
  await organiser.getByRole('link', { name: 'Heures et coûts' }).click();
  const lines = organiser.locator('#cost-lines tr', { hasText: title });
  const owed = {};
  for (const line of await lines.all()) {
    const cells = await line.locator('td').allTextContents();
    owed[cells[4].trim()] = cells[5].trim();
  }
  assert.match(owed.ANVP, /^200,00/);
  assert.match(owed.AUXILIA, /^600,00/);
  await shot(organiser, 'training-costs');
});

test('a volunteer cannot take attendance and sees only their own enrolment', async () => {
  const volunteer = await as('visitor@passerelle.demo');
  await menu(volunteer, 'Formations');
  await volunteer.locator('#sessions').getByRole('link', { name: 'Coordonner une équipe — Paris' }).click();
  assert.equal(await volunteer.locator('table.attendance').count(), 0);
  const names = await volunteer.locator('#enrolment-list tbody tr td:first-child').allTextContents();
  assert.deepEqual(names, ['Jean Petit']);
});
