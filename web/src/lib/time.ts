/** Offset of `timeZone` from UTC at `instant`, in minutes (east positive). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** The instant a wall-clock time (`2026-05-01T14:30`, as a datetime-local input gives it) names in `timeZone`. */
export function zonedToUtc(local: string, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) throw new RangeError(`Not a date and time: ${local}`);
  const [, y, mo, d, h, mi] = match.map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // Twice: the offset at the first guess may differ from the offset at the answer (DST edges).
  let guess = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60000;
  guess = wall - zoneOffsetMinutes(new Date(guess), timeZone) * 60000;
  return new Date(guess);
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateOnly.format(new Date(iso)) : '—';
}

/** An interview's own wall-clock time (`localStartsAt`, ISO with offset) as written there. */
export function formatLocal(localIso: string, timeZone: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(localIso);
  if (!match) return localIso;
  const day = dateOnly.format(new Date(`${match[1]}T12:00:00Z`));
  return `${day}, ${match[2]} (${timeZone})`;
}

/** An instant as the clock on the wall reads it in `timeZone`, e.g. `3 Nov 2026, 04:30`. */
export function formatInZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** The `datetime-local` value (`2026-05-01T14:30`) of an interview's own wall-clock time. */
export function localInputValue(localIso: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.exec(localIso)?.[0] ?? '';
}

/** Reminder offsets in minutes, as people say them. */
export function formatOffset(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? '1 day' : `${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return `${minutes} min`;
}

/** YYYY-MM-DD of an instant in the browser's own time zone. */
export function localDay(instant: Date): string {
  const y = instant.getFullYear();
  const m = String(instant.getMonth() + 1).padStart(2, '0');
  const d = String(instant.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Seven days from `start` (YYYY-MM-DD), each with the items that start on it (browser time). */
export function week<T extends { startsAt: string }>(items: readonly T[], start: string): { day: string; items: T[] }[] {
  const [y, m, d] = start.split('-').map(Number);
  const days = Array.from({ length: 7 }, (_, i) => localDay(new Date(y, m - 1, d + i)));
  const byDay = new Map(days.map((day) => [day, [] as T[]]));
  for (const item of items) byDay.get(localDay(new Date(item.startsAt)))?.push(item);
  for (const list of byDay.values()) list.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return days.map((day) => ({ day, items: byDay.get(day)! }));
}
