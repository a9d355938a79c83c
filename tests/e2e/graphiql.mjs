// GraphiQL at the router, driven like a person would: sign up, then with the token in the
// Headers tab create an application and list it. Usage: node graphiql.mjs <router-url> <shots-dir>
import { chromium } from 'playwright-core';

const [routerUrl, shots = '.'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

// Types `text` into the n-th Monaco editor (0: operation, 1: variables/headers) and replaces it.
async function typeInto(index, text) {
  await page.locator('.monaco-editor').nth(index).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

// Runs the operation in the editor and answers the router's JSON reply to it (GraphiQL sends
// the operation minified, so the reply is recognised by the operation's first field).
async function run(operation) {
  await typeInto(0, operation);
  const field = operation.match(/\{\s*(\w+)/)[1];
  const reply = page.waitForResponse(
    (r) => r.url() === `${routerUrl}/graphql` && r.request().postData()?.includes(`{${field}`),
  );
  await page.getByRole('button', { name: 'Run' }).click();
  return (await reply).json();
}

function expect(condition, message, body) {
  if (!condition) {
    console.error(`FAIL: ${message}\n${JSON.stringify(body)}`);
    process.exitCode = 1;
  }
}

try {
  await page.goto(`${routerUrl}/graphql`);
  // A first visit opens on the quick start (docs/getting-started.md): its sign-up mutation in the editor.
  await page.getByText('mutation SignUp').first().waitFor({ timeout: 30000 });
  await page.screenshot({ path: `${shots}/graphiql-first-visit.png` });
  const email = `browser-${Date.now()}@example.com`;
  const signedUp = await run(
    `mutation { signUp(input: {email: "${email}", password: "a long passphrase", fullName: "Browser User"}) { token user { fullName } } }`,
  );
  expect(signedUp.data?.signUp?.user?.fullName === 'Browser User', 'sign up', signedUp);

  await page.getByText('Headers', { exact: true }).first().click();
  await typeInto(1, JSON.stringify({ Authorization: `Bearer ${signedUp.data.signUp.token}` }));
  const created = await run('mutation { createApplication(input: {company: "Browser Co", position: "Tester", status: APPLIED}) { id status } }');
  expect(created.data?.createApplication?.status === 'APPLIED', 'create application', created);

  const listed = await run('query { me { fullName applications { totalCount edges { node { company } } } } }');
  expect(listed.data?.me?.applications?.edges?.[0]?.node?.company === 'Browser Co', 'list applications', listed);
  await page.getByText('"Browser Co"').first().waitFor({ timeout: 5000 });
} catch (error) {
  console.error(`FAIL: ${error}`);
  process.exitCode = 1;
} finally {
  await page.screenshot({ path: `${shots}/graphiql.png` });
  await browser.close();
}
if (!process.exitCode) console.log('GraphiQL flow passed');
