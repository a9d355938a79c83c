'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { ApplicationStatus } from '@/gql/graphql';
import { STATUSES, STATUS_LABEL, isStatus } from '@/lib/statuses';

export type Card = { id: string; company: string; position: string; location?: string | null; status: ApplicationStatus };
export type Column = { status: ApplicationStatus; totalCount: number; cards: Card[] };

const DRAG_TYPE = 'application/x-job-tracker-application';

/**
 * A column per status. A card moves by dragging it to another column, or from the keyboard
 * with its "Move to" select (every card has one, so focus order is the reading order).
 */
export function Board({ columns, onMove }: { columns: Column[]; onMove: (id: string, status: ApplicationStatus) => void }) {
  const [over, setOver] = useState<ApplicationStatus | null>(null);
  const byId = new Map(columns.flatMap((c) => c.cards.map((card) => [card.id, card])));

  const drop = (status: ApplicationStatus, id: string) => {
    const card = byId.get(id);
    if (card && card.status !== status) onMove(id, status);
  };

  return (
    <div role="group" data-scrolls className="grid grid-flow-col auto-cols-[minmax(13rem,1fr)] gap-3 overflow-x-auto pb-2" aria-label="Applications board">
      {columns.map((column) => (
        <section
          key={column.status}
          aria-labelledby={`column-${column.status}`}
          data-status={column.status}
          onDragOver={(e) => {
            if (e.dataTransfer.types.includes(DRAG_TYPE) || e.dataTransfer.types.includes('text/plain')) {
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
              setOver(column.status);
            }
          }}
          onDragLeave={() => setOver((s) => (s === column.status ? null : s))}
          onDrop={(e) => {
            e.preventDefault();
            setOver(null);
            drop(column.status, e.dataTransfer.getData(DRAG_TYPE) || e.dataTransfer.getData('text/plain'));
          }}
          className={`flex min-h-48 flex-col rounded-lg border p-2 ${
            over === column.status ? 'border-blue-600 bg-blue-50' : 'border-slate-200 bg-slate-50'
          }`}
        >
          <h2 id={`column-${column.status}`} className="mb-2 flex items-baseline justify-between px-1 text-sm font-semibold text-slate-800">
            {STATUS_LABEL[column.status]}
            <span className="text-xs font-normal text-slate-600">{column.totalCount}</span>
          </h2>
          <ul className="flex flex-1 flex-col gap-2">
            {column.cards.map((card) => (
              <li
                key={card.id}
                draggable
                data-testid="card"
                data-id={card.id}
                onDragStart={(e) => {
                  e.dataTransfer.setData(DRAG_TYPE, card.id);
                  e.dataTransfer.setData('text/plain', card.id);
                  e.dataTransfer.effectAllowed = 'move';
                }}
                className="relative cursor-grab rounded-md border border-slate-200 bg-white p-3 shadow-sm active:cursor-grabbing"
              >
                <Link href={`/applications/${card.id}`} className="block font-medium text-slate-900 hover:underline">
                  {card.company}
                </Link>
                <p className="text-sm text-slate-700">{card.position}</p>
                {card.location && <p className="text-xs text-slate-600">{card.location}</p>}
                <label className="mt-2 block text-xs text-slate-600">
                  <span className="sr-only">{`Move ${card.company}, ${card.position} to`}</span>
                  <span aria-hidden="true">Move to </span>
                  <select
                    value={card.status}
                    onChange={(e) => isStatus(e.target.value) && drop(e.target.value, card.id)}
                    className="ml-1 rounded border border-slate-300 bg-white px-1 py-0.5 text-xs text-slate-900"
                  >
                    {STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {STATUS_LABEL[s]}
                      </option>
                    ))}
                  </select>
                </label>
              </li>
            ))}
            {column.cards.length === 0 && <li className="px-1 py-4 text-center text-xs text-slate-600">No applications</li>}
          </ul>
          {column.totalCount > column.cards.length && (
            <p className="mt-2 px-1 text-xs text-slate-600">
              {column.totalCount - column.cards.length} more in the table view
            </p>
          )}
        </section>
      ))}
    </div>
  );
}
