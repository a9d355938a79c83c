'use client';

import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { APPLICATION_FIELDS, ApplicationForm, toInput, type ApplicationValues } from '@/components/ApplicationForm';
import { Select, dangerButtonClass, secondaryButtonClass } from '@/components/Field';
import { InterviewTimes } from '@/components/InterviewTimes';
import { ScheduleInterviewForm } from '@/components/ScheduleInterviewForm';
import { Empty, Failed, FormAlert, Loading } from '@/components/States';
import { StatusBadge } from '@/components/StatusBadge';
import {
  ApplicationDetailDocument,
  CancelInterviewDocument,
  ChangeStatusDocument,
  DeleteApplicationDocument,
  UpdateApplicationDocument,
  type ApplicationDetailQuery,
  type ApplicationStatus,
} from '@/gql/graphql';
import { describe, formErrors } from '@/lib/errors';
import { STATUSES, STATUS_LABEL } from '@/lib/statuses';
import { formatDate, formatDateTime, formatLocal, formatOffset } from '@/lib/time';

type Application = NonNullable<ApplicationDetailQuery['application']>;
const CONTEXT = { additionalTypenames: ['Application', 'Interview'] };

export default function ApplicationPage() {
  const { id } = useParams<{ id: string }>();
  const [{ data, error, fetching }] = useQuery({ query: ApplicationDetailDocument, variables: { id }, context: CONTEXT });
  if (!data) return fetching || !error ? <Loading what="the application" /> : <Failed error={error} what="the application" />;
  if (!data.application) return <Empty>This application does not exist, or is not yours.</Empty>;
  return <Detail application={data.application} />;
}

function Detail({ application: a }: { application: Application }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [updated, update] = useMutation(UpdateApplicationDocument);
  const [moved, move] = useMutation(ChangeStatusDocument);
  const [deleted, remove] = useMutation(DeleteApplicationDocument);
  const [cancelled, cancel] = useMutation(CancelInterviewDocument);
  const problems = [moved.error, deleted.error, cancelled.error].filter((e) => e !== undefined).map(describe);

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/applications" className="text-blue-700 underline">
          ← Applications
        </Link>
      </p>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{a.company}</h1>
          <p className="text-slate-700">
            {a.position}
            {a.location ? ` · ${a.location}` : ''}
          </p>
        </div>
        <div className="flex flex-wrap items-end gap-2">
          <Select
            label="Status"
            value={a.status}
            onChange={(status) => move({ id: a.id, status: status as ApplicationStatus }, CONTEXT)}
            options={STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
          />
          <button type="button" className={secondaryButtonClass} onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
            {editing ? 'Close editor' : 'Edit'}
          </button>
          <button
            type="button"
            className={dangerButtonClass}
            disabled={deleted.fetching}
            onClick={async () => {
              if (!window.confirm(`Delete the application to ${a.company}?`)) return;
              const result = await remove({ id: a.id }, CONTEXT);
              if (!result.error) router.push('/applications');
            }}
          >
            Delete
          </button>
        </div>
      </div>
      <FormAlert messages={problems} />

      {editing ? (
        <section aria-label="Edit application" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          <ApplicationForm
            initial={valuesOf(a)}
            withStatus={false}
            submitLabel="Save changes"
            busy={updated.fetching}
            errors={formErrors(updated.error, APPLICATION_FIELDS)}
            onSubmit={async (values) => {
              const result = await update({ id: a.id, input: toInput(values) }, CONTEXT);
              if (result.data) setEditing(false);
            }}
          />
        </section>
      ) : (
        <dl className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3">
          <Item term="Status">
            <StatusBadge status={a.status} />
          </Item>
          <Item term="Applied">{formatDate(a.appliedAt)}</Item>
          <Item term="Salary">
            {a.salaryMin != null || a.salaryMax != null
              ? `${a.salaryMin ?? '…'}–${a.salaryMax ?? '…'} ${a.salaryCurrency ?? ''}`
              : '—'}
          </Item>
          <Item term="Job posting">
            {a.jobUrl ? (
              <a href={a.jobUrl} className="break-all text-blue-700 underline" rel="noopener noreferrer" target="_blank">
                {a.jobUrl}
              </a>
            ) : (
              '—'
            )}
          </Item>
          <Item term="Added">{formatDateTime(a.createdAt)}</Item>
          <Item term="Updated">{formatDateTime(a.updatedAt)}</Item>
          {a.jobDescription && (
            <Item term="Job description" wide>
              <p className="whitespace-pre-line">{a.jobDescription}</p>
            </Item>
          )}
          {a.notes && (
            <Item term="Notes" wide>
              <p className="whitespace-pre-line">{a.notes}</p>
            </Item>
          )}
        </dl>
      )}

      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="interviews" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="interviews" className="mb-3 font-semibold">
            Interviews
          </h2>
          {a.interviews === null || a.interviews === undefined ? (
            <p className="text-sm text-slate-600">Interviews for a new application can be scheduled in a moment.</p>
          ) : a.interviews.length === 0 ? (
            <p className="text-sm text-slate-600">None scheduled yet.</p>
          ) : (
            <ul className="mb-4 divide-y divide-slate-100">
              {a.interviews.map((i) => (
                <li key={i.id} className="flex items-start justify-between gap-2 py-2">
                  <span className="min-w-0">
                    <InterviewTimes startsAt={i.startsAt} localStartsAt={i.localStartsAt} timeZone={i.timeZone} />
                    <span className="block text-sm text-slate-700">
                      {i.type.toLowerCase()}, {i.durationMinutes} min
                      {i.status === 'CANCELLED' ? ' · cancelled' : ''}
                    </span>
                    <span className="block text-xs text-slate-600">
                      Reminders: {i.reminderOffsetsMinutes.map(formatOffset).join(', ') || 'none'} before
                    </span>
                  </span>
                  <span className="flex flex-wrap justify-end gap-2">
                    <Link
                      href={`/interviews/${i.id}`}
                      className={secondaryButtonClass}
                      aria-label={`${i.status === 'CANCELLED' ? 'Details of' : 'Edit'} the interview of ${formatLocal(i.localStartsAt, i.timeZone)}`}
                    >
                      {i.status === 'CANCELLED' ? 'Details' : 'Edit'}
                    </Link>
                    {i.status !== 'CANCELLED' && (
                      <button type="button" className={secondaryButtonClass} onClick={() => cancel({ id: i.id }, CONTEXT)}>
                        Cancel
                      </button>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h3 className="mb-2 mt-4 text-sm font-semibold">Schedule an interview</h3>
          <ScheduleInterviewForm applicationId={a.id} />
        </section>
        <section aria-labelledby="history" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="history" className="mb-3 font-semibold">
            Status history
          </h2>
          <ol className="space-y-2">
            {[...a.statusHistory].reverse().map((h) => (
              <li key={`${h.changedAt}-${h.toStatus}`} className="flex items-center justify-between gap-2 text-sm">
                <span>
                  {h.fromStatus ? `${STATUS_LABEL[h.fromStatus]} → ` : 'Added as '}
                  <StatusBadge status={h.toStatus} />
                </span>
                <span className="text-slate-600">{formatDateTime(h.changedAt)}</span>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </div>
  );
}

function Item({ term, children, wide }: { term: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'sm:col-span-3' : ''}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{term}</dt>
      <dd className="mt-1 text-slate-900">{children}</dd>
    </div>
  );
}

function valuesOf(a: Application): ApplicationValues {
  return {
    company: a.company,
    position: a.position,
    location: a.location ?? '',
    status: a.status,
    salaryMin: a.salaryMin?.toString() ?? '',
    salaryMax: a.salaryMax?.toString() ?? '',
    salaryCurrency: a.salaryCurrency ?? '',
    jobUrl: a.jobUrl ?? '',
    appliedAt: a.appliedAt?.slice(0, 10) ?? '',
    jobDescription: a.jobDescription ?? '',
    notes: a.notes ?? '',
  };
}
