import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import {
  CalendarDataError,
  computeCycleDates,
  createWorkingCalendar,
  type CycleDates,
  type ReportingPolicy,
} from '../../domain/calendar';
import type { DrillTimings } from '../../domain/reporting';
import { SA_AGENCY, SA_DUE_AT, SA_KIND, SA_PERIOD, SA_STATE, SA_YEAR } from '../../domain/search-attributes';
import { cycleWorkflowId } from '../../workflows/reporting/ids';
import { closeCycleSignal, remindAllSignal } from '../../workflows/reporting/messages';
import type { ReportState } from '../../workflows/reporting/types';
import type { ServiceContext } from './context';
import { conflict, invalid, notFound, unavailable } from './errors';
import { callWorkflow, temporalCall } from './workflow-calls';

// Reporting cycles: open one, follow it, consolidate it now, remind everyone, list the overdue.

export interface CycleRef {
  year: number;
  period: string;
}

export interface StartCycleInput extends CycleRef {
  policy: ReportingPolicy;
  /** A drill: the agencies' deadline is this instant (epoch ms), minutes away. */
  dueAt?: number;
  drillTimings?: DrillTimings;
}

export interface StartedCycle extends CycleRef {
  workflowId: string;
  agencies: number;
  dates: CycleDates;
  agencyDueAt: number;
  drill: boolean;
}

/** The dates of a cycle under a policy; a year without calendar data or a period the policy lacks is refused. */
export function cycleDates(ref: CycleRef, policy: ReportingPolicy): CycleDates {
  try {
    return computeCycleDates(ref.year, ref.period, policy, createWorkingCalendar());
  } catch (err) {
    if (err instanceof CalendarDataError) throw invalid('year', err.message);
    throw invalid('period', (err as Error).message);
  }
}

/** Opens a cycle now (normally its schedule does). A cycle already opened is never opened again. */
export async function startCycle(ctx: ServiceContext, input: StartCycleInput): Promise<StartedCycle> {
  if (input.dueAt !== undefined && input.dueAt <= Date.now())
    throw invalid('dueAt', 'hạn diễn tập phải ở tương lai');
  const dates = cycleDates(input, input.policy);
  const db = await ctx.db();
  const agencies = await db.agency.count({ where: { active: true, reporting: true } });
  if (agencies === 0) throw conflict('chưa có đơn vị báo cáo nào (cchc agencies import <tệp>)');
  const client = await ctx.temporal();
  const workflowId = cycleWorkflowId(input.year, input.period);
  const dueAt = input.dueAt ?? dates.agencyDueAt;
  const drill = input.dueAt !== undefined;
  try {
    await client.workflow.start('reportingCycle', {
      workflowId,
      taskQueue: ctx.config.temporal.taskQueue,
      args: [
        {
          year: input.year,
          period: input.period,
          policy: input.policy,
          ...(drill ? { dueAtOverride: new Date(dueAt).toISOString() } : {}),
          ...(input.drillTimings ? { drillTimings: input.drillTimings } : {}),
        },
      ],
      // Same rule as the schedule's launcher: a running or finished cycle is never started again.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      typedSearchAttributes: [
        { key: SA_KIND, value: 'cycle' },
        { key: SA_YEAR, value: input.year },
        { key: SA_PERIOD, value: input.period },
        { key: SA_STATE, value: 'OPEN' },
        { key: SA_DUE_AT, value: new Date(dueAt) },
      ],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw conflict(`kỳ báo cáo ${input.period} năm ${input.year} đã được mở (${workflowId}); không mở lại`);
    }
    throw unavailable(`không mở được kỳ báo cáo: ${(err as Error).message.split('\n')[0]}`);
  }
  return { workflowId, year: input.year, period: input.period, agencies, dates, agencyDueAt: dueAt, drill };
}

/** The cycle's database record; an unknown cycle names the period, a closed one says so. */
export async function openCycleRecord(ctx: ServiceContext, ref: CycleRef) {
  const db = await ctx.db();
  const cycle = await db.reportingCycle.findUnique({
    where: { year_period: { year: ref.year, period: ref.period } },
  });
  if (!cycle) throw notFound('period', `chưa có kỳ báo cáo ${ref.period} năm ${ref.year} (cchc cycle start)`);
  if (cycle.status !== 'OPEN') throw conflict(`kỳ báo cáo ${ref.period} năm ${ref.year} đã đóng`);
  return cycle;
}

export interface AgencyStatusRow {
  agency: string;
  name: string;
  state: ReportState;
  dueAt: Date;
  submittedAt: Date | null;
  receiptNumber: string | null;
  escalationLevel: number;
  extendedReason: string | null;
  exemptReason: string | null;
}

export interface CycleStatusView extends CycleRef {
  workflowId: string;
  status: string;
  drill: boolean;
  agencyDueAt: Date;
  agencies: AgencyStatusRow[];
  totals: Record<ReportState, number> & { agencies: number };
}

export const REPORT_STATES: readonly ReportState[] = [
  'PENDING',
  'SUBMITTED_ON_TIME',
  'SUBMITTED_LATE',
  'OVERDUE',
  'EXEMPT',
];

/** Each agency's state in a cycle, from the database mirror. */
export async function cycleStatus(ctx: ServiceContext, ref: CycleRef): Promise<CycleStatusView> {
  const db = await ctx.db();
  const record = await db.reportingCycle.findUnique({
    where: { year_period: { year: ref.year, period: ref.period } },
    include: { agencies: { include: { agency: true }, orderBy: { agency: { code: 'asc' } } } },
  });
  if (!record) throw notFound('period', `chưa có kỳ báo cáo ${ref.period} năm ${ref.year}`);
  const agencies: AgencyStatusRow[] = record.agencies.map((a) => ({
    agency: a.agency.code,
    name: a.agency.name,
    state: a.state,
    dueAt: a.dueAt,
    submittedAt: a.submittedAt,
    receiptNumber: a.receiptNumber,
    escalationLevel: a.escalationLevel,
    extendedReason: a.extendedReason,
    exemptReason: a.exemptReason,
  }));
  const totals = Object.fromEntries(
    REPORT_STATES.map((s) => [s, agencies.filter((r) => r.state === s).length]),
  ) as Record<ReportState, number>;
  return {
    workflowId: record.workflowId,
    year: ref.year,
    period: ref.period,
    status: record.status,
    drill: record.drill,
    agencyDueAt: record.agencyDueAt,
    agencies,
    totals: { agencies: agencies.length, ...totals },
  };
}

const cycleCall = (ref: CycleRef) => ({
  notFound: () => notFound('period', `chưa có kỳ báo cáo ${ref.period} năm ${ref.year} (cchc cycle start)`),
  ended: () => conflict(`kỳ báo cáo ${ref.period} năm ${ref.year} đã đóng`),
});

/** Consolidate and close now, instead of at the consolidation point. */
export async function closeCycle(ctx: ServiceContext, ref: CycleRef): Promise<void> {
  await openCycleRecord(ctx, ref);
  const client = await ctx.temporal();
  await callWorkflow(
    client,
    cycleWorkflowId(ref.year, ref.period),
    (h) => h.signal(closeCycleSignal),
    cycleCall(ref),
  );
}

/** One extra reminder to every agency that has not reported. */
export async function remindAll(ctx: ServiceContext, ref: CycleRef): Promise<void> {
  await openCycleRecord(ctx, ref);
  const client = await ctx.temporal();
  await callWorkflow(
    client,
    cycleWorkflowId(ref.year, ref.period),
    (h) => h.signal(remindAllSignal),
    cycleCall(ref),
  );
}

export interface OverdueRow {
  agency: string;
  year: number;
  period: string;
  dueAt?: Date;
  workflowId: string;
}

/** Every overdue agency in every running cycle, earliest deadline first. */
export async function listOverdue(ctx: ServiceContext): Promise<OverdueRow[]> {
  const client = await ctx.temporal();
  const query = `CchcKind = "report" AND CchcState = "OVERDUE" AND ExecutionStatus = "Running"`;
  const rows: OverdueRow[] = [];
  await temporalCall('không đọc được danh sách quá hạn', async () => {
    for await (const wf of client.workflow.list({ query })) {
      const sa = wf.typedSearchAttributes;
      rows.push({
        agency: String(sa.get(SA_AGENCY) ?? ''),
        year: Number(sa.get(SA_YEAR) ?? 0),
        period: String(sa.get(SA_PERIOD) ?? ''),
        dueAt: sa.get(SA_DUE_AT) as Date | undefined,
        workflowId: wf.workflowId,
      });
    }
  });
  return rows.sort(
    (a, b) => (a.dueAt?.getTime() ?? 0) - (b.dueAt?.getTime() ?? 0) || a.agency.localeCompare(b.agency),
  );
}
