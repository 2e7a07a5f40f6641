import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../../activities';
import {
  computeCycleDates,
  createWorkingCalendar,
  DEFAULT_POLICY,
  vnDateOf,
  type CycleDates,
  type ReportingPolicy,
  type ScheduledStep,
} from '../../domain/calendar';
import {
  deadlineOfDate,
  deadlineOfInstant,
  drillConsolidationAt,
  reportPlan,
  type Deadline,
} from '../../domain/reporting';
import { SA_AGENCY, SA_DUE_AT, SA_KIND, SA_PERIOD, SA_STATE, SA_YEAR } from '../../domain/search-attributes';
import { DATABASE } from '../shared/activity-options';
import { createSender, type DeferredSend, type Message } from '../shared/send';
import { reportWorkflowId } from './ids';
import {
  closeCycleSignal,
  closeReportSignal,
  cycleStatusQuery,
  remindAllSignal,
  remindNowSignal,
  reportChangedSignal,
} from './messages';
import { agencyReport } from './report';
import type { CycleStatus, ReportingCycleInput, ReportSummary } from './types';

const { listReportingAgencies, recordCycle, closeCycleRecord } = proxyActivities<Activities>(DATABASE);

const START_BATCH = 50;

/** Cycles from here on enroll the units in force on their opening date (before: every active unit). */
const UNITS_IN_FORCE_PATCH = 'units-in-force-on-opening';

interface CycleRun extends ReportingCycleInput {
  carried?: CycleStatus;
  /** Messages waiting for the SMS window when the previous run continued as new. */
  deferredSends?: DeferredSend[];
}

/**
 * One reporting period for the whole province (ID `cycle-<year>-<period>`): starts an agencyReport
 * per active reporting agency in batches (continuing as new between batches above
 * `maxChildrenPerRun`), tells Sở Nội vụ of late agencies at each escalation level in one
 * consolidated message, sends UBND tỉnh the summary at the consolidation point, and closes.
 */
export async function reportingCycle(input: CycleRun): Promise<CycleStatus> {
  const policy: ReportingPolicy = input.policy ?? DEFAULT_POLICY;
  const calendar = createWorkingCalendar();
  const sender = createSender({ carried: input.deferredSends });
  const { workflowId } = workflowInfo();
  let changed = false;
  let remindAll = false;
  let closeRequested = input.carried?.closeRequested ?? false;
  const early: ReportSummary[] = []; // reports heard of before the first run's set-up finished

  // Handlers first, before any await: the state they read is set up just below.
  let state: CycleStatus | undefined = input.carried;
  setHandler(cycleStatusQuery, () => {
    if (!state) throw new Error('kỳ báo cáo đang khởi tạo, thử lại sau ít giây');
    return { ...state, closeRequested };
  });
  setHandler(reportChangedSignal, (summary) => {
    if (state) state.agencies[summary.agencyCode] = summary;
    else early.push(summary);
    changed = true;
  });
  setHandler(closeCycleSignal, () => {
    closeRequested = true;
  });
  setHandler(remindAllSignal, () => {
    remindAll = true;
  });
  const cycle: CycleStatus = state ?? (await firstRun());
  state = cycle;
  for (const summary of early) cycle.agencies[summary.agencyCode] = summary;

  async function firstRun(): Promise<CycleStatus> {
    let dates: CycleDates;
    try {
      dates = computeCycleDates(input.year, input.period, policy, calendar);
    } catch (err) {
      throw ApplicationFailure.nonRetryable(
        `cannot plan ${input.period} ${input.year}: ${(err as Error).message}`,
        'BadCycle',
      );
    }
    const drill = Boolean(input.dueAtOverride);
    const deadline = drill
      ? deadlineOfInstant(Date.parse(input.dueAtOverride!), input.drillTimings)
      : deadlineOfDate(dates.agencyDueDate);
    const consolidationAt = drill ? drillConsolidationAt(deadline, policy) : dates.consolidationAt;
    const agencies = patched(UNITS_IN_FORCE_PATCH)
      ? await listReportingAgencies({ onDate: drill ? vnDateOf(Date.now()) : dates.opensOn })
      : await listReportingAgencies();
    await recordCycle({
      workflowId,
      year: input.year,
      period: input.period,
      windowStart: dates.windowStart,
      cutoff: dates.cutoff,
      opensAt: Date.now(),
      agencyDueAt: deadline.dueAt,
      provinceDueAt: dates.provinceDueAt,
      consolidationAt,
      drill,
    });
    upsertSearchAttributes([
      { key: SA_KIND, value: 'cycle' },
      { key: SA_YEAR, value: input.year },
      { key: SA_PERIOD, value: input.period },
      { key: SA_STATE, value: 'OPEN' },
      { key: SA_DUE_AT, value: new Date(deadline.dueAt) },
    ]);
    return {
      year: input.year,
      period: input.period,
      drill,
      dates,
      deadline,
      consolidationAt,
      agencyCodes: agencies.agencyCodes,
      started: 0,
      agencies: Object.fromEntries(
        agencies.agencyCodes.map((code) => [
          code,
          {
            agencyCode: code,
            state: 'PENDING',
            dueDate: deadline.dueDate,
            dueAt: deadline.dueAt,
            escalationLevel: 0,
          },
        ]),
      ),
      escalatedToSnv: {},
      snvAgencyCode: agencies.snvAgencyCode,
      ubndAgencyCode: agencies.ubndAgencyCode,
      closed: false,
      closeRequested: false,
    };
  }

  const continueAsNewNow = async (): Promise<never> => {
    await condition(allHandlersFinished);
    const deferredSends = await sender.quiesce();
    return continueAsNew<typeof reportingCycle>({
      ...input,
      carried: { ...cycle, closeRequested },
      deferredSends,
    });
  };

  // Fan-out in batches; a run starts at most maxChildrenPerRun children, so the pending-children
  // limit of one run is never reached, whatever the number of agencies.
  const perRun = input.maxChildrenPerRun ?? 200;
  let startedThisRun = 0;
  while (cycle.started < cycle.agencyCodes.length) {
    if (startedThisRun >= perRun) await continueAsNewNow();
    const batch = cycle.agencyCodes.slice(
      cycle.started,
      cycle.started + Math.min(START_BATCH, perRun - startedThisRun),
    );
    await Promise.all(batch.map((code) => startReport(code)));
    cycle.started += batch.length;
    startedThisRun += batch.length;
  }

  async function startReport(agencyCode: string): Promise<void> {
    try {
      await startChild(agencyReport, {
        workflowId: reportWorkflowId(input.year, input.period, agencyCode),
        parentClosePolicy: ParentClosePolicy.ABANDON, // children outlive a continue-as-new
        typedSearchAttributes: [
          { key: SA_KIND, value: 'report' },
          { key: SA_YEAR, value: input.year },
          { key: SA_PERIOD, value: input.period },
          { key: SA_AGENCY, value: agencyCode },
          { key: SA_STATE, value: 'PENDING' },
          { key: SA_DUE_AT, value: new Date(cycle.deadline.dueAt) },
        ],
        args: [
          {
            year: input.year,
            period: input.period,
            agencyCode,
            cycleWorkflowId: workflowId,
            windowStart: cycle.dates.windowStart,
            cutoff: cycle.dates.cutoff,
            deadline: cycle.deadline,
            policy,
            sendOpening: true,
          },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      log.info('agency report already running', { agencyCode });
    }
  }

  const report = { year: input.year, period: input.period };
  const messageToSnv = (
    step: string,
    roles: Message['roles'],
    channels: Message['channels'],
    data: Record<string, unknown>,
  ): Message => ({
    purpose: 'ESCALATION_SNV',
    step,
    agencyCode: cycle.snvAgencyCode,
    roles,
    channels,
    data: { ...report, ...data },
    smsWindow: policy.quietHours,
  });

  /**
   * Escalation steps now due, grouped by level and instant: one consolidated message to Sở Nội vụ
   * per group (usually one per level, since most agencies share the cycle's deadline).
   */
  async function escalateDue(): Promise<void> {
    const now = Date.now();
    type Late = { code: string; dueDate: string; late: number };
    const groups = new Map<
      string,
      {
        level: number;
        at: number;
        roles: Message['roles'];
        channels: Message['channels'];
        agencies: Late[];
      }
    >();
    for (const { summary, step } of untoldEscalations()) {
      if (step.at > now) continue;
      const key = `${step.level}-${step.at}`;
      const group = groups.get(key) ?? {
        level: step.level,
        at: step.at,
        roles: step.roles,
        channels: step.channels,
        agencies: [],
      };
      const late = cycle.drill
        ? 1
        : Math.max(1, calendar.workingDaysBetween(summary.dueDate, vnDateOf(step.at)));
      group.agencies.push({ code: summary.agencyCode, dueDate: summary.dueDate, late });
      groups.set(key, group);
    }
    for (const group of [...groups.values()].sort((a, b) => a.at - b.at || a.level - b.level)) {
      sender.send(
        messageToSnv(`escalation-${group.level}-${group.at}`, group.roles, group.channels, {
          level: group.level,
          asOf: vnDateOf(group.at),
          lateAgencies: group.agencies.map((a) => ({
            code: a.code,
            dueDate: a.dueDate,
            workingDaysLate: a.late,
          })),
        }),
      );
      for (const a of group.agencies) {
        cycle.escalatedToSnv[a.code] = Math.max(group.level, cycle.escalatedToSnv[a.code] ?? 0);
      }
    }
  }

  /** Escalation steps Sở Nội vụ has not been told of, for every agency that still owes its report. */
  function untoldEscalations(): { summary: ReportSummary; step: ScheduledStep & { level: number } }[] {
    const untold: { summary: ReportSummary; step: ScheduledStep & { level: number } }[] = [];
    for (const summary of Object.values(cycle.agencies)) {
      if (summary.state !== 'PENDING' && summary.state !== 'OVERDUE') continue;
      const deadline: Deadline = { ...cycle.deadline, dueDate: summary.dueDate, dueAt: summary.dueAt };
      for (const step of reportPlan(deadline, policy, calendar).after) {
        if (step.level === undefined || (cycle.escalatedToSnv[summary.agencyCode] ?? 0) >= step.level)
          continue;
        untold.push({ summary, step: { ...step, level: step.level } });
      }
    }
    return untold;
  }

  function nextEscalationAt(): number | undefined {
    const ats = untoldEscalations().map((e) => e.step.at);
    return ats.length > 0 ? Math.min(...ats) : undefined;
  }

  async function signalChildren(
    pick: (s: ReportSummary) => boolean,
    send: (id: string) => Promise<unknown>,
  ): Promise<void> {
    const ids = Object.values(cycle.agencies)
      .filter(pick)
      .map((s) => reportWorkflowId(input.year, input.period, s.agencyCode));
    for (let i = 0; i < ids.length; i += START_BATCH) {
      await Promise.all(
        ids
          .slice(i, i + START_BATCH)
          .map((id) =>
            send(id).catch((err: unknown) => log.warn('child not reached', { id, error: String(err) })),
          ),
      );
    }
  }

  while (!closeRequested && Date.now() < cycle.consolidationAt) {
    await escalateDue();
    if (remindAll) {
      remindAll = false;
      await signalChildren(
        (s) => s.state === 'PENDING' || s.state === 'OVERDUE',
        (id) => getExternalWorkflowHandle(id).signal(remindNowSignal),
      );
    }
    if (workflowInfo().continueAsNewSuggested) await continueAsNewNow();
    const next = Math.min(cycle.consolidationAt, nextEscalationAt() ?? Infinity);
    changed = false;
    await condition(() => changed || remindAll || closeRequested, Math.max(1, next - Date.now()));
  }

  // Consolidation: the summary to UBND tỉnh, then every report closes.
  await escalateDue();
  const all = Object.values(cycle.agencies);
  const listed = (pick: (s: ReportSummary) => boolean) =>
    all.filter(pick).map((s) => ({ code: s.agencyCode }));
  sender.send({
    purpose: 'UBND_SUMMARY',
    step: 'summary',
    agencyCode: cycle.ubndAgencyCode,
    roles: ['ubnd', 'snv_director'],
    channels: ['email'],
    smsWindow: policy.quietHours,
    data: {
      ...report,
      dueDate: cycle.deadline.dueDate,
      asOf: vnDateOf(Date.now()),
      totals: {
        agencies: all.length,
        onTime: all.filter((s) => s.state === 'SUBMITTED_ON_TIME').length,
        late: all.filter((s) => s.state === 'SUBMITTED_LATE').length,
        notSubmitted: all.filter((s) => s.state === 'PENDING' || s.state === 'OVERDUE').length,
        exempt: all.filter((s) => s.state === 'EXEMPT').length,
      },
      onTime: listed((s) => s.state === 'SUBMITTED_ON_TIME'),
      late: all
        .filter((s) => s.state === 'SUBMITTED_LATE')
        .map((s) => ({ code: s.agencyCode, workingDaysLate: s.workingDaysLate ?? 1 })),
      notSubmitted: listed((s) => s.state === 'PENDING' || s.state === 'OVERDUE'),
      exempt: all
        .filter((s) => s.state === 'EXEMPT')
        .map((s) => ({ code: s.agencyCode, ...(s.exemptReason ? { reason: s.exemptReason } : {}) })),
    },
  });
  await signalChildren(
    () => true,
    (id) => getExternalWorkflowHandle(id).signal(closeReportSignal),
  );
  cycle.closed = true;
  await closeCycleRecord({ workflowId, status: 'CLOSED', at: Date.now() });
  upsertSearchAttributes([{ key: SA_STATE, value: 'CLOSED' }]);
  await condition(allHandlersFinished);
  await sender.drain();
  return { ...cycle, closeRequested };
}
