'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useQuery } from 'urql';
import { Field, Select } from '@/components/Field';
import { InterviewTimes } from '@/components/InterviewTimes';
import { Empty, Failed, Loading } from '@/components/States';
import { InterviewsDocument, type InterviewType } from '@/gql/graphql';
import { formatDate, formatOffset, localDay, week } from '@/lib/time';
import { secondaryButtonClass } from '@/components/Field';

// A constant: urql takes a new context object as a new request.
const CONTEXT = { additionalTypenames: ['Interview'] };

export default function InterviewsPage() {
  const [from, setFrom] = useState(() => localDay(new Date()));
  const [to, setTo] = useState('');
  const [type, setType] = useState<InterviewType | ''>('');
  const [view, setView] = useState<'list' | 'week'>('list');
  const [withCancelled, setWithCancelled] = useState(false);
  // Days are the browser's: from its midnight, to the end of the day (the week: seven days on).
  const [y, m, d] = (from || localDay(new Date())).split('-').map(Number);
  const end = view === 'week' ? new Date(y, m - 1, d + 7) : to ? new Date(`${to}T00:00:00`) : null;
  if (end && view !== 'week') end.setDate(end.getDate() + 1);
  const filter = {
    from: from ? new Date(y, m - 1, d).toISOString() : null,
    to: end ? end.toISOString() : null,
    type: type || null,
    includeCancelled: withCancelled,
  };
  const [{ data, error, fetching }] = useQuery({ query: InterviewsDocument, variables: { filter }, context: CONTEXT });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Interviews</h1>
      <p className="text-sm text-slate-700">Schedule an interview from its application&apos;s page.</p>
      <div className="flex flex-wrap items-end gap-3">
        <Field label="From" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        {view === 'list' && <Field label="To" type="date" value={to} onChange={(e) => setTo(e.target.value)} />}
        <Select
          label="Type"
          value={type}
          onChange={(v) => setType(v as InterviewType | '')}
          options={[
            { value: '', label: 'All types' },
            { value: 'ONLINE', label: 'Online' },
            { value: 'PHONE', label: 'Phone' },
            { value: 'ONSITE', label: 'On site' },
          ]}
        />
        <label className="flex items-center gap-2 py-2 text-sm">
          <input type="checkbox" checked={withCancelled} onChange={(e) => setWithCancelled(e.target.checked)} />
          Show cancelled
        </label>
        <div role="group" aria-label="View" className="flex">
          {(['list', 'week'] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => setView(v)}
              className={`${secondaryButtonClass} ${v === 'list' ? 'rounded-r-none' : '-ml-px rounded-l-none'} ${view === v ? 'bg-slate-200' : ''}`}
            >
              {v === 'list' ? 'List' : 'Week'}
            </button>
          ))}
        </div>
      </div>
      {!data ? (
        fetching || !error ? <Loading what="interviews" /> : <Failed error={error} what="interviews" />
      ) : view === 'week' ? (
        <ol className="grid gap-2 md:grid-cols-7" aria-label="Week">
          {week(
            data.interviews.edges.map((e) => e.node),
            from || localDay(new Date()),
          ).map(({ day, items }) => (
            <li key={day} className="min-h-24 rounded-lg border border-slate-200 bg-white p-2">
              <h2 className="text-xs font-semibold text-slate-700">{formatDate(new Date(`${day}T12:00:00`).toISOString())}</h2>
              <ul className="mt-1 space-y-1">
                {items.map((i) => (
                  <li key={i.id} className="rounded bg-blue-50 p-1 text-xs">
                    <Link href={`/applications/${i.application.id}`} className="font-medium text-blue-900 hover:underline">
                      {new Date(i.startsAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })} {i.application.company}
                    </Link>
                    <span className="block text-slate-700">
                      {i.type.toLowerCase()}
                      {i.status === 'CANCELLED' ? ', cancelled' : ''}
                    </span>
                  </li>
                ))}
                {items.length === 0 && <li className="text-xs text-slate-600">Free</li>}
              </ul>
            </li>
          ))}
        </ol>
      ) : data.interviews.totalCount === 0 ? (
        <Empty>No interviews in this range.</Empty>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {data.interviews.edges.map(({ node: i }) => (
            <li key={i.id} className="flex flex-wrap items-start justify-between gap-2 p-3">
              <span className="min-w-0">
                <Link href={`/applications/${i.application.id}`} className="font-medium text-blue-800 hover:underline">
                  {i.application.company} — {i.application.position}
                </Link>
                <InterviewTimes startsAt={i.startsAt} localStartsAt={i.localStartsAt} timeZone={i.timeZone} />
                <span className="block text-sm text-slate-700">
                  {i.type.toLowerCase()} · {i.durationMinutes} min{i.status === 'CANCELLED' ? ' · cancelled' : ''}
                </span>
                {(i.location || i.meetingUrl) && <span className="block break-all text-sm text-slate-700">{i.location ?? i.meetingUrl}</span>}
              </span>
              <span className="flex flex-col items-start gap-1 text-xs text-slate-600 sm:items-end">
                <span>Reminders {i.reminderOffsetsMinutes.map(formatOffset).join(', ') || 'none'}</span>
                <Link
                  href={`/interviews/${i.id}`}
                  className="text-sm text-blue-700 underline"
                  aria-label={`${i.status === 'CANCELLED' ? 'Details of' : 'Edit, reschedule or cancel'} the interview with ${i.application.company}`}
                >
                  {i.status === 'CANCELLED' ? 'Details' : 'Edit, reschedule or cancel'}
                </Link>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
