import { describe, expect, it } from 'vitest';
import { bars, monthSeries, ordered, percent } from './charts';
import { STATUSES, STATUS_LABEL } from './statuses';

describe('bars', () => {
  it('scales every bar to the largest value', () => {
    expect(bars([{ key: 'a', label: 'A', value: 2 }, { key: 'b', label: 'B', value: 8 }]).map((b) => b.share)).toEqual([0.25, 1]);
  });
  it('gives all-zero data empty bars, not NaN', () => {
    expect(bars([{ key: 'a', label: 'A', value: 0 }])[0].share).toBe(0);
  });
});

describe('monthSeries', () => {
  it('fills the last n months in order, missing months counted 0', () => {
    const series = monthSeries([{ month: '2026-10', count: 3 }, { month: '2026-08', count: 1 }], 4, new Date('2026-11-15T00:00:00Z'));
    expect(series.map((b) => [b.key, b.value])).toEqual([
      ['2026-08', 1],
      ['2026-09', 0],
      ['2026-10', 3],
      ['2026-11', 0],
    ]);
    expect(series.map((b) => b.label)).toEqual(['Aug', 'Sept', 'Oct', 'Nov'].map((m) => expect.stringMatching(new RegExp(`^${m.slice(0, 3)}`))));
  });
  it('crosses a year boundary', () => {
    expect(monthSeries([], 3, new Date('2026-01-10T00:00:00Z')).map((b) => b.key)).toEqual(['2025-11', '2025-12', '2026-01']);
  });
});

describe('ordered', () => {
  it('puts statuses in pipeline order with their labels, whatever order the API used', () => {
    const result = ordered(
      [
        { label: 'REJECTED', count: 1 },
        { label: 'SAVED', count: 4 },
        { label: 'APPLIED', count: 2 },
      ],
      STATUSES,
      STATUS_LABEL,
    );
    expect(result.map((b) => [b.label, b.value])).toEqual([
      ['Saved', 4],
      ['Applied', 2],
      ['Rejected', 1],
    ]);
  });
  it('keeps place names as they are', () => {
    expect(ordered([{ label: 'New York, US', count: 1 }]).map((b) => b.label)).toEqual(['New York, US']);
  });
  it('orders unknown labels by count and makes them readable', () => {
    expect(ordered([{ label: 'DATA_ML', count: 1 }, { label: 'BACKEND', count: 5 }]).map((b) => b.label)).toEqual(['Backend', 'Data ml']);
  });
});

it('shows a conversion as a whole percentage, and none as a dash', () => {
  expect(percent(0.456)).toBe('46%');
  expect(percent(null)).toBe('—');
});
