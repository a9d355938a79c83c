import { describe, expect, it } from 'vitest';
import { formatOffset, zonedToUtc } from './time';

describe('zonedToUtc', () => {
  it('reads a wall-clock time in the given zone', () => {
    expect(zonedToUtc('2026-07-01T14:30', 'Europe/Paris').toISOString()).toBe('2026-07-01T12:30:00.000Z');
    expect(zonedToUtc('2026-01-15T09:00', 'America/New_York').toISOString()).toBe('2026-01-15T14:00:00.000Z');
    expect(zonedToUtc('2026-03-01T00:00', 'UTC').toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
  it('uses the offset in force on that day (summer time)', () => {
    expect(zonedToUtc('2026-03-30T10:00', 'Europe/Paris').toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(zonedToUtc('2026-03-27T10:00', 'Europe/Paris').toISOString()).toBe('2026-03-27T09:00:00.000Z');
  });
  it('refuses what is not a date and time', () => {
    expect(() => zonedToUtc('', 'UTC')).toThrow(RangeError);
  });
});

it('says reminder offsets as people do', () => {
  expect([1440, 60, 15, 2880, 120].map(formatOffset)).toEqual(['1 day', '1 hour', '15 min', '2 days', '2 hours']);
});
