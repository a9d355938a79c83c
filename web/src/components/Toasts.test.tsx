import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { TOAST_MS, Toasts, type Toast } from './Toasts';

vi.mock('next/link', () => ({ default: ({ children, href, onClick }: { children: React.ReactNode; href: string; onClick?: () => void }) => <a href={href} onClick={onClick}>{children}</a> }));

const reminder: Toast = { id: 'n1', title: 'Interview in 30 minutes', body: 'Globex, Platform Engineer, at 10:30' };
const second: Toast = { id: 'n2', title: 'Grace Hopper joined', body: '' };

function Harness({ initial }: { initial: Toast[] }) {
  const [toasts, setToasts] = useState(initial);
  return <Toasts toasts={toasts} onDismiss={(id) => setToasts((list) => list.filter((t) => t.id !== id))} />;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('announces toasts in a polite live region that is in the page before any arrives', () => {
  const { rerender } = render(<Toasts toasts={[]} onDismiss={() => {}} />);
  const region = screen.getByRole('status', { name: 'New notifications' });
  expect(region.getAttribute('aria-live')).toBe('polite');
  rerender(<Toasts toasts={[reminder]} onDismiss={() => {}} />);
  expect(within(region).getByText('Interview in 30 minutes')).toBeTruthy();
  expect(within(region).getByText('Globex, Platform Engineer, at 10:30')).toBeTruthy();
  expect(within(region).getByRole('link', { name: 'Open the inbox' }).getAttribute('href')).toBe('/notifications');
});

it('is dismissed with its button or with Escape', () => {
  render(<Harness initial={[reminder, second]} />);
  fireEvent.click(screen.getByRole('button', { name: 'Dismiss: Interview in 30 minutes' }));
  expect(screen.queryByText('Interview in 30 minutes')).toBeNull();
  fireEvent.keyDown(screen.getByRole('button', { name: 'Dismiss: Grace Hopper joined' }), { key: 'Escape' });
  expect(screen.queryAllByTestId('toast')).toHaveLength(0);
});

it('goes by itself after a while, oldest first, but not while pointed at', () => {
  render(<Harness initial={[reminder, second]} />);
  const region = screen.getByRole('status');
  fireEvent.mouseEnter(region);
  act(() => vi.advanceTimersByTime(TOAST_MS * 2));
  expect(screen.getAllByTestId('toast')).toHaveLength(2);
  fireEvent.mouseLeave(region);
  act(() => vi.advanceTimersByTime(TOAST_MS));
  expect(screen.getAllByTestId('toast').map((t) => t.textContent)).toEqual([expect.stringContaining('Grace Hopper joined')]);
  act(() => vi.advanceTimersByTime(TOAST_MS));
  expect(screen.queryAllByTestId('toast')).toHaveLength(0);
});
