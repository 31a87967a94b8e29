// Whether a signed-in session still holds, pure: the guard reads the session row and asks this on
// every request (lib/server/guards.ts).

export type SessionTimes = { endedAt: Date | null; expiresAt: Date; lastSeenAt: Date };

export type SessionState = 'OPEN' | 'ENDED' | 'EXPIRED' | 'IDLE';

/** A session is last seen at most this often: its row is not written on every request. */
export const SESSION_TOUCH_MS = 60_000;

export function sessionState(session: SessionTimes, now: Date, idleMs: number): SessionState {
  if (session.endedAt !== null) return 'ENDED';
  if (now.getTime() >= session.expiresAt.getTime()) return 'EXPIRED';
  // The last request is known to within SESSION_TOUCH_MS: the idle limit counts from it.
  if (now.getTime() - session.lastSeenAt.getTime() >= idleMs) return 'IDLE';
  return 'OPEN';
}

export function needsTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= SESSION_TOUCH_MS;
}
