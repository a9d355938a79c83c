'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ContactItem } from '@/components/ContactItem';
import { Field, buttonClass } from '@/components/Field';
import { Empty, Failed, FormAlert, Loading } from '@/components/States';
import { WebContactsDocument, WebCreateContactDocument } from '@/gql/graphql';
import { formErrors } from '@/lib/errors';

const CONTEXT = { additionalTypenames: ['Contact'] };

export default function ContactsPage() {
  return (
    <Suspense fallback={<Loading what="contacts" />}>
      <Contacts />
    </Suspense>
  );
}

function Contacts() {
  // `?q=` starts the search (the header's search links a contact here by name).
  const [query, setQuery] = useState(useSearchParams().get('q') ?? '');
  const [{ data, error, fetching }] = useQuery({ query: WebContactsDocument, variables: { query: query.trim() || null }, context: CONTEXT });
  // What the last delete did, said in a live region that focus moves to (the row is gone).
  const [notice, setNotice] = useState('');
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const [gone, setGone] = useState<string[]>([]); // deleted, hidden until the list is refetched
  const shown = data?.contacts.edges.filter(({ node }) => !gone.includes(node.id)) ?? [];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Contacts</h1>
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="space-y-3">
          <div role="search">
            <Field label="Search by name, company or position" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
          <p ref={noticeRef} role="status" tabIndex={-1} className="text-sm text-green-800 focus:outline-none">
            {notice}
          </p>
          {!data ? (
            fetching || !error ? <Loading what="contacts" /> : <Failed error={error} what="contacts" />
          ) : shown.length === 0 ? (
            <Empty>{query ? 'No contact matches.' : 'No contacts yet: add the people you meet on the way.'}</Empty>
          ) : (
            <ul aria-label="Your contacts" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
              {shown.map(({ node: c }) => (
                <ContactItem
                  key={c.id}
                  contact={c}
                  onDeleted={(name) => {
                    setGone((ids) => [...ids, c.id]);
                    setNotice(`${name} deleted.`);
                    noticeRef.current?.focus();
                  }}
                />
              ))}
            </ul>
          )}
        </div>
        <NewContact />
      </div>
    </div>
  );
}

function NewContact() {
  const [state, create] = useMutation(WebCreateContactDocument);
  const [values, setValues] = useState({ name: '', company: '', position: '', email: '' });
  const errors = formErrors(state.error, ['name', 'company', 'position', 'emails']);
  const bind = (name: keyof typeof values) => ({
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value })),
  });
  return (
    <section aria-labelledby="new-contact" className="h-fit rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="new-contact" className="mb-3 font-semibold">
        Add a contact
      </h2>
      <form
        noValidate
        className="space-y-3"
        onSubmit={async (e) => {
          e.preventDefault();
          const result = await create(
            {
              input: {
                name: values.name,
                company: values.company.trim() || null,
                position: values.position.trim() || null,
                emails: values.email.trim() ? [values.email.trim()] : [],
              },
            },
            CONTEXT,
          );
          if (result.data) setValues({ name: '', company: '', position: '', email: '' });
        }}
      >
        <FormAlert messages={errors.form} />
        <Field label="Name" required error={errors.fields.name} {...bind('name')} />
        <Field label="Company" error={errors.fields.company} {...bind('company')} />
        <Field label="Position" error={errors.fields.position} {...bind('position')} />
        <Field label="E-mail" type="email" error={errors.fields.emails} {...bind('email')} />
        <button type="submit" className={buttonClass} disabled={state.fetching}>
          Add contact
        </button>
      </form>
    </section>
  );
}
