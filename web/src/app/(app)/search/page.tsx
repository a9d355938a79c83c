'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { useQuery } from 'urql';
import { SearchResults } from '@/components/SearchResults';
import { Empty, Failed, Loading } from '@/components/States';
import { WebSearchDocument } from '@/gql/graphql';
import { groupHits, searchable } from '@/lib/search';

// The best 30: more would pass the router's cost limit (each hit's highlights are lists too).
const SHOWN = 30;

export default function SearchPage() {
  return (
    <Suspense fallback={<Loading what="results" />}>
      <Results />
    </Suspense>
  );
}

function Results() {
  const query = (useSearchParams().get('q') ?? '').trim();
  const ready = searchable(query);
  const [{ data, error, fetching }] = useQuery({ query: WebSearchDocument, variables: { query, first: SHOWN }, pause: !ready });
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-semibold">{ready ? `Results for “${query}”` : 'Search'}</h1>
      {!ready ? (
        <Empty>Type a word or two in the search box above: a company, a position, a name, a skill.</Empty>
      ) : !data ? (
        fetching || !error ? <Loading what="results" /> : <Failed error={error} what="the results" />
      ) : (
        <>
          <SearchResults groups={groupHits(data.search)} query={query} />
          {data.search.length === SHOWN && <p className="text-sm text-slate-600">The best {SHOWN} are shown: add a word to narrow the search.</p>}
        </>
      )}
    </div>
  );
}
