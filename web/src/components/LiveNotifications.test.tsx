import { act, render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { LiveNotifications } from './LiveNotifications';

vi.mock('next/link', () => ({ default: ({ children, href }: { children: React.ReactNode; href: string }) => <a href={href}>{children}</a> }));

let result: { data?: unknown } = {};
const asked: unknown[] = [];
vi.mock('urql', () => ({
  useSubscription: (args: unknown) => {
    asked.push(args);
    return [result];
  },
}));

const arrival = (id: string, title: string) => ({
  notificationReceived: { id, kind: 'INTERVIEW_REMINDER', title, body: 'Globex, at 10:30', createdAt: '2026-11-24T09:00:00Z' },
});

it('shows each notification that arrives as a toast, once, the latest three at most', () => {
  const { rerender } = render(<LiveNotifications />);
  expect(asked[0]).toMatchObject({ context: { additionalTypenames: ['Notification'] } }); // refetches the count
  expect(screen.queryAllByTestId('toast')).toHaveLength(0);
  for (const [id, title] of [['n1', 'First'], ['n1', 'First'], ['n2', 'Second'], ['n3', 'Third'], ['n4', 'Fourth']]) {
    result = { data: arrival(id, title) };
    act(() => rerender(<LiveNotifications />));
  }
  expect(screen.getAllByTestId('toast').map((t) => t.querySelector('p')?.textContent)).toEqual(['Second', 'Third', 'Fourth']);
});
