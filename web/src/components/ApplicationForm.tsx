'use client';

import { useEffect, useRef, useState } from 'react';
import type { ApplicationStatus } from '@/gql/graphql';
import { NO_ERRORS, type FormErrors } from '@/lib/errors';
import { draftValues, type DraftField, type PostingDraft } from '@/lib/postings';
import { STATUSES, STATUS_LABEL } from '@/lib/statuses';
import { Field, Select, buttonClass } from './Field';
import { PostingImport } from './PostingImport';
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

const LABELS: Record<DraftField, string> = {
  company: 'Company',
  position: 'Position',
  location: 'Location',
  salaryMin: 'Salary from',
  salaryMax: 'Salary to',
  salaryCurrency: 'Currency',
  jobDescription: 'Job description',
  jobUrl: 'Job posting link',
};

type Imported = { filled: DraftField[]; missing: DraftField[] };

export function ApplicationForm({
  initial = EMPTY_APPLICATION,
  withStatus,
  withImport = false,
  submitLabel,
  errors = NO_ERRORS,
  busy = false,
  onSubmit,
}: {
  initial?: ApplicationValues;
  withStatus: boolean;
  /** Offer to fill the form from a job posting (importPosting). */
  withImport?: boolean;
  submitLabel: string;
  errors?: FormErrors;
  busy?: boolean;
  onSubmit: (values: ApplicationValues) => void;
}) {
  const [values, setValues] = useState(initial);
  // The fields the last imported posting filled (until edited), and those it did not have.
  const [imported, setImported] = useState<Imported | null>(null);
  const [imports, setImports] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  // After an import, focus goes to what it says (filled, missing), to be read out first.
  useEffect(() => {
    if (imports) summary.current?.focus();
  }, [imports]);
  const fromPosting = (name: keyof ApplicationValues) => imported?.filled.includes(name as DraftField) ?? false;
  const bind = (name: keyof ApplicationValues, hint?: string) => ({
    name,
    value: values[name],
    error: errors.fields[name],
    hint: fromPosting(name) ? <FilledHint>{hint}</FilledHint> : hint,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
      if (fromPosting(name)) setImported((i) => i && { ...i, filled: i.filled.filter((f) => f !== name) });
    },
  });
  const fill = (draft: PostingDraft) => {
    const { values: found, filled, missing } = draftValues(draft);
    setValues((v) => ({ ...v, ...found }));
    setImported({ filled, missing });
    setImports((n) => n + 1);
  };
  return (
    <div className="space-y-4">
      {withImport && <PostingImport onDraft={fill} />}
      {imported && (
        <div
          ref={summary}
          tabIndex={-1}
          role="status"
          data-testid="import-summary"
          className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600"
        >
          <p>
            {imported.filled.length
              ? `Filled from the posting: ${imported.filled.map((f) => LABELS[f]).join(', ')}.`
              : 'The posting had nothing the form could use.'}
          </p>
          {imported.missing.length > 0 && (
            <p>Not found in the posting: {imported.missing.map((f) => LABELS[f]).join(', ')}. Fill them in if you know them.</p>
          )}
          <p>Check the form, correct what needs it, then add the application.</p>
        </div>
      )}
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
          <Field label="Currency" maxLength={3} {...bind('salaryCurrency', 'Three letters, e.g. EUR')} />
          <Field label="Applied on" type="date" {...bind('appliedAt')} />
          <Field label="Job posting link" type="url" className="sm:col-span-2" {...bind('jobUrl')} />
          <Field label="Job description" multiline className="sm:col-span-2" {...bind('jobDescription')} />
          <Field label="Notes" multiline className="sm:col-span-2" {...bind('notes')} />
        </div>
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </form>
    </div>
  );
}

function FilledHint({ children }: { children?: string }) {
  return (
    <>
      <span className="font-medium text-emerald-800">✓ Filled from the posting</span>
      {children ? ` · ${children}` : ''}
    </>
  );
}
