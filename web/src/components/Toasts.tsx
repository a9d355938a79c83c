'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';

export type Toast = { id: string; title: string; body: string };

/** How long a toast stays, unless the pointer or the focus is on the toasts. */
export const TOAST_MS = 20_000;

/**
 * Toasts in the corner, announced politely by screen readers (the live region is always in the
 * page, so what is added to it is read out). Each has a link to the inbox and a button that
 * dismisses it; they go by themselves after TOAST_MS, but not while pointed at or focused.
 */
export function Toasts({ toasts, onDismiss }: { toasts: readonly Toast[]; onDismiss: (id: string) => void }) {
  const [held, setHeld] = useState(false);
  const oldest = toasts[0]?.id;
  useEffect(() => {
    if (!oldest || held) return;
    const timer = window.setTimeout(() => onDismiss(oldest), TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [oldest, held, onDismiss]);
  return (
    <div
      role="status"
      aria-live="polite"
      aria-label="New notifications"
      className="pointer-events-none fixed inset-x-4 bottom-4 z-30 flex flex-col items-end gap-2 sm:left-auto sm:w-96"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      {toasts.map((t) => (
        <div
          key={t.id}
          data-testid="toast"
          className="pointer-events-auto w-full rounded-lg border border-slate-200 bg-white p-4 shadow-lg"
          onKeyDown={(e) => {
            if (e.key === 'Escape') onDismiss(t.id);
          }}
        >
          <div className="flex items-start gap-3">
            <span aria-hidden="true" className="mt-1 h-2.5 w-2.5 shrink-0 rounded-full bg-blue-700" />
            <div className="min-w-0 flex-1">
              <p className="font-medium text-slate-900">{t.title}</p>
              {t.body && <p className="text-sm text-slate-700">{t.body}</p>}
              <Link href="/notifications" className="mt-1 inline-block text-sm text-blue-700 underline" onClick={() => onDismiss(t.id)}>
                Open the inbox
              </Link>
            </div>
            <button
              type="button"
              aria-label={`Dismiss: ${t.title}`}
              onClick={() => onDismiss(t.id)}
              className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600"
            >
              ×
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
