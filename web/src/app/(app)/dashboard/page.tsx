'use client';

import Link from 'next/link';
import { useQuery } from 'urql';
import { Columns, HBars } from '@/components/Bars';
import { Empty, Failed, Loading } from '@/components/States';
import { StatusBadge } from '@/components/StatusBadge';
import { DashboardDocument, ViewerDocument } from '@/gql/graphql';
import { monthSeries, ordered, percent } from '@/lib/charts';
import { STATUSES, STATUS_LABEL } from '@/lib/statuses';
import { formatDate, formatLocal } from '@/lib/time';

// The name and the unread count: the header's Viewer query (the same document, so urql answers
// both from one request and its cache: `cache-first` sends no second one), refetched when a
// notification arrives or is read.
const NOTIFICATIONS = { additionalTypenames: ['Notification'] };

export default function DashboardPage() {
  const [{ data, error, fetching }] = useQuery({ query: DashboardDocument });
  const [{ data: viewer }] = useQuery({ query: ViewerDocument, requestPolicy: 'cache-first', context: NOTIFICATIONS });
  if (!data) return fetching || !error ? <Loading what="your dashboard" /> : <Failed error={error} what="your dashboard" />;
  const { inProgress, recentApplications, upcomingInterviews } = data;
  const me = viewer?.me;
  const analytics = data.me.analytics;
  const funnel = analytics?.funnel ?? [];
  return (
    <div className="space-y-6" data-testid="dashboard">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">{me ? `Hello, ${me.fullName}` : 'Hello'}</h1>
        {!!me?.unreadNotificationCount && (
          <Link href="/notifications" className="text-sm text-blue-700 underline">
            {me.unreadNotificationCount === 1 ? '1 unread notification' : `${me.unreadNotificationCount} unread notifications`}
          </Link>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat label="In progress" value={inProgress.totalCount} hint="Applied or interviewing" />
        <Stat label="Upcoming interviews" value={upcomingInterviews.length} hint="Next five shown" />
        <Stat
          label="Median days to a response"
          value={analytics?.medianDaysToResponse != null ? analytics.medianDaysToResponse.toFixed(1) : '—'}
        />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="upcoming" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="upcoming" className="mb-3 font-semibold">
            Upcoming interviews
          </h2>
          {upcomingInterviews.length === 0 ? (
            <Empty>No interviews scheduled. Schedule one from an application.</Empty>
          ) : (
            <ul className="divide-y divide-slate-100">
              {upcomingInterviews.map((i) => (
                <li key={i.id} className="py-2">
                  <Link href={`/applications/${i.application.id}`} className="font-medium text-blue-800 hover:underline">
                    {i.application.company} — {i.application.position}
                  </Link>
                  <p className="text-sm text-slate-700">
                    {formatLocal(i.localStartsAt, i.timeZone)} · {i.type.toLowerCase()}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="recent" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="recent" className="mb-3 flex items-baseline justify-between font-semibold">
            Recent applications
            <Link href="/applications" className="text-sm font-normal text-blue-700 underline">
              All applications
            </Link>
          </h2>
          {recentApplications.edges.length === 0 ? (
            <Empty>
              No applications yet.{' '}
              <Link href="/applications/new" className="text-blue-700 underline">
                Add your first
              </Link>
              .
            </Empty>
          ) : (
            <ul className="divide-y divide-slate-100">
              {recentApplications.edges.map(({ node }) => (
                <li key={node.id} className="flex items-center justify-between gap-2 py-2">
                  <span>
                    <Link href={`/applications/${node.id}`} className="font-medium text-blue-800 hover:underline">
                      {node.company}
                    </Link>
                    <span className="block text-sm text-slate-700">{node.position}</span>
                  </span>
                  <span className="text-right">
                    <StatusBadge status={node.status} />
                    <span className="block text-xs text-slate-600">{formatDate(node.updatedAt)}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <div className="grid gap-6 md:grid-cols-3">
        <Columns title="Applications per month" bars={monthSeries(analytics?.applicationsPerMonth ?? [], 12)} />
        <HBars title="By status" bars={ordered(analytics?.byStatus ?? [], STATUSES, STATUS_LABEL)} />
        <HBars
          title="Funnel"
          bars={ordered(
            funnel.map((f) => ({ label: f.status, count: f.count })),
            funnel.map((f) => f.status),
            Object.fromEntries(
              funnel.map((f) => [f.status, `${STATUS_LABEL[f.status as keyof typeof STATUS_LABEL] ?? f.status}${f.conversion != null ? ` (${percent(f.conversion)})` : ''}`]),
            ),
          )}
        />
      </div>
    </div>
  );
}

function Stat({ label, value, hint }: { label: string; value: number | string; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <p className="text-sm text-slate-700">{label}</p>
      <p className="text-3xl font-semibold tabular-nums">{value}</p>
      {hint && <p className="text-xs text-slate-600">{hint}</p>}
    </div>
  );
}
