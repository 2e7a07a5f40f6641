import { msToNumber } from '@temporalio/common/lib/time';
import {
  DEFAULT_MESSAGE_LIFETIME_MS,
  notifyOptions,
  SKIP_GRACE_MS,
} from '../../workflows/kit/activity-options';

// The notify preset: how long a message is retried and how far its retries back off.

const NOW = Date.UTC(2027, 2, 15, 1, 0);
const MINUTE = 60_000;

function options(usefulForMs?: number) {
  const o = notifyOptions(NOW, usefulForMs === undefined ? undefined : NOW + usefulForMs);
  return {
    scheduleToClose: msToNumber(o.scheduleToCloseTimeout!),
    maximumInterval: msToNumber(o.retry!.maximumInterval!),
  };
}

describe('notifyOptions', () => {
  it('retries a message while it is useful, plus the grace to record it skipped', () => {
    expect(options(3 * 24 * 60 * MINUTE).scheduleToClose).toBe(3 * 24 * 60 * MINUTE + SKIP_GRACE_MS);
    expect(options().scheduleToClose).toBe(DEFAULT_MESSAGE_LIFETIME_MS + SKIP_GRACE_MS);
    // Already past its use: only the grace, in which the activity records it skipped.
    expect(options(-MINUTE).scheduleToClose).toBe(SKIP_GRACE_MS);
  });

  it('backs off at most 2 minutes, and never so far that fewer than ~10 retries fit in the useful time', () => {
    expect(options(3 * 24 * 60 * MINUTE).maximumInterval).toBe(2 * MINUTE);
    expect(options(20 * MINUTE).maximumInterval).toBe(2 * MINUTE);
    // A reminder owed within 10 minutes (a drill step, or the due-day reminder near its hour).
    expect(options(10 * MINUTE).maximumInterval).toBe(MINUTE);
    expect(options(70_000).maximumInterval).toBe(7_000);
    // Never below the first interval.
    expect(options(5_000).maximumInterval).toBe(2_000);
    expect(options(-MINUTE).maximumInterval).toBe(2_000);
  });
});
