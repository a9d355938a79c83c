import { render, screen, within } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { groupHits, type Hit } from '@/lib/search';
import { SearchResults } from './SearchResults';

vi.mock('next/link', () => ({ default: ({ children, href, className }: { children: React.ReactNode; href: string; className?: string }) => <a href={href} className={className}>{children}</a> }));

const hits: Hit[] = [
  {
    kind: 'CONTACT',
    highlights: [{ field: 'company', snippet: 'Globex', fragments: [{ text: 'Glob', matched: true }, { text: 'ex', matched: false }] }],
    application: null,
    contact: { id: 'c1', name: 'Hank Scorpio', company: 'Globex', position: 'CEO', linkedUser: null },
    user: null,
  },
  {
    kind: 'APPLICATION',
    highlights: [{ field: 'company', snippet: 'Globex', fragments: [{ text: 'Glob', matched: true }, { text: 'ex', matched: false }] }],
    application: { id: 'a1', company: 'Globex', position: 'Platform Engineer', status: 'INTERVIEW' },
    contact: null,
    user: null,
  },
];

it('shows a section per kind with its count, links, and the matched text marked', () => {
  render(<SearchResults groups={groupHits(hits)} query="glob" />);
  const sections = screen.getAllByRole('region');
  expect(sections.map((s) => s.getAttribute('data-kind'))).toEqual(['APPLICATION', 'CONTACT']);
  const applications = screen.getByRole('region', { name: /Applications/ });
  const link = within(applications).getByRole('link');
  expect(link.getAttribute('href')).toBe('/applications/a1');
  expect(link.querySelector('mark')?.textContent).toBe('Glob');
  const contacts = screen.getByRole('region', { name: /Contacts/ });
  // The company is in the contact's line already: marked there, not repeated.
  expect(within(contacts).getByRole('link').textContent).toBe('Hank ScorpioCEO at Globex');
  expect(within(contacts).getByRole('link').querySelector('mark')?.textContent).toBe('Glob');
});

it('says so when nothing matches', () => {
  render(<SearchResults groups={[]} query="zzz" />);
  expect(screen.getByText('Nothing matches “zzz”.')).toBeTruthy();
});
