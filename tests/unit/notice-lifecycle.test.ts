import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  DELIVERY_STATUSES,
  DELIVERY_TRANSITIONS,
  NOTICE_STATUSES,
  NOTICE_TRANSITIONS,
  afterFailedAttempt,
  canTransition,
  canTransitionDelivery,
  checkDeliveryTransition,
  checkSchedule,
  checkTransition,
  classifySmtpFailure,
  countDeliveries,
  deliveryEffect,
  isDeliveryStatus,
  isEditable,
  isFinalDeliveryStatus,
  isNoticeStatus,
  isScheduleDue,
  isSettled,
  messageIdFor,
  nextAttempt,
  noticeActions,
  planRetry,
  requeueFields,
  rollUp,
  settleNotice,
  type DeliveryStatus,
  type NoticeAction,
  type NoticeStatus,
  type RetryPolicy,
} from '@/lib/domain/notice-lifecycle';

const d = (iso: string) => new Date(iso);
const NOW = d('2026-03-01T10:00:00.000Z');
const MINUTE = 60_000;

// DESIGN.md's table, written out as the whole 8×8 matrix by hand: a change to the transition
// table must change this test.
const Y = true;
const N = false;
const EXPECTED: Record<NoticeStatus, Record<NoticeStatus, boolean>> = {
  //                DRAFT SCHEDULED SENDING SENT PARTIALLY_FAILED FAILED CANCELLED ARCHIVED
  DRAFT: { DRAFT: N, SCHEDULED: Y, SENDING: Y, SENT: N, PARTIALLY_FAILED: N, FAILED: N, CANCELLED: Y, ARCHIVED: N },
  SCHEDULED: { DRAFT: Y, SCHEDULED: N, SENDING: Y, SENT: N, PARTIALLY_FAILED: N, FAILED: N, CANCELLED: Y, ARCHIVED: N },
  SENDING: { DRAFT: N, SCHEDULED: N, SENDING: N, SENT: Y, PARTIALLY_FAILED: Y, FAILED: Y, CANCELLED: N, ARCHIVED: N },
  SENT: { DRAFT: N, SCHEDULED: N, SENDING: N, SENT: N, PARTIALLY_FAILED: N, FAILED: N, CANCELLED: N, ARCHIVED: Y },
  PARTIALLY_FAILED: { DRAFT: N, SCHEDULED: N, SENDING: Y, SENT: N, PARTIALLY_FAILED: N, FAILED: N, CANCELLED: N, ARCHIVED: Y },
  FAILED: { DRAFT: N, SCHEDULED: N, SENDING: Y, SENT: N, PARTIALLY_FAILED: N, FAILED: N, CANCELLED: N, ARCHIVED: Y },
  CANCELLED: { DRAFT: N, SCHEDULED: N, SENDING: N, SENT: N, PARTIALLY_FAILED: N, FAILED: N, CANCELLED: N, ARCHIVED: N },
  ARCHIVED: { DRAFT: N, SCHEDULED: N, SENDING: N, SENT: N, PARTIALLY_FAILED: N, FAILED: N, CANCELLED: N, ARCHIVED: N },
};

const PAIRS = NOTICE_STATUSES.flatMap((from) => NOTICE_STATUSES.map((to) => [from, to, EXPECTED[from][to]] as const));

describe('notice statuses', () => {
  it('are the eight of DESIGN.md', () => {
    expect(NOTICE_STATUSES).toEqual(['DRAFT', 'SCHEDULED', 'SENDING', 'SENT', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED', 'ARCHIVED']);
  });

  it('recognises exactly those names', () => {
    for (const status of NOTICE_STATUSES) expect(isNoticeStatus(status)).toBe(true);
    for (const value of ['draft', 'Draft', 'DELETED', '', ' DRAFT', null, undefined, 1, {}]) expect(isNoticeStatus(value)).toBe(false);
  });
});

describe('notice transitions: all 64 pairs', () => {
  it('the expected matrix has 14 allowed transitions', () => {
    expect(PAIRS).toHaveLength(64);
    expect(PAIRS.filter(([, , allowed]) => allowed)).toHaveLength(14);
  });

  it.each(PAIRS)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
    const result = checkTransition(from, to);
    if (allowed) {
      expect(result).toEqual({ ok: true, from, to });
    } else {
      expect(result).toEqual({ ok: false, code: 'TRANSITION_NOT_ALLOWED', from, to });
    }
  });

  it('the exported table lists exactly the allowed targets', () => {
    for (const from of NOTICE_STATUSES) {
      const allowed = NOTICE_STATUSES.filter((to) => EXPECTED[from][to]);
      expect([...NOTICE_TRANSITIONS[from]].sort()).toEqual([...allowed].sort());
    }
  });

  it('no status transitions to itself, and CANCELLED and ARCHIVED are terminal', () => {
    for (const status of NOTICE_STATUSES) expect(canTransition(status, status)).toBe(false);
    expect(NOTICE_TRANSITIONS.CANCELLED).toEqual([]);
    expect(NOTICE_TRANSITIONS.ARCHIVED).toEqual([]);
  });

  it('refuses a status that is not one (data from outside)', () => {
    expect(canTransition('BOGUS' as NoticeStatus, 'SENT')).toBe(false);
    expect(checkTransition('BOGUS' as NoticeStatus, 'SENT')).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });
});

describe('isEditable and isSettled', () => {
  it.each([
    ['DRAFT', true, false],
    ['SCHEDULED', true, false],
    ['SENDING', false, false],
    ['SENT', false, true],
    ['PARTIALLY_FAILED', false, true],
    ['FAILED', false, true],
    ['CANCELLED', false, true],
    ['ARCHIVED', false, true],
  ] as const)('%s: editable %s, settled %s', (status, editable, settled) => {
    expect(isEditable(status)).toBe(editable);
    expect(isSettled(status)).toBe(settled);
  });
});

describe('noticeActions', () => {
  const EXPECTED_ACTIONS: Record<NoticeStatus, NoticeAction[]> = {
    DRAFT: ['EDIT', 'SCHEDULE', 'SEND_NOW', 'CANCEL', 'DUPLICATE'],
    SCHEDULED: ['EDIT', 'SCHEDULE', 'UNSCHEDULE', 'SEND_NOW', 'CANCEL', 'DUPLICATE'],
    SENDING: ['DUPLICATE'],
    SENT: ['ARCHIVE', 'DUPLICATE'],
    PARTIALLY_FAILED: ['RETRY_FAILED', 'ARCHIVE', 'DUPLICATE'],
    FAILED: ['RETRY_FAILED', 'ARCHIVE', 'DUPLICATE'],
    CANCELLED: ['DUPLICATE'],
    ARCHIVED: ['DUPLICATE'],
  };

  it.each(NOTICE_STATUSES.map((status) => [status] as const))('%s', (status) => {
    expect(noticeActions(status)).toEqual(EXPECTED_ACTIONS[status]);
  });

  it('every action that changes the status is an allowed transition', () => {
    const target: Partial<Record<NoticeAction, NoticeStatus>> = {
      UNSCHEDULE: 'DRAFT',
      SEND_NOW: 'SENDING',
      CANCEL: 'CANCELLED',
      RETRY_FAILED: 'SENDING',
      ARCHIVE: 'ARCHIVED',
    };
    for (const status of NOTICE_STATUSES) {
      for (const action of noticeActions(status)) {
        const to = target[action];
        if (to) expect(canTransition(status, to), `${status} ${action}`).toBe(true);
      }
    }
  });
});

describe('deliveryEffect', () => {
  it.each([
    ['DRAFT', 'SCHEDULED', 'CREATE'],
    ['DRAFT', 'SENDING', 'CREATE'],
    ['DRAFT', 'CANCELLED', 'NONE'],
    ['SCHEDULED', 'DRAFT', 'DISCARD_QUEUED'],
    ['SCHEDULED', 'SENDING', 'RELEASE'],
    ['SCHEDULED', 'CANCELLED', 'CANCEL_QUEUED'],
    ['SENDING', 'SENT', 'NONE'],
    ['SENDING', 'PARTIALLY_FAILED', 'NONE'],
    ['SENDING', 'FAILED', 'NONE'],
    ['PARTIALLY_FAILED', 'SENDING', 'REQUEUE_FAILED'],
    ['FAILED', 'SENDING', 'REQUEUE_FAILED'],
    ['SENT', 'ARCHIVED', 'NONE'],
    ['PARTIALLY_FAILED', 'ARCHIVED', 'NONE'],
    ['FAILED', 'ARCHIVED', 'NONE'],
  ] as const)('%s → %s: %s', (from, to, effect) => {
    expect(deliveryEffect(from, to)).toBe(effect);
  });

  it('covers every allowed transition and no refused one', () => {
    for (const [from, to, allowed] of PAIRS) {
      if (allowed) expect(deliveryEffect(from, to)).not.toBeNull();
      else expect(deliveryEffect(from, to)).toBeNull();
    }
  });
});

describe('checkSchedule', () => {
  it('schedules a draft for a future time', () => {
    const at = d('2026-03-02T09:00:00.000Z');
    const result = checkSchedule('DRAFT', at, NOW);
    expect(result).toEqual({ ok: true, from: 'DRAFT', to: 'SCHEDULED', scheduledAt: at, reschedule: false });
    if (result.ok) expect(result.scheduledAt).not.toBe(at);
  });

  it('accepts one millisecond after now', () => {
    expect(checkSchedule('DRAFT', new Date(NOW.getTime() + 1), NOW)).toMatchObject({ ok: true });
  });

  it('refuses now and the past', () => {
    expect(checkSchedule('DRAFT', new Date(NOW.getTime()), NOW)).toEqual({
      ok: false,
      code: 'SCHEDULE_NOT_IN_FUTURE',
      scheduledAt: NOW,
      now: NOW,
    });
    expect(checkSchedule('DRAFT', new Date(NOW.getTime() - 1), NOW)).toMatchObject({ ok: false, code: 'SCHEDULE_NOT_IN_FUTURE' });
    expect(checkSchedule('SCHEDULED', d('2020-01-01T00:00:00Z'), NOW)).toMatchObject({ ok: false, code: 'SCHEDULE_NOT_IN_FUTURE' });
  });

  it('refuses an invalid time', () => {
    expect(checkSchedule('DRAFT', new Date(Number.NaN), NOW)).toEqual({ ok: false, code: 'SCHEDULE_INVALID_TIME' });
    expect(checkSchedule('DRAFT', d('2026-04-01T00:00:00Z'), new Date(Number.NaN))).toEqual({ ok: false, code: 'SCHEDULE_INVALID_TIME' });
  });

  it('gives a scheduled notice a new time without a transition', () => {
    const at = d('2026-03-05T00:00:00Z');
    expect(checkSchedule('SCHEDULED', at, NOW)).toEqual({
      ok: true,
      from: 'SCHEDULED',
      to: 'SCHEDULED',
      scheduledAt: at,
      reschedule: true,
    });
  });

  it.each(['SENDING', 'SENT', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED', 'ARCHIVED'] as const)(
    'refuses from %s as a transition, before looking at the time',
    (from) => {
      const expected = { ok: false, code: 'TRANSITION_NOT_ALLOWED', from, to: 'SCHEDULED' };
      expect(checkSchedule(from, d('2026-03-05T00:00:00Z'), NOW)).toEqual(expected);
      expect(checkSchedule(from, d('2020-01-01T00:00:00Z'), NOW)).toEqual(expected);
    },
  );

  it('accepts exactly the times after now (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e10, max: 1e10 }), (offset) => {
        const result = checkSchedule('DRAFT', new Date(NOW.getTime() + offset), NOW);
        expect(result.ok).toBe(offset > 0);
      }),
    );
  });
});

describe('isScheduleDue', () => {
  it('is due once the time is reached, and only for a scheduled notice', () => {
    const at = d('2026-03-01T10:00:00.000Z');
    expect(isScheduleDue('SCHEDULED', at, new Date(at.getTime() - 1))).toBe(false);
    expect(isScheduleDue('SCHEDULED', at, at)).toBe(true);
    expect(isScheduleDue('SCHEDULED', at, new Date(at.getTime() + 1))).toBe(true);
    expect(isScheduleDue('DRAFT', at, new Date(at.getTime() + 1))).toBe(false);
    expect(isScheduleDue('CANCELLED', at, new Date(at.getTime() + 1))).toBe(false);
    expect(isScheduleDue('SCHEDULED', null, NOW)).toBe(false);
    expect(isScheduleDue('SCHEDULED', new Date(Number.NaN), NOW)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

const DELIVERY_EXPECTED: Record<DeliveryStatus, Record<DeliveryStatus, boolean>> = {
  QUEUED: { QUEUED: N, SENT: Y, FAILED: Y, CANCELLED: Y },
  SENT: { QUEUED: N, SENT: N, FAILED: N, CANCELLED: N },
  FAILED: { QUEUED: Y, SENT: N, FAILED: N, CANCELLED: N },
  CANCELLED: { QUEUED: N, SENT: N, FAILED: N, CANCELLED: N },
};
const DELIVERY_PAIRS = DELIVERY_STATUSES.flatMap((from) => DELIVERY_STATUSES.map((to) => [from, to, DELIVERY_EXPECTED[from][to]] as const));

describe('delivery transitions: all 16 pairs', () => {
  it('statuses', () => {
    expect(DELIVERY_STATUSES).toEqual(['QUEUED', 'SENT', 'FAILED', 'CANCELLED']);
    for (const status of DELIVERY_STATUSES) expect(isDeliveryStatus(status)).toBe(true);
    for (const value of ['queued', 'DELIVERED', '', null, 3]) expect(isDeliveryStatus(value)).toBe(false);
  });

  it.each(DELIVERY_PAIRS)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransitionDelivery(from, to)).toBe(allowed);
    expect(checkDeliveryTransition(from, to)).toEqual(
      allowed ? { ok: true, from, to } : { ok: false, code: 'DELIVERY_TRANSITION_NOT_ALLOWED', from, to },
    );
  });

  it('the exported table matches', () => {
    for (const from of DELIVERY_STATUSES) {
      expect([...DELIVERY_TRANSITIONS[from]].sort()).toEqual(DELIVERY_STATUSES.filter((to) => DELIVERY_EXPECTED[from][to]).sort());
    }
  });

  it('only QUEUED is not final', () => {
    expect(DELIVERY_STATUSES.filter((status) => !isFinalDeliveryStatus(status))).toEqual(['QUEUED']);
  });
});

describe('countDeliveries', () => {
  it('counts per status', () => {
    expect(countDeliveries([])).toEqual({ total: 0, queued: 0, sent: 0, failed: 0, cancelled: 0 });
    expect(countDeliveries(['QUEUED', 'SENT', 'SENT', 'FAILED', 'CANCELLED', 'QUEUED', 'SENT'])).toEqual({
      total: 7,
      queued: 2,
      sent: 3,
      failed: 1,
      cancelled: 1,
    });
  });
});

describe('rollUp', () => {
  it.each([
    [['SENT'], 'SENT'],
    [['SENT', 'SENT', 'SENT'], 'SENT'],
    [['SENT', 'FAILED'], 'PARTIALLY_FAILED'],
    [['FAILED', 'SENT', 'FAILED'], 'PARTIALLY_FAILED'],
    [['FAILED'], 'FAILED'],
    [['FAILED', 'FAILED'], 'FAILED'],
    [['QUEUED'], 'SENDING'],
    [['SENT', 'QUEUED'], 'SENDING'],
    [['FAILED', 'QUEUED', 'SENT'], 'SENDING'],
    [['SENT', 'CANCELLED'], 'SENT'],
    [['SENT', 'FAILED', 'CANCELLED'], 'PARTIALLY_FAILED'],
    [['FAILED', 'CANCELLED'], 'FAILED'],
    [['CANCELLED'], 'FAILED'],
    [[], 'FAILED'],
  ] as const)('%j → %s', (statuses, expected) => {
    expect(rollUp(statuses)).toBe(expected);
  });

  it('holds its rules for any mix of deliveries, in any order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...DELIVERY_STATUSES), { maxLength: 30 }), (statuses) => {
        const result = rollUp(statuses);
        const has = (status: DeliveryStatus) => statuses.includes(status);
        if (has('QUEUED')) expect(result).toBe('SENDING');
        else if (has('SENT') && has('FAILED')) expect(result).toBe('PARTIALLY_FAILED');
        else if (has('SENT')) expect(result).toBe('SENT');
        else expect(result).toBe('FAILED');
        expect(rollUp([...statuses].reverse())).toBe(result);
        if (result !== 'SENDING') expect(canTransition('SENDING', result)).toBe(true);
      }),
    );
  });
});

describe('settleNotice', () => {
  it('moves a sending notice once every delivery is final', () => {
    expect(settleNotice('SENDING', ['SENT', 'SENT'])).toEqual({ ok: true, from: 'SENDING', to: 'SENT' });
    expect(settleNotice('SENDING', ['SENT', 'FAILED'])).toEqual({ ok: true, from: 'SENDING', to: 'PARTIALLY_FAILED' });
    expect(settleNotice('SENDING', ['FAILED'])).toEqual({ ok: true, from: 'SENDING', to: 'FAILED' });
  });

  it('waits while deliveries are queued', () => {
    expect(settleNotice('SENDING', ['SENT', 'QUEUED', 'QUEUED'])).toEqual({ ok: false, code: 'DELIVERIES_PENDING', queued: 2 });
  });

  it.each(NOTICE_STATUSES.filter((status) => status !== 'SENDING').map((status) => [status] as const))(
    'does nothing to a %s notice',
    (status) => {
      expect(settleNotice(status, ['SENT'])).toEqual({ ok: false, code: 'NOTICE_NOT_SENDING', status });
    },
  );
});

describe('planRetry', () => {
  const deliveries = [
    { id: 'd1', status: 'SENT' },
    { id: 'd2', status: 'FAILED' },
    { id: 'd3', status: 'FAILED' },
    { id: 'd4', status: 'CANCELLED' },
  ] as const;

  it('re-queues every failed delivery, and only those', () => {
    expect(planRetry('PARTIALLY_FAILED', deliveries)).toEqual({ ok: true, from: 'PARTIALLY_FAILED', to: 'SENDING', requeue: ['d2', 'd3'] });
    expect(planRetry('FAILED', [{ id: 'x', status: 'FAILED' }])).toEqual({ ok: true, from: 'FAILED', to: 'SENDING', requeue: ['x'] });
  });

  it('re-queues only the chosen failed deliveries (each once)', () => {
    expect(planRetry('PARTIALLY_FAILED', deliveries, ['d3'])).toMatchObject({ ok: true, requeue: ['d3'] });
    expect(planRetry('PARTIALLY_FAILED', deliveries, ['d3', 'd2', 'd3'])).toMatchObject({ ok: true, requeue: ['d3', 'd2'] });
  });

  it('refuses a chosen delivery that is not failed, or not the notice’s', () => {
    expect(planRetry('PARTIALLY_FAILED', deliveries, ['d2', 'd1'])).toEqual({
      ok: false,
      code: 'DELIVERY_NOT_RETRYABLE',
      deliveryId: 'd1',
      status: 'SENT',
    });
    expect(planRetry('PARTIALLY_FAILED', deliveries, ['d4'])).toMatchObject({ code: 'DELIVERY_NOT_RETRYABLE', status: 'CANCELLED' });
    expect(planRetry('PARTIALLY_FAILED', deliveries, ['other'])).toEqual({ ok: false, code: 'DELIVERY_NOT_FOUND', deliveryId: 'other' });
  });

  it('refuses when there is nothing to retry', () => {
    expect(planRetry('FAILED', [])).toEqual({ ok: false, code: 'NOTHING_TO_RETRY' });
    expect(planRetry('FAILED', [{ id: 'c', status: 'CANCELLED' }])).toEqual({ ok: false, code: 'NOTHING_TO_RETRY' });
    expect(planRetry('PARTIALLY_FAILED', deliveries, [])).toEqual({ ok: false, code: 'NOTHING_TO_RETRY' });
  });

  it.each(['DRAFT', 'SCHEDULED', 'SENDING', 'SENT', 'CANCELLED', 'ARCHIVED'] as const)('refuses from %s as a transition', (status) => {
    expect(planRetry(status, deliveries)).toEqual({ ok: false, code: 'TRANSITION_NOT_ALLOWED', from: status, to: 'SENDING' });
  });

  it('the re-queued fields start a new round of attempts, due now', () => {
    const fields = requeueFields(NOW);
    expect(fields).toEqual({ status: 'QUEUED', attempts: 0, nextAttemptAt: NOW });
    expect(fields.nextAttemptAt).not.toBe(NOW);
    expect(canTransitionDelivery('FAILED', fields.status)).toBe(true);
  });
});

describe('messageIdFor', () => {
  it('is stable for a delivery and shaped as a Message-ID', () => {
    const id = '3f6c2a9e-1b2c-4d5e-8f90-0a1b2c3d4e5f';
    expect(messageIdFor(id, 'contoso-partners.example')).toBe('<3f6c2a9e-1b2c-4d5e-8f90-0a1b2c3d4e5f@contoso-partners.example>');
    expect(messageIdFor(id, 'contoso-partners.example')).toBe(messageIdFor(id, 'contoso-partners.example'));
  });

  it('cannot be broken by odd characters', () => {
    expect(messageIdFor('a>b\r\nX: y', 'Mail.Example\r\n>')).toBe('<abXy@mail.example>');
    expect(messageIdFor('', '')).toBe('<delivery@localhost>');
  });
});

// ---------------------------------------------------------------------------------------------

describe('nextAttempt', () => {
  it('backs off exponentially from one minute, capped at an hour, for 8 attempts in all', () => {
    const delays: number[] = [];
    for (let attempts = 1; attempts < DEFAULT_RETRY_POLICY.maxAttempts; attempts += 1) {
      const next = nextAttempt(attempts, NOW);
      if (!next.ok) throw new Error(`no attempt after ${attempts}`);
      expect(next.at.getTime() - NOW.getTime()).toBe(next.delayMs);
      delays.push(next.delayMs / MINUTE);
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 60]);
    expect(nextAttempt(8, NOW)).toEqual({ ok: false, code: 'MAX_ATTEMPTS_REACHED', attempts: 8 });
    expect(nextAttempt(9, NOW)).toEqual({ ok: false, code: 'MAX_ATTEMPTS_REACHED', attempts: 9 });
  });

  it('follows a given policy', () => {
    const policy: RetryPolicy = { baseDelayMs: 100, factor: 3, maxDelayMs: 1_000, maxAttempts: 5, jitterRatio: 0 };
    const delays = [1, 2, 3, 4].map((attempts) => {
      const next = nextAttempt(attempts, NOW, policy);
      return next.ok ? next.delayMs : -1;
    });
    expect(delays).toEqual([100, 300, 900, 1_000]);
    expect(nextAttempt(5, NOW, policy)).toMatchObject({ ok: false, code: 'MAX_ATTEMPTS_REACHED' });
  });

  it('a policy of one attempt never retries', () => {
    expect(nextAttempt(1, NOW, { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 })).toMatchObject({ ok: false });
  });

  it('takes up to jitterRatio of the delay off, from the caller’s random number', () => {
    const at = (jitter: number) => {
      const next = nextAttempt(3, NOW, DEFAULT_RETRY_POLICY, jitter);
      return next.ok ? next.delayMs : -1;
    };
    expect(at(0)).toBe(4 * MINUTE);
    expect(at(0.5)).toBe(4 * MINUTE * 0.9);
    expect(at(1)).toBe(4 * MINUTE * 0.8);
    expect(at(7)).toBe(4 * MINUTE * 0.8);
    expect(at(-1)).toBe(4 * MINUTE);
    expect(at(Number.NaN)).toBe(4 * MINUTE);
  });

  it('reads odd attempt counts safely', () => {
    const first = nextAttempt(1, NOW);
    expect(nextAttempt(0, NOW)).toEqual(first);
    expect(nextAttempt(-3, NOW)).toEqual(first);
    expect(nextAttempt(2.9, NOW)).toEqual(nextAttempt(2, NOW));
    expect(nextAttempt(Number.NaN, NOW)).toMatchObject({ ok: false, code: 'MAX_ATTEMPTS_REACHED' });
    expect(nextAttempt(Number.POSITIVE_INFINITY, NOW)).toMatchObject({ ok: false, code: 'MAX_ATTEMPTS_REACHED' });
  });

  it('never overflows: a huge attempt count under a generous policy is the cap', () => {
    const next = nextAttempt(5_000, NOW, { ...DEFAULT_RETRY_POLICY, maxAttempts: 10_000 });
    expect(next).toEqual({ ok: true, at: new Date(NOW.getTime() + 3_600_000), delayMs: 3_600_000 });
  });

  it('is later than now, never beyond the cap, and never shorter for more attempts (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 10 ** 6 }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.integer({ min: 1, max: 10 ** 8 }),
        (attempts, base, factor, cap) => {
          const policy: RetryPolicy = { baseDelayMs: base, factor, maxDelayMs: cap, maxAttempts: 100, jitterRatio: 0 };
          const a = nextAttempt(attempts, NOW, policy);
          const b = nextAttempt(attempts + 1, NOW, policy);
          if (!a.ok || !b.ok) throw new Error('expected attempts');
          expect(a.delayMs).toBeGreaterThan(0);
          expect(a.delayMs).toBeLessThanOrEqual(Math.max(cap, 0));
          expect(b.delayMs).toBeGreaterThanOrEqual(a.delayMs);
          expect(a.at.getTime()).toBe(NOW.getTime() + a.delayMs);
        },
      ),
    );
  });
});

describe('classifySmtpFailure', () => {
  it.each([421, 450, 451, 452, 454, 499])('reply %i is temporary', (code) => {
    expect(classifySmtpFailure(code)).toEqual({ kind: 'TEMPORARY', reason: 'SMTP_TRANSIENT', responseCode: code });
  });

  it.each([500, 501, 535, 550, 551, 552, 553, 554, 599])('reply %i is permanent', (code) => {
    expect(classifySmtpFailure(code)).toEqual({ kind: 'PERMANENT', reason: 'SMTP_PERMANENT', responseCode: code });
  });

  it.each([
    ['ECONNREFUSED', 'CONNECTION'],
    ['ECONNRESET', 'CONNECTION'],
    ['ECONNECTION', 'CONNECTION'],
    ['ESOCKET', 'CONNECTION'],
    ['EDNS', 'CONNECTION'],
    ['ETLS', 'CONNECTION'],
    ['EPROTOCOL', 'CONNECTION'],
    ['EHOSTUNREACH', 'CONNECTION'],
    ['ENETUNREACH', 'CONNECTION'],
    ['ENOTFOUND', 'CONNECTION'],
    ['EAI_AGAIN', 'CONNECTION'],
    ['EPIPE', 'CONNECTION'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['ESOCKETTIMEDOUT', 'TIMEOUT'],
  ] as const)('error code %s is temporary (%s), as a string or an error', (code, reason) => {
    expect(classifySmtpFailure(code)).toEqual({ kind: 'TEMPORARY', reason, errorCode: code });
    expect(classifySmtpFailure(code.toLowerCase())).toEqual({ kind: 'TEMPORARY', reason, errorCode: code });
    const error = Object.assign(new Error('connect failed'), { code });
    expect(classifySmtpFailure(error)).toEqual({ kind: 'TEMPORARY', reason, errorCode: code });
  });

  it.each(['EENVELOPE', 'EMESSAGE', 'EREQUIRETLS'])('%s without a reply code is permanent: the message cannot be sent as it is', (code) => {
    expect(classifySmtpFailure({ code })).toEqual({ kind: 'PERMANENT', reason: 'INVALID_MESSAGE', errorCode: code });
  });

  it('reads nodemailer errors: the reply code decides over the error code', () => {
    const rejected = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 No such user"), {
      code: 'EENVELOPE',
      response: '550 5.1.1 No such user',
      responseCode: 550,
      command: 'RCPT TO',
    });
    expect(classifySmtpFailure(rejected)).toEqual({
      kind: 'PERMANENT',
      reason: 'SMTP_PERMANENT',
      responseCode: 550,
      errorCode: 'EENVELOPE',
    });
    const greylisted = Object.assign(new Error('Mail command failed: 451 4.7.1 Greylisted'), {
      code: 'EENVELOPE',
      response: '451 4.7.1 Greylisted',
      responseCode: 451,
    });
    expect(classifySmtpFailure(greylisted)).toEqual({
      kind: 'TEMPORARY',
      reason: 'SMTP_TRANSIENT',
      responseCode: 451,
      errorCode: 'EENVELOPE',
    });
    const auth = Object.assign(new Error('Invalid login: 535 5.7.8 Authentication failed'), { code: 'EAUTH', responseCode: 535 });
    expect(classifySmtpFailure(auth)).toMatchObject({ kind: 'PERMANENT', reason: 'SMTP_PERMANENT', responseCode: 535 });
  });

  it('reads the reply text when there is no reply code', () => {
    expect(classifySmtpFailure({ response: '452 4.3.1 Insufficient system storage' })).toMatchObject({
      kind: 'TEMPORARY',
      responseCode: 452,
    });
    expect(classifySmtpFailure({ response: '554-5.7.1 Rejected\r\n554 5.7.1 Policy' })).toMatchObject({
      kind: 'PERMANENT',
      responseCode: 554,
    });
    expect(classifySmtpFailure('451 4.7.1 Try again later')).toMatchObject({ kind: 'TEMPORARY', responseCode: 451 });
    expect(classifySmtpFailure('550-5.1.1 User unknown')).toMatchObject({ kind: 'PERMANENT', responseCode: 550 });
    expect(classifySmtpFailure('  553 bad address')).toMatchObject({ kind: 'PERMANENT', responseCode: 553 });
  });

  it('looks at the cause when the error itself says nothing', () => {
    expect(classifySmtpFailure({ cause: { code: 'ECONNREFUSED' } })).toEqual({
      kind: 'TEMPORARY',
      reason: 'CONNECTION',
      errorCode: 'ECONNREFUSED',
    });
    expect(classifySmtpFailure(new Error('wrapped', { cause: { responseCode: 550 } }))).toMatchObject({
      kind: 'PERMANENT',
      responseCode: 550,
    });
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(classifySmtpFailure(loop)).toEqual({ kind: 'TEMPORARY', reason: 'UNKNOWN' });
  });

  it('treats anything unrecognised as temporary (bounded by the attempt limit)', () => {
    expect(classifySmtpFailure(undefined)).toEqual({ kind: 'TEMPORARY', reason: 'UNKNOWN' });
    expect(classifySmtpFailure(null)).toEqual({ kind: 'TEMPORARY', reason: 'UNKNOWN' });
    expect(classifySmtpFailure(new Error('boom'))).toEqual({ kind: 'TEMPORARY', reason: 'UNKNOWN' });
    expect(classifySmtpFailure({ code: 'EWHATEVER' })).toEqual({ kind: 'TEMPORARY', reason: 'UNKNOWN', errorCode: 'EWHATEVER' });
    expect(classifySmtpFailure(250)).toEqual({ kind: 'TEMPORARY', reason: 'UNKNOWN' });
    expect(classifySmtpFailure(600)).toEqual({ kind: 'TEMPORARY', reason: 'UNKNOWN' });
    expect(classifySmtpFailure(450.5)).toEqual({ kind: 'TEMPORARY', reason: 'UNKNOWN' });
    expect(classifySmtpFailure('Connection closed')).toEqual({ kind: 'TEMPORARY', reason: 'UNKNOWN' });
    expect(classifySmtpFailure('5500 not a reply')).toEqual({ kind: 'TEMPORARY', reason: 'UNKNOWN' });
    expect(classifySmtpFailure({ responseCode: 250, code: 'ECONNRESET' })).toMatchObject({ kind: 'TEMPORARY', reason: 'CONNECTION' });
  });

  it('every 4xx is temporary and every 5xx permanent (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), fc.constantFrom(undefined, 'EENVELOPE', 'ESOCKET', 'EAUTH'), (responseCode, code) => {
        const expected = responseCode < 500 ? 'TEMPORARY' : 'PERMANENT';
        expect(classifySmtpFailure({ responseCode, code }).kind).toBe(expected);
        expect(classifySmtpFailure(`${responseCode} text`).kind).toBe(expected);
      }),
    );
  });
});

describe('afterFailedAttempt', () => {
  it('fails a permanent failure at once, even on the first attempt', () => {
    expect(afterFailedAttempt(1, { responseCode: 550 }, NOW)).toEqual({
      status: 'FAILED',
      code: 'PERMANENT_FAILURE',
      failure: { kind: 'PERMANENT', reason: 'SMTP_PERMANENT', responseCode: 550 },
    });
  });

  it('keeps a temporary failure queued for the next attempt', () => {
    expect(afterFailedAttempt(1, { responseCode: 451 }, NOW)).toEqual({
      status: 'QUEUED',
      nextAttemptAt: new Date(NOW.getTime() + MINUTE),
      failure: { kind: 'TEMPORARY', reason: 'SMTP_TRANSIENT', responseCode: 451 },
    });
    expect(afterFailedAttempt(3, 'ECONNREFUSED', NOW)).toMatchObject({
      status: 'QUEUED',
      nextAttemptAt: new Date(NOW.getTime() + 4 * MINUTE),
    });
  });

  it('fails a temporary failure once the attempts run out', () => {
    expect(afterFailedAttempt(8, 'ETIMEDOUT', NOW)).toEqual({
      status: 'FAILED',
      code: 'MAX_ATTEMPTS_REACHED',
      failure: { kind: 'TEMPORARY', reason: 'TIMEOUT', errorCode: 'ETIMEDOUT' },
    });
  });

  it('a relay down for a while: every attempt is retried until the limit, then the delivery fails', () => {
    const policy: RetryPolicy = { baseDelayMs: 1_000, factor: 2, maxDelayMs: 8_000, maxAttempts: 6, jitterRatio: 0 };
    let now = NOW;
    const waits: number[] = [];
    for (let attempts = 1; ; attempts += 1) {
      const outcome = afterFailedAttempt(attempts, { code: 'ECONNECTION' }, now, policy);
      if (outcome.status === 'FAILED') {
        expect(outcome.code).toBe('MAX_ATTEMPTS_REACHED');
        expect(attempts).toBe(6);
        break;
      }
      waits.push(outcome.nextAttemptAt.getTime() - now.getTime());
      now = outcome.nextAttemptAt;
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });
});
