import { describe, expect, it } from 'vitest';
import { SESSION_TOUCH_MS, needsTouch, sessionState } from '@/lib/domain/sessions';

const HOUR = 3_600_000;
const IDLE = 8 * HOUR;
const opened = new Date('2026-12-07T08:00:00Z');
const session = (overrides: Partial<{ endedAt: Date | null; expiresAt: Date; lastSeenAt: Date }> = {}) => ({
  endedAt: null,
  expiresAt: new Date(opened.getTime() + 7 * 24 * HOUR),
  lastSeenAt: opened,
  ...overrides,
});
const at = (ms: number) => new Date(opened.getTime() + ms);

describe('sessionState', () => {
  it('is open until the idle limit, to the millisecond', () => {
    expect(sessionState(session(), at(0), IDLE)).toBe('OPEN');
    expect(sessionState(session(), at(IDLE - 1), IDLE)).toBe('OPEN');
    expect(sessionState(session(), at(IDLE), IDLE)).toBe('IDLE');
  });

  it('counts idleness from the last request seen', () => {
    const seen = session({ lastSeenAt: at(6 * HOUR) });
    expect(sessionState(seen, at(6 * HOUR + IDLE - 1), IDLE)).toBe('OPEN');
    expect(sessionState(seen, at(6 * HOUR + IDLE), IDLE)).toBe('IDLE');
  });

  it('expires at its absolute limit however active it is', () => {
    const busy = session({ lastSeenAt: at(7 * 24 * HOUR - 1) });
    expect(sessionState(busy, at(7 * 24 * HOUR - 1), IDLE)).toBe('OPEN');
    expect(sessionState(busy, at(7 * 24 * HOUR), IDLE)).toBe('EXPIRED');
  });

  it('an ended session stays ended, whatever the times', () => {
    expect(sessionState(session({ endedAt: at(1) }), at(2), IDLE)).toBe('ENDED');
    expect(sessionState(session({ endedAt: at(1), expiresAt: at(0) }), at(2), IDLE)).toBe('ENDED');
  });
});

describe('needsTouch', () => {
  it('writes the last-seen time at most once a minute', () => {
    expect(needsTouch(opened, at(SESSION_TOUCH_MS - 1))).toBe(false);
    expect(needsTouch(opened, at(SESSION_TOUCH_MS))).toBe(true);
  });
});
