import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { recordAuditEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5 },
});

/** A round trip through the whole stack: workflow → activity → PostgreSQL. Returns the row's id. */
export async function healthCheck(note: string): Promise<number> {
  return recordAuditEvent({ workflowId: workflowInfo().workflowId, kind: 'HEALTH_CHECK', detail: { note } });
}
