'use client';

import { useState } from 'react';
import { useMutation } from 'urql';
import { WebScheduleInterviewDocument, type InterviewType } from '@/gql/graphql';
import { formErrors } from '@/lib/errors';
import { browserTimeZone, zonedToUtc } from '@/lib/time';
import { Field, Select, buttonClass } from './Field';
import { FormAlert } from './States';

const FIELDS = ['startsAt', 'timeZone', 'durationMinutes', 'type', 'location', 'meetingUrl', 'details', 'reminderOffsetsMinutes'];

export const REMINDER_CHOICES = [
  { minutes: 10080, label: '1 week' },
  { minutes: 1440, label: '1 day' },
  { minutes: 60, label: '1 hour' },
  { minutes: 15, label: '15 minutes' },
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
  const errors = formErrors(state.error, FIELDS);

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
          options={[
            { value: 'ONLINE', label: 'Online' },
            { value: 'PHONE', label: 'Phone' },
            { value: 'ONSITE', label: 'On site' },
          ]}
        />
        <Field
          label={type === 'ONLINE' ? 'Meeting link' : 'Location'}
          value={place}
          onChange={(e) => setPlace(e.target.value)}
          error={type === 'ONLINE' ? errors.fields.meetingUrl : errors.fields.location}
          className="sm:col-span-2"
        />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Remind me before</legend>
        <div className="mt-1 flex flex-wrap gap-3">
          {REMINDER_CHOICES.map((r) => (
            <label key={r.minutes} className="flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                checked={reminders.includes(r.minutes)}
                onChange={(e) =>
                  setReminders((list) =>
                    e.target.checked ? [...list, r.minutes].sort((a, b) => b - a) : list.filter((m) => m !== r.minutes),
                  )
                }
              />
              {r.label}
            </label>
          ))}
        </div>
        {errors.fields.reminderOffsetsMinutes && <p className="mt-1 text-sm text-rose-700">{errors.fields.reminderOffsetsMinutes}</p>}
      </fieldset>
      <button type="submit" className={buttonClass} disabled={state.fetching}>
        {state.fetching ? 'Scheduling…' : 'Schedule interview'}
      </button>
    </form>
  );
}
