// A FIFO gate with a fixed number of places: a message waits here, in its own attempt, rather than
// in a transport's internal queue where a timed-out attempt could no longer take it back.

export class GateClosedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'GateClosedError';
  }
}

interface Waiter {
  grant: (release: () => void) => void;
  fail: (err: Error) => void;
}

export class Gate {
  private active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly places: number) {
    if (!Number.isInteger(places) || places < 1) throw new Error('a gate needs at least one place');
  }

  /** Number of callers holding a place. */
  get inUse(): number {
    return this.active;
  }

  /** Resolves with a release function once a place is free; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new GateClosedError(String(signal.reason ?? 'aborted')));
    if (this.active < this.places) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new GateClosedError(String(signal?.reason ?? 'aborted')));
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        fail: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Fails every waiter (shutdown). */
  close(reason: string): void {
    for (const waiter of this.waiters.splice(0)) waiter.fail(new GateClosedError(reason));
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.grant(this.releaser());
      else this.active -= 1;
    };
  }
}
