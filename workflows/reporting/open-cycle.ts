import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  log,
  ParentClosePolicy,
  patched,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { cycleStartAttributes } from '../../domain/search-attributes';
import { cycleStartMetadata, lifetimeAfter } from '../../domain/templates/cycle-words';
import { cycleWorkflowId } from './ids';
import type { OpenCycleInput, OpenCycleResult, ReportingCycleInput } from './types';

/**
 * Started by the period's Temporal Schedule. A Schedule appends the scheduled time to the workflow
 * ID of each action, but a cycle's ID is fixed (`cycle-<key>`); so this launcher starts the cycle as
 * an abandoned child under that ID and returns as soon as it has started. A cycle with that ID
 * already running or completed is never started again.
 */
export async function openCycle(input: OpenCycleInput): Promise<OpenCycleResult> {
  const { plan, ...cycleInput } = input;
  const workflowId = cycleWorkflowId(input.ref);
  const { year, period } = input.ref;
  // Versioned: a launcher before this gave the cycle a summary only. The details and the lifetime
  // come from the plan `schedule apply` put in the input (a schedule applied earlier has none).
  const described = patched('cycle-start-details') && plan !== undefined;
  try {
    // Referenced by name: the launcher must not pull the cycle's code into its own imports.
    const child = await startChild<(input: ReportingCycleInput) => Promise<unknown>>('reportingCycle', {
      workflowId,
      args: [cycleInput],
      taskQueue: workflowInfo().taskQueue,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A failed, terminated or cancelled cycle may be re-opened explicitly; a completed one never.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      ...(described
        ? {
            // A safety net: the cycle ends by itself at its final close.
            workflowExecutionTimeout: lifetimeAfter(plan.finalCloseAt, Date.now()),
            ...cycleStartMetadata(input.ref, input.regime, plan),
          }
        : {
            staticSummary: `${input.regime.name}: ${input.regime.policy.periods[period]?.name ?? period} năm ${year}`,
          }),
      typedSearchAttributes: cycleStartAttributes(
        input.ref,
        false,
        described ? plan.deadline.dueAt : undefined,
      ),
    });
    log.info('cycle opened', { cycleWorkflowId: workflowId, runId: child.firstExecutionRunId });
    return { cycleWorkflowId: workflowId, outcome: 'started', runId: child.firstExecutionRunId };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    log.info('cycle already exists; not started again', { cycleWorkflowId: workflowId });
    return { cycleWorkflowId: workflowId, outcome: 'already-exists' };
  }
}
