import { proxyActivities } from '@temporalio/workflow';
import type { NotifyInput, NotifyResult } from '../../../activities/notify-contract';

// A test workflow that only calls notify, with the activity options under test.

type NotifyActivities = { notify(input: NotifyInput): Promise<NotifyResult> };

export async function notifyOnce(input: NotifyInput, startToCloseMs: number): Promise<NotifyResult> {
  const { notify } = proxyActivities<NotifyActivities>({
    startToCloseTimeout: startToCloseMs,
    heartbeatTimeout: '10 seconds',
    retry: { initialInterval: '500 ms', backoffCoefficient: 1, maximumAttempts: 5 },
  });
  return notify(input);
}
