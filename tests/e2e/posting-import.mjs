// Adding an application from a job posting, in Chromium through the running stack: a private
// address and a missing page refused in words, a recorded posting (served on loopback, the host
// allowing it) fetched by the server into the form with what it found marked and what it did
// not named, corrected and saved; a slow page's loading state; a posting pasted as text.
// Usage: node posting-import.mjs <web-url> <graphql-url> <artifacts-dir> <site-url>
import { startFlow } from './flows.mjs';

const [webUrl, graphqlUrl, artifacts, siteUrl] = process.argv.slice(2);
const flow = await startFlow({ name: 'posting-import', webUrl, graphqlUrl, artifacts });
const { page, step, expect, check, description, focused } = flow;

await flow.run(async () => {
  step('signed in, on the form');
  await flow.signIn((await flow.signUp('Posting Reader')).token);
  await page.goto(`${webUrl}/applications/new`);
  await page.getByRole('heading', { name: 'Fill from a job posting' }).waitFor();
  await check('posting-form');
  const posting = page.getByLabel('Posting link or text');
  const fill = page.getByRole('button', { name: 'Fill the form' });
  // From the keyboard: the button follows the field.
  const importFromKeyboard = async (value) => {
    await posting.fill(value);
    await posting.press('Tab');
    expect(await focused(fill), 'Tab goes from the posting field to its button');
    await page.keyboard.press('Enter');
  };

  await flow.firstLoadScripts('/applications/new');

  step('a private address, refused in words');
  await importFromKeyboard('http://10.1.2.3/jobs/1');
  const alert = page.getByRole('alert').filter({ hasText: 'This link cannot be fetched' });
  await alert.waitFor();
  expect(/Only public web pages are fetched\. Open the posting in your browser, copy its text and paste it here instead/.test(await alert.textContent()), 'the refusal says what to do');
  expect((await description(posting)).startsWith('This link cannot be fetched'), 'the refusal describes the field');
  await check('posting-refused');

  step('a page that is not there');
  await importFromKeyboard(`${siteUrl}/missing`);
  await page.getByRole('alert').filter({ hasText: 'The posting could not be fetched: the page answered HTTP 404.' }).waitFor();

  step('a slow page: the loading state, then a page with little to use');
  await posting.fill(`${siteUrl}/slow`); // answers after 3 s
  await fill.click();
  await page.getByRole('status').filter({ hasText: 'Reading the posting…' }).waitFor();
  expect(await page.getByRole('button', { name: 'Reading the posting…' }).isDisabled(), 'the button waits while the posting is read');
  const summary = page.getByTestId('import-summary');
  await summary.filter({ hasText: 'Filled from the posting: Job posting link.' }).waitFor(); // an empty page
  expect((await summary.textContent()).includes('Not found in the posting: Company, Position,'), 'what an empty page lacks is named');

  step('a recorded posting fetched by the server fills the form');
  await importFromKeyboard(`${siteUrl}/workday`);
  await summary.filter({ hasText: 'Filled from the posting: Company' }).waitFor();
  const company = page.getByLabel('Company', { exact: true });
  expect((await company.inputValue()) === 'Contoso Group', `company filled, got ${await company.inputValue()}`);
  expect((await page.getByLabel('Position').inputValue()) === 'Product Designer', 'position filled');
  expect((await page.getByLabel('Location').inputValue()) === 'London, United Kingdom', 'location filled');
  expect((await page.getByLabel('Job posting link').inputValue()).startsWith('https://contoso.wd5.myworkdayjobs.com/'), 'job link filled');
  expect((await description(company)).includes('Filled from the posting'), 'a filled field is marked');
  const said = await summary.textContent();
  expect(said.includes('Not found in the posting: Salary from, Salary to, Currency.'), `the missing fields are named: ${said}`);
  expect(await focused(summary), 'focus goes to what the import found');
  await check('posting-filled');

  step('corrected and saved');
  await page.getByLabel('Salary from').fill('60000');
  await page.getByLabel('Salary to').fill('70000');
  await page.getByLabel('Currency').fill('gbp');
  await page.getByRole('button', { name: 'Add application' }).click();
  await page.getByRole('heading', { level: 1, name: 'Contoso Group' }).waitFor();
  await page.getByText('60000–70000 GBP').waitFor();
  expect(await page.getByText('Product Designer').first().isVisible(), 'saved with the position read from the posting');

  step('a posting pasted as text');
  await page.goto(`${webUrl}/applications/new`);
  await importFromKeyboard('Senior Python Developer at Quokka Payments\nLocation: Remote (EU)\nSalary: EUR 70k - 90k a year\n');
  await summary.waitFor();
  expect((await page.getByLabel('Company', { exact: true }).inputValue()) === 'Quokka Payments', 'company read from pasted text');
  expect((await page.getByLabel('Salary to').inputValue()) === '90000', 'salary read from pasted text');
});
