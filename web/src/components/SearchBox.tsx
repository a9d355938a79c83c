'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { WebSearchDocument } from '@/gql/graphql';
import { flatten, groupHits, searchable } from '@/lib/search';
import { useDebounced } from '@/lib/useDebounced';
import { ResultBody } from './SearchResults';

const SHOWN = 8; // hits in the drop-down; the results page shows more

/**
 * The header's search box, a combobox (WAI-ARIA 1.2): results as you type (a moment after the
 * last key), grouped by kind, walked with the arrow keys, opened with Enter; Enter with none
 * chosen, or "All results", goes to the results page; Escape closes the list.
 */
export function SearchBox() {
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const query = useDebounced(text.trim(), 250);
  const ready = searchable(query);
  const [{ data, fetching, error }] = useQuery({ query: WebSearchDocument, variables: { query, first: SHOWN }, pause: !ready });
  const groups = useMemo(() => (data && ready ? groupHits(data.search) : []), [data, ready]);
  const results = flatten(groups);
  const options = results.length + 1; // the results, then "All results"

  useEffect(() => setOpen(false), [pathname]); // a result was opened

  const go = (href: string) => {
    setOpen(false);
    router.push(href);
  };
  const all = `/search?q=${encodeURIComponent(text.trim())}`;
  const expanded = open && ready && text.trim() !== '';
  const optionId = (i: number) => `${id}-option-${i}`;

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      // -1 is the input itself: past the last option, back to it; above it, the last option.
      setActive((i) => (i + step >= options ? -1 : i + step < -1 ? options - 1 : i + step));
    } else if (e.key === 'Escape') {
      if (expanded) e.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  let index = 0;
  return (
    <form
      role="search"
      aria-label="Everything"
      className="relative"
      onSubmit={(e) => {
        e.preventDefault();
        if (!searchable(text)) return;
        go(expanded && active >= 0 && active < results.length ? results[active].href : all);
      }}
    >
      <label htmlFor={`${id}-input`} className="sr-only">
        Search applications, contacts and people
      </label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        autoComplete="off"
        placeholder="Search…"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={`${id}-list`}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(-1); // the list is about to change: Enter now means "all results" for this text
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-900 focus:outline-none focus:ring-2 focus:ring-blue-600"
      />
      <div
        id={`${id}-list`}
        role="listbox"
        aria-label="Search results"
        hidden={!expanded}
        className="absolute right-0 left-0 z-20 mt-1 max-h-[70vh] overflow-y-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg sm:left-auto sm:w-96"
        // Keep the focus in the input while a result is clicked.
        onMouseDown={(e) => e.preventDefault()}
      >
        {expanded && !data && fetching && <p className="px-3 py-2 text-sm text-slate-600">Searching…</p>}
        {expanded && error && !data && <p className="px-3 py-2 text-sm text-rose-800">Search is not available right now.</p>}
        {expanded && data && results.length === 0 && <p className="px-3 py-2 text-sm text-slate-600">Nothing matches “{query}”.</p>}
        {groups.map((group) => (
          <div key={group.kind} role="group" aria-labelledby={`${id}-${group.kind}`}>
            <p id={`${id}-${group.kind}`} role="presentation" className="px-3 pt-2 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">
              {group.label}
            </p>
            {group.results.map((result) => {
              const i = index++;
              return (
                <div
                  key={result.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  onClick={() => go(result.href)}
                  onMouseEnter={() => setActive(i)}
                  className={`cursor-pointer px-3 py-1.5 ${i === active ? 'bg-blue-50' : ''}`}
                >
                  <ResultBody result={result} />
                </div>
              );
            })}
          </div>
        ))}
        {expanded && (
          <div
            id={optionId(results.length)}
            role="option"
            aria-selected={active === results.length}
            onClick={() => go(all)}
            onMouseEnter={() => setActive(results.length)}
            className={`cursor-pointer border-t border-slate-100 px-3 py-2 text-sm text-blue-800 ${active === results.length ? 'bg-blue-50' : ''}`}
          >
            All results for “{text.trim()}”
          </div>
        )}
      </div>
    </form>
  );
}
