// The web app against a router that runs trusted documents only (production's default): sign
// up, add an application, see it on the dashboard; every request carries a hash, no query text,
// the live notifications' subscription over the WebSocket too (and the router takes it).
// Usage: node webapp-trusted.mjs <web-url> <router-url>
import { chromium } from 'playwright-core';

const [webUrl, routerUrl] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage();
page.setDefaultTimeout(20_000);
const bodies = [];
page.on('request', (request) => {
  if (request.url().startsWith(routerUrl) && request.method() === 'POST') bodies.push(JSON.parse(request.postData()));
});
const subscribes = [];
const socketAnswers = [];
page.on('websocket', (socket) => {
  socket.on('framesent', ({ payload }) => {
    const message = JSON.parse(String(payload));
    if (message.type === 'subscribe') subscribes.push(message.payload);
  });
  socket.on('framereceived', ({ payload }) => socketAnswers.push(JSON.parse(String(payload))));
});
try {
  await page.goto(`${webUrl}/signup`);
  await page.getByLabel('Full name').fill('Grace Hopper');
  await page.getByLabel('E-mail').fill(`trusted-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('quiet harbour lantern 42');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByTestId('dashboard').waitFor();
  await page.goto(`${webUrl}/applications/new`);
  await page.getByLabel('Company').fill('Remington Rand');
  await page.getByLabel('Position').fill('Programmer');
  await page.getByRole('button', { name: 'Add application' }).click();
  await page.getByRole('heading', { level: 1, name: 'Remington Rand' }).waitFor();
  await page.goto(`${webUrl}/dashboard`);
  await page.getByRole('region', { name: 'Recent applications' }).getByText('Remington Rand').waitFor();
  const withText = bodies.filter((b) => b.query || !b.extensions?.persistedQuery?.sha256Hash);
  if (bodies.length < 4 || withText.length) throw new Error(`requests with a query text: ${JSON.stringify(withText)}`);
  for (let i = 0; i < 50 && subscribes.length === 0; i++) await page.waitForTimeout(100);
  if (subscribes.length === 0 || subscribes.some((p) => p.query || !p.extensions?.persistedQuery?.sha256Hash)) {
    throw new Error(`subscriptions not by hash: ${JSON.stringify(subscribes)}`);
  }
  await page.waitForTimeout(500);
  const refused = socketAnswers.filter((m) => m.type === 'error' || m.type === 'complete');
  if (refused.length) throw new Error(`the router refused the subscription: ${JSON.stringify(refused)}`);
  console.log(`trusted documents flow passed (${bodies.length} requests, ${subscribes.length} subscriptions, hashes only)`);
} catch (error) {
  console.error(`FAIL: ${error.stack || error}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
