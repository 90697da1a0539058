// Minimum standards, as people do it in a browser: ANVP's administrator
// assesses the organisation against the programme standard, with a figure
// Passerelle computes from ANVP's own data, plans an action for the gap and
// submits; Auxilia, invited, reviews it and disagrees on one requirement;
// the prison administration gets 404; the VOLPRIS network sees only the
// tally its members shared.
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

const programme = 'Exigences minimales des programmes de bénévolat en détention';

test('an organisation assesses itself with its own figures, a partner disagrees on one requirement', async () => {
  const admin = await as('national.anvp@passerelle.demo');
  await admin.getByRole('link', { name: 'Référentiels', exact: true }).click();
  await admin.locator('#frameworks').getByRole('link', { name: programme }).click();
  await admin.getByRole('button', { name: 'Commencer', exact: true }).click();
  await admin.getByRole('status').getByText('Évaluation commencée.').waitFor();

  const figure = admin.locator('#answers .figure').first();
  assert.match(await figure.textContent(), /Calculé aujourd'hui par Passerelle : \d+ \/ \d+ \(\d+ %\)/);
  const requirements = admin.locator('#answers fieldset');
  const count = await requirements.count();
  assert.equal(count, 5, 'the five requirements of the demo standard');
  for (let i = 0; i < count; i += 1) {
    const answer = i === count - 1 ? 'Non atteint' : 'Atteint';
    await requirements.nth(i).getByLabel(answer, { exact: true }).check();
  }
  await requirements.first().getByLabel('Preuves').fill('Registre des agréments, revu chaque trimestre');
  await admin.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await admin.getByRole('status').getByText('Enregistré.').waitFor();

  await admin.getByRole('button', { name: "Soumettre l'évaluation" }).click();
  await admin.getByRole('alert').getByText('demande une action du plan').waitFor();
  await admin.getByText('Ajouter une action', { exact: true }).first().click();
  await admin.getByLabel('Exigence', { exact: true }).selectOption({ label: 'Une convention fixe les engagements réciproques' });
  await admin.getByLabel('Action', { exact: true }).fill('Proposer une convention à la direction interrégionale');
  const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  await admin.getByLabel('Échéance').fill(due);
  await admin.getByRole('button', { name: 'Ajouter une action' }).click();
  await admin.getByRole('status').getByText('Action ajoutée au plan.').waitFor();
  await admin.getByRole('button', { name: "Soumettre l'évaluation" }).click();
  await admin.getByRole('status').getByText('Évaluation soumise.').waitFor();
  assert.equal(await admin.locator('#assessment-state').textContent(), 'Valide');
  const summary = admin.locator('#summary tbody tr');
  assert.equal(await summary.count(), 3, 'one line per area');
  assert.match(await summary.last().textContent(), /Partenariat avec l'administration\s*0\s*0\s*1/);
  const reviewer = admin.getByLabel('Inviter une organisation à relire');
  await reviewer.selectOption(await reviewer.locator('option', { hasText: 'AUXILIA —' }).getAttribute('value'));
  await admin.getByRole('button', { name: 'Inviter', exact: true }).click();
  await admin.getByRole('status').getByText('Organisation invitée à relire').waitFor();
  const url = admin.url();
  await shot(admin, 'standard-assessment');

  const peer = await as('national.auxilia@passerelle.demo');
  await peer.getByRole('link', { name: 'Référentiels', exact: true }).click();
  await peer.locator('#assessments tbody a').first().click();
  assert.equal(peer.url(), url, 'the latest assessment it reads is the one it is invited to');
  const views = peer.locator('#review fieldset');
  for (let i = 0; i < await views.count(); i += 1) {
    await views.nth(i).getByLabel(i === 1 ? "pas d'accord" : "d'accord", { exact: true }).check();
  }
  await peer.getByRole('button', { name: 'Terminer la relecture' }).click();
  await peer.getByRole('alert').getByText('Expliquez votre désaccord.').waitFor();
  await views.nth(1).getByLabel('Commentaire').fill("Aucune trace des entretiens dans le dossier des candidats");
  await peer.getByRole('button', { name: 'Terminer la relecture' }).click();
  await peer.getByRole('status').getByText('Relecture terminée').waitFor();

  await admin.reload();
  const disagreement = admin.locator('p.disagrees');
  assert.match(await disagreement.textContent(), /AUXILIA : pas d'accord — Aucune trace des entretiens/);
  await shot(admin, 'standard-reviewed');
  const pdf = await admin.request.get(new URL(await admin.getByRole('link', { name: 'PDF' }).getAttribute('href'), server.url).href);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');

  const staff = await as('staff@passerelle.demo');
  assert.equal((await staff.goto(url)).status(), 404, 'the administration was not invited');
});

test('a network sees how many requirements its members meet, never their answers', async () => {
  const observer = await as('observer@passerelle.demo');
  await observer.goto(`${server.url}/networks`);
  await observer.getByRole('link', { name: 'VOLPRIS.EU' }).click();
  const shared = observer.locator('#shared-standards');
  assert.match(await shared.textContent(), /ANVP · Exigences minimales/);
  assert.equal(await shared.locator('table').count(), 2, 'ANVP and Fundacja Sławek shared theirs');
  assert.doesNotMatch(await shared.textContent(), /Procédure écrite/, 'never the evidence');
  await shot(observer, 'standard-network');
});

test('a keeper writes a framework in two languages and publishes it', async () => {
  const admin = await as('admin@passerelle.demo');
  await admin.getByRole('link', { name: 'Référentiels', exact: true }).click();
  await admin.getByLabel('Type').selectOption({ label: 'Formation des bénévoles' });
  await admin.getByLabel('Nom en français').fill('Formation continue des coordinateurs');
  await admin.getByLabel('Nom en anglais').fill('Continuing training of coordinators');
  await admin.getByRole('button', { name: 'Créer le brouillon' }).click();
  await admin.getByRole('status').getByText('Référentiel créé en brouillon.').waitFor();
  await admin.getByRole('button', { name: 'Publier cette version' }).click();
  await admin.getByRole('alert').getByText('au moins une exigence').waitFor();

  const area = admin.locator('form', { has: admin.getByRole('button', { name: 'Ajouter un domaine' }) });
  await area.getByLabel('Intitulé').first().fill('Mise à jour des connaissances');
  await area.getByLabel('Intitulé').last().fill('Keeping knowledge up to date');
  await area.getByRole('button', { name: 'Ajouter un domaine' }).click();
  await admin.locator('summary', { hasText: 'Ajouter une exigence' }).click();
  const requirement = admin.locator('form', { has: admin.getByRole('button', { name: 'Ajouter une exigence' }) });
  await requirement.getByLabel('Intitulé').first().fill('Les coordinateurs suivent une journée de formation par an');
  await requirement.getByLabel('Chiffre calculé').selectOption({ label: 'Bénévoles agréés ayant la qualification' });
  await requirement.getByRole('button', { name: 'Ajouter une exigence' }).click();
  await admin.getByRole('alert').getByText('donnez son nom').waitFor();
  assert.equal(await requirement.getByLabel('Intitulé').first().inputValue(),
    'Les coordinateurs suivent une journée de formation par an', 'the form comes back open with what was typed');
  await requirement.getByLabel('Qualification requise').fill('Coordinateur·rice de bénévoles');
  await requirement.getByLabel('Cible (% des bénévoles)').fill('75');
  await requirement.getByRole('button', { name: 'Ajouter une exigence' }).click();
  await admin.getByRole('status').getByText('Enregistré.').waitFor();
  await shot(admin, 'standard-draft');
  await admin.getByRole('button', { name: 'Publier cette version' }).click();
  await admin.getByRole('status').getByText('Version publiée.').waitFor();
  assert.match(await admin.locator('#version-state').textContent(), /publiée le/);
  assert.match(await admin.locator('ol.requirements').textContent(), /cible 75 %/);
});
