'use client';

import { useId, useState } from 'react';
import { formatOffset } from '@/lib/time';
import { secondaryButtonClass } from './Field';

export const REMINDER_CHOICES = [
  { minutes: 10080, label: '1 week' },
  { minutes: 1440, label: '1 day' },
  { minutes: 60, label: '1 hour' },
  { minutes: 15, label: '15 minutes' },
] as const;

export const REMINDERS_MAX = 5; // the API's limit
const MINUTES_MAX = 30 * 24 * 60;

const sorted = (list: number[]) => [...new Set(list)].sort((a, b) => b - a);

/** Reminder offsets (minutes before, latest first): the usual ones as checkboxes, any other
 * the interview has among them, and one more of any length in minutes. */
export function ReminderPicker({
  value,
  onChange,
  error,
  withOther = false,
}: {
  value: number[];
  onChange: (offsets: number[]) => void;
  error?: string;
  withOther?: boolean;
}) {
  const id = useId();
  const [other, setOther] = useState('');
  const [problem, setProblem] = useState('');
  const usual: readonly number[] = REMINDER_CHOICES.map((r) => r.minutes);
  const choices = [
    ...REMINDER_CHOICES,
    ...value.filter((m) => !usual.includes(m)).map((minutes) => ({ minutes, label: formatOffset(minutes) })),
  ].sort((a, b) => b.minutes - a.minutes);
  const add = () => {
    const minutes = Number(other);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MINUTES_MAX) {
      setProblem(`Give a whole number of minutes, from 1 to ${MINUTES_MAX} (30 days).`);
    } else if (!value.includes(minutes) && value.length >= REMINDERS_MAX) {
      setProblem(`At most ${REMINDERS_MAX} reminders: untick one first.`);
    } else {
      setProblem('');
      setOther('');
      onChange(sorted([...value, minutes]));
    }
  };
  const message = problem || error;
  return (
    <fieldset aria-describedby={message ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-800">Remind me before</legend>
      <div className="mt-1 flex flex-wrap gap-3">
        {choices.map((r) => (
          <label key={r.minutes} className="flex items-center gap-1 text-sm">
            <input
              type="checkbox"
              checked={value.includes(r.minutes)}
              onChange={(e) => onChange(e.target.checked ? sorted([...value, r.minutes]) : value.filter((m) => m !== r.minutes))}
            />
            {r.label}
          </label>
        ))}
      </div>
      {withOther && (
        <div className="mt-2 flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor={`${id}-other`} className="block text-sm text-slate-800">
              Another reminder (minutes before)
            </label>
            <input
              id={`${id}-other`}
              type="number"
              inputMode="numeric"
              min={1}
              max={MINUTES_MAX}
              value={other}
              onChange={(e) => setOther(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault(); // not the form's submit
                  add();
                }
              }}
              aria-invalid={!!problem}
              className="mt-1 block w-32 rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-blue-600"
            />
          </div>
          <button type="button" className={secondaryButtonClass} onClick={add}>
            Add reminder
          </button>
        </div>
      )}
      {message && (
        <p id={`${id}-error`} className="mt-1 text-sm text-rose-700">
          {message}
        </p>
      )}
    </fieldset>
  );
}
