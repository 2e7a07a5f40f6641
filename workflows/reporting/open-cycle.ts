import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  log,
  ParentClosePolicy,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { cycleKey } from '../../domain/reporting/identity';
import {
  SA_CYCLE,
  SA_DRILL,
  SA_KIND,
  SA_PERIOD,
  SA_REGIME,
  SA_STATE,
  SA_YEAR,
} from '../../domain/search-attributes';
import { cycleWorkflowId } from './ids';
import type { OpenCycleResult, ReportingCycleInput } from './types';

/**
 * Started by the period's Temporal Schedule. A Schedule appends the scheduled time to the workflow
 * ID of each action, but a cycle's ID is fixed (`cycle-<key>`); so this launcher starts the cycle as
 * an abandoned child under that ID and returns as soon as it has started. A cycle with that ID
 * already running or completed is never started again.
 */
export async function openCycle(input: ReportingCycleInput): Promise<OpenCycleResult> {
  const workflowId = cycleWorkflowId(input.ref);
  const { regime, year, period } = input.ref;
  try {
    // Referenced by name: the launcher must not pull the cycle's code into its own imports.
    const child = await startChild<(input: ReportingCycleInput) => Promise<unknown>>('reportingCycle', {
      workflowId,
      args: [input],
      taskQueue: workflowInfo().taskQueue,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A failed, terminated or cancelled cycle may be re-opened explicitly; a completed one never.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      staticSummary: `${input.regime.name}: ${input.regime.policy.periods[period]?.name ?? period} năm ${year}`,
      typedSearchAttributes: [
        { key: SA_KIND, value: 'cycle' },
        { key: SA_REGIME, value: regime },
        { key: SA_CYCLE, value: cycleKey(input.ref) },
        { key: SA_YEAR, value: year },
        { key: SA_PERIOD, value: period },
        { key: SA_STATE, value: 'OPEN' },
        { key: SA_DRILL, value: false },
      ],
    });
    log.info('cycle opened', { cycleWorkflowId: workflowId, runId: child.firstExecutionRunId });
    return { cycleWorkflowId: workflowId, outcome: 'started', runId: child.firstExecutionRunId };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    log.info('cycle already exists; not started again', { cycleWorkflowId: workflowId });
    return { cycleWorkflowId: workflowId, outcome: 'already-exists' };
  }
}
