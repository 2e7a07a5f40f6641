// Group commit: a call made while the same kind of statement is in flight joins the next one, so
// under load many deliveries share one statement and one commit, and when idle nothing waits.

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

/** `run` gets the waiting items in order and returns one result per item. */
export function batched<I, O>(run: (items: I[]) => Promise<O[]>, maxBatch = 200): (item: I) => Promise<O> {
  const queue: Pending<I, O>[] = [];
  let running = false;
  async function drain(): Promise<void> {
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
  }
  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!running) void drain();
    });
}
