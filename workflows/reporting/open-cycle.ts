import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  log,
  ParentClosePolicy,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { cycleWorkflowId } from './ids';
import type { OpenCycleResult, ReportingCycleInput } from './types';

/**
 * Started by the period's Temporal Schedule. A Schedule appends the scheduled time to the workflow
 * ID of each action, but a cycle must be `cycle-<year>-<period>`; so this launcher starts the cycle
 * as an abandoned child under that ID and returns as soon as it has started. A cycle with that ID
 * already running or completed is never started again.
 */
export async function openCycle(input: ReportingCycleInput): Promise<OpenCycleResult> {
  const workflowId = cycleWorkflowId(input.year, input.period);
  try {
    // Referenced by name: the launcher must not pull the cycle's code into its own imports.
    const child = await startChild<(input: ReportingCycleInput) => Promise<unknown>>('reportingCycle', {
      workflowId,
      args: [input],
      taskQueue: workflowInfo().taskQueue,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A failed, terminated or cancelled cycle may be opened again; a completed one never.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
    log.info('cycle opened', { cycleWorkflowId: workflowId, runId: child.firstExecutionRunId });
    return { cycleWorkflowId: workflowId, outcome: 'started', runId: child.firstExecutionRunId };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    log.info('cycle already exists; not started again', { cycleWorkflowId: workflowId });
    return { cycleWorkflowId: workflowId, outcome: 'already-exists' };
  }
}
