'use client';

import { useEffect, useState } from 'react';
import { browserTimeZone, formatInZone, formatLocal } from '@/lib/time';

/**
 * When an interview starts: on the clock of its own time zone, and on the viewer's (the
 * browser's zone, known once the page runs in the browser) when that one differs.
 */
export function InterviewTimes({ startsAt, localStartsAt, timeZone }: { startsAt: string; localStartsAt: string; timeZone: string }) {
  const [viewer, setViewer] = useState<string | null>(null);
  useEffect(() => setViewer(browserTimeZone()), []);
  const same = viewer !== null && formatInZone(startsAt, viewer) === formatInZone(startsAt, timeZone);
  return (
    <span className="block">
      <span className="block font-medium">{formatLocal(localStartsAt, timeZone)}</span>
      {viewer && (
        <span className="block text-sm text-slate-700" data-testid="viewer-time">
          {same ? 'The same on your clock' : `${formatInZone(startsAt, viewer)} your time (${viewer})`}
        </span>
      )}
    </span>
  );
}
