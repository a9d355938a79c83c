'use client';

import { useParams } from 'next/navigation';
import { useMutation, useQuery } from 'urql';
import { secondaryButtonClass } from '@/components/Field';
import { Empty, Failed, FormAlert, Loading } from '@/components/States';
import { AddInterestDocument, InterestsDocument, PublicProfileDocument, RemoveInterestDocument } from '@/gql/graphql';
import { describe } from '@/lib/errors';

// Constants: urql takes a new context object as a new request.
const USERS = { additionalTypenames: ['User'] };

export default function PersonPage() {
  const { id } = useParams<{ id: string }>();
  const [{ data, error, fetching }] = useQuery({ query: PublicProfileDocument, variables: { id } });
  const [interests] = useQuery({ query: InterestsDocument, context: USERS });
  const [added, add] = useMutation(AddInterestDocument);
  const [removed, remove] = useMutation(RemoveInterestDocument);
  if (!data) return fetching || !error ? <Loading what="the profile" /> : <Failed error={error} what="the profile" />;
  const user = data.user;
  if (!user) return <Empty>No such person.</Empty>;
  const me = interests.data?.me;
  const interested = me?.interestedIn?.edges.some((e) => e.node.id === user.id) ?? false;
  const problems = [added.error, removed.error].filter((e) => e !== undefined).map(describe);
  return (
    <article className="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h1 className="text-2xl font-semibold">{user.fullName}</h1>
        {me && me.id !== user.id && (
          <button
            type="button"
            className={secondaryButtonClass}
            aria-pressed={interested}
            disabled={added.fetching || removed.fetching}
            onClick={() => (interested ? remove({ userId: user.id }, USERS) : add({ userId: user.id }, USERS))}
          >
            {interested ? 'Interested ✓' : "I'm interested"}
          </button>
        )}
      </div>
      <FormAlert messages={problems} />
      {user.headline && <p className="text-lg text-slate-800">{user.headline}</p>}
      <dl className="grid gap-3 sm:grid-cols-2">
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Location</dt>
          <dd>{user.location ?? '—'}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Contact</dt>
          <dd>{[user.email, user.phone].filter(Boolean).join(' · ') || 'Not public'}</dd>
        </div>
      </dl>
      {user.resume && (
        <p>
          <a href={user.resume.downloadUrl} rel="noopener" className="text-blue-700 underline">
            Resume: {user.resume.fileName}
          </a>
        </p>
      )}
      {user.skills.length > 0 && (
        <ul aria-label="Skills" className="flex flex-wrap gap-2">
          {user.skills.map((s) => (
            <li key={s} className="rounded-full bg-slate-100 px-3 py-1 text-sm text-slate-800">
              {s}
            </li>
          ))}
        </ul>
      )}
      {user.socialLinks.length > 0 && (
        <ul className="space-y-1">
          {user.socialLinks.map((l) => (
            <li key={l.url}>
              <a href={l.url} rel="noopener noreferrer nofollow" target="_blank" className="text-blue-700 underline">
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
