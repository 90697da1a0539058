// Starts a real Passerelle demo server on a fresh SQLite database and a real
// Debian chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const binary = process.env.PASSERELLE_BIN ?? join(root, 'target', 'debug', 'passerelle');
export const screenshots = join(root, 'target', 'screenshots');
export const password = 'passerelle-demo';

/** Starts `passerelle demo` on a free port; resolves once it serves. */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-browser-'));
  const outbox = join(dir, 'outbox');
  const child = spawn(binary, ['demo', '--addr', '127.0.0.1:0',
    '--database-url', `sqlite://${join(dir, 'demo.db')}`, '--outbox', outbox], {
    env: { ...process.env, RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('the server did not start within 30 s')), 30_000);
    child.on('exit', (code) => fail(new Error(`the server exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const found = line.match(/running at (http:\/\/\S+)/);
      if (found) { clearTimeout(timer); ok(found[1]); }
    });
  });
  return {
    url,
    /** The newest message that `matches`, soft line breaks joined; the
     * server's sender takes a moment to deliver from its queue. */
    async mail(matches) {
      for (let tries = 0; tries < 100; tries += 1) {
        let files = [];
        try { files = readdirSync(outbox).filter((f) => f.endsWith('.eml')).sort().reverse(); } catch { files = []; }
        const found = files
          .map((f) => readFileSync(join(outbox, f), 'utf8').replaceAll('=\r\n', '').replaceAll('=3D', '='))
          .find(matches);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return undefined;
    },
    stop() { child.kill('SIGTERM'); },
  };
}

/** A fresh headless chromium, with the flags this machine needs. playwright
 * gives each launch a new empty user-data dir of its own (it refuses the
 * --user-data-dir flag with launch()). */
export async function startBrowser() {
  mkdirSync(screenshots, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Logs in through the form, as a person does. */
export async function logIn(page, url, email, secret = password) {
  await page.goto(`${url}/login`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(secret);
  await page.locator('form[action="/login"] button[type=submit]').click();
}

const axeSource = readFileSync(join(root, 'browser', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Checks the page with axe-core against WCAG 2 A and AA; fails with the
 * rules broken and where. */
export async function accessible(page) {
  // Evaluated through the debugging protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  if (violations.length > 0) {
    throw new Error(`axe-core finds on ${page.url()}:\n${violations.join('\n')}`);
  }
}

/** Checks the page with axe-core, then takes its screenshot: every page
 * a test looks at is held to WCAG 2 A and AA. */
export async function shot(page, name) {
  await accessible(page);
  return page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** Follows a link of the main menu, opening the menu first where a phone folds it. */
export async function menu(page, name) {
  const toggle = page.locator('.menu-toggle');
  if (await toggle.isVisible() && (await toggle.getAttribute('aria-expanded')) !== 'true') {
    await toggle.click();
  }
  await page.locator('#main-nav').getByRole('link', { name, exact: true }).click();
}
