import { act, render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { LiveNotifications, RESUBSCRIBE_MS } from './LiveNotifications';

vi.mock('next/link', () => ({ default: ({ children, href }: { children: React.ReactNode; href: string }) => <a href={href}>{children}</a> }));

let result: { data?: unknown; error?: unknown } = {};
const asked: unknown[] = [];
const resubscribe = vi.fn();
vi.mock('urql', () => ({
  useSubscription: (args: unknown) => {
    asked.push(args);
    return [result, resubscribe];
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

it('subscribes again a while after the router ended the subscription with an error', () => {
  vi.useFakeTimers();
  result = { error: new Error('the notifications subgraph went away') };
  render(<LiveNotifications />);
  act(() => vi.advanceTimersByTime(RESUBSCRIBE_MS - 1));
  expect(resubscribe).not.toHaveBeenCalled();
  act(() => vi.advanceTimersByTime(1));
  expect(resubscribe).toHaveBeenCalledTimes(1);
  vi.useRealTimers();
});
