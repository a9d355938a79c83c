import { describe, expect, it } from 'vitest';
import { flatten, groupHits, searchable, type Hit } from './search';

const text = (t: string) => [{ text: t, matched: false }];
const hit = (partial: Partial<Hit> & Pick<Hit, 'kind'>): Hit => ({
  highlights: [],
  application: null,
  contact: null,
  user: null,
  ...partial,
});

const hits: Hit[] = [
  hit({
    kind: 'USER',
    user: { id: 'u1', fullName: 'Ada Acme', headline: null },
    highlights: [{ field: 'fullName', snippet: 'Ada Acme', fragments: [...text('Ada '), { text: 'Acme', matched: true }] }],
  }),
  hit({
    kind: 'APPLICATION',
    application: { id: 'a1', company: 'Acme', position: 'Engineer', status: 'APPLIED' },
    highlights: [
      { field: 'company', snippet: 'Acme', fragments: [{ text: 'Acme', matched: true }] },
      { field: 'notes', snippet: '…met Acme folks…', fragments: [...text('…met '), { text: 'Acme', matched: true }, ...text(' folks…')] },
    ],
  }),
  hit({ kind: 'APPLICATION', application: null }), // deleted a moment ago
  hit({
    kind: 'CONTACT',
    contact: { id: 'c1', name: 'Grace', company: 'Acme', position: null, linkedUser: null },
  }),
  hit({
    kind: 'CONTACT',
    contact: { id: 'c2', name: 'Linus', company: 'Acme', position: 'CTO', linkedUser: { id: 'u9' } },
  }),
  hit({
    kind: 'APPLICATION',
    application: { id: 'a2', company: 'Acme Labs', position: 'Designer', status: 'SAVED' },
    // The index still has the old name: the title is shown as it is now, unmarked.
    highlights: [{ field: 'company', snippet: 'Acme', fragments: [{ text: 'Acme', matched: true }] }],
  }),
];

describe('groupHits', () => {
  const groups = groupHits(hits);

  it('groups by kind, applications then contacts then people, keeping the rank inside a group', () => {
    expect(groups.map((g) => g.label)).toEqual(['Applications', 'Contacts', 'People']);
    expect(groups[0].results.map((r) => r.id)).toEqual(['a1', 'a2']);
    expect(flatten(groups).map((r) => r.id)).toEqual(['a1', 'a2', 'c1', 'c2', 'u1']);
  });

  it('leaves out hits whose reference did not resolve, and empty groups', () => {
    expect(groupHits([hit({ kind: 'APPLICATION' }), hits[0]]).map((g) => g.kind)).toEqual(['USER']);
    expect(groupHits([])).toEqual([]);
  });

  it('links each to its page: an application, a contact (its profile when linked), a person', () => {
    expect(flatten(groups).map((r) => r.href)).toEqual(['/applications/a1', '/applications/a2', '/contacts?q=Grace', '/people/u9', '/people/u1']);
    expect(groups[1].results[1].detail).toBe('CTO at Acme');
  });

  it('marks a match in the detail line when the line shows that field, else lists it', () => {
    const contacts = groupHits([
      hit({
        kind: 'CONTACT',
        contact: { id: 'c3', name: 'Linus', company: 'Acme', position: 'CTO', linkedUser: null },
        highlights: [
          { field: 'company', snippet: 'Acme', fragments: [{ text: 'Ac', matched: true }, { text: 'me', matched: false }] },
          { field: 'notes', snippet: 'acme', fragments: [{ text: 'ac', matched: true }, { text: 'me', matched: false }] },
        ],
      }),
    ])[0].results[0];
    expect(contacts.detailFragments).toEqual([
      { text: 'CTO at ', matched: false },
      { text: 'Ac', matched: true },
      { text: 'me', matched: false },
    ]);
    expect(contacts.matches.map((m) => m.field)).toEqual(['notes']);
  });

  it('keeps the title highlight apart from the other fields, and drops one that no longer fits the title', () => {
    const [acme, labs] = groups[0].results;
    expect(acme.titleFragments).toEqual([{ text: 'Acme', matched: true }]);
    expect(acme.matches.map((m) => m.field)).toEqual(['notes']);
    expect(labs.titleFragments).toBeNull();
  });
});

it('searches only text the API takes: a letter or a digit, 200 characters at most', () => {
  expect(searchable('ac')).toBe(true);
  expect(searchable('  ')).toBe(false);
  expect(searchable('!!')).toBe(false);
  expect(searchable('Zürich')).toBe(true);
  expect(searchable('a'.repeat(201))).toBe(false);
});
