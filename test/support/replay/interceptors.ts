import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

// Bundled into the workflow code only for the replay check (./check.ts): records, as the workflow
// code issues them, every activity's input, every timer's duration, every child workflow's input
// and every signal sent to another workflow, and hands them out through a sink that is called on
// replay too. The workflow's commands are unchanged: a sink call is not a command. (Local
// activities are left out: a history records their results, not their inputs.)

export type ReplayedCommand =
  | { kind: 'activity'; seq: number; activityType: string; args: unknown[] }
  | { kind: 'timer'; seq: number; durationMs: number }
  | { kind: 'child'; workflowId: string; workflowType: string; args: unknown[] }
  | { kind: 'signal'; workflowId: string; signalName: string; args: unknown[] };

export interface ReplaySinks extends Sinks {
  replayed: { command(command: ReplayedCommand): void };
}

const { replayed } = proxySinks<ReplaySinks>();

/**
 * A copy taken at the call: the sink is delivered at the end of the activation, and a workflow may
 * change what it passed later in the same activation (agencyInspection hands syncInspection a
 * shallow copy of its state and then moves on), while the command was serialised at the call.
 */
const copy = (args: unknown[]): unknown[] => JSON.parse(JSON.stringify(args)) as unknown[];

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity(input, next) {
        replayed.command({
          kind: 'activity',
          seq: input.seq,
          activityType: input.activityType,
          args: copy(input.args),
        });
        return next(input);
      },
      startTimer(input, next) {
        replayed.command({ kind: 'timer', seq: input.seq, durationMs: input.durationMs });
        return next(input);
      },
      startChildWorkflowExecution(input, next) {
        replayed.command({
          kind: 'child',
          workflowId: input.options.workflowId,
          workflowType: input.workflowType,
          args: copy(input.options.args ?? []),
        });
        return next(input);
      },
      signalWorkflow(input, next) {
        const workflowId =
          input.target.type === 'external'
            ? input.target.workflowExecution.workflowId
            : input.target.childWorkflowId;
        replayed.command({
          kind: 'signal',
          workflowId: workflowId ?? '',
          signalName: input.signalName,
          args: copy(input.args),
        });
        return next(input);
      },
    },
  ],
});
