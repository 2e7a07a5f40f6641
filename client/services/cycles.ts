import type { SignalDefinition } from '@temporalio/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { CycleDates, ReportingPolicy } from '../../domain/calendar';
import { regimeForWorkflow } from '../../domain/regime';
import { cycleKey } from '../../domain/reporting';
import { cycleStartMetadata, lifetimeAfter, planCycle } from '../../domain/templates/cycle-words';
import { cycleStartAttributes } from '../../domain/search-attributes';
import { cycleWorkflowId } from '../../workflows/reporting/ids';
import { closeFinalSignal, consolidateNowSignal, remindAllSignal } from '../../workflows/reporting/messages';
import type { DrillSettings, ReportingCycleInput } from '../../workflows/reporting/types';
import type { ServiceContext } from './context';
import {
  datesOf,
  describeTarget,
  findCycle,
  refOf,
  regimeOf,
  takingReports,
  type CycleTarget,
} from './cycle-refs';
import { conflict, notFound, unavailable } from './errors';
import { callWorkflow } from './workflow-calls';

// Reporting cycles: open one (or re-open a failed one, explicitly), consolidate it now, end it,
// remind everyone. Reading a cycle's state is in ./cycle-status.ts.

export interface StartCycleInput extends CycleTarget {
  /** Replaces the regime's policy (an official's policy file). */
  policy?: ReportingPolicy;
  drill?: number;
  drillSettings?: DrillSettings;
}

export interface StartedCycle {
  workflowId: string;
  key: string;
  agencies: number;
  dates: CycleDates;
  agencyDueAt: number;
  drill: boolean;
  regimeName: string;
}

/** Units that owe the regime's report today (the cycle enrols them itself, page by page). */
async function participants(ctx: ServiceContext, input: ReturnType<typeof regimeOf>): Promise<number> {
  const db = await ctx.db();
  const p = input.participants;
  return db.agency.count({
    where: {
      active: true,
      reporting: true,
      AND: [
        {
          OR: [{ kind: { in: p.kinds.map((k) => k.toUpperCase()) as never[] } }, { code: { in: p.include } }],
        },
        { code: { notIn: p.exclude } },
      ],
    },
  });
}

/** Opens a cycle now (normally its schedule does); a drill when `drillSettings` is given. */
export async function startCycle(ctx: ServiceContext, input: StartCycleInput): Promise<StartedCycle> {
  const base = regimeOf(input.regime);
  const regime = input.policy ? { ...base, policy: input.policy } : base;
  const ref = refOf(input);
  const dates = datesOf(ref, regime);
  const agencies = await participants(ctx, regime);
  if (agencies === 0) throw conflict('chưa có đơn vị nào phải nộp báo cáo này (cchc agencies import <tệp>)');
  const client = await ctx.temporal();
  const workflowId = cycleWorkflowId(ref);
  const key = cycleKey(ref);
  const drill = input.drillSettings !== undefined;
  const plan = planCycle(dates, regime.policy, input.drillSettings);
  const dueAt = plan.deadline.dueAt;
  const args: ReportingCycleInput = {
    ref,
    regime: regimeForWorkflow(regime),
    ...(input.drillSettings ? { drill: input.drillSettings } : {}),
  };
  try {
    await client.workflow.start('reportingCycle', {
      workflowId,
      taskQueue: ctx.config.temporal.taskQueue,
      args: [args],
      // Same rule as the schedule's launcher: a cycle is opened once; re-opening is its own action.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      // A safety net: the cycle ends by itself at its final close.
      workflowExecutionTimeout: lifetimeAfter(plan.finalCloseAt, Date.now()),
      ...cycleStartMetadata(ref, regime, plan),
      typedSearchAttributes: cycleStartAttributes(ref, drill, dueAt),
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw conflict(
        `${describeTarget(input)} đã được mở (${workflowId}); không mở lại` +
          (drill ? '' : ` (kỳ bị lỗi hoặc bị dừng thì mở lại bằng "cchc cycle reopen")`),
      );
    }
    throw unavailable(`không mở được kỳ báo cáo: ${(err as Error).message.split('\n')[0]}`);
  }
  return { workflowId, key, agencies, dates, agencyDueAt: dueAt, drill, regimeName: regime.name };
}

export interface ReopenPreview {
  workflowId: string;
  status: string;
  /** Reports still running: kept, with their own deadlines. */
  running: number;
  /** Reports that ended: kept as recorded, not started again. */
  ended: number;
}

/**
 * Re-opens a cycle whose workflow failed, was terminated or cancelled: reports still running are
 * kept as they are, those that ended stay recorded, units without a report get one. Without
 * `confirm` it only says what would happen.
 */
export async function reopenCycle(
  ctx: ServiceContext,
  target: CycleTarget,
  opts: { confirm: boolean; policy?: ReportingPolicy },
): Promise<ReopenPreview & { reopened: boolean }> {
  const row = await findCycle(ctx, target);
  const client = await ctx.temporal();
  const description = await client.workflow
    .getHandle(row.workflowId)
    .describe()
    .catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    });
  const status = description?.status.name ?? 'NOT_FOUND';
  if (status === 'RUNNING') throw conflict(`${describeTarget(target)} đang chạy: không cần mở lại`);
  if (status === 'COMPLETED')
    throw conflict(`${describeTarget(target)} đã kết thúc bình thường: không mở lại`);
  const count = async (query: string) => (await client.workflow.count(query)).count;
  const base = `CchcKind = "report" AND CchcCycle = "${row.key}"`;
  const preview: ReopenPreview = {
    workflowId: row.workflowId,
    status,
    running: await count(`${base} AND ExecutionStatus = "Running"`),
    ended: await count(`${base} AND ExecutionStatus != "Running"`),
  };
  if (!opts.confirm) return { ...preview, reopened: false };
  const base0 = regimeOf(row.regime);
  const regime = opts.policy ? { ...base0, policy: opts.policy } : base0;
  const ref = refOf(target);
  // The re-opened run plans its dates again, as a first run does: so does its start.
  const plan = planCycle(datesOf(ref, regime), regime.policy);
  const now = Date.now();
  await client.workflow.start('reportingCycle', {
    workflowId: row.workflowId,
    taskQueue: ctx.config.temporal.taskQueue,
    args: [{ ref, regime: regimeForWorkflow(regime), reopened: true } satisfies ReportingCycleInput],
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    workflowExecutionTimeout: lifetimeAfter(plan.finalCloseAt, now),
    ...cycleStartMetadata(ref, regime, plan, { reopenedAt: now }),
    typedSearchAttributes: cycleStartAttributes(ref, row.drill, plan.deadline.dueAt),
  });
  return { ...preview, reopened: true };
}

async function signalCycle(
  ctx: ServiceContext,
  target: CycleTarget,
  signal: SignalDefinition<[]>,
): Promise<void> {
  const row = await takingReports(ctx, target);
  await callWorkflow(await ctx.temporal(), row.workflowId, (h) => h.signal(signal), {
    notFound: () => notFound('period', `không tìm thấy quy trình của ${describeTarget(target)}`),
    ended: () => conflict(`${describeTarget(target)} đã kết thúc`),
  });
}

/** Consolidate now (send the summary to UBND tỉnh) instead of at the consolidation point; late reports are still taken. */
export async function consolidateCycle(ctx: ServiceContext, target: CycleTarget): Promise<void> {
  const row = await takingReports(ctx, target);
  if (row.status === 'CONSOLIDATED') throw conflict(`${describeTarget(target)} đã được tổng hợp`);
  await signalCycle(ctx, target, consolidateNowSignal);
}

/** Ends the cycle now: its record becomes final and its reports take nothing more. */
export async function closeCycleFinal(ctx: ServiceContext, target: CycleTarget): Promise<void> {
  await signalCycle(ctx, target, closeFinalSignal);
}

/** One extra reminder to every agency that has not reported. */
export async function remindAll(ctx: ServiceContext, target: CycleTarget): Promise<void> {
  await signalCycle(ctx, target, remindAllSignal);
}
