import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, expect, it, vi } from 'vitest';
import type { Hit } from '@/lib/search';
import { SearchBox } from './SearchBox';

const push = vi.fn();
vi.mock('next/navigation', () => ({ useRouter: () => ({ push }), usePathname: () => '/dashboard' }));
const asked: unknown[] = [];
const hits: Hit[] = [
  {
    kind: 'USER',
    highlights: [],
    application: null,
    contact: null,
    user: { id: 'u1', fullName: 'Ada Initech', headline: 'Engineer' },
  },
  {
    kind: 'APPLICATION',
    highlights: [{ field: 'company', snippet: 'Initech', fragments: [{ text: 'Init', matched: true }, { text: 'ech', matched: false }] }],
    application: { id: 'a1', company: 'Initech', position: 'Data Engineer', status: 'APPLIED' },
    contact: null,
    user: null,
  },
];
vi.mock('urql', () => ({
  useQuery: (args: { pause: boolean; variables: unknown }) => {
    asked.push(args);
    return [{ data: args.pause ? undefined : { search: hits }, fetching: false, error: undefined }];
  },
}));

beforeEach(() => {
  vi.useFakeTimers();
  push.mockClear();
  asked.length = 0;
});

function type(text: string) {
  const box = screen.getByRole('combobox', { name: 'Search applications, contacts and people' });
  fireEvent.focus(box);
  fireEvent.change(box, { target: { value: text } });
  act(() => vi.advanceTimersByTime(300));
  return box;
}

it('asks a moment after the last key, and shows the hits grouped by kind', () => {
  render(<SearchBox />);
  const box = type('init');
  expect(asked.filter((a) => !(a as { pause: boolean }).pause).at(-1)).toMatchObject({ variables: { query: 'init', first: 8 } });
  expect(box.getAttribute('aria-expanded')).toBe('true');
  expect(screen.getAllByRole('group').map((g) => document.getElementById(g.getAttribute('aria-labelledby')!)?.textContent)).toEqual([
    'Applications',
    'People',
  ]);
  expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
    'InitechData Engineer',
    'Ada InitechEngineer',
    'All results for “init”',
  ]);
});

it('walks the options with the arrow keys and opens the active one with Enter', () => {
  render(<SearchBox />);
  const box = type('init');
  fireEvent.keyDown(box, { key: 'ArrowDown' });
  fireEvent.keyDown(box, { key: 'ArrowDown' });
  const active = box.getAttribute('aria-activedescendant');
  expect(document.getElementById(active!)?.textContent).toBe('Ada InitechEngineer');
  expect(document.getElementById(active!)?.getAttribute('aria-selected')).toBe('true');
  fireEvent.submit(box.closest('form')!);
  expect(push).toHaveBeenCalledWith('/people/u1');
});

it('goes to the results page on Enter with no option chosen; Escape closes the list', () => {
  render(<SearchBox />);
  const box = type('init');
  fireEvent.keyDown(box, { key: 'ArrowUp' }); // from the input up: the last option
  fireEvent.keyDown(box, { key: 'ArrowDown' }); // and back down: the input again
  expect(box.getAttribute('aria-activedescendant')).toBeNull();
  fireEvent.keyDown(box, { key: 'Escape' });
  expect(box.getAttribute('aria-expanded')).toBe('false');
  fireEvent.submit(box.closest('form')!);
  expect(push).toHaveBeenCalledWith('/search?q=init');
});

it('forgets the chosen option as soon as the text changes', () => {
  render(<SearchBox />);
  const box = type('init');
  fireEvent.keyDown(box, { key: 'ArrowDown' });
  fireEvent.change(box, { target: { value: 'initech data' } }); // before the new results came
  fireEvent.submit(box.closest('form')!);
  expect(push).toHaveBeenCalledWith('/search?q=initech%20data');
});

it('does not ask for text the API refuses', () => {
  render(<SearchBox />);
  type('!!');
  expect(asked.every((a) => (a as { pause: boolean }).pause)).toBe(true);
});
