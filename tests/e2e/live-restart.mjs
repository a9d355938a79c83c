// The live toast after the router restarts: the page's WebSocket goes away with the router and
// comes back by itself, and a reminder fired afterwards still pops up. The test restarts the
// router when this prints READY. Usage: node live-restart.mjs <web-url> <router-url>
import { chromium } from 'playwright-core';

const [webUrl, routerUrl] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage();
page.setDefaultTimeout(60_000);
const sockets = [];
page.on('websocket', (socket) => {
  const seen = { closed: false, opened: Date.now() };
  sockets.push(seen);
  socket.on('close', () => (seen.closed = true));
});
const until = async (condition, what, ms = 60_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await page.waitForTimeout(200)) if (condition()) return;
  throw new Error(`not ${what} within ${ms} ms`);
};
try {
  await page.goto(`${webUrl}/signup`);
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByLabel('E-mail').fill(`restart-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('quiet harbour lantern 42');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByTestId('dashboard').waitFor();
  await until(() => sockets.some((s) => !s.closed), 'a live socket');
  console.log('READY');
  await until(() => sockets.every((s) => s.closed), 'the socket closed with the router');
  await until(() => sockets.some((s) => !s.closed && Date.now() - s.opened > 1000), 'a new socket that stays');
  const token = await page.evaluate(() => localStorage.getItem('jobtracker.token'));
  const gql = async (query, variables) =>
    (await fetch(`${routerUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    })).json();
  const created = await gql('mutation { createApplication(input: {company: "Restart Ltd", position: "SRE"}) { id } }');
  const input = { applicationId: created.data.createApplication.id, startsAt: new Date(Date.now() + 150_000).toISOString(), timeZone: 'UTC', durationMinutes: 30, type: 'PHONE' };
  for (let attempt = 0; ; attempt++) {
    // The interviews subgraph learns of the application from its event, a moment later.
    const scheduled = await gql('mutation($input: ScheduleInterviewInput!) { scheduleInterview(input: $input) { id } }', { input });
    if (!scheduled.errors) break;
    if (attempt === 20) throw new Error(JSON.stringify(scheduled.errors));
    await page.waitForTimeout(300);
  }
  await page.getByTestId('toast').filter({ hasText: 'Restart Ltd' }).waitFor({ timeout: 30_000 });
  console.log(`live toast after a router restart passed (${sockets.length} sockets)`);
} catch (error) {
  console.error(`FAIL: ${error.stack || error}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
