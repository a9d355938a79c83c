import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { CombinedError, Provider, type Client } from 'urql';
import { fromValue } from 'wonka';
import { describe, expect, it, vi } from 'vitest';
import { InterviewEditForm, type Interview } from './InterviewEditForm';

const INTERVIEW: Interview = {
  id: 'i1',
  startsAt: '2026-07-01T08:30:00+00:00',
  localStartsAt: '2026-07-01T10:30:00+02:00',
  timeZone: 'Europe/Paris',
  durationMinutes: 60,
  type: 'ONLINE',
  status: 'SCHEDULED',
  details: null,
  location: null,
  meetingUrl: 'https://meet.example/x',
  reminderOffsetsMinutes: [1440, 90],
  updatedAt: '2026-06-01T00:00:00+00:00',
  application: { id: 'a1', company: 'Umbrella', position: 'SRE' },
};

function renderForm(result: object) {
  const executeMutation = vi.fn(() => fromValue(result));
  const onDone = vi.fn();
  render(
    <Provider value={{ executeMutation } as unknown as Client}>
      <InterviewEditForm interview={INTERVIEW} onDone={onDone} />
    </Provider>,
  );
  const sent = () =>
    (executeMutation.mock.calls as unknown as [{ variables: { id: string; input: Record<string, unknown> } }, { additionalTypenames?: string[] }][]).map(
      ([request, context]) => ({ ...request.variables, context }),
    );
  return { executeMutation, onDone, sent };
}

const answer = (startsAt: string, timeZone = 'Europe/Paris') => ({ data: { updateInterview: { ...INTERVIEW, startsAt, timeZone } } });

describe('InterviewEditForm', () => {
  it("starts from the interview's own wall-clock time, zone and reminders (one not among the usual)", () => {
    renderForm({});
    expect((screen.getByLabelText('Date and time') as HTMLInputElement).value).toBe('2026-07-01T10:30');
    expect((screen.getByLabelText('Time zone') as HTMLInputElement).value).toBe('Europe/Paris');
    expect((screen.getByLabelText('1 day') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('1 hour') as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText('90 min') as HTMLInputElement).checked).toBe(true);
  });

  it('reschedules: the new wall-clock time in the new zone sent as UTC, with every field and the reminders', async () => {
    const { sent, onDone } = renderForm(answer('2026-07-02T05:00:00+00:00', 'Asia/Tokyo'));
    fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: '2026-07-02T14:00' } });
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Asia/Tokyo' } });
    fireEvent.click(screen.getByLabelText('90 min')); // untick
    fireEvent.click(screen.getByLabelText('15 minutes'));
    fireEvent.change(screen.getByLabelText('Another reminder (minutes before)'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add reminder' }));
    expect((screen.getByLabelText('30 min') as HTMLInputElement).checked).toBe(true);
    fireEvent.change(screen.getByLabelText('Details'), { target: { value: ' Ask for Sam ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('Interview rescheduled.'));
    expect(sent()).toEqual([
      {
        id: 'i1',
        input: {
          startsAt: '2026-07-02T05:00:00.000Z',
          timeZone: 'Asia/Tokyo',
          durationMinutes: 60,
          type: 'ONLINE',
          location: null,
          meetingUrl: 'https://meet.example/x',
          details: 'Ask for Sam',
          reminderOffsetsMinutes: [1440, 30, 15],
        },
        context: { additionalTypenames: ['Interview'] },
      },
    ]);
  });

  it('says "saved" when the time did not move', async () => {
    const { onDone } = renderForm(answer(INTERVIEW.startsAt));
    fireEvent.change(screen.getByLabelText('Duration (minutes)'), { target: { value: '45' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('Interview saved.'));
  });

  it('refuses an unknown zone or no date next to the field, sending nothing', () => {
    const { sent } = renderForm({});
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Mars/Olympus' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    const zone = screen.getByLabelText('Time zone');
    expect(zone.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(zone.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe(
      '"Mars/Olympus" is not a time zone: give its IANA name, e.g. Europe/Paris.',
    );
    fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(screen.getByText('Give the date and time of the interview.')).toBeTruthy();
    expect(sent()).toEqual([]);
  });

  it('keeps reminders within what the API takes', () => {
    renderForm({});
    const other = screen.getByLabelText('Another reminder (minutes before)');
    fireEvent.change(other, { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add reminder' }));
    expect(screen.getByText('Give a whole number of minutes, from 1 to 43200 (30 days).')).toBeTruthy();
    for (const minutes of ['10', '20', '30', '40']) {
      fireEvent.change(other, { target: { value: minutes } });
      fireEvent.keyDown(other, { key: 'Enter' });
    }
    expect(screen.getByText('At most 5 reminders: untick one first.')).toBeTruthy();
    expect(screen.queryByLabelText('40 min')).toBeNull();
  });

  it("shows the API's refusal next to the field it names", async () => {
    renderForm({
      error: new CombinedError({
        graphQLErrors: [new GraphQLError('durationMinutes: Input should be less than or equal to 1440', { extensions: { code: 'BAD_USER_INPUT', field: 'durationMinutes' } })],
      }),
    });
    fireEvent.change(screen.getByLabelText('Duration (minutes)'), { target: { value: '5000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.getByLabelText('Duration (minutes)').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Input should be less than or equal to 1440')).toBeTruthy();
  });
});
