// Foundation: logging in and out, languages, password reset, organisations
// and the audit log, clicked through in a real browser.
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

async function newPage(locale = 'fr-FR') {
  const context = await browser.newContext({ locale, viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

test('a wrong password is refused in French, the right one opens the home page', async () => {
  const page = await newPage('fr-FR');
  await logIn(page, server.url, 'visitor@passerelle.demo', 'not my password');
  await assert.doesNotReject(page.getByRole('alert').getByText('Adresse e-mail ou mot de passe incorrect').waitFor());
  assert.equal(await page.locator('#email').inputValue(), 'visitor@passerelle.demo', 'the email typed is kept');
  await shot(page, 'login-wrong-password');

  await page.locator('#password').fill('passerelle-demo');
  await page.locator('form[action="/login"] button[type=submit]').click();
  await page.getByRole('heading', { name: 'Bonjour Jean Petit' }).waitFor();
  const cards = await page.locator('main .card strong').allTextContents();
  assert.deepEqual(cards, ['ANVP', 'AUXILIA']);
  await shot(page, 'home-volunteer');
  await page.context().close();
});

test('the language switch turns the interface to English and is remembered', async () => {
  const page = await newPage('fr-FR');
  await logIn(page, server.url, 'coordinator@passerelle.demo');
  await page.getByRole('link', { name: 'Organisations', exact: true }).click();
  await page.getByRole('heading', { name: 'Organisations', exact: true }).waitFor();
  await page.getByRole('button', { name: 'EN' }).click();
  await page.getByRole('link', { name: 'My account' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(page.url(), /\/organisations$/, 'the switch stays on the same page');
  await page.reload();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await shot(page, 'organisations-en');
  await page.context().close();
});

test('a forgotten password is reset through the link sent by email', async () => {
  const page = await newPage('en-GB');
  await page.goto(`${server.url}/login`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.locator('#email').fill('staff@passerelle.demo');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await page.getByRole('status').getByText('If this address matches an account').waitFor();

  const mail = await server.mail((m) => m.includes('To: staff@passerelle.demo'));
  assert.ok(mail, 'a message was written to the outbox');
  const link = mail.split(/\s+/).find((w) => w.includes('/password/reset/'));
  await page.goto(link);
  await page.locator('#password').fill('a new and long password');
  await page.locator('#confirmation').fill('a new and long pasword');
  await page.getByRole('button', { name: 'Save the password' }).click();
  await page.getByRole('alert').getByText('The two passwords are not the same').waitFor();
  await shot(page, 'reset-mismatch');
  await page.locator('#password').fill('a new and long password');
  await page.locator('#confirmation').fill('a new and long password');
  await page.getByRole('button', { name: 'Save the password' }).click();
  await page.getByRole('status').getByText('Your password is saved').waitFor();

  await logIn(page, server.url, 'staff@passerelle.demo', 'a new and long password');
  await page.getByRole('heading', { name: 'Hello Nadia Roux' }).waitFor();
  await page.context().close();
});

test('logging out ends the session', async () => {
  const page = await newPage('en-GB');
  await logIn(page, server.url, 'observer@passerelle.demo');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('status').getByText('You are logged out').waitFor();
  await page.goto(`${server.url}/account`);
  assert.match(page.url(), /\/login\?next=%2Faccount$/, 'a protected page sends back to the login');
  await page.context().close();
});

test('an administrator creates an organisation, corrects an error, and finds it in the audit log', async () => {
  const page = await newPage('fr-FR');
  await logIn(page, server.url, 'admin@passerelle.demo');
  await page.getByRole('link', { name: 'Organisations', exact: true }).click();
  await page.getByRole('link', { name: 'Nouvelle organisation' }).click();
  await page.getByLabel('Nom', { exact: true }).fill('Groupement étudiant national d\'enseignement aux personnes incarcérées');
  await page.getByLabel('Sigle').fill('GENEPI');
  await page.getByLabel('Pays (code ISO, ex. FR)').fill('F1');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Indiquez le code du pays en deux lettres').waitFor();
  assert.equal(await page.getByLabel('Sigle').inputValue(), 'GENEPI', 'what was typed is kept');
  await shot(page, 'organisation-form-error');
  await page.getByLabel('Pays (code ISO, ex. FR)').fill('FR');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByRole('status').getByText("L'organisation a été créée.").waitFor();

  await page.getByRole('link', { name: "Journal d'audit" }).click();
  const first = page.locator('#audit tbody tr').first();
  await assert.doesNotReject(first.getByText('organisation.create').waitFor());
  assert.match(await first.textContent(), /GENEPI/);
  await shot(page, 'audit-log');
  await page.context().close();
});

test('a volunteer cannot open the audit log or create an organisation', async () => {
  const page = await newPage('en-GB');
  await logIn(page, server.url, 'visitor@passerelle.demo');
  assert.equal(await page.getByRole('link', { name: 'Audit log' }).count(), 0, 'not in the navigation');
  const response = await page.goto(`${server.url}/organisations/new`);
  assert.equal(response.status(), 403);
  await page.getByText('You do not have access to this page or action.').waitFor();
  await shot(page, 'forbidden');
  await page.context().close();
});

test('an administrator chooses which reminders to get by mail; the platform administrator sees every mail sent', async () => {
  // The organisation's administrator (the coordinator chose English above).
  const member = await newPage('fr-FR');
  await logIn(member, server.url, 'national.anvp@passerelle.demo');
  await member.getByRole('link', { name: 'Mon compte' }).click();
  const choice = member.getByRole('group', { name: /Pour les rappels/ });
  assert.ok(await choice.getByLabel('un seul courriel par jour qui les regroupe').isChecked(), 'the daily digest by default');
  await choice.getByLabel(/seulement ceux qui me concernent/).check();
  await member.getByRole('region', { name: 'Courriels de rappel' }).getByRole('button', { name: 'Enregistrer' }).click();
  await member.getByRole('status').getByText('Votre choix de courriels est enregistré.').waitFor();
  assert.ok(await member.getByLabel(/seulement ceux qui me concernent/).isChecked(), 'the choice is kept');
  await shot(member, 'account-mail-choice');
  assert.equal(await member.getByRole('link', { name: 'Courriels', exact: true }).count(), 0, 'only for platform administrators');
  await member.context().close();

  const admin = await newPage('fr-FR');
  await logIn(admin, server.url, 'admin@passerelle.demo');
  await admin.getByRole('link', { name: 'Courriels', exact: true }).click();
  await admin.getByRole('heading', { name: 'Courriels envoyés par Passerelle' }).waitFor();
  await admin.getByLabel('État', { exact: true }).selectOption('sent');
  await admin.getByRole('button', { name: 'Filtrer' }).click();
  await admin.locator('#mail tbody tr').first().waitFor();
  assert.match(await admin.locator('#mail tbody').textContent(), /envoyé/);
  await shot(admin, 'mail-queue');
  await admin.context().close();
});

test("a coordinator's home page says what waits and leads to where it is done", async () => {
  const page = await newPage('fr-FR');
  await logIn(page, server.url, 'coordinator.auxilia@passerelle.demo');
  const waiting = page.locator('#waiting');
  await waiting.getByRole('heading', { name: 'À faire' }).waitFor();
  await shot(page, 'home-coordinator');
  await waiting.getByRole('link', { name: /attend(ent)? votre action/ }).click();
  await page.waitForURL(/\/referrals\?waiting=me/);
  assert.equal(await page.getByLabel('Seulement celles qui attendent mon action').isChecked(), true);
  assert.ok(await page.locator('table tbody tr').count() >= 1, 'the referrals that wait are listed');
  await page.context().close();
});
