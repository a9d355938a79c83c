// The web app in real Chromium through the running stack (router + embedded host + next start):
// sign up, add three applications, search for one from the header, drag one to INTERVIEW,
// schedule an interview, see both on the dashboard, upload a PDF resume, receive a live reminder
// toast and read it in the inbox, log out and back in, an expired session sent to log in;
// axe-core on every page (0 serious or critical violations), screenshots at 1280 and 375 px,
// and timings.
// Usage: node webapp.mjs <web-url> <artifacts-dir>
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const [webUrl, artifacts = '.'] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const RESUME = fileURLToPath(new URL('./fixtures/resume.pdf', import.meta.url)); // a tiny valid PDF
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const failures = [];
const measurements = {};
const expect = (condition, message) => {
  if (!condition) failures.push(message);
};
const step = (name) => console.log(`-- ${name}`);

const email = `web-${Date.now()}@example.com`;
const password = 'quiet harbour lantern 42';
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(20_000);
page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
page.on('console', (message) => {
  if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) failures.push(`CSP: ${message.text()}`);
});

// The live notifications' WebSockets: which token each one opened with, and whether it closed.
const sockets = [];
page.on('websocket', (socket) => {
  const seen = { init: null, closed: false };
  sockets.push(seen);
  socket.on('framesent', ({ payload }) => {
    const message = JSON.parse(String(payload));
    if (message.type === 'connection_init') seen.init = message.payload ?? {};
  });
  socket.on('close', () => (seen.closed = true));
});
// A document loaded anew drops its predecessor's sockets without a close event: count them closed.
page.on('request', (request) => {
  if (request.isNavigationRequest() && request.frame() === page.mainFrame()) for (const s of sockets) s.closed = true;
});
const openSocketsWith = (token) => sockets.filter((s) => !s.closed && s.init?.authorization === `Bearer ${token}`);

async function dashboardOnScreen(p) {
  await p.getByTestId('dashboard').waitFor();
}

// axe-core on the page as it is, then screenshots at desktop and phone width.
const scanned = [];
async function check(name) {
  await page.waitForFunction(() => document.title !== ''); // metadata streams in after the page
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) failures.push(`axe on ${name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
  scanned.push({ page: name, violations });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${artifacts}/${name}-${width}.png`, fullPage: true });
    // Nothing wider than the screen: the page never scrolls sideways (the board scrolls inside).
    const wide = await page.evaluate((w) => {
      if (document.documentElement.scrollWidth <= w) return [];
      const found = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > w + 1)
        .filter((e) => !e.closest('[data-scrolls]') || getComputedStyle(e).position === 'absolute')
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).slice(0, 60)} right=${Math.round(e.getBoundingClientRect().right)}`);
      return found.length ? found : [`scrollWidth ${document.documentElement.scrollWidth}`];
    }, width);
    if (wide === null || wide.length) failures.push(`${name} at ${width} px is wider than the screen: ${wide.join('; ')}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

try {
  step('sign up');
  await page.goto(`${webUrl}/signup`);
  await check('signup');
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Sign up' }).click();
  const refusal = page.locator('#' + (await page.getByLabel('Password').getAttribute('aria-describedby')).split(' ').pop());
  await refusal.waitFor();
  expect(/characters|guess/i.test(await refusal.textContent()), 'a weak password is explained next to the field');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await dashboardOnScreen(page);
  await check('dashboard-empty');

  step('three applications');
  for (const [company, position] of [['Acme', 'Backend Engineer'], ['Globex', 'Platform Engineer'], ['Initech', 'Data Engineer']]) {
    await page.goto(`${webUrl}/applications/new`);
    await page.getByLabel('Company').fill(company);
    await page.getByLabel('Position').fill(position);
    await page.getByLabel('Status').selectOption('APPLIED');
    await page.getByRole('button', { name: 'Add application' }).click();
    await page.getByRole('heading', { level: 1, name: company }).waitFor();
  }
  // A field error from the API, shown next to its field.
  await page.goto(`${webUrl}/applications/new`);
  await check('application-new');
  await page.getByLabel('Company').fill('Bad Link Ltd');
  await page.getByLabel('Position').fill('Anything');
  await page.getByLabel('Job posting link').fill('ftp://nope');
  await page.getByRole('button', { name: 'Add application' }).click();
  await page.locator('input[aria-invalid="true"][type="url"]').waitFor();
  const linkError = await page.getByLabel('Job posting link').getAttribute('aria-describedby');
  expect(/jobUrl|address|http/i.test(await page.locator(`[id="${linkError.split(' ').pop()}"]`).textContent()), 'jobUrl refusal shown next to its field');

  step('search for a company from the header');
  const searchBox = page.getByRole('combobox', { name: 'Search applications, contacts and people' });
  // The index learns of new applications from their events, a moment later.
  for (let attempt = 0; ; attempt++) {
    await searchBox.fill('');
    await searchBox.fill('glob');
    const found = await page
      .getByRole('option', { name: /Globex/ })
      .first()
      .waitFor({ timeout: 2000 })
      .then(() => true, () => false);
    if (found) break;
    if (attempt === 10) throw new Error('Globex not found by the header search');
  }
  const groups = await page.getByRole('listbox', { name: 'Search results' }).getByRole('group').count();
  expect(groups === 1, `one group (applications) for "glob", got ${groups}`);
  await check('search-box');
  await searchBox.press('ArrowDown');
  expect((await page.getByRole('listbox', { name: 'Search results' }).getByRole('option', { selected: true }).textContent()).startsWith('Globex'), 'ArrowDown selects Globex');
  await searchBox.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Globex' }).waitFor();
  await searchBox.fill('engineer');
  await page.getByRole('option', { name: /All results/ }).waitFor();
  await searchBox.press('Enter');
  await page.waitForURL(/\/search\?q=engineer/);
  const applicationsFound = page.getByRole('region', { name: /Applications/ });
  await applicationsFound.getByRole('link').nth(2).waitFor();
  expect((await applicationsFound.locator('mark').count()) >= 3, 'the matched words are marked');
  await check('search');

  step('drag Globex to INTERVIEW');
  await page.goto(`${webUrl}/applications`);
  const interviewColumn = page.locator('section[data-status="INTERVIEW"]');
  await page.locator('[data-testid="card"]', { hasText: 'Globex' }).dragTo(interviewColumn);
  await interviewColumn.locator('[data-testid="card"]', { hasText: 'Globex' }).waitFor();
  // From the keyboard too: Initech to OFFER with its select, then back to APPLIED.
  await page.getByRole('combobox', { name: 'Move Initech, Data Engineer to' }).selectOption('OFFER');
  await page.locator('section[data-status="OFFER"] [data-testid="card"]', { hasText: 'Initech' }).waitFor();
  await page.getByRole('combobox', { name: 'Move Initech, Data Engineer to' }).selectOption('APPLIED');
  await page.locator('section[data-status="APPLIED"] [data-testid="card"]', { hasText: 'Initech' }).waitFor();
  await check('board');
  await page.goto(`${webUrl}/applications?view=table`);
  await page.getByRole('table').waitFor();
  await check('table');
  await page.getByRole('searchbox', { name: 'Search company or position' }).fill('glob');
  await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);

  step('schedule an interview for Globex');
  await page.getByRole('link', { name: 'Globex' }).click();
  await page.getByRole('heading', { level: 1, name: 'Globex' }).waitFor();
  const when = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10) + 'T10:30';
  for (let attempt = 0; ; attempt++) {
    await page.getByLabel('Date and time').fill(when);
    await page.getByLabel('Time zone').fill('Europe/Paris');
    await page.getByRole('button', { name: 'Schedule interview' }).click();
    const outcome = await Promise.race([
      page.getByText('Interview scheduled.').waitFor().then(() => 'ok'),
      page.locator('main [role="alert"]').waitFor().then(() => 'refused'),
    ]);
    if (outcome === 'ok') break;
    // The interviews subgraph learns of a new application from its event, a moment later.
    if (attempt === 10) throw new Error(`scheduling refused: ${await page.locator('main [role="alert"]').textContent()}`);
    await page.waitForTimeout(500);
  }
  await page.getByText('Europe/Paris').first().waitFor();
  await check('application-detail');
  expect((await page.getByRole('region', { name: 'Status history' }).textContent()).includes('Applied →'), 'status history shows the move');

  step('both on the dashboard');
  await page.goto(`${webUrl}/dashboard`);
  await dashboardOnScreen(page);
  const upcoming = page.getByRole('region', { name: 'Upcoming interviews' });
  await upcoming.getByText('Globex — Platform Engineer').waitFor();
  const recent = page.getByRole('region', { name: 'Recent applications' });
  for (const company of ['Acme', 'Globex', 'Initech']) expect(await recent.getByText(company).count() === 1, `${company} in recent applications`);
  expect((await page.getByText('In progress').locator('..').textContent()).includes('3'), 'in progress counts 3');
  // The greeting's name comes from the header's Viewer query (the Dashboard does not ask for it).
  await page.getByRole('heading', { name: 'Hello, Ada Lovelace' }).waitFor();
  await check('dashboard');

  step('the other pages');
  for (const [name, path, ready] of [
    ['interviews', '/interviews', () => page.getByText('Globex — Platform Engineer').waitFor()],
    ['contacts', '/contacts', () => page.getByRole('heading', { name: 'Add a contact' }).waitFor()],
    ['analytics', '/analytics', () => page.getByText('By position category').waitFor()],
    ['profile', '/profile', () => page.getByRole('heading', { name: 'Your profile' }).waitFor()],
    ['settings', '/settings', () => page.getByRole('heading', { name: 'Profile visibility' }).waitFor()],
  ]) {
    await page.goto(`${webUrl}${path}`);
    await ready();
    await check(name);
  }
  await page.goto(`${webUrl}/interviews`);
  await page.getByRole('button', { name: 'Week' }).click();
  await page.getByRole('list', { name: 'Week' }).getByText('Globex').waitFor();
  await check('interviews-week');
  await page.goto(`${webUrl}/contacts`);
  await page.getByLabel('Name', { exact: true }).fill('Grace Hopper');
  await page.getByLabel('Company', { exact: true }).fill('Navy');
  await page.getByLabel('E-mail').fill('grace@example.com');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByRole('listitem').filter({ hasText: 'Grace Hopper' }).waitFor();
  await page.getByLabel('Search by name, company or position').fill('zzz');
  await page.getByText('No contact matches.').waitFor();
  await page.getByLabel('Search by name, company or position').fill('navy');
  await page.getByRole('listitem').filter({ hasText: 'Grace Hopper' }).waitFor();
  await check('contacts-list');
  await page.goto(`${webUrl}/profile`);
  await page.getByLabel('Headline').fill('Engineer of analytical engines');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByText('Profile saved.').waitFor();

  step('upload a PDF resume and show it on the public profile');
  await page.getByLabel('Upload one').setInputFiles(RESUME);
  await page.getByRole('button', { name: 'Upload resume' }).click();
  await page.getByText('Resume uploaded.').waitFor();
  await page.getByTestId('current-resume').getByRole('link', { name: 'resume.pdf' }).waitFor();
  await page.getByLabel('Show it on my public profile').check();
  await check('profile-resume');
  const download = await page.evaluate(async () => {
    const response = await fetch(document.querySelector('[data-testid="current-resume"] a').href); // CORS, from the page
    return { status: response.status, start: new TextDecoder().decode((await response.arrayBuffer()).slice(0, 5)) };
  });
  expect(download.status === 200 && download.start === '%PDF-', `the resume downloads from the page: ${JSON.stringify(download)}`);
  await page.getByRole('link', { name: 'See it as they do' }).click();
  await page.getByText('Engineer of analytical engines').waitFor();
  await page.getByRole('link', { name: 'Resume: resume.pdf' }).waitFor();
  await check('public-profile');

  step('a live reminder toast');
  // An interview two minutes ahead whose reminders (a day, an hour before) are already due:
  // the scheduler fires the latest on its next pass (REMINDER_SCAN_SECONDS) and pushes it live.
  await page.goto(`${webUrl}/applications?view=table`);
  await page.getByRole('link', { name: 'Acme' }).click();
  await page.getByRole('heading', { level: 1, name: 'Acme' }).waitFor();
  const soon = new Date(Date.now() + 150_000).toISOString().slice(0, 16);
  await page.getByLabel('Date and time').fill(soon);
  await page.getByLabel('Time zone').fill('UTC');
  const scheduledAt = Date.now();
  await page.getByRole('button', { name: 'Schedule interview' }).click();
  await page.getByText('Interview scheduled.').waitFor();
  const toast = page.getByRole('status', { name: 'New notifications' }).getByTestId('toast');
  await toast.waitFor({ timeout: 30_000 });
  measurements.reminderToastAfterSchedulingMs = Date.now() - scheduledAt;
  expect(/Interview in \d+ minutes?: Acme/.test(await toast.textContent()), 'the toast names the interview');
  await page.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor();
  await check('toast');
  await page.getByRole('button', { name: /^Dismiss: Interview in/ }).click();
  await toast.waitFor({ state: 'detached' });
  await page.getByRole('link', { name: 'Notifications, 1 unread' }).click();
  const inbox = page.getByRole('list', { name: 'Inbox' });
  await inbox.getByText(/Interview in \d+ minutes?: Acme/).waitFor();
  await check('notifications');
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
  await page.goto(`${webUrl}/settings`);
  await Promise.all([
    page.waitForResponse((r) => (r.request().postData() ?? '').includes('WebSetNotificationPreference')),
    page.getByLabel('E-mail me interview reminders').uncheck(),
  ]);
  await page.reload();
  await page.getByRole('heading', { name: 'E-mail notifications' }).waitFor();
  await page.getByLabel('E-mail me interview reminders').waitFor();
  expect(!(await page.getByLabel('E-mail me interview reminders').isChecked()), 'the e-mail opt-out is kept');

  step('time until the dashboard data is on screen');
  const token = await page.evaluate(() => localStorage.getItem('jobtracker.token'));
  const timings = { cold: [], warm: [] };
  for (let run = 0; run < 3; run++) {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await fresh.addInitScript((t) => localStorage.setItem('jobtracker.token', t), token);
    const p = await fresh.newPage();
    const js = [];
    const operations = [];
    p.on('requestfinished', async (request) => {
      if (request.resourceType() === 'script') js.push((await request.sizes()).responseBodySize);
    });
    p.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/graphql')) {
        operations.push(JSON.parse(request.postData() ?? '{}').operationName);
      }
    });
    let start = Date.now();
    await p.goto(`${webUrl}/dashboard`);
    await dashboardOnScreen(p);
    timings.cold.push(Date.now() - start);
    await p.waitForLoadState('networkidle');
    // The page's two operations, each sent once: the header and the greeting share Viewer.
    const sent = (name) => operations.filter((o) => o === name).length;
    expect(sent('Dashboard') === 1 && sent('Viewer') === 1, `one Dashboard and one Viewer request on a load, got ${operations}`);
    measurements.dashboardScriptsBytesOnTheWire = js.reduce((a, b) => a + b, 0);
    measurements.dashboardScripts = js.length;
    start = Date.now();
    await p.reload();
    await dashboardOnScreen(p);
    timings.warm.push(Date.now() - start);
    await fresh.close();
  }
  measurements.dashboardDataOnScreenMs = timings;

  step('log out and back in');
  expect(openSocketsWith(token).length === 1, `one live socket with the session's token, got ${openSocketsWith(token).length}`);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login$/);
  for (let i = 0; i < 30 && sockets.some((s) => !s.closed); i++) await page.waitForTimeout(100);
  expect(sockets.every((s) => s.closed), 'logging out closes the live socket');
  await check('login');
  await page.goto(`${webUrl}/dashboard`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill('not the password at all');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('main [role="alert"]').waitFor();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await dashboardOnScreen(page);
  expect(page.url().endsWith('/dashboard'), 'back on the dashboard after log in');
  const again = await page.evaluate(() => localStorage.getItem('jobtracker.token'));
  for (let i = 0; i < 50 && openSocketsWith(again).length === 0; i++) await page.waitForTimeout(100);
  expect(again !== token && openSocketsWith(again).length === 1, 'a new live socket with the new token after logging in');

  step('delete the account');
  page.once('dialog', (dialog) => dialog.accept());
  await page.goto(`${webUrl}/settings`);
  await page.getByLabel('Your password').fill(password);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await page.waitForURL(/\/login$/);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('main [role="alert"]').waitFor();

  step('an expired or refused token goes back to log in, with a message');
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const expired = `${b64({ alg: 'RS256' })}.${b64({ sub: 'x', exp: Math.floor(Date.now() / 1000) - 60 })}.c2ln`;
  const forged = `${b64({ alg: 'RS256', kid: 'nope' })}.${b64({ sub: 'x', exp: Math.floor(Date.now() / 1000) + 3600 })}.c2ln`;
  for (const bad of [expired, forged]) {
    await page.evaluate((t) => localStorage.setItem('jobtracker.token', t), bad);
    await page.goto(`${webUrl}/applications`);
    await page.waitForURL(/\/login\?expired=1/);
    await page.getByText('Your session has expired. Please log in again.').waitFor();
  }
} catch (error) {
  failures.push(`flow stopped: ${error.stack || error}`);
  await page.screenshot({ path: `${artifacts}/failure.png`, fullPage: true }).catch(() => {});
} finally {
  writeFileSync(`${artifacts}/axe.json`, JSON.stringify(scanned, null, 2));
  writeFileSync(`${artifacts}/measurements.json`, JSON.stringify(measurements, null, 2));
  await browser.close();
}

console.log(`MEASUREMENTS ${JSON.stringify(measurements)}`);
if (failures.length) {
  console.error(failures.map((f) => `FAIL: ${f}`).join('\n'));
  process.exit(1);
}
console.log(`web app flow passed (${scanned.length} pages scanned)`);
