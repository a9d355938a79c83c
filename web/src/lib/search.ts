import type { SearchKind, WebSearchQuery } from '@/gql/graphql';

export type Hit = WebSearchQuery['search'][number];
export type Fragment = { text: string; matched: boolean };

/** One result, ready to show: where it leads, its title and line, and what matched. */
export type Result = {
  kind: SearchKind;
  id: string;
  href: string;
  title: string;
  detail: string;
  /** The highlights of fields other than the title's (the title shows its own). */
  matches: { field: string; fragments: Fragment[] }[];
  titleFragments: Fragment[] | null;
  /** The detail line, with the matches of the fields it shows marked in it. */
  detailFragments: Fragment[];
};

export type Group = { kind: SearchKind; label: string; results: Result[] };

export const KIND_LABEL: Record<SearchKind, string> = {
  APPLICATION: 'Applications',
  CONTACT: 'Contacts',
  USER: 'People',
};
const ORDER: SearchKind[] = ['APPLICATION', 'CONTACT', 'USER'];
const TITLE_FIELD: Record<SearchKind, string> = { APPLICATION: 'company', CONTACT: 'name', USER: 'fullName' };

/** Whether the search subgraph would take this text (a letter or a digit, at most 200 long). */
export function searchable(text: string): boolean {
  const query = text.trim();
  return query.length > 0 && query.length <= 200 && /[\p{L}\p{N}]/u.test(query);
}

/** `text` with the first occurrence of `marked`'s text replaced by its runs; null when absent. */
function splice(text: Fragment[], marked: Fragment[]): Fragment[] | null {
  const needle = marked.map((f) => f.text).join('');
  if (!needle) return null;
  for (let i = 0; i < text.length; i++) {
    const at = text[i].matched ? -1 : text[i].text.indexOf(needle);
    if (at < 0) continue;
    const { text: t } = text[i];
    const before = t.slice(0, at) ? [{ text: t.slice(0, at), matched: false }] : [];
    const after = t.slice(at + needle.length) ? [{ text: t.slice(at + needle.length), matched: false }] : [];
    return [...text.slice(0, i), ...before, ...marked, ...after, ...text.slice(i + 1)];
  }
  return null;
}

function describe(hit: Hit): Omit<Result, 'matches' | 'titleFragments' | 'detailFragments' | 'kind'> | null {
  if (hit.kind === 'APPLICATION' && hit.application) {
    const a = hit.application;
    return { id: a.id, href: `/applications/${a.id}`, title: a.company, detail: a.position };
  }
  if (hit.kind === 'CONTACT' && hit.contact) {
    const c = hit.contact;
    return {
      id: c.id,
      // A registered user's public profile; otherwise the contacts list, searched for the name.
      href: c.linkedUser ? `/people/${c.linkedUser.id}` : `/contacts?q=${encodeURIComponent(c.name)}`,
      title: c.name,
      detail: [c.position, c.company].filter(Boolean).join(' at '),
    };
  }
  if (hit.kind === 'USER' && hit.user) {
    const u = hit.user;
    return { id: u.id, href: `/people/${u.id}`, title: u.fullName, detail: u.headline ?? '' };
  }
  return null; // deleted a moment ago (the index has not heard yet), or not the viewer's
}

/**
 * The hits grouped by kind (applications, contacts, people; empty groups left out), each group
 * in the order search ranked it, without hits whose reference did not resolve.
 */
export function groupHits(hits: readonly Hit[]): Group[] {
  const groups = new Map<SearchKind, Result[]>(ORDER.map((kind) => [kind, []]));
  for (const hit of hits) {
    const described = describe(hit);
    if (!described) continue;
    const titleField = TITLE_FIELD[hit.kind];
    const title = hit.highlights.find((h) => h.field === titleField);
    // A match already in the detail line (a position, a company) is marked there, not repeated.
    let detail: Fragment[] = described.detail ? [{ text: described.detail, matched: false }] : [];
    const matches: Result['matches'] = [];
    for (const h of hit.highlights) {
      if (h.field === titleField) continue;
      const spliced = splice(detail, h.fragments);
      if (spliced) detail = spliced;
      else matches.push({ field: h.field, fragments: h.fragments });
    }
    groups.get(hit.kind)?.push({
      kind: hit.kind,
      ...described,
      // The title's own highlight, when it is still the title's text (the index may lag a rename).
      titleFragments: title && title.fragments.map((f) => f.text).join('') === described.title ? title.fragments : null,
      detailFragments: detail,
      matches,
    });
  }
  return ORDER.map((kind) => ({ kind, label: KIND_LABEL[kind], results: groups.get(kind) ?? [] })).filter((g) => g.results.length > 0);
}

/** The groups' results in one list, as the keyboard walks them. */
export function flatten(groups: readonly Group[]): Result[] {
  return groups.flatMap((g) => g.results);
}
