'use client';

import { useQuery } from 'urql';
import { Columns, HBars } from '@/components/Bars';
import { Failed, Loading } from '@/components/States';
import { AnalyticsPageDocument } from '@/gql/graphql';
import { CATEGORY_LABEL, humanize, monthSeries, ordered, percent } from '@/lib/charts';
import { STATUSES, STATUS_LABEL } from '@/lib/statuses';

export default function AnalyticsPage() {
  const [{ data, error, fetching }] = useQuery({ query: AnalyticsPageDocument });
  if (!data) return fetching || !error ? <Loading what="your analytics" /> : <Failed error={error} what="your analytics" />;
  const a = data.me.analytics;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Analytics</h1>
      <p className="text-slate-700">
        Median days to a response: <strong>{a?.medianDaysToResponse != null ? a.medianDaysToResponse.toFixed(1) : '—'}</strong>
      </p>
      <Columns title="Applications per month" bars={monthSeries(a?.applicationsPerMonth ?? [], 12)} />
      <div className="grid gap-6 md:grid-cols-2">
        <HBars title="By status" bars={ordered(a?.byStatus ?? [], STATUSES, STATUS_LABEL)} />
        <HBars
          title="Funnel"
          bars={ordered(
            (a?.funnel ?? []).map((f) => ({ label: f.status, count: f.count })),
            (a?.funnel ?? []).map((f) => f.status),
            Object.fromEntries(
              (a?.funnel ?? []).map((f) => [f.status, `${humanize(f.status)}${f.conversion != null ? ` (${percent(f.conversion)})` : ''}`]),
            ),
          )}
        />
        <HBars
          title="By position category"
          bars={ordered((a?.byPositionCategory ?? []).map((c) => ({ label: c.category, count: c.count })), [], CATEGORY_LABEL)}
        />
        <HBars title="By location" bars={ordered(a?.byLocation ?? [])} />
      </div>
    </div>
  );
}
