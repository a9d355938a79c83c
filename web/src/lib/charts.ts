// Chart data shaping: the analytics summary into bars (no chart library: plain SVG/CSS).

export type Bar = { key: string; label: string; value: number; share: number };

/** Bars scaled to the largest value (share 0..1), in the order given. */
export function bars(items: readonly { key: string; label: string; value: number }[]): Bar[] {
  const max = Math.max(0, ...items.map((i) => i.value));
  return items.map((i) => ({ ...i, share: max > 0 ? i.value / max : 0 }));
}

/** The last `months` calendar months ending at `now` (YYYY-MM), missing ones counted 0. */
export function monthSeries(
  counts: readonly { month: string; count: number }[],
  months: number,
  now: Date = new Date(),
): Bar[] {
  const byMonth = new Map(counts.map((c) => [c.month.slice(0, 7), c.count]));
  const items = [];
  for (let back = months - 1; back >= 0; back--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const key = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    const label = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
    items.push({ key, label, value: byMonth.get(key) ?? 0 });
  }
  return bars(items);
}

/** Counts by label, in a fixed order first (statuses), then the others by count. */
export function ordered(
  counts: readonly { label: string; count: number }[],
  order: readonly string[] = [],
  labels: Record<string, string> = {},
): Bar[] {
  const rank = (label: string) => {
    const i = order.indexOf(label);
    return i === -1 ? order.length : i;
  };
  const sorted = [...counts].sort((a, b) => rank(a.label) - rank(b.label) || b.count - a.count);
  return bars(sorted.map((c) => ({ key: c.label, label: labels[c.label] ?? humanize(c.label), value: c.count })));
}

/** An enum value (`DATA_ML`) as words; any other label (a place) as it is. */
export function humanize(label: string): string {
  if (!/^[A-Z0-9_]+$/.test(label)) return label;
  const words = label.replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`;
}

export const CATEGORY_LABEL: Record<string, string> = {
  FRONTEND: 'Frontend',
  BACKEND: 'Backend',
  FULL_STACK: 'Full stack',
  MOBILE: 'Mobile',
  DEVOPS_SRE: 'DevOps / SRE',
  DATA_ML: 'Data / ML',
  QA: 'QA',
  DESIGN: 'Design',
  MANAGEMENT: 'Management',
  OTHER: 'Other',
};
