// Calendar arithmetic on UTC days (subscription dates are calendar dates).
const DAY_MS = 86_400_000;

export function startOfUtcDay(value: Date): Date {
  return new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate()));
}

export function addDays(value: Date, days: number): Date {
  return new Date(value.getTime() + days * DAY_MS);
}

/** Whole days from `from` to `to` (calendar days in UTC; negative when `to` is earlier). */
export function daysBetween(from: Date, to: Date): number {
  return Math.round((startOfUtcDay(to).getTime() - startOfUtcDay(from).getTime()) / DAY_MS);
}

/** The UTC calendar day of `value` as YYYY-MM-DD. */
export function isoDay(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** Midnight UTC of a YYYY-MM-DD calendar day (how a `date` column is read). */
export function dayFromIso(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}
