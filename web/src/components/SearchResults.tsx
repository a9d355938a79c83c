import Link from 'next/link';
import type { Fragment, Group, Result } from '@/lib/search';

const FIELD_LABEL: Record<string, string> = {
  company: 'Company',
  position: 'Position',
  location: 'Location',
  notes: 'Notes',
  status: 'Status',
  name: 'Name',
  fullName: 'Name',
  headline: 'Headline',
  skills: 'Skills',
};

/** Plain text with the matched runs marked (the API sends runs, never markup). */
export function Highlighted({ fragments }: { fragments: readonly Fragment[] }) {
  return (
    <>
      {fragments.map((f, i) =>
        f.matched ? (
          <mark key={i} className="rounded-sm bg-amber-100 px-0.5 text-inherit">
            {f.text}
          </mark>
        ) : (
          <span key={i}>{f.text}</span>
        ),
      )}
    </>
  );
}

export function ResultBody({ result }: { result: Result }) {
  return (
    <>
      <span className="block font-medium text-blue-800">
        {result.titleFragments ? <Highlighted fragments={result.titleFragments} /> : result.title}
      </span>
      {result.detail && (
        <span className="block text-sm text-slate-700">
          <Highlighted fragments={result.detailFragments} />
        </span>
      )}
      {result.matches.map((m) => (
        <span key={m.field} className="block text-sm text-slate-600">
          {FIELD_LABEL[m.field] ?? m.field}: <Highlighted fragments={m.fragments} />
        </span>
      ))}
    </>
  );
}

/** The results page: a section per kind, each a list of links. */
export function SearchResults({ groups, query }: { groups: readonly Group[]; query: string }) {
  if (groups.length === 0) {
    return <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-600">Nothing matches “{query}”.</p>;
  }
  return (
    <div className="space-y-6">
      {groups.map((group) => (
        <section key={group.kind} aria-labelledby={`results-${group.kind}`} data-kind={group.kind}>
          <h2 id={`results-${group.kind}`} className="mb-2 font-semibold">
            {group.label} <span className="text-sm font-normal text-slate-600">({group.results.length})</span>
          </h2>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {group.results.map((r) => (
              <li key={r.id}>
                <Link href={r.href} className="block p-3 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-blue-600">
                  <ResultBody result={r} />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
