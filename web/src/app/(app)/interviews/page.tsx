'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useQuery } from 'urql';
import { Field, Select } from '@/components/Field';
import { Empty, Failed, Loading } from '@/components/States';
import { InterviewsDocument, type InterviewType } from '@/gql/graphql';
import { formatLocal, formatOffset } from '@/lib/time';

// A constant: urql takes a new context object as a new request.
const CONTEXT = { additionalTypenames: ['Interview'] };

export default function InterviewsPage() {
  const [from, setFrom] = useState(() => new Date().toISOString().slice(0, 10));
  const [to, setTo] = useState('');
  const [type, setType] = useState<InterviewType | ''>('');
  const filter = {
    from: from ? `${from}T00:00:00Z` : null,
    to: to ? `${to}T23:59:59Z` : null,
    type: type || null,
  };
  const [{ data, error, fetching }] = useQuery({ query: InterviewsDocument, variables: { filter }, context: CONTEXT });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Interviews</h1>
      <p className="text-sm text-slate-700">Schedule an interview from its application&apos;s page.</p>
      <div className="flex flex-wrap items-end gap-3">
        <Field label="From" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <Field label="To" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
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
      </div>
      {!data ? (
        fetching || !error ? <Loading what="interviews" /> : <Failed error={error} what="interviews" />
      ) : data.interviews.totalCount === 0 ? (
        <Empty>No interviews in this range.</Empty>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {data.interviews.edges.map(({ node: i }) => (
            <li key={i.id} className="flex flex-wrap items-start justify-between gap-2 p-3">
              <span>
                <Link href={`/applications/${i.application.id}`} className="font-medium text-blue-800 hover:underline">
                  {i.application.company} — {i.application.position}
                </Link>
                <span className="block text-sm text-slate-700">
                  {formatLocal(i.localStartsAt, i.timeZone)} · {i.type.toLowerCase()} · {i.durationMinutes} min
                </span>
                {(i.location || i.meetingUrl) && <span className="block text-sm text-slate-700">{i.location ?? i.meetingUrl}</span>}
              </span>
              <span className="text-xs text-slate-600">
                Reminders {i.reminderOffsetsMinutes.map(formatOffset).join(', ') || 'none'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
