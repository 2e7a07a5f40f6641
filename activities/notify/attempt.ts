import { asyncLocalStorage } from '@temporalio/activity';

// One run of the notify activity: it heartbeats while it works (so a dead worker is noticed within
// the heartbeat timeout), keeps the leases of the rows it holds alive, and says when it must stop
// starting anything new (cancelled, timed out, or its leases can no longer be vouched for).

export interface NotifyTiming {
  /** How long a claim lasts without renewal. */
  leaseMs: number;
  /** Renew held leases this often (well inside leaseMs). */
  renewEveryMs: number;
  /** A message is handed to a transport only if its lease has at least this much left. */
  leaseMarginMs: number;
  /** Heartbeat period (the workflows set heartbeatTimeout ≈ 10 s; the SDK throttles what it sends). */
  heartbeatEveryMs: number;
  /**
   * No heartbeat before an attempt has run this long. Each heartbeat is a write on the Temporal
   * server, and most attempts end sooner (in a fan-out, two heartbeats per notify doubled the
   * server's activity writes); the server's heartbeat timeout counts from the start meanwhile.
   * Capped at half the attempt's start-to-close and heartbeat timeouts.
   */
  quietMs: number;
  /** How long to wait for a row another live attempt holds before giving up this attempt. */
  leaseWaitMs: number;
  /** How long to keep retrying the record of an accepted message once the attempt is cancelled. */
  recordGraceMs: number;
}

// The lease runs out about when the server gives up on a silent attempt (heartbeat timeout 10 s), so
// the retry finds the row free instead of waiting for it. A holder that cannot renew stops before
// its lease does (leaseMarginMs), and only the holder's claim may mark a transmission.
export const DEFAULT_TIMING: NotifyTiming = {
  leaseMs: 12_000,
  renewEveryMs: 3_000,
  leaseMarginMs: 4_000,
  heartbeatEveryMs: 1_000,
  quietMs: 3_000,
  leaseWaitMs: 30_000,
  recordGraceMs: 10_000,
};

type Log = (level: 'warn' | 'error' | 'info', message: string, meta: Record<string, unknown>) => void;

export interface Attempt {
  readonly signal: AbortSignal;
  cancelled(): boolean;
  /** The lease on `id` is ours and long enough to start a transmission. */
  mayTransmit(id: number): boolean;
  /** Starts holding the lease on `id`, written until `leaseUntil` (app clock). */
  hold(id: number, leaseUntil: Date): void;
  unhold(id: number): void;
  /** Cancellable wait; resolves false if the attempt was cancelled meanwhile. */
  sleep(ms: number): Promise<boolean>;
  log: Log;
  stop(): void;
}

export function startAttempt(opts: {
  timing: NotifyTiming;
  now: () => Date;
  /** Extends the leases of `ids` to now + leaseMs. */
  renew: (ids: number[]) => Promise<void>;
}): Attempt {
  const { timing } = opts;
  const context = asyncLocalStorage.getStore();
  const signal = context?.cancellationSignal ?? new AbortController().signal;
  const logger = context?.log;
  /** Row id → monotonic instant (ms) until which its lease is known to hold. */
  const held = new Map<number, number>();
  const clock = () => performance.now();
  let renewing = false;
  const startedAt = clock();
  let lastRenewal = startedAt;
  // An attempt allowed little time (a short start-to-close or heartbeat timeout) heartbeats from half
  // of it: the server's answer to a heartbeat is how it learns it was timed out or cancelled.
  const info = context?.info;
  const quietMs = Math.min(
    timing.quietMs,
    info ? info.startToCloseTimeoutMs / 2 : Infinity,
    info?.heartbeatTimeoutMs ? info.heartbeatTimeoutMs / 2 : Infinity,
  );

  const heartbeat = () => {
    try {
      context?.heartbeat();
    } catch {
      // Heartbeat details that cannot be sent are not ours to fix here.
    }
  };
  const tick = () => {
    if (clock() - startedAt >= quietMs) heartbeat();
    if (renewing || held.size === 0 || clock() - lastRenewal < timing.renewEveryMs) return;
    renewing = true;
    const started = clock();
    const ids = [...held.keys()];
    opts
      .renew(ids)
      .then(
        () => {
          lastRenewal = started;
          for (const id of ids) if (held.has(id)) held.set(id, started + timing.leaseMs);
        },
        () => undefined, // the database is away: leases run down, and mayTransmit() says so
      )
      .finally(() => (renewing = false));
  };
  const timer = setInterval(tick, timing.heartbeatEveryMs);
  timer.unref();

  return {
    signal,
    cancelled: () => signal.aborted,
    mayTransmit(id) {
      const until = held.get(id);
      return !signal.aborted && until !== undefined && until - clock() > timing.leaseMarginMs;
    },
    hold(id, leaseUntil) {
      // Counted from the instant the lease was computed, not from now: a slow write shortens it.
      held.set(id, clock() + leaseUntil.getTime() - opts.now().getTime());
    },
    unhold(id) {
      held.delete(id);
    },
    sleep(ms) {
      if (signal.aborted) return Promise.resolve(false);
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          resolve(!signal.aborted);
        };
        const t = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
      });
    },
    log(level, message, meta) {
      logger?.[level](message, meta);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
