'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Board, type Column } from '@/components/Board';
import { Select, buttonClass, secondaryButtonClass } from '@/components/Field';
import { Empty, Failed, FormAlert, Loading } from '@/components/States';
import { StatusBadge } from '@/components/StatusBadge';
import { ApplicationsTableDocument, BoardDocument, ChangeStatusDocument, type ApplicationStatus } from '@/gql/graphql';
import { describe } from '@/lib/errors';
import { STATUSES, STATUS_LABEL, isStatus } from '@/lib/statuses';
import { formatDate } from '@/lib/time';

const CONTEXT = { additionalTypenames: ['Application'] };

export default function ApplicationsPage() {
  return (
    <Suspense fallback={<Loading what="applications" />}>
      <Applications />
    </Suspense>
  );
}

function Applications() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = params.get('view') === 'table' ? 'table' : 'board';
  const status = isStatus(params.get('status')) ? (params.get('status') as ApplicationStatus) : null;
  const query = params.get('q') ?? '';
  const [text, setText] = useState(query);

  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    router.replace(`${pathname}?${next}`);
  };
  // Search as you type, a moment after the last key.
  useEffect(() => {
    if (text === query) return;
    const timer = window.setTimeout(() => setParam('q', text.trim() || null), 300);
    return () => window.clearTimeout(timer);
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Applications</h1>
        <Link href="/applications/new" className={buttonClass}>
          Add application
        </Link>
      </div>
      <div className="flex flex-wrap items-end gap-3" role="search">
        <div className="min-w-48 flex-1">
          <label htmlFor="search" className="block text-sm font-medium text-slate-800">
            Search company or position
          </label>
          <input
            id="search"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 focus:outline-none focus:ring-2 focus:ring-blue-600"
          />
        </div>
        <Select
          label="Status"
          value={status ?? ''}
          onChange={(v) => setParam('status', v || null)}
          options={[{ value: '', label: 'All statuses' }, ...STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))]}
        />
        <div role="group" aria-label="View" className="flex">
          {(['board', 'table'] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => setParam('view', v === 'board' ? null : v)}
              className={`${secondaryButtonClass} ${v === 'board' ? 'rounded-r-none' : '-ml-px rounded-l-none'} ${
                view === v ? 'bg-slate-200' : ''
              }`}
            >
              {v === 'board' ? 'Board' : 'Table'}
            </button>
          ))}
        </div>
      </div>
      {view === 'board' ? <BoardView query={query} status={status} /> : <TableView query={query} status={status} />}
    </div>
  );
}

function BoardView({ query, status }: { query: string; status: ApplicationStatus | null }) {
  const [{ data, error, fetching }] = useQuery({ query: BoardDocument, variables: { query: query || null }, context: CONTEXT });
  const [moved, move] = useMutation(ChangeStatusDocument);
  if (!data) return fetching || !error ? <Loading what="your board" /> : <Failed error={error} what="your board" />;
  const columns: Column[] = STATUSES.filter((s) => !status || s === status).map((s) => {
    const list = data[s.toLowerCase() as 'saved' | 'applied' | 'interview' | 'offer' | 'rejected'];
    return { status: s, totalCount: list.totalCount, cards: list.edges.map((e) => e.node) };
  });
  return (
    <>
      <FormAlert messages={moved.error ? [describe(moved.error)] : []} />
      <p className="text-sm text-slate-600">Drag a card to another column, or use its “Move to” list.</p>
      <div aria-live="polite" className="sr-only">
        {moved.data ? `Moved to ${STATUS_LABEL[moved.data.changeApplicationStatus.status]}` : ''}
      </div>
      <Board columns={columns} onMove={(id, to) => move({ id, status: to }, CONTEXT)} />
    </>
  );
}

type SortKey = 'company' | 'position' | 'status' | 'appliedAt' | 'updatedAt';

function TableView({ query, status }: { query: string; status: ApplicationStatus | null }) {
  const [pages, setPages] = useState(1); // "Show more" asks for the next 25 too
  const [sort, setSort] = useState<{ key: SortKey; up: boolean }>({ key: 'updatedAt', up: false });
  const filter = { status, query: query || null };
  const [{ data, error, fetching }] = useQuery({
    query: ApplicationsTableDocument,
    variables: { filter, first: Math.min(100, 25 * pages), after: null },
    context: CONTEXT,
  });
  useEffect(() => setPages(1), [query, status]);
  if (!data) return fetching || !error ? <Loading what="applications" /> : <Failed error={error} what="applications" />;
  const { totalCount, edges, pageInfo } = data.applications;
  if (totalCount === 0) return <Empty>No applications match.</Empty>;
  const rows = [...edges.map((e) => e.node)].sort((a, b) => {
    const x = a[sort.key] ?? '';
    const y = b[sort.key] ?? '';
    const order = sort.key === 'status' ? STATUSES.indexOf(x as ApplicationStatus) - STATUSES.indexOf(y as ApplicationStatus) : String(x).localeCompare(String(y));
    return sort.up ? order : -order;
  });
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.up ? 'ascending' : 'descending') : 'none'} className="px-3 py-2 text-left">
      <button
        type="button"
        onClick={() => setSort((s) => ({ key, up: s.key === key ? !s.up : true }))}
        className="font-semibold text-slate-800 hover:underline"
      >
        {label}
        {sort.key === key ? (sort.up ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  return (
    <div data-scrolls className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Applications, {totalCount} in all</caption>
        <thead className="bg-slate-50">
          <tr>
            {header('company', 'Company')}
            {header('position', 'Position')}
            {header('status', 'Status')}
            {header('appliedAt', 'Applied')}
            {header('updatedAt', 'Updated')}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((a) => (
            <tr key={a.id}>
              <td className="px-3 py-2">
                <Link href={`/applications/${a.id}`} className="font-medium text-blue-800 hover:underline">
                  {a.company}
                </Link>
              </td>
              <td className="px-3 py-2">{a.position}</td>
              <td className="px-3 py-2">
                <StatusBadge status={a.status} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{formatDate(a.appliedAt)}</td>
              <td className="px-3 py-2 whitespace-nowrap">{formatDate(a.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex items-center justify-between border-t border-slate-100 px-3 py-2 text-sm text-slate-700">
        <span>
          Showing {edges.length} of {totalCount}
        </span>
        {pageInfo.hasNextPage && pages < 4 && (
          <button type="button" className={secondaryButtonClass} onClick={() => setPages((p) => p + 1)}>
            Show more
          </button>
        )}
      </div>
    </div>
  );
}
