// What the web app's browser flows share (posting-import.mjs, contacts.mjs, interviews.mjs):
// Debian's chromium through playwright-core, failures collected rather than thrown one by one,
// a CSP violation or a page error counted as a failure, axe-core on each page or state (0
// serious or critical violations) with screenshots at 1280 and 375 px and the page never
// wider than the screen, and accounts made through the router's API (signing up in the page
// is webapp.mjs's flow).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const PASSWORD = 'quiet harbour lantern 42';

/** A browser and a page for the flow `name`; `timezoneId` is the viewer's time zone. */
export async function startFlow({ name, webUrl, graphqlUrl, artifacts, timezoneId = 'UTC' }) {
  mkdirSync(artifacts, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId, locale: 'en-GB' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const failures = [];
  const scanned = [];
  const measurements = {};
  let signedInAs = null;
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) failures.push(`CSP: ${message.text()}`);
  });

  const flow = {
    page,
    step: (what) => console.log(`-- ${what}`),
    expect: (condition, message) => {
      if (!condition) failures.push(message);
    },

    /** The router's answer to `query`, as `token`'s user; throws on any error. */
    async api(query, variables = {}, token = null) {
      const response = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = await response.json();
      if (body.errors?.length) throw new Error(`${query.slice(0, 40)}…: ${JSON.stringify(body.errors)}`);
      return body.data;
    },

    /** A new account (its token and user id). */
    async signUp(fullName, email = `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`) {
      const data = await flow.api('mutation($input: SignUpInput!) { signUp(input: $input) { token user { id } } }', {
        input: { email, password: PASSWORD, fullName },
      });
      return { token: data.signUp.token, id: data.signUp.user.id, email };
    },

    /** The page signed in as `token` from its next navigation on (the web app reads localStorage). */
    async signIn(token) {
      signedInAs = token;
      await context.addInitScript((t) => localStorage.setItem('jobtracker.token', t), token);
    },

    /** The JavaScript a first load of `path` fetches, gzip as `next start` sends it, in a new
     * browser profile (nothing cached): at most 200 KB, the web app's budget per route. */
    async firstLoadScripts(path) {
      const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId, locale: 'en-GB' });
      if (signedInAs) await fresh.addInitScript((t) => localStorage.setItem('jobtracker.token', t), signedInAs);
      const p = await fresh.newPage();
      const sizes = [];
      p.on('requestfinished', (request) => {
        if (request.resourceType() === 'script') sizes.push(request.sizes().then((s) => s.responseBodySize));
      });
      await p.goto(`${webUrl}${path}`);
      await p.waitForLoadState('networkidle');
      const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
      await fresh.close();
      measurements[path.replace(/\/[0-9a-f-]{36}/, '/[id]')] = { firstLoadScriptsBytes: bytes, scripts: sizes.length };
      if (!(bytes > 0 && bytes <= 200 * 1024)) failures.push(`first-load JavaScript of ${path}: ${bytes} bytes (budget 200 KB)`);
      return bytes;
    },

    /** axe-core on the page as it is, then screenshots at desktop and phone width. */
    async check(state) {
      await page.waitForFunction(() => document.title !== ''); // metadata streams in after the page
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
      });
      for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
        failures.push(`axe on ${state}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
      }
      scanned.push({ page: state, violations });
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: `${artifacts}/${state}-${width}.png`, fullPage: true });
        const wide = await page.evaluate((w) => {
          if (document.documentElement.scrollWidth <= w) return [];
          const found = [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > w + 1)
            .slice(0, 5)
            .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).slice(0, 60)} right=${Math.round(e.getBoundingClientRect().right)}`);
          return found.length ? found : [`scrollWidth ${document.documentElement.scrollWidth}`];
        }, width);
        if (wide.length) failures.push(`${state} at ${width} px is wider than the screen: ${wide.join('; ')}`);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    },

    /** Whether `locator` has the focus, or gets it within 2 s (focus moves after a render). */
    async focused(locator) {
      return locator.evaluate(
        (element) =>
          new Promise((resolve) => {
            const until = Date.now() + 2000;
            const poll = () => (element === document.activeElement ? resolve(true) : Date.now() > until ? resolve(false) : setTimeout(poll, 20));
            poll();
          }),
      );
    },

    /** The text of the element that describes `locator` last (its error or hint). */
    async description(locator) {
      const ids = (await locator.getAttribute('aria-describedby')) ?? '';
      const last = ids.split(' ').filter(Boolean).pop();
      return last ? await page.locator(`[id="${last}"]`).textContent() : '';
    },

    /** Runs the flow's steps; reports and exits (1 on any failure). */
    async run(steps) {
      try {
        await steps();
      } catch (error) {
        failures.push(`flow stopped: ${error.stack || error}`);
        await page.screenshot({ path: `${artifacts}/${name}-failure.png`, fullPage: true }).catch(() => {});
      } finally {
        writeFileSync(`${artifacts}/axe-${name}.json`, JSON.stringify(scanned, null, 2));
        writeFileSync(`${artifacts}/measurements-${name}.json`, JSON.stringify(measurements, null, 2));
        console.log(`MEASUREMENTS ${JSON.stringify(measurements)}`);
        await browser.close();
      }
      if (failures.length) {
        console.error(failures.map((f) => `FAIL: ${f}`).join('\n'));
        process.exit(1);
      }
      console.log(`${name} flow passed (${scanned.length} states scanned)`);
    },
  };
  return flow;
}
