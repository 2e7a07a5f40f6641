import type { ActivityOptions } from '@temporalio/workflow';

// Activity option presets: every retry is bounded, either by attempts or by how long the result
// stays worth having.

const MINUTE = 60_000;

/** Database mirror writes and look-ups: quick, retried through a database restart, given up after an hour. */
export const DATABASE: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/** A broadcast to every report of a cycle: long, but its heartbeats show it alive and keep its place. */
export const BROADCAST: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  scheduleToCloseTimeout: '6 hours',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/** Longest a message is retried when it has no `usefulUntil` of its own (receipts, notices of a decision). */
export const DEFAULT_MESSAGE_LIFETIME_MS = 7 * 24 * 60 * MINUTE;
/** Time left after `usefulUntil` for the activity to record deliveries it could not make as skipped. */
export const SKIP_GRACE_MS = 5 * MINUTE;

/**
 * One `notify` call. Its heartbeats hold the outbox claim, so a dead worker is noticed in seconds and
 * the retry runs while the message is still useful; the schedule-to-close timeout is how long the
 * message stays worth sending (plus the grace to record it skipped).
 */
export function notifyOptions(now: number, usefulUntil?: number, summary?: string): ActivityOptions {
  const until = usefulUntil ?? now + DEFAULT_MESSAGE_LIFETIME_MS;
  const useful = Math.max(until - now, 0);
  return {
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: '10 seconds',
    scheduleToCloseTimeout: useful + SKIP_GRACE_MS,
    retry: {
      initialInterval: '2 seconds',
      backoffCoefficient: 2,
      // Retries back off, but never so far that fewer than ~10 fit in the time the message stays
      // useful: a reminder owed in an hour is not left waiting 2 minutes after each crash.
      maximumInterval: Math.min(2 * MINUTE, Math.max(2_000, Math.floor(useful / 10))),
      nonRetryableErrorTypes: ['InvalidNotification'],
    },
    ...(summary ? { summary } : {}),
  };
}
