import { describe, expect, it } from 'vitest';
import { formatInZone, formatOffset, localInputValue, week, zonedToUtc } from './time';

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

describe('week', () => {
  it('puts each item on its day of the seven, in time order, and leaves the rest out', () => {
    const at = (y: number, mo: number, d: number, h: number) => new Date(y, mo - 1, d, h).toISOString();
    const items = [
      { id: 'late', startsAt: at(2026, 5, 3, 15) },
      { id: 'early', startsAt: at(2026, 5, 3, 9) },
      { id: 'next-month', startsAt: at(2026, 6, 2, 9) },
      { id: 'outside', startsAt: at(2026, 5, 10, 9) },
    ];
    const days = week(items, '2026-05-27');
    expect(days.map((d) => d.day)).toEqual(['2026-05-27', '2026-05-28', '2026-05-29', '2026-05-30', '2026-05-31', '2026-06-01', '2026-06-02']);
    expect(days[6].items.map((i) => i.id)).toEqual(['next-month']);
    const first = week(items, '2026-05-03');
    expect(first[0].items.map((i) => i.id)).toEqual(['early', 'late']);
    expect(first.flatMap((d) => d.items).map((i) => i.id)).not.toContain('outside');
  });
});

describe('an instant on two clocks', () => {
  it("reads an instant on a zone's clock, summer time included", () => {
    expect(formatInZone('2026-07-01T12:30:00Z', 'Europe/Paris')).toBe('1 Jul 2026, 14:30');
    expect(formatInZone('2026-07-01T12:30:00Z', 'America/New_York')).toBe('1 Jul 2026, 08:30');
    expect(formatInZone('2026-01-01T02:00:00+00:00', 'America/Los_Angeles')).toBe('31 Dec 2025, 18:00');
  });
  it("gives an interview's own wall-clock time as a datetime-local input takes it", () => {
    expect(localInputValue('2026-07-01T10:30:00+02:00')).toBe('2026-07-01T10:30');
    expect(localInputValue('nonsense')).toBe('');
  });
});
