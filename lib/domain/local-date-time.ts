// A wall-clock time typed by a user ("2026-03-31T09:00" from a datetime-local input) in their
// own time zone ↔ the instant it stands for, written back with its offset
// ("2026-03-31T09:00:00+08:00"). Pure; Intl only.
//
// Daylight saving time: a wall time that happens twice (clocks turned back) is the earlier of
// the two instants; one that never happens (clocks turned forward) is refused as `NONEXISTENT`
// rather than silently moved, so that a notice is never scheduled at a time the user did not type.

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

export type LocalDateTimeError = 'INVALID' | 'TIME_ZONE_INVALID' | 'NONEXISTENT';
export type LocalDateTimeResult = { ok: true; instant: Date; iso: string } | { ok: false; code: LocalDateTimeError };

type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    return null;
  }
}

/** A time zone name Intl knows ("Asia/Taipei", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  return typeof timeZone === 'string' && timeZone !== '' && formatterFor(timeZone) !== null;
}

function wallTimeAt(instant: number, format: Intl.DateTimeFormat): WallTime {
  const parts = format.formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

const asUtc = (wall: WallTime) => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);

/** The offset of the zone from UTC at `instant`, in milliseconds (Asia/Taipei: +8 h). */
function offsetAt(instant: number, format: Intl.DateTimeFormat): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return asUtc(wallTimeAt(whole, format)) - whole;
}

function parseLocal(value: string): WallTime | null {
  const match = LOCAL_DATE_TIME.exec(typeof value === 'string' ? value.trim() : '');
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part))) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1970 || year > 9999 || hour > 23 || minute > 59 || second > 59) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day, hour, minute, second };
}

const pad = (value: number, length = 2) => String(Math.abs(value)).padStart(length, '0');

function offsetText(offsetMs: number): string {
  const minutes = Math.round(offsetMs / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/**
 * The instant at which the wall time `value` (YYYY-MM-DDTHH:mm, seconds optional) happens in
 * `timeZone`, and that instant as ISO 8601 with the zone's offset then.
 */
export function localDateTimeToInstant(value: string, timeZone: string): LocalDateTimeResult {
  const format = formatterFor(timeZone);
  if (!format) return { ok: false, code: 'TIME_ZONE_INVALID' };
  const wall = parseLocal(value);
  if (!wall) return { ok: false, code: 'INVALID' };
  const target = asUtc(wall);
  // The candidates: the wall time read with the offsets in force a day either side of it. A
  // wall time that is met twice gives two, the earlier wins; one that is never met gives none.
  const offsets = new Set([offsetAt(target - 86_400_000, format), offsetAt(target, format), offsetAt(target + 86_400_000, format)]);
  const matches = [...offsets]
    .map((offset) => target - offset)
    .filter((instant) => asUtc(wallTimeAt(instant, format)) === target)
    .sort((a, b) => a - b);
  const instant = matches[0];
  if (instant === undefined) return { ok: false, code: 'NONEXISTENT' };
  return { ok: true, instant: new Date(instant), iso: instantToIsoWithOffset(new Date(instant), timeZone) };
}

/** `instant` as ISO 8601 with the offset of `timeZone` at that moment: "2026-03-31T09:00:00+08:00". */
export function instantToIsoWithOffset(instant: Date, timeZone: string): string {
  const format = formatterFor(timeZone);
  if (!format || !(instant instanceof Date) || !Number.isFinite(instant.getTime())) return '';
  const time = instant.getTime();
  const wall = wallTimeAt(time, format);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${offsetText(offsetAt(time, format))}`;
}

/** `instant` as the wall time a datetime-local input shows in `timeZone` (YYYY-MM-DDTHH:mm); empty when invalid. */
export function instantToLocalDateTime(instant: Date, timeZone: string): string {
  const format = formatterFor(timeZone);
  if (!format || !(instant instanceof Date) || !Number.isFinite(instant.getTime())) return '';
  const wall = wallTimeAt(instant.getTime(), format);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}
