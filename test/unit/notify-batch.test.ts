import { batched } from '../../activities/notify/batch';

// Group commit of notify's statements: who shares a run, and when a call waits for others.

/** A run that records its batches and finishes when told. */
function recorder() {
  const runs: number[][] = [];
  const finish: (() => void)[] = [];
  const run = (items: number[]) =>
    new Promise<number[]>((resolve) => {
      runs.push(items);
      finish.push(() => resolve(items.map((i) => i * 10)));
    });
  return { runs, finish, run };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('batched', () => {
  test('idle: a call runs at once; calls made while it runs share the next run, in order', async () => {
    const r = recorder();
    const call = batched(r.run);
    const first = call(1);
    expect(r.runs).toEqual([[1]]);
    const later = [call(2), call(3), call(4)];
    await flush();
    expect(r.runs).toEqual([[1]]);
    r.finish[0]!();
    await expect(first).resolves.toBe(10);
    await flush();
    expect(r.runs).toEqual([[1], [2, 3, 4]]);
    r.finish[1]!();
    await expect(Promise.all(later)).resolves.toEqual([20, 30, 40]);
  });

  test('a failed run rejects only its own calls', async () => {
    let n = 0;
    const call = batched(async (items: number[]) => {
      n += 1;
      if (n === 1) throw new Error('database away');
      return items;
    });
    const a = call(1);
    const b = call(2);
    await expect(a).rejects.toThrow('database away');
    await expect(b).resolves.toBe(2);
  });

  test('maxBatch bounds a run', async () => {
    const r = recorder();
    const call = batched(r.run, { maxBatch: 2 });
    void call(1);
    const rest = [2, 3, 4, 5].map(call);
    r.finish[0]!();
    await flush();
    expect(r.runs).toEqual([[1], [2, 3]]);
    r.finish[1]!();
    await flush();
    expect(r.runs).toEqual([[1], [2, 3], [4, 5]]);
    r.finish[2]!();
    await expect(Promise.all(rest)).resolves.toEqual([20, 30, 40, 50]);
  });

  describe('collect window', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] }));
    afterEach(() => jest.useRealTimers());

    test('under load a call waits up to collectMs for others; idle it does not', async () => {
      const r = recorder();
      const call = batched(r.run, { collectMs: 20 });
      // Idle: at once.
      const first = call(1);
      expect(r.runs).toEqual([[1]]);
      r.finish[0]!();
      await first;
      // A run just ended: the next call waits for company.
      const second = call(2);
      const third = call(3);
      jest.advanceTimersByTime(19);
      expect(r.runs).toEqual([[1]]);
      jest.advanceTimersByTime(1);
      expect(r.runs).toEqual([[1], [2, 3]]);
      r.finish[1]!();
      await expect(Promise.all([second, third])).resolves.toEqual([20, 30]);
      // Quiet for longer than the window: at once again.
      jest.advanceTimersByTime(21);
      void call(4);
      expect(r.runs).toEqual([[1], [2, 3], [4]]);
    });

    test('a full batch does not wait for the window', async () => {
      const r = recorder();
      const call = batched(r.run, { collectMs: 20, maxBatch: 3 });
      void call(1);
      r.finish[0]!();
      await flush();
      void call(2);
      void call(3);
      expect(r.runs).toEqual([[1]]);
      void call(4);
      expect(r.runs).toEqual([[1], [2, 3, 4]]);
    });
  });
});
