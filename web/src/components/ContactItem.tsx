'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { WebDeleteContactDocument, WebUpdateContactDocument, type WebContactsQuery } from '@/gql/graphql';
import { describe, formErrors } from '@/lib/errors';
import { Field, buttonClass, dangerButtonClass, secondaryButtonClass } from './Field';
import { FormAlert } from './States';

export type Contact = WebContactsQuery['contacts']['edges'][number]['node'];

// A constant: urql takes a new context object as a new request. A mutation naming Contact
// refetches the lists on screen that hold one (deleteContact answers an id only: named here).
const CONTEXT = { additionalTypenames: ['Contact'] };
const FIELDS = ['name', 'position', 'company', 'emails', 'phones', 'notes'];

type Values = { name: string; position: string; company: string; emails: string; phones: string; notes: string };

const valuesOf = (c: Contact): Values => ({
  name: c.name,
  position: c.position ?? '',
  company: c.company ?? '',
  emails: c.emails.join('\n'),
  phones: c.phones.join('\n'),
  notes: c.notes ?? '',
});

const lines = (text: string) =>
  text
    .split(/[\n,;]/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The form as updateContact takes it: empty text clears a field, lists one entry a line. */
export function contactInput(values: Values) {
  const text = (v: string) => (v.trim() === '' ? null : v.trim());
  return {
    name: values.name.trim(),
    position: text(values.position),
    company: text(values.company),
    emails: lines(values.emails),
    phones: lines(values.phones),
    notes: text(values.notes),
  };
}

/** `emails[1]: value is not …` as the form shows it: the line at fault, in words. */
export function listMessage(message: string): string {
  return message
    .replace(/^(emails|phones)\[(\d+)\]: /, (_, _list: string, n: string) => `Line ${Number(n) + 1}: `)
    .replace(/String should match pattern .*$/, 'a phone number is 3 to 40 digits, spaces and + ( ) . / -');
}

/** One contact of the list: what is known of them, a link to their public profile when they
 * are a registered user, and editing and deleting (with a confirmation step) in place. */
export function ContactItem({ contact: c, onDeleted }: { contact: Contact; onDeleted: (name: string) => void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  const [saved, setSaved] = useState(false);
  const [deleted, remove] = useMutation(WebDeleteContactDocument);
  const editButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const back = (to: 'edit' | 'delete') => {
    setMode('view');
    setTimeout(() => (to === 'edit' ? editButton : deleteButton).current?.focus(), 0);
  };
  useEffect(() => {
    if (mode === 'confirm') keep.current?.focus();
  }, [mode]);

  return (
    <li className="p-3" data-testid="contact">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">{c.name}</p>
          <p className="text-sm text-slate-700">{[c.position, c.company].filter(Boolean).join(' at ') || '—'}</p>
          {c.emails.length > 0 && <p className="break-all text-sm text-slate-700">{c.emails.join(', ')}</p>}
          {c.phones.length > 0 && <p className="text-sm text-slate-700">{c.phones.join(', ')}</p>}
          {c.notes && <p className="whitespace-pre-line text-sm text-slate-600">{c.notes}</p>}
          {c.linkedUser && (
            <Link href={`/people/${c.linkedUser.id}`} className="text-sm text-blue-700 underline">
              {c.linkedUser.fullName}&apos;s public profile
            </Link>
          )}
          {saved && mode === 'view' && (
            <p role="status" className="text-sm text-green-800">
              Saved.
            </p>
          )}
        </div>
        {mode !== 'confirm' && (
          <div className="flex gap-2">
            <button
              ref={editButton}
              type="button"
              className={secondaryButtonClass}
              aria-expanded={mode === 'edit'}
              aria-label={`${mode === 'edit' ? 'Close' : 'Edit'} ${c.name}`}
              onClick={() => {
                setSaved(false);
                setMode(mode === 'edit' ? 'view' : 'edit');
              }}
            >
              {mode === 'edit' ? 'Close' : 'Edit'}
            </button>
            <button
              ref={deleteButton}
              type="button"
              className={secondaryButtonClass}
              aria-label={`Delete ${c.name}`}
              onClick={() => setMode('confirm')}
            >
              Delete
            </button>
          </div>
        )}
      </div>
      {mode === 'confirm' && (
        <div
          role="group"
          aria-label={`Delete ${c.name}?`}
          className="mt-2 rounded-md border border-rose-300 bg-rose-50 p-3"
          onKeyDown={(e) => {
            if (e.key === 'Escape') back('delete');
          }}
        >
          <p className="text-sm text-rose-950">Delete {c.name}? This cannot be undone.</p>
          {deleted.error && <FormAlert messages={[describe(deleted.error)]} />}
          <div className="mt-2 flex flex-wrap gap-2">
            <button
              type="button"
              className={dangerButtonClass}
              disabled={deleted.fetching}
              onClick={async () => {
                const result = await remove({ id: c.id }, CONTEXT);
                if (!result.error) onDeleted(c.name);
              }}
            >
              {deleted.fetching ? 'Deleting…' : 'Yes, delete'}
            </button>
            <button ref={keep} type="button" className={secondaryButtonClass} onClick={() => back('delete')}>
              Keep
            </button>
          </div>
        </div>
      )}
      {mode === 'edit' && (
        <ContactEditForm
          contact={c}
          onDone={(changed) => {
            setSaved(changed);
            back('edit');
          }}
        />
      )}
    </li>
  );
}

export function ContactEditForm({ contact, onDone }: { contact: Contact; onDone: (saved: boolean) => void }) {
  const [state, update] = useMutation(WebUpdateContactDocument);
  const [values, setValues] = useState(() => valuesOf(contact));
  const errors = formErrors(state.error, FIELDS);
  const bind = (name: keyof Values) => ({
    name,
    value: values[name],
    error: errors.fields[name] && listMessage(errors.fields[name]),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value })),
  });
  return (
    <form
      noValidate
      aria-label={`Edit ${contact.name}`}
      className="mt-3 space-y-3 border-t border-slate-100 pt-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const result = await update({ id: contact.id, input: contactInput(values) }, CONTEXT);
        if (result.data) onDone(true);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone(false);
      }}
    >
      <FormAlert messages={errors.form} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Name" required autoFocus {...bind('name')} />
        <Field label="Company" {...bind('company')} />
        <Field label="Position" {...bind('position')} />
        <Field label="E-mails" multiline hint="One per line" {...bind('emails')} />
        <Field label="Phones" multiline hint="One per line" {...bind('phones')} />
        <Field label="Notes" multiline className="sm:col-span-2" {...bind('notes')} />
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClass} disabled={state.fetching}>
          {state.fetching ? 'Saving…' : 'Save contact'}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
