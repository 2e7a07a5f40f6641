import { log } from '@temporalio/workflow';

// The database mirror of a workflow's state, written in order. Each write takes the state as it is
// when the write runs and carries a version that only grows (workflow time in microseconds, bumped
// past the previous one), so the database keeps the newest snapshot even when an older attempt of a
// write lands late, and a later run of the same workflow ID still writes over an earlier one.

export interface Mirror {
  /** Queues a write of the current state; resolves when it (and every earlier one) is done. */
  write(): Promise<void>;
  /** Resolves when every queued write is done. */
  flush(): Promise<void>;
}

export function createMirror(writeSnapshot: (version: number) => Promise<unknown>, name: string): Mirror {
  let chain: Promise<void> = Promise.resolve();
  let last = 0;
  const nextVersion = () => {
    last = Math.max(last + 1, Date.now() * 1000);
    return last;
  };
  return {
    write() {
      chain = chain
        .then(() => writeSnapshot(nextVersion()))
        .then(
          () => undefined,
          // The next write carries the whole state again: a failed one is logged, not fatal.
          (err: unknown) => log.error('database mirror write failed', { mirror: name, error: String(err) }),
        );
      return chain;
    },
    flush: () => chain,
  };
}
