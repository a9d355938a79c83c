import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Board, type Column } from './Board';

vi.mock('next/link', () => ({ default: ({ children, href }: { children: React.ReactNode; href: string }) => <a href={href}>{children}</a> }));

const columns: Column[] = [
  { status: 'SAVED', totalCount: 1, cards: [{ id: 'a1', company: 'Acme', position: 'Engineer', status: 'SAVED' }] },
  { status: 'APPLIED', totalCount: 3, cards: [{ id: 'a2', company: 'Globex', position: 'Designer', status: 'APPLIED' }] },
  { status: 'INTERVIEW', totalCount: 0, cards: [] },
];

function dataTransfer() {
  const data = new Map<string, string>();
  return {
    setData: (type: string, value: string) => data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
    get types() {
      return [...data.keys()];
    },
    dropEffect: 'none',
    effectAllowed: 'all',
  };
}

describe('Board', () => {
  it('shows a column per status with its count, its cards, and how many are not shown', () => {
    render(<Board columns={columns} onMove={() => {}} />);
    const applied = screen.getByRole('region', { name: /Applied/ });
    expect(within(applied).getByText('Globex')).toBeTruthy();
    expect(within(applied).getByText('2 more in the table view')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: /Interview/ })).getByText('No applications')).toBeTruthy();
  });

  it('moves a card dropped on another column', () => {
    const onMove = vi.fn();
    render(<Board columns={columns} onMove={onMove} />);
    const transfer = dataTransfer();
    fireEvent.dragStart(screen.getByText('Acme').closest('li')!, { dataTransfer: transfer });
    const target = screen.getByRole('region', { name: /Interview/ });
    fireEvent.dragOver(target, { dataTransfer: transfer });
    fireEvent.drop(target, { dataTransfer: transfer });
    expect(onMove).toHaveBeenCalledWith('a1', 'INTERVIEW');
  });

  it('does nothing when a card is dropped on its own column', () => {
    const onMove = vi.fn();
    render(<Board columns={columns} onMove={onMove} />);
    const transfer = dataTransfer();
    fireEvent.dragStart(screen.getByText('Acme').closest('li')!, { dataTransfer: transfer });
    fireEvent.drop(screen.getByRole('region', { name: /Saved/ }), { dataTransfer: transfer });
    expect(onMove).not.toHaveBeenCalled();
  });

  it('moves a card from the keyboard with its labelled select', () => {
    const onMove = vi.fn();
    render(<Board columns={columns} onMove={onMove} />);
    const select = screen.getByRole('combobox', { name: 'Move Globex, Designer to' });
    fireEvent.change(select, { target: { value: 'OFFER' } });
    expect(onMove).toHaveBeenCalledWith('a2', 'OFFER');
  });
});
