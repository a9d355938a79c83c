import type { Bar } from '@/lib/charts';

/** Horizontal bars in plain HTML/CSS: a label, a bar scaled to the largest, the value. */
export function HBars({ title, bars, empty = 'Nothing yet.' }: { title: string; bars: Bar[]; empty?: string }) {
  const total = bars.reduce((sum, b) => sum + b.value, 0);
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4">
      <figcaption className="mb-3 text-sm font-semibold text-slate-800">{title}</figcaption>
      {total === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="space-y-2">
          {bars.map((b) => (
            <li key={b.key} className="grid grid-cols-[7rem_1fr_2.5rem] items-center gap-2 text-sm">
              <span className="truncate text-slate-700">{b.label}</span>
              <span className="h-3 rounded bg-slate-100" aria-hidden="true">
                <span className="block h-3 rounded bg-blue-600" style={{ width: `${Math.round(b.share * 100)}%` }} />
              </span>
              <span className="text-right tabular-nums text-slate-900">{b.value}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/** Vertical bars in one SVG (months): the numbers are also in a visually hidden list. */
export function Columns({ title, bars }: { title: string; bars: Bar[] }) {
  const width = 24;
  const gap = 8;
  const height = 80;
  const total = bars.reduce((sum, b) => sum + b.value, 0);
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4">
      <figcaption className="mb-3 text-sm font-semibold text-slate-800">{title}</figcaption>
      <svg
        viewBox={`0 0 ${bars.length * (width + gap)} ${height + 16}`}
        className="h-28 w-full"
        role="img"
        aria-label={`${title}: ${total} in all`}
      >
        {bars.map((b, i) => {
          const h = Math.max(b.value > 0 ? 2 : 0, Math.round(b.share * height));
          return (
            <g key={b.key}>
              <rect x={i * (width + gap)} y={height - h} width={width} height={h} rx={3} className="fill-blue-600">
                <title>{`${b.label}: ${b.value}`}</title>
              </rect>
              <text x={i * (width + gap) + width / 2} y={height + 13} textAnchor="middle" className="fill-slate-600 text-[10px]">
                {b.label}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className="sr-only">
        {bars.map((b) => (
          <li key={b.key}>{`${b.label}: ${b.value}`}</li>
        ))}
      </ul>
    </figure>
  );
}
