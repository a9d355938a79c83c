'use client';

import { useState } from 'react';
import { useMutation } from 'urql';
import { WebScheduleInterviewDocument, type InterviewType } from '@/gql/graphql';
import { formErrors } from '@/lib/errors';
import { browserTimeZone, zonedToUtc } from '@/lib/time';
import { Field, Select, buttonClass } from './Field';
import { ReminderPicker } from './ReminderPicker';
import { FormAlert } from './States';

export const INTERVIEW_FIELDS = ['startsAt', 'timeZone', 'durationMinutes', 'type', 'location', 'meetingUrl', 'details', 'reminderOffsetsMinutes'];
export const INTERVIEW_TYPES = [
  { value: 'ONLINE', label: 'Online' },
  { value: 'PHONE', label: 'Phone' },
  { value: 'ONSITE', label: 'On site' },
] as const;

export function ScheduleInterviewForm({ applicationId }: { applicationId: string }) {
  const [state, schedule] = useMutation(WebScheduleInterviewDocument);
  const [when, setWhen] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [duration, setDuration] = useState('60');
  const [type, setType] = useState<InterviewType>('ONLINE');
  const [place, setPlace] = useState('');
  const [reminders, setReminders] = useState<number[]>([1440, 60]);
  const [local, setLocal] = useState<string[]>([]);
  const [done, setDone] = useState(false);
  const errors = formErrors(state.error, INTERVIEW_FIELDS);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setDone(false);
    let startsAt: string;
    try {
      startsAt = zonedToUtc(when, timeZone).toISOString();
      setLocal([]);
    } catch {
      setLocal(['Give the date and time of the interview.']);
      return;
    }
    const result = await schedule(
      {
        input: {
          applicationId,
          startsAt,
          timeZone,
          durationMinutes: Number(duration),
          type,
          ...(type === 'ONLINE' ? { meetingUrl: place.trim() || null } : { location: place.trim() || null }),
          reminderOffsetsMinutes: reminders,
        },
      },
      { additionalTypenames: ['Interview', 'Application'] },
    );
    if (result.data) {
      setDone(true);
      setWhen('');
    }
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-3">
      <FormAlert messages={[...local, ...errors.form]} />
      {done && (
        <p role="status" className="text-sm text-green-800">
          Interview scheduled.
        </p>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Date and time" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} error={errors.fields.startsAt} required />
        <Field label="Time zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} error={errors.fields.timeZone} hint="e.g. Europe/Paris" />
        <Field
          label="Duration (minutes)"
          type="number"
          min={5}
          value={duration}
          onChange={(e) => setDuration(e.target.value)}
          error={errors.fields.durationMinutes}
        />
        <Select
          label="Type"
          value={type}
          onChange={(v) => setType(v as InterviewType)}
          options={INTERVIEW_TYPES}
        />
        <Field
          label={type === 'ONLINE' ? 'Meeting link' : 'Location'}
          value={place}
          onChange={(e) => setPlace(e.target.value)}
          error={type === 'ONLINE' ? errors.fields.meetingUrl : errors.fields.location}
          className="sm:col-span-2"
        />
      </div>
      <ReminderPicker value={reminders} onChange={setReminders} error={errors.fields.reminderOffsetsMinutes} />
      <button type="submit" className={buttonClass} disabled={state.fetching}>
        {state.fetching ? 'Scheduling…' : 'Schedule interview'}
      </button>
    </form>
  );
}
