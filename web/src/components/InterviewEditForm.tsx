'use client';

import { useState } from 'react';
import { useMutation } from 'urql';
import { WebUpdateInterviewDocument, type InterviewType, type WebInterviewQuery } from '@/gql/graphql';
import { formErrors } from '@/lib/errors';
import { localInputValue, zonedToUtc } from '@/lib/time';
import { Field, Select, buttonClass, secondaryButtonClass } from './Field';
import { ReminderPicker } from './ReminderPicker';
import { INTERVIEW_FIELDS, INTERVIEW_TYPES } from './ScheduleInterviewForm';
import { FormAlert } from './States';

export type Interview = NonNullable<WebInterviewQuery['interview']>;

// A constant: urql takes a new context object as a new request.
const CONTEXT = { additionalTypenames: ['Interview'] };

/**
 * Edit an interview, or reschedule it: its wall-clock time in its own time zone (either may
 * change), sent as UTC with the zone, like scheduling; reminders move with it.
 */
export function InterviewEditForm({ interview: i, onDone }: { interview: Interview; onDone: (message: string | null) => void }) {
  const [state, update] = useMutation(WebUpdateInterviewDocument);
  const [when, setWhen] = useState(() => localInputValue(i.localStartsAt));
  const [timeZone, setTimeZone] = useState(i.timeZone);
  const [duration, setDuration] = useState(String(i.durationMinutes));
  const [type, setType] = useState<InterviewType>(i.type);
  const [location, setLocation] = useState(i.location ?? '');
  const [meetingUrl, setMeetingUrl] = useState(i.meetingUrl ?? '');
  const [details, setDetails] = useState(i.details ?? '');
  const [reminders, setReminders] = useState<number[]>(i.reminderOffsetsMinutes);
  // Refused here before anything is sent: no date, or a zone the browser does not know.
  const [local, setLocal] = useState<{ startsAt?: string; timeZone?: string }>({});
  const fromApi = formErrors(state.error, INTERVIEW_FIELDS);
  const errors = { ...fromApi, fields: { ...fromApi.fields, ...local } as Record<string, string | undefined> };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!when) return setLocal({ startsAt: 'Give the date and time of the interview.' });
    let startsAt: string;
    try {
      startsAt = zonedToUtc(when, timeZone.trim()).toISOString();
    } catch {
      return setLocal({ timeZone: `"${timeZone.trim()}" is not a time zone: give its IANA name, e.g. Europe/Paris.` });
    }
    setLocal({});
    const text = (v: string) => (v.trim() === '' ? null : v.trim());
    const result = await update(
      {
        id: i.id,
        input: {
          startsAt,
          timeZone: timeZone.trim(),
          durationMinutes: Number(duration),
          type,
          location: text(location),
          meetingUrl: text(meetingUrl),
          details: text(details),
          reminderOffsetsMinutes: reminders,
        },
      },
      CONTEXT,
    );
    if (result.data) {
      const moved = result.data.updateInterview.startsAt !== i.startsAt || result.data.updateInterview.timeZone !== i.timeZone;
      onDone(moved ? 'Interview rescheduled.' : 'Interview saved.');
    }
  };

  return (
    <form noValidate onSubmit={submit} aria-label="Edit or reschedule the interview" className="space-y-3">
      <FormAlert messages={errors.form} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Date and time"
          type="datetime-local"
          value={when}
          onChange={(e) => setWhen(e.target.value)}
          error={errors.fields.startsAt}
          hint="In the interview's time zone"
          required
          autoFocus
        />
        <Field label="Time zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} error={errors.fields.timeZone} hint="e.g. Europe/Paris" />
        <Field
          label="Duration (minutes)"
          type="number"
          min={5}
          value={duration}
          onChange={(e) => setDuration(e.target.value)}
          error={errors.fields.durationMinutes}
        />
        <Select label="Type" value={type} onChange={(v) => setType(v as InterviewType)} options={INTERVIEW_TYPES} />
        <Field label="Location" value={location} onChange={(e) => setLocation(e.target.value)} error={errors.fields.location} />
        <Field
          label="Meeting link"
          type="url"
          value={meetingUrl}
          onChange={(e) => setMeetingUrl(e.target.value)}
          error={errors.fields.meetingUrl}
        />
        <Field
          label="Details"
          multiline
          className="sm:col-span-2"
          value={details}
          onChange={(e) => setDetails(e.target.value)}
          error={errors.fields.details}
        />
      </div>
      <ReminderPicker value={reminders} onChange={setReminders} error={errors.fields.reminderOffsetsMinutes} withOther />
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClass} disabled={state.fetching}>
          {state.fetching ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => onDone(null)}>
          Close without saving
        </button>
      </div>
    </form>
  );
}
