// No dead ends: signed in as each of the demo's accounts (and not signed
// in at all), every link of
// every page reached from the home page answers, never 403 or 404. A link
// is shown only when the rule that guards its target lets the person in.
// Pages are read with the browser's session (its cookies), following the
// links found in them (those the application shows, not those people
// wrote); pages of the same shape (`/people/12`, `/people/13`)
// are followed a few times, not all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { logIn, startBrowser, startServer } from './harness.mjs';

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

const ACCOUNTS = [
  null,
  'admin@passerelle.demo',
  'direction@passerelle.demo',
  'national.anvp@passerelle.demo',
  'national.auxilia@passerelle.demo',
  'coordinator@passerelle.demo',
  'coordinator.auxilia@passerelle.demo',
  'visitor@passerelle.demo',
  'correspondent@passerelle.demo',
  'staff@passerelle.demo',
  'observer@passerelle.demo',
];
/** Pages of one shape followed at most this many times. */
const PER_SHAPE = 2;
/** At most this many pages read per account. */
const PAGES = 400;

/** The path's shape: its numbers as `{n}`, its query's values dropped. */
function shape(path) {
  const [route, query = ''] = path.split('?');
  const keys = query.split('&').map((pair) => pair.split('=')[0]).sort().join('&');
  return `${route.replace(/\/\d+/g, '/{n}')}?${keys}`;
}

/** The site's own links in a page, as paths. Links people wrote (the
 * evidence of an agreement's note, marked `noreferrer`) are their words,
 * not the application's, and are left out. */
function links(html, from) {
  const found = [];
  for (const [anchor, href] of html.matchAll(/<a\s[^>]*href="([^"#]+)"[^>]*>/g)) {
    if (anchor.includes('noreferrer')) continue;
    const url = new URL(href.replaceAll('&amp;', '&'), from);
    if (url.origin === new URL(from).origin) found.push(url.pathname + url.search);
  }
  return found;
}

/** Reads every page reachable from `start`; the links that answered
 * 403, 404 or a server error, with the page they were on. */
async function walk(request, start) {
  const dead = [];
  const seen = new Set(['/logout']);
  const shapes = new Map();
  const queue = start.map((path) => [path, '(start)']);
  let read = 0;
  while (queue.length > 0 && read < PAGES) {
    const [path, on] = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    const count = shapes.get(shape(path)) ?? 0;
    if (count >= PER_SHAPE) continue;
    shapes.set(shape(path), count + 1);
    const response = await request.get(`${server.url}${path}`, { maxRedirects: 0 });
    read += 1;
    const status = response.status();
    if (status === 403 || status === 404 || status >= 500) {
      dead.push(`${status} ${path} (linked from ${on})`);
      continue;
    }
    const type = response.headers()['content-type'] ?? '';
    if (status === 200 && type.startsWith('text/html')) {
      for (const link of links(await response.text(), `${server.url}${path}`)) {
        if (!seen.has(link)) queue.push([link, path]);
      }
    }
  }
  return { dead, read };
}

for (const email of ACCOUNTS) {
  test(`every link ${email ?? 'someone not signed in'} is shown leads somewhere`, async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    if (email) {
      const page = await context.newPage();
      await logIn(page, server.url, email);
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    }
    // Not signed in, the home page sends to the login page: start there.
    const { dead, read } = await walk(context.request, email ? ['/'] : ['/login', '/verify']);
    await context.close();
    assert.ok(read > (email ? 10 : 1), `${read} pages read`);
    assert.deepEqual(dead, [], `dead links for ${email}`);
  });
}
