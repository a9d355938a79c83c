'use client';

import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Field, dangerButtonClass } from '@/components/Field';
import { Failed, FormAlert, Loading } from '@/components/States';
import {
  MyProfileDocument,
  UpdateProfileDocument,
  WebDeleteAccountDocument,
  WebNotificationPreferencesDocument,
  WebSetNotificationPreferenceDocument,
  type NotificationKind,
} from '@/gql/graphql';
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
      <EmailPreferences />
      <DeleteAccount />
    </div>
  );
}

const KIND_LABEL: Record<NotificationKind, string> = {
  INTERVIEW_REMINDER: 'E-mail me interview reminders',
  CONTACT_REGISTERED: 'E-mail me when one of my contacts joins Job Tracker',
};

/** E-mail opt-outs per kind; the inbox (and the live toast) always has them. */
function EmailPreferences() {
  const [{ data, error }] = useQuery({ query: WebNotificationPreferencesDocument });
  const [set, update] = useMutation(WebSetNotificationPreferenceDocument);
  // The box shows the choice at once; the answer (or a refusal) settles it.
  const [choice, setChoice] = useState<Partial<Record<NotificationKind, boolean>>>({});
  const choose = async (kind: NotificationKind, email: boolean) => {
    setChoice((c) => ({ ...c, [kind]: email }));
    const answer = await update({ kind, email });
    if (!answer.data) setChoice((c) => ({ ...c, [kind]: undefined })); // refused: as the server has it
  };
  return (
    <section aria-labelledby="email" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="email" className="mb-2 font-semibold">
        E-mail notifications
      </h2>
      <p className="mb-3 text-sm text-slate-700">Every notification is in your inbox. Choose which also come by e-mail.</p>
      <FormAlert messages={[set.error, error].filter((e) => e !== undefined).map(describe)} />
      {data?.notificationPreferences.map((p) => (
        <label key={p.kind} className="flex items-center gap-2 py-1">
          <input type="checkbox" checked={choice[p.kind] ?? p.email} onChange={(e) => choose(p.kind, e.target.checked)} />
          {KIND_LABEL[p.kind] ?? `E-mail me ${p.kind}`}
        </label>
      ))}
    </section>
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
