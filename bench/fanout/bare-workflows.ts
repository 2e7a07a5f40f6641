import {
  condition,
  continueAsNew,
  ParentClosePolicy,
  proxyActivities,
  startChild,
} from '@temporalio/workflow';

// The bare baseline of the fan-out bench: a parent starting N no-op children in batches, each
// child running one no-op activity and then waiting, as a report waits for its deadline. Its own
// small bundle: nothing of the project is imported. The parent continues as new every
// `perRun` children, since the server refuses more than 2,000 pending children in one run (the
// project's cycle does the same at its own limit).

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

export interface BareParentInput {
  units: number;
  batch: number;
  prefix: string;
  /** Children started per run before continuing as new (default 1,000). */
  perRun?: number;
  /** Where this run starts (set by the continuation). */
  from?: number;
}

export async function bareParent(input: BareParentInput): Promise<number> {
  const from = input.from ?? 0;
  const end = Math.min(input.units, from + (input.perRun ?? 1_000));
  for (let i = from; i < end; i += input.batch) {
    const ids = Array.from({ length: Math.min(input.batch, end - i) }, (_, j) => i + j);
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
  if (end < input.units) await continueAsNew<typeof bareParent>({ ...input, from: end });
  return input.units;
}

export async function bareChild(): Promise<void> {
  await noop();
  await condition(() => false, '30 days');
}
