// Meetings, as people do it in a browser: ANVP's coordinator plans a
// regional meeting in the DISP of Paris; the convention in force with
// Auxilia invites Auxilia's correspondents there, and says so; the
// correspondent's email carries an .ics that a real iCalendar parser
// (ical.js) accepts, and a link to answer without signing in; a volunteer
// not invited gets 404; the demo's held meeting shows its minutes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
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

async function page(email) {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1200, height: 900 } });
  const tab = await context.newPage();
  tab.setDefaultTimeout(10_000);
  tab.on('dialog', (dialog) => dialog.accept());
  if (email) await logIn(tab, server.url, email);
  return tab;
}

/** The day `days` from today, YYYY-MM-DD. */
function inDays(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The .ics attached to a message (base64 between its headers and the boundary). */
function calendarOf(mail) {
  const part = mail.split('Content-Type: text/calendar')[1];
  assert.ok(part, 'an .ics is attached');
  const body = part.split('\r\n\r\n')[1].split('--')[0];
  return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
}

const title = 'Réunion régionale — essai du navigateur';

test('a regional meeting invites the partner correspondents, who get a valid .ics and answer from the email', async () => {
  const coordinator = await page('coordinator@passerelle.demo');
  await coordinator.getByRole('link', { name: 'Réunions', exact: true }).click();
  await coordinator.getByRole('link', { name: 'Organiser une réunion' }).click();
  await coordinator.getByLabel('Intitulé').fill(title);
  await coordinator.getByRole('radio', { name: 'Régionale' }).check();
  await coordinator.getByLabel('Région (DISP)').selectOption({ label: 'DISP de Paris' });
  const day = inDays(14);
  await coordinator.getByLabel('Jour', { exact: true }).fill(day);
  await coordinator.getByLabel('Heure', { exact: true }).fill('18:00');
  await coordinator.getByLabel('Fuseau horaire').selectOption('Europe/Paris');
  await coordinator.getByLabel('Durée (minutes)').fill('90');
  await coordinator.getByLabel('Lieu', { exact: true }).fill('ANVP, 1 bis rue Robert Lindet, Paris');
  await coordinator.getByLabel('Ordre du jour').fill('# Ordre du jour\n- Visites et cours\n- <b>pas de balise</b>');
  await coordinator.getByRole('button', { name: 'Enregistrer et inviter' }).click();
  await coordinator.getByRole('status').getByText('La réunion est enregistrée, les invitations sont parties.').waitFor();
  const meetingUrl = coordinator.url();
  const id = meetingUrl.split('/').pop();

  const luc = coordinator.locator('#invitee-list tr', { hasText: 'Luc Moreau' });
  await luc.waitFor();
  assert.match(await luc.textContent(), /Correspondant homologue \(convention\)/, 'the rule that invited him');
  assert.match(await luc.textContent(), /Convention de partenariat ANVP – Auxilia/, 'and the agreement');
  assert.equal(await coordinator.locator('#agenda b').count(), 0, 'the agenda is text, never markup');
  assert.match(await coordinator.locator('#agenda').textContent(), /<b>pas de balise<\/b>/);
  await shot(coordinator, 'meeting-invitations');

  const mail = await server.mail((m) => m.includes('To: correspondent@passerelle.demo') && m.includes(`/meetings/${id}`));
  assert.ok(mail, 'Luc Moreau is emailed');
  const ics = calendarOf(mail);
  const calendar = new ICAL.Component(ICAL.parse(ics));
  assert.equal(calendar.getFirstPropertyValue('method'), 'REQUEST');
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent'));
  assert.equal(event.summary, title);
  assert.equal(event.startDate.toJSDate().toISOString(), `${day}T17:00:00.000Z`, '18:00 in Paris in winter');
  assert.equal(event.duration.toSeconds(), 90 * 60);
  assert.equal(event.location, 'ANVP, 1 bis rue Robert Lindet, Paris');
  assert.deepEqual(event.attendees.map((a) => a.getFirstValue()), ['mailto:correspondent@passerelle.demo']);
  assert.equal(event.organizer, 'mailto:coordinator@passerelle.demo');

  const link = mail.match(/http:\/\/\S+\/meetings\/answer\/mt_[0-9a-f]+/)[0];
  const anonymous = await page(null);
  await anonymous.goto(link);
  await anonymous.getByRole('button', { name: 'Oui' }).click();
  await anonymous.getByRole('status').getByText('Votre réponse est enregistrée.').waitFor();
  assert.equal((await anonymous.locator('#my-answer').textContent()).trim(), 'Oui');
  await shot(anonymous, 'meeting-answer-link');

  await coordinator.reload();
  assert.match(await luc.textContent(), /Oui/, 'the organiser sees the answer');

  const volunteer = await page('visitor@passerelle.demo');
  const response = await volunteer.goto(meetingUrl);
  assert.equal(response.status(), 404, 'not invited, not organising: not even its existence');
});

test('the held meeting shows attendance, minutes and a decision noted in the convention', async () => {
  const admin = await page('national.anvp@passerelle.demo');
  await admin.getByRole('link', { name: 'Réunions', exact: true }).click();
  await admin.getByRole('link', { name: 'Passées' }).click();
  await admin.getByRole('link', { name: "Réunion nationale des responsables de l'ANVP" }).click();
  await admin.locator('#minutes-text h3', { hasText: 'Relevé de décisions' }).waitFor();
  assert.equal(await admin.locator('#minutes-text strong').first().textContent(), 'Recensement');
  assert.match(await admin.locator('#decisions').textContent(), /notée dans le suivi de Convention de partenariat/);
  await shot(admin, 'meeting-minutes');
  await admin.getByRole('link', { name: '← Réunions' }).click();
  await admin.getByRole('link', { name: "Réseaux d'organisations" }).click();
  await admin.getByRole('link', { name: 'Groupe national de concertation prison (GNCP)' }).click();
  await admin.getByRole('button', { name: 'Accepter' }).click();
  await admin.getByRole('status').getByText('La demande est traitée.').waitFor();
  assert.match(await admin.locator('#members').textContent(), /SLAWEK/);
  await shot(admin, 'network-members');
});
