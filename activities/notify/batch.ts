// Group commit: a call made while the same kind of statement is in flight joins the next one, so
// under load many deliveries share one statement and one commit, and when idle nothing waits.

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

export interface BatchOptions {
  /** At most this many items per run. */
  maxBatch?: number;
  /**
   * Under load (a run ended less than this many ms ago), a call that finds nothing in flight waits
   * up to this long for others to join it, or until `maxBatch` are waiting. Idle, it runs at once.
   */
  collectMs?: number;
}

/**
 * For the statements before a message is sent (its recipients, its outbox row): under load a call
 * can wait a moment for others without keeping a relay connection idle, since calls queue for those
 * anyway. Fewer statements, each database round trip shared by more messages (bench/email-throughput.ts).
 * Not for the acceptance: the longer it waits, the more a crash leaves rows UNCERTAIN.
 */
export const BEFORE_SENDING: BatchOptions = { collectMs: 20 };

/** `run` gets the waiting items in order and returns one result per item. */
export function batched<I, O>(
  run: (items: I[]) => Promise<O[]>,
  { maxBatch = 200, collectMs = 0 }: BatchOptions = {},
): (item: I) => Promise<O> {
  const queue: Pending<I, O>[] = [];
  let running = false;
  let lastEnded = -Infinity;
  let collecting: ReturnType<typeof setTimeout> | undefined;
  async function drain(): Promise<void> {
    collecting = undefined;
    running = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await run(batch.map((p) => p.item));
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    running = false;
    lastEnded = performance.now();
  }
  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (running) return;
      if (collecting !== undefined) {
        if (queue.length < maxBatch) return;
        clearTimeout(collecting);
      } else if (collectMs > 0 && performance.now() - lastEnded < collectMs && queue.length < maxBatch) {
        collecting = setTimeout(() => void drain(), collectMs);
        return;
      }
      void drain();
    });
}
