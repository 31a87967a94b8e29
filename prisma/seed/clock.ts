// Time in the seed: everything is relative to `now`; subscription dates are UTC calendar days.

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** A time relative to the seed's `now`, as the data tables write it (negative: after now). */
export type Moment = { daysAgo: number; hoursAgo?: number; minutesAgo?: number };

/** `days` (and `hours`) before now. */
export const ago = (days: number, hours = 0): Moment => ({ daysAgo: days, hoursAgo: hours });
/** `minutes` before now. */
export const minutesAgo = (minutes: number): Moment => ({ daysAgo: 0, minutesAgo: minutes });
/** `days` after now. */
export const daysFromNow = (days: number): Moment => ({ daysAgo: -days });

export type Clock = {
  now: Date;
  /** `days` (and `hours`) before now. */
  ago: (days: number, hours?: number) => Date;
  /** The time a data table names. */
  at: (moment: Moment) => Date;
  /** The UTC calendar day `offset` days from today (a UTC-midnight Date, for @db.Date). */
  day: (offset: number) => Date;
};

export function makeClock(now: Date): Clock {
  const t = now.getTime();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const ago = (days: number, hours = 0): Date => new Date(t - days * DAY_MS - hours * HOUR_MS);
  return {
    now: new Date(t),
    ago,
    at: (moment) => new Date(ago(moment.daysAgo, moment.hoursAgo).getTime() - (moment.minutesAgo ?? 0) * MINUTE_MS),
    day: (offset) => new Date(today + offset * DAY_MS),
  };
}

/** The calendar day `months` months before `date` (clamped to the month's last day). */
export function monthsBefore(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)));
}
