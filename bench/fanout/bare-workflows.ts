import { condition, ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';

// The bare baseline of the fan-out bench: a parent starting N no-op children in batches, each
// child running one no-op activity and then waiting, as a report waits for its deadline. Its own
// small bundle: nothing of the project is imported.

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

export async function bareParent(input: { units: number; batch: number; prefix: string }): Promise<number> {
  for (let i = 0; i < input.units; i += input.batch) {
    const ids = Array.from({ length: Math.min(input.batch, input.units - i) }, (_, j) => i + j);
    await Promise.all(
      ids.map((n) =>
        startChild(bareChild, {
          workflowId: `${input.prefix}-${n}`,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowExecutionTimeout: '1 day',
        }),
      ),
    );
  }
  return input.units;
}

export async function bareChild(): Promise<void> {
  await noop();
  await condition(() => false, '30 days');
}
