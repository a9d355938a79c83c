import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as time from '@/lib/time';
import { InterviewTimes } from './InterviewTimes';

afterEach(() => vi.restoreAllMocks());

const PARIS = { startsAt: '2026-11-03T09:30:00+00:00', localStartsAt: '2026-11-03T10:30:00+01:00', timeZone: 'Europe/Paris' };

describe('InterviewTimes', () => {
  it("shows the time in the interview's zone and on the viewer's clock", () => {
    vi.spyOn(time, 'browserTimeZone').mockReturnValue('America/New_York');
    render(<InterviewTimes {...PARIS} />);
    expect(screen.getByText('3 Nov 2026, 10:30 (Europe/Paris)')).toBeTruthy();
    expect(screen.getByTestId('viewer-time').textContent).toBe('3 Nov 2026, 04:30 your time (America/New_York)');
  });

  it('says so when the viewer keeps the same time', () => {
    vi.spyOn(time, 'browserTimeZone').mockReturnValue('Europe/Berlin');
    render(<InterviewTimes {...PARIS} />);
    expect(screen.getByTestId('viewer-time').textContent).toBe('The same on your clock');
  });
});
