import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { CombinedError, Provider, type Client } from 'urql';
import { fromValue } from 'wonka';
import { describe, expect, it, vi } from 'vitest';
import { ScheduleInterviewForm } from './ScheduleInterviewForm';

function clientAnswering(result: object) {
  const executeMutation = vi.fn(() => fromValue(result));
  return { client: { executeMutation } as unknown as Client, executeMutation };
}

function renderForm(result: object) {
  const { client, executeMutation } = clientAnswering(result);
  render(
    <Provider value={client}>
      <ScheduleInterviewForm applicationId="app-1" />
    </Provider>,
  );
  return executeMutation;
}

describe('ScheduleInterviewForm', () => {
  it('sends the wall-clock time in the chosen zone as UTC, with the zone and reminders', async () => {
    const execute = renderForm({ data: { scheduleInterview: { id: 'i1' } } });
    fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: '2026-07-01T14:30' } });
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Europe/Paris' } });
    fireEvent.click(screen.getByLabelText('15 minutes'));
    fireEvent.change(screen.getByLabelText('Meeting link'), { target: { value: 'https://meet.example/x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule interview' }));
    await screen.findByText('Interview scheduled.');
    const [[operation]] = execute.mock.calls as unknown as [[{ variables: { input: Record<string, unknown> } }]];
    expect(operation.variables.input).toEqual({
      applicationId: 'app-1',
      startsAt: '2026-07-01T12:30:00.000Z',
      timeZone: 'Europe/Paris',
      durationMinutes: 60,
      type: 'ONLINE',
      meetingUrl: 'https://meet.example/x',
      reminderOffsetsMinutes: [1440, 60, 15],
    });
  });

  it('asks for a date before sending anything', async () => {
    const execute = renderForm({ data: null });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule interview' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Give the date and time');
    expect(execute).not.toHaveBeenCalled();
  });

  it("shows the API's refusal next to the field it names", async () => {
    renderForm({
      error: new CombinedError({
        graphQLErrors: [new GraphQLError('timeZone: not a known time zone', { extensions: { code: 'BAD_USER_INPUT', field: 'timeZone' } })],
      }),
    });
    fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: '2026-07-01T14:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule interview' }));
    await waitFor(() => expect(screen.getByLabelText('Time zone').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('not a known time zone')).toBeTruthy();
  });
});
