// The coordinators' competence framework, as a coordinator uses it: she
// rates herself, sees where she falls short of the level expected and the
// module that closes the gap, and declares it as a training need.
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

test('a coordinator self-assesses and the gap proposes the module that closes it', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await logIn(page, server.url, 'coordinator.auxilia@passerelle.demo');
  await page.getByRole('link', { name: 'Référentiels', exact: true }).click();
  await page.getByRole('link', { name: 'Compétences des coordinateurs' }).click();
  await page.getByRole('button', { name: 'Commencer mon auto-évaluation' }).click();
  await page.getByRole('status').getByText('Auto-évaluation commencée').waitFor();
  const competences = page.locator('#ratings fieldset');
  assert.equal(await competences.count(), 6, 'the six competences of the framework');
  for (let i = 0; i < 6; i += 1) {
    await competences.nth(i).getByRole('radio').nth(i === 1 ? 0 : 2).check();
  }
  await page.getByLabel('Commentaire (facultatif)').nth(1).fill('Je découvre le travail avec le SPIP');
  await page.getByRole('button', { name: 'Enregistrer mon auto-évaluation' }).click();
  await page.getByRole('status').getByText('Enregistré.').waitFor();
  const gaps = page.locator('#gaps');
  assert.match(await gaps.textContent(), /Travailler avec l'administration et le SPIP — Découverte \/ Pratique/);
  assert.match(await gaps.textContent(), /Travailler avec le SPIP et les partenaires/, 'the module that builds it');
  await shot(page, 'competence-gaps');
  await gaps.getByRole('link', { name: 'Déclarer ce besoin de formation' }).first().click();
  assert.match(await page.getByLabel('Sujet').inputValue(), /Travailler avec l'administration/, 'the form is filled');
  await page.getByRole('button', { name: 'Signaler' }).click();
  await page.getByRole('status').waitFor();
  assert.match(await page.locator('main').textContent(), /AUXILIA — Travailler avec le SPIP et les partenaires : 1 /, 'the need, pooled with the others');
});
