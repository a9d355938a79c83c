// Editing, rescheduling and cancelling an interview, in Chromium through the running stack, as
// a viewer in New York looking at an interview in Paris: the time on both clocks in the list and
// on the interview's page, refusals next to their fields (one from the browser, one from the
// API), a reschedule to Tokyo with its reminders changed, a cancel that asks first, and the list
// without it afterwards (and with it, marked, when cancelled ones are shown).
// Usage: node interviews.mjs <web-url> <graphql-url> <artifacts-dir>
import { startFlow } from './flows.mjs';

const [webUrl, graphqlUrl, artifacts] = process.argv.slice(2);
const VIEWER = 'America/New_York';
const flow = await startFlow({ name: 'interviews', webUrl, graphqlUrl, artifacts, timezoneId: VIEWER });
const { page, step, expect, check, description, focused } = flow;

// As the web app writes them: `3 Nov 2026, 10:30` on a zone's clock.
const clock = (iso, timeZone) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
const own = (iso, timeZone) => `${clock(iso, timeZone)} (${timeZone})`;
const viewers = (iso) => `${clock(iso, VIEWER)} your time (${VIEWER})`;
// As a datetime-local input holds it: `2026-11-03T10:30` on a zone's clock.
const wall = (iso, timeZone) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(iso))
    .replace(' ', 'T');

await flow.run(async () => {
  step('an application and its interview, in Paris in ten days');
  const { token } = await flow.signUp('Interview Planner');
  const { createApplication } = await flow.api(
    'mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id } }',
    { input: { company: 'Umbrella Corporation', position: 'Site Reliability Engineer', status: 'INTERVIEW' } },
    token,
  );
  const day = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10);
  const startsAt = `${day}T09:30:00Z`;
  const schedule = `mutation($input: ScheduleInterviewInput!) { scheduleInterview(input: $input) { id } }`;
  const input = { applicationId: createApplication.id, startsAt, timeZone: 'Europe/Paris', durationMinutes: 60, type: 'ONLINE', reminderOffsetsMinutes: [1440, 60] };
  let interviewId;
  // The interviews subgraph learns of a new application from its event, a moment later.
  for (let attempt = 0; !interviewId; attempt++) {
    try {
      interviewId = (await flow.api(schedule, { input }, token)).scheduleInterview.id;
    } catch (error) {
      if (attempt === 100 || !/Application not found/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await flow.signIn(token);

  step('the list: on its own clock and on the viewer’s');
  await page.goto(`${webUrl}/interviews`);
  const listed = page.getByRole('listitem').filter({ hasText: 'Umbrella Corporation — Site Reliability Engineer' });
  await listed.getByText(own(startsAt, 'Europe/Paris')).waitFor();
  await listed.getByText(viewers(startsAt)).waitFor();
  await check('interviews-list');

  step("the interview's page, from the keyboard");
  await page.getByRole('link', { name: 'Edit, reschedule or cancel the interview with Umbrella Corporation' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Interview with Umbrella Corporation' }).waitFor();
  expect(page.url().endsWith(`/interviews/${interviewId}`), `on the interview's page: ${page.url()}`);
  await page.getByText(viewers(startsAt)).waitFor();
  await page.getByText('1 day, 1 hour before').waitFor();
  await check('interview-detail');

  await flow.firstLoadScripts(`/interviews/${interviewId}`);

  step('reschedule to Tokyo, refused twice on the way');
  await page.getByRole('button', { name: 'Edit or reschedule' }).click();
  const when = page.getByLabel('Date and time');
  await when.waitFor();
  expect(await focused(when), 'the editor opens on its date and time');
  expect((await when.inputValue()) === wall(startsAt, 'Europe/Paris'), `the wall-clock time in Paris to start from, got ${await when.inputValue()}`);
  const next = new Date(Date.parse(`${day}T12:00:00Z`) + 86400_000).toISOString().slice(0, 10);
  await when.fill(`${next}T14:00`);
  const zone = page.getByLabel('Time zone');
  await zone.fill('Mars/Olympus');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('input[aria-invalid="true"]').first().waitFor();
  expect((await description(zone)).includes('is not a time zone'), 'an unknown zone is refused next to its field');
  await zone.fill('Asia/Tokyo');
  const duration = page.getByLabel('Duration (minutes)');
  await duration.fill('5000'); // the API takes at most a day
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('input[aria-invalid="true"][type="number"]').waitFor();
  expect((await description(duration)).length > 0, 'the API refusal is shown next to the duration');
  await check('interview-edit-refused');
  await duration.fill('45');
  await page.getByLabel('1 hour').uncheck();
  await page.getByLabel('15 minutes').check();
  await page.getByLabel('Another reminder (minutes before)').fill('30');
  await page.getByLabel('Another reminder (minutes before)').press('Enter'); // adds it, does not submit
  await page.getByLabel('30 min').waitFor();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').filter({ hasText: 'Interview rescheduled.' }).waitFor();
  const moved = `${next}T05:00:00Z`; // 14:00 in Tokyo
  await page.getByText(own(moved, 'Asia/Tokyo')).waitFor();
  await page.getByText(viewers(moved)).waitFor();
  await page.getByText('1 day, 30 min, 15 min before').waitFor();
  await page.getByText('Online, 45 min').waitFor();
  expect(await focused(page.getByRole('button', { name: 'Edit or reschedule' })), 'focus back on the edit button');
  await check('interview-rescheduled');

  step('cancel, asked first');
  await page.getByRole('button', { name: 'Cancel interview' }).focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('group', { name: 'Cancel this interview?' });
  await confirm.waitFor();
  expect(await focused(confirm.getByRole('button', { name: 'Keep it' })), 'focus on Keep it');
  await check('interview-cancel-confirm');
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Cancel interview' }).click();
  await confirm.getByRole('button', { name: 'Yes, cancel it' }).click();
  await page.getByRole('status').filter({ hasText: 'Interview cancelled.' }).waitFor();
  await page.getByText('This interview was cancelled').waitFor();
  expect((await page.getByRole('button', { name: 'Edit or reschedule' }).count()) === 0, 'a cancelled interview is not edited');
  await check('interview-cancelled');

  step('the list without it, then with cancelled ones shown');
  await page.getByRole('link', { name: '← Interviews' }).click();
  await page.getByText('No interviews in this range.').waitFor();
  await check('interviews-empty');
  await page.getByLabel('Show cancelled').check();
  await page.getByRole('listitem').filter({ hasText: 'Umbrella Corporation' }).getByText('online · 45 min · cancelled').waitFor();
});
