'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { buttonClass, dangerButtonClass, secondaryButtonClass } from '@/components/Field';
import { InterviewEditForm, type Interview } from '@/components/InterviewEditForm';
import { InterviewTimes } from '@/components/InterviewTimes';
import { Empty, Failed, FormAlert, Loading } from '@/components/States';
import { CancelInterviewDocument, WebInterviewDocument } from '@/gql/graphql';
import { describe } from '@/lib/errors';
import { formatOffset } from '@/lib/time';

// A constant: urql takes a new context object as a new request.
const CONTEXT = { additionalTypenames: ['Interview'] };
const TYPE_LABEL = { ONLINE: 'Online', PHONE: 'Phone', ONSITE: 'On site' } as const;

export default function InterviewPage() {
  const { id } = useParams<{ id: string }>();
  const [{ data, error, fetching }] = useQuery({ query: WebInterviewDocument, variables: { id }, context: CONTEXT });
  const back = (
    <p className="text-sm">
      <Link href="/interviews" className="text-blue-700 underline">
        ← Interviews
      </Link>
    </p>
  );
  if (!data)
    return (
      <div className="space-y-4">
        {back}
        {fetching || !error ? <Loading what="the interview" /> : <Failed error={error} what="the interview" />}
      </div>
    );
  return (
    <div className="max-w-3xl space-y-4">
      {back}
      {data.interview ? <Detail interview={data.interview} /> : <Empty>This interview does not exist, or is not yours.</Empty>}
    </div>
  );
}

function Detail({ interview: i }: { interview: Interview }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  const [notice, setNotice] = useState('');
  const [cancelled, cancel] = useMutation(CancelInterviewDocument);
  const keep = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (mode === 'confirm') keep.current?.focus();
  }, [mode]);
  const scheduled = i.status === 'SCHEDULED';
  const keepIt = () => {
    setMode('view');
    setTimeout(() => cancelButton.current?.focus(), 0);
  };

  return (
    <article aria-labelledby="interview-title" className="space-y-4">
      <div>
        <h1 id="interview-title" ref={heading} tabIndex={-1} className="text-2xl font-semibold focus:outline-none">
          Interview with {i.application.company}
        </h1>
        <p className="text-slate-700">
          {i.application.position} ·{' '}
          <Link href={`/applications/${i.application.id}`} className="text-blue-700 underline">
            the application
          </Link>
        </p>
      </div>
      <p role="status" className="text-sm text-green-800">
        {notice}
      </p>
      {!scheduled && (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          This interview was cancelled: it stays here, marked so, and its reminders are not sent. It can no longer be changed.
        </p>
      )}

      {mode === 'edit' ? (
        <section aria-label="Edit or reschedule" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          <InterviewEditForm
            interview={i}
            onDone={(message) => {
              setMode('view');
              if (message) setNotice(message);
              setTimeout(() => editButton.current?.focus(), 0);
            }}
          />
        </section>
      ) : (
        <dl className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
          <Item term="When" wide>
            <InterviewTimes startsAt={i.startsAt} localStartsAt={i.localStartsAt} timeZone={i.timeZone} />
          </Item>
          <Item term="Status">{scheduled ? 'Scheduled' : 'Cancelled'}</Item>
          <Item term="Type and length">
            {TYPE_LABEL[i.type]}, {i.durationMinutes} min
          </Item>
          <Item term="Location">{i.location ?? '—'}</Item>
          <Item term="Meeting link">
            {i.meetingUrl ? (
              <a href={i.meetingUrl} className="break-all text-blue-700 underline" rel="noopener noreferrer" target="_blank">
                {i.meetingUrl}
              </a>
            ) : (
              '—'
            )}
          </Item>
          <Item term="Reminders" wide>
            {i.reminderOffsetsMinutes.length ? `${i.reminderOffsetsMinutes.map(formatOffset).join(', ')} before` : 'None'}
          </Item>
          {i.details && (
            <Item term="Details" wide>
              <p className="whitespace-pre-line">{i.details}</p>
            </Item>
          )}
        </dl>
      )}

      {scheduled && mode === 'view' && (
        <div className="flex flex-wrap gap-2">
          <button
            ref={editButton}
            type="button"
            className={buttonClass}
            onClick={() => {
              setNotice('');
              setMode('edit');
            }}
          >
            Edit or reschedule
          </button>
          <button ref={cancelButton} type="button" className={secondaryButtonClass} onClick={() => setMode('confirm')}>
            Cancel interview
          </button>
        </div>
      )}
      {scheduled && mode === 'confirm' && (
        <div
          role="group"
          aria-label="Cancel this interview?"
          className="rounded-md border border-rose-300 bg-rose-50 p-3"
          onKeyDown={(e) => {
            if (e.key === 'Escape') keepIt();
          }}
        >
          <p className="text-sm text-rose-950">
            Cancel this interview? It stays here, marked cancelled, and its reminders are not sent. It cannot be undone.
          </p>
          {cancelled.error && <FormAlert messages={[describe(cancelled.error)]} />}
          <div className="mt-2 flex flex-wrap gap-2">
            <button
              type="button"
              className={dangerButtonClass}
              disabled={cancelled.fetching}
              onClick={async () => {
                const result = await cancel({ id: i.id }, CONTEXT);
                if (!result.error) {
                  setMode('view');
                  setNotice('Interview cancelled.');
                  heading.current?.focus();
                }
              }}
            >
              {cancelled.fetching ? 'Cancelling…' : 'Yes, cancel it'}
            </button>
            <button ref={keep} type="button" className={secondaryButtonClass} onClick={keepIt}>
              Keep it
            </button>
          </div>
        </div>
      )}
    </article>
  );
}

function Item({ term, children, wide }: { term: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'sm:col-span-2' : ''}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{term}</dt>
      <dd className="mt-1 text-slate-900">{children}</dd>
    </div>
  );
}
