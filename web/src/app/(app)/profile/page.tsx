'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Field, buttonClass } from '@/components/Field';
import { ResumeUpload } from '@/components/ResumeUpload';
import { Failed, FormAlert, Loading } from '@/components/States';
import { InterestsDocument, MyProfileDocument, SearchPeopleDocument, UpdateProfileDocument, type MyProfileQuery } from '@/gql/graphql';

const USERS = { additionalTypenames: ['User'] };
import { formErrors } from '@/lib/errors';

const FIELDS = ['fullName', 'headline', 'location', 'phone', 'skills', 'socialLinks'];

export default function ProfilePage() {
  const [{ data, error, fetching }] = useQuery({ query: MyProfileDocument });
  if (!data) return fetching || !error ? <Loading what="your profile" /> : <Failed error={error} what="your profile" />;
  return (
    <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
      <ProfileForm me={data.me} />
      <div className="space-y-6">
        <ResumeUpload />
        <FindPeople />
        <Interests />
      </div>
    </div>
  );
}

function ProfileForm({ me }: { me: MyProfileQuery['me'] }) {
  const [state, update] = useMutation(UpdateProfileDocument);
  const [saved, setSaved] = useState(false);
  const [values, setValues] = useState({
    fullName: me.fullName,
    headline: me.headline ?? '',
    location: me.location ?? '',
    phone: me.phone ?? '',
    skills: me.skills.join(', '),
    links: me.socialLinks.map((l) => `${l.label} ${l.url}`).join('\n'),
  });
  const errors = formErrors(state.error, FIELDS);
  const bind = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      setSaved(false);
      setValues((v) => ({ ...v, [name]: e.target.value }));
    },
  });
  return (
    <section aria-labelledby="profile" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
      <h1 id="profile" className="mb-1 text-2xl font-semibold">
        Your profile
      </h1>
      <p className="mb-4 text-sm text-slate-700">
        Others see your name, headline, location, skills and links.{' '}
        <Link href={`/people/${me.id}`} className="text-blue-700 underline">
          See it as they do
        </Link>
        . Whether your e-mail and phone show is in{' '}
        <Link href="/settings" className="text-blue-700 underline">
          Settings
        </Link>
        .
      </p>
      <form
        noValidate
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault();
          const result = await update({
            input: {
              fullName: values.fullName,
              headline: values.headline.trim() || null,
              location: values.location.trim() || null,
              phone: values.phone.trim() || null,
              skills: values.skills.split(',').map((s) => s.trim()).filter(Boolean),
              socialLinks: values.links
                .split('\n')
                .map((line) => line.trim())
                .filter(Boolean)
                .map((line) => {
                  const [label, ...rest] = line.split(/\s+/);
                  return rest.length ? { label, url: rest.join(' ') } : { label: 'Link', url: label };
                }),
            },
          });
          setSaved(!!result.data);
        }}
      >
        <FormAlert messages={errors.form} />
        {saved && (
          <p role="status" className="text-sm text-green-800">
            Profile saved.
          </p>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Full name" error={errors.fields.fullName} {...bind('fullName')} />
          <Field label="Headline" error={errors.fields.headline} {...bind('headline')} />
          <Field label="Location" error={errors.fields.location} {...bind('location')} />
          <Field label="Phone" type="tel" error={errors.fields.phone} {...bind('phone')} />
          <Field label="Skills" hint="Separated by commas" className="sm:col-span-2" error={errors.fields.skills} {...bind('skills')} />
          <Field
            label="Links"
            hint="One a line: a label, then the address (GitHub https://github.com/ada)"
            multiline
            className="sm:col-span-2"
            error={errors.fields.socialLinks}
            {...bind('links')}
          />
        </div>
        <button type="submit" className={buttonClass} disabled={state.fetching}>
          Save profile
        </button>
      </form>
    </section>
  );
}

function FindPeople() {
  const [name, setName] = useState('');
  const [{ data }] = useQuery({ query: SearchPeopleDocument, variables: { name: name.trim() }, pause: name.trim().length < 2 });
  return (
    <section aria-labelledby="people" className="h-fit rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="people" className="mb-3 font-semibold">
        Find people
      </h2>
      <div role="search">
        <Field label="Name" type="search" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      {data && (
        <ul className="mt-3 divide-y divide-slate-100">
          {data.searchUsers.edges.length === 0 && <li className="py-2 text-sm text-slate-600">Nobody by that name.</li>}
          {data.searchUsers.edges.map(({ node }) => (
            <li key={node.id} className="py-2">
              <Link href={`/people/${node.id}`} className="font-medium text-blue-800 hover:underline">
                {node.fullName}
              </Link>
              {node.headline && <span className="block text-sm text-slate-700">{node.headline}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Interests() {
  const [{ data }] = useQuery({ query: InterestsDocument, context: USERS });
  const list = data?.me.interestedIn;
  return (
    <section aria-labelledby="interests" className="h-fit rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="interests" className="mb-3 font-semibold">
        People you are interested in
      </h2>
      {!list || list.totalCount === 0 ? (
        <p className="text-sm text-slate-600">Nobody yet: open a profile and choose “I&apos;m interested”.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {list.edges.map(({ node }) => (
            <li key={node.id} className="py-2">
              <Link href={`/people/${node.id}`} className="font-medium text-blue-800 hover:underline">
                {node.fullName}
              </Link>
              {node.headline && <span className="block text-sm text-slate-700">{node.headline}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
