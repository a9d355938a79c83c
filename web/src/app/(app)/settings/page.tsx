'use client';

import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Field, dangerButtonClass } from '@/components/Field';
import { Failed, FormAlert, Loading } from '@/components/States';
import { MyProfileDocument, UpdateProfileDocument, WebDeleteAccountDocument } from '@/gql/graphql';
import { useAuth } from '@/lib/auth';
import { describe, formErrors } from '@/lib/errors';

export default function SettingsPage() {
  const [{ data, error, fetching }] = useQuery({ query: MyProfileDocument });
  const [updated, update] = useMutation(UpdateProfileDocument);
  if (!data) return fetching || !error ? <Loading what="your settings" /> : <Failed error={error} what="your settings" />;
  const visibility = data.me.visibility ?? { emailPublic: false, phonePublic: false };
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <section aria-labelledby="visibility" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="visibility" className="mb-2 font-semibold">
          Profile visibility
        </h2>
        <p className="mb-3 text-sm text-slate-700">Your name, headline, location, skills and links are always public.</p>
        <FormAlert messages={updated.error ? [describe(updated.error)] : []} />
        {(['emailPublic', 'phonePublic'] as const).map((key) => (
          <label key={key} className="flex items-center gap-2 py-1">
            <input
              type="checkbox"
              checked={visibility[key]}
              disabled={updated.fetching}
              onChange={(e) => update({ input: { [key]: e.target.checked } })}
            />
            {key === 'emailPublic' ? `Show my e-mail (${data.me.email ?? ''}) to others` : 'Show my phone number to others'}
          </label>
        ))}
      </section>
      <DeleteAccount />
    </div>
  );
}

function DeleteAccount() {
  const { signOut } = useAuth();
  const [password, setPassword] = useState('');
  const [state, remove] = useMutation(WebDeleteAccountDocument);
  const errors = formErrors(state.error, ['password']);
  return (
    <section aria-labelledby="delete" className="rounded-lg border border-rose-200 bg-white p-4">
      <h2 id="delete" className="mb-2 font-semibold text-rose-900">
        Delete your account
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        Everything goes: applications, interviews, contacts, files and your profile, in every part of the tracker. This cannot be undone.
      </p>
      <form
        noValidate
        className="space-y-3"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!window.confirm('Delete your account and everything in it?')) return;
          const result = await remove({ password });
          if (result.data?.deleteAccount) signOut();
        }}
      >
        <FormAlert messages={errors.form} />
        <Field label="Your password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fields.password} />
        <button type="submit" className={dangerButtonClass} disabled={state.fetching || !password}>
          Delete my account
        </button>
      </form>
    </section>
  );
}
