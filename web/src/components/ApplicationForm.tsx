'use client';

import { useState } from 'react';
import type { ApplicationStatus } from '@/gql/graphql';
import { NO_ERRORS, type FormErrors } from '@/lib/errors';
import { STATUSES, STATUS_LABEL } from '@/lib/statuses';
import { Field, Select, buttonClass } from './Field';
import { FormAlert } from './States';

export const APPLICATION_FIELDS = [
  'company',
  'position',
  'location',
  'status',
  'salaryMin',
  'salaryMax',
  'salaryCurrency',
  'jobUrl',
  'appliedAt',
  'jobDescription',
  'notes',
] as const;

export type ApplicationValues = {
  company: string;
  position: string;
  location: string;
  status: ApplicationStatus;
  salaryMin: string;
  salaryMax: string;
  salaryCurrency: string;
  jobUrl: string;
  appliedAt: string; // YYYY-MM-DD
  jobDescription: string;
  notes: string;
};

export const EMPTY_APPLICATION: ApplicationValues = {
  company: '',
  position: '',
  location: '',
  status: 'SAVED',
  salaryMin: '',
  salaryMax: '',
  salaryCurrency: '',
  jobUrl: '',
  appliedAt: '',
  jobDescription: '',
  notes: '',
};

/** The API's input from the form: empty text is "not given" (null), numbers parsed, dates at noon UTC. */
export function toInput(values: ApplicationValues) {
  const text = (v: string) => (v.trim() === '' ? null : v.trim());
  const number = (v: string) => (v.trim() === '' ? null : Number(v));
  return {
    company: values.company,
    position: values.position,
    location: text(values.location),
    salaryMin: number(values.salaryMin),
    salaryMax: number(values.salaryMax),
    salaryCurrency: text(values.salaryCurrency)?.toUpperCase() ?? null,
    jobUrl: text(values.jobUrl),
    appliedAt: values.appliedAt ? `${values.appliedAt}T12:00:00Z` : null,
    jobDescription: text(values.jobDescription),
    notes: text(values.notes),
  };
}

export function ApplicationForm({
  initial = EMPTY_APPLICATION,
  withStatus,
  submitLabel,
  errors = NO_ERRORS,
  busy = false,
  onSubmit,
}: {
  initial?: ApplicationValues;
  withStatus: boolean;
  submitLabel: string;
  errors?: FormErrors;
  busy?: boolean;
  onSubmit: (values: ApplicationValues) => void;
}) {
  const [values, setValues] = useState(initial);
  const bind = (name: keyof ApplicationValues) => ({
    name,
    value: values[name],
    error: errors.fields[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value })),
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(values);
      }}
      className="space-y-4"
    >
      <FormAlert messages={errors.form} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Company" required autoComplete="organization" {...bind('company')} />
        <Field label="Position" required {...bind('position')} />
        <Field label="Location" {...bind('location')} />
        {withStatus && (
          <Select
            label="Status"
            name="status"
            value={values.status}
            onChange={(status) => setValues((v) => ({ ...v, status: status as ApplicationStatus }))}
            options={STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
          />
        )}
        <Field label="Salary from" type="number" inputMode="numeric" min={0} {...bind('salaryMin')} />
        <Field label="Salary to" type="number" inputMode="numeric" min={0} {...bind('salaryMax')} />
        <Field label="Currency" hint="Three letters, e.g. EUR" maxLength={3} {...bind('salaryCurrency')} />
        <Field label="Applied on" type="date" {...bind('appliedAt')} />
        <Field label="Job posting link" type="url" className="sm:col-span-2" {...bind('jobUrl')} />
        <Field label="Job description" multiline className="sm:col-span-2" {...bind('jobDescription')} />
        <Field label="Notes" multiline className="sm:col-span-2" {...bind('notes')} />
      </div>
      <button type="submit" className={buttonClass} disabled={busy}>
        {busy ? 'Saving…' : submitLabel}
      </button>
    </form>
  );
}
