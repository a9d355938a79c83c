// Editing and deleting contacts, in Chromium through the running stack: a contact edited in
// place (from the keyboard) gets a registered user's e-mail and with it a link to their public
// profile, a refusal is shown next to its field, a delete asks first (Keep and Escape keep it),
// and the list changes without a reload down to its empty state.
// Usage: node contacts.mjs <web-url> <graphql-url> <artifacts-dir>
import { startFlow } from './flows.mjs';

const [webUrl, graphqlUrl, artifacts] = process.argv.slice(2);
const flow = await startFlow({ name: 'contacts', webUrl, graphqlUrl, artifacts });
const { page, step, expect, check, description, focused } = flow;
const CREATE = 'mutation($input: CreateContactInput!) { createContact(input: $input) { id } }';
const LINKED = '{ contacts(first: 10) { edges { node { name linkedUser { id } } } } }';

await flow.run(async () => {
  step('two accounts: Grace (public profile) and the one keeping contacts');
  const grace = await flow.signUp('Grace Hopper');
  const keeper = await flow.signUp('Contact Keeper');
  await flow.api(CREATE, { input: { name: 'Grace H.', company: 'Navy' } }, keeper.token);
  await flow.api(CREATE, { input: { name: 'Old card', company: 'Eckert-Mauchly', emails: [grace.email] } }, keeper.token);
  // The contacts subgraph hears of Grace's sign-up from its event, a moment later: once the old
  // card (which has her address) is linked, an edit that adds it links at once.
  for (let attempt = 0; ; attempt++) {
    const { contacts } = await flow.api(LINKED, {}, keeper.token);
    if (contacts.edges.some((e) => e.node.linkedUser?.id === grace.id)) break;
    if (attempt === 100) throw new Error('the contacts subgraph never heard of the sign-up');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await flow.signIn(keeper.token);
  await page.goto(`${webUrl}/contacts`);
  const item = (name) => page.getByTestId('contact').filter({ has: page.getByText(name, { exact: true }) });
  await item('Grace H.').waitFor();
  await check('contacts-list');

  await flow.firstLoadScripts('/contacts');

  step('edit Grace H. from the keyboard: her e-mail links her public profile');
  await page.getByRole('button', { name: 'Edit Grace H.' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Edit Grace H.' });
  const name = form.getByLabel('Name');
  await name.waitFor();
  expect(await focused(name), 'the editor opens on its first field');
  await name.fill('Grace Hopper');
  await form.getByLabel('Position').fill('Rear Admiral');
  await form.getByLabel('E-mails').fill(grace.email);
  await form.getByLabel('Phones').fill('+1 555 0100');
  await check('contact-edit');
  await name.press('Enter');
  const profile = page.getByRole('link', { name: "Grace Hopper's public profile" });
  await item('Grace Hopper').getByText('Rear Admiral at Navy').waitFor(); // no reload: the list is refetched
  await item('Grace Hopper').getByText('Saved.').waitFor();
  await item('Grace Hopper').getByRole('link', { name: "Grace Hopper's public profile" }).waitFor();
  expect(await item('Grace Hopper').getByText('+1 555 0100').isVisible(), 'the phone is shown');

  step('a refusal, next to its field');
  await page.getByRole('button', { name: 'Edit Old card' }).click();
  const oldForm = page.getByRole('form', { name: 'Edit Old card' });
  await oldForm.getByLabel('E-mails').fill(`${grace.email}\nnot-an-address`);
  await oldForm.getByRole('button', { name: 'Save contact' }).click();
  const emails = oldForm.getByLabel('E-mails');
  await oldForm.locator('textarea[aria-invalid="true"]').waitFor();
  expect((await description(emails)).startsWith('Line 2: '), `the refusal names the line: ${await description(emails)}`);
  await check('contact-edit-refused');
  await emails.press('Escape');
  await oldForm.waitFor({ state: 'detached' });

  step('delete asks first; Keep and Escape keep the contact');
  await page.getByRole('button', { name: 'Delete Old card' }).click();
  const confirm = page.getByRole('group', { name: 'Delete Old card?' });
  await confirm.waitFor();
  expect(await focused(confirm.getByRole('button', { name: 'Keep' })), 'focus on Keep');
  await check('contact-delete-confirm');
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'detached' });
  expect(await focused(page.getByRole('button', { name: 'Delete Old card' })), 'focus back on Delete');
  await page.keyboard.press('Enter');
  await confirm.getByRole('button', { name: 'Keep' }).click();
  await confirm.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Delete Old card' }).click();
  await confirm.getByRole('button', { name: 'Yes, delete' }).click();
  await item('Old card').waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: 'Old card deleted.' }).waitFor();
  expect((await page.getByTestId('contact').count()) === 1, 'one contact left');

  step("Grace's public profile");
  await profile.click();
  await page.getByRole('heading', { level: 1, name: 'Grace Hopper' }).waitFor();
  await check('contact-profile');

  step('the last one deleted: the empty state');
  await page.goBack();
  await page.getByRole('button', { name: 'Delete Grace Hopper' }).click();
  await page.getByRole('group', { name: 'Delete Grace Hopper?' }).getByRole('button', { name: 'Yes, delete' }).click();
  await page.getByText('No contacts yet: add the people you meet on the way.').waitFor();
  await check('contacts-empty');
  const { contacts } = await flow.api(LINKED, {}, keeper.token);
  expect(contacts.edges.length === 0, 'both deleted on the server');
});
