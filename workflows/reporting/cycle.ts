import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  ParentClosePolicy,
  patched,
  setCurrentDetails,
  setHandler,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { EnrolledUnit } from '../../activities/reporting';
import { computeCycleDates } from '../../domain/calendar/cycle';
import { addDays, isoDate, vnDateOf, vnInstant } from '../../domain/calendar/dates';
import { calendarFromSnapshot, sliceSnapshot, type CalendarSnapshot } from '../../domain/calendar/snapshot';
import {
  cycleKey,
  deadlineOfDate,
  deadlineOfInstant,
  drillMilestones,
  isDrill,
  type Deadline,
} from '../../domain/reporting';
import { reportStartAttributes, SA_STATE } from '../../domain/search-attributes';
import { BROADCAST, DATABASE } from '../kit/activity-options';
import { proxySummarisedActivities } from '../kit/summarised-activities';
import { calendarChangedSignal } from '../kit/messages';
import { createSearchAttributeWriter } from '../kit/search-attributes';
import { createSender, type DeferredSend, type Message } from '../kit/send';
import { lifetimeAfter } from '../../domain/templates/cycle-words';
import { cycleDetails, cycleWait, reportStaticDetails, reportTitle } from './cycle-words';
import { nextFollowUpAt, nextSweepAt } from './cycle-schedule';
import { reportWorkflowId } from './ids';
import {
  closeFinalSignal,
  consolidateNowSignal,
  cycleStatusQuery,
  remindAllSignal,
  unitsChangedSignal,
} from './messages';
import type { AgencyReportInput, CycleStatus, ReportingCycleInput, ReportRules } from './types';

const db = proxySummarisedActivities(DATABASE);
const { signalReports } = proxySummarisedActivities(BROADCAST);

const START_BATCH = 50;
const PAGE = 200;
/** A run continues as new past this many events, whatever the server suggests: a replay stays short. */
const HISTORY_BUDGET = 2_000;

/** Cycles from here on enroll the units in force on their opening date (before: every active unit). */

interface CycleRun extends ReportingCycleInput {
  carried?: CycleStatus;
  /** Messages waiting for the SMS window when the previous run continued as new. */
  deferredSends?: DeferredSend[];
}

/**
 * One reporting cycle of one regime (ID `cycle-<key>`, e.g. `cycle-CCHC-2027-Q1`; a drill's key
 * ends in `-DT<n>`): enrols the units that owe the report and starts an agencyReport for each, in
 * pages and batches (continuing as new between runs), tells the collector of escalated units in
 * one consolidated message per sweep, sends UBND tỉnh the summary at the consolidation point, then
 * keeps taking late reports (follow-up digests) until its final close, when every report ends.
 */
export async function reportingCycle(input: CycleRun): Promise<CycleStatus> {
  const { ref, regime } = input;
  const policy = regime.policy;
  const key = cycleKey(ref);
  const { workflowId } = workflowInfo();
  const sender = createSender({ carried: input.deferredSends });
  let state: CycleStatus | undefined = input.carried;
  let woken = false;
  let newCalendar: CalendarSnapshot | undefined;
  let unitsChanged = false;
  // Requests that arrive before the first run has set its state up.
  const early = { consolidate: false, final: false, reminds: 0 };

  setHandler(cycleStatusQuery, () => {
    if (!state) throw new Error('kỳ báo cáo đang khởi tạo, thử lại sau ít giây');
    return state;
  });
  setHandler(consolidateNowSignal, () => {
    if (state) state.consolidateRequested = true;
    else early.consolidate = true;
    woken = true;
  });
  setHandler(closeFinalSignal, () => {
    if (state) state.finalRequested = true;
    else early.final = true;
    woken = true;
  });
  setHandler(remindAllSignal, () => {
    if (state) state.remindsPending += 1;
    else early.reminds += 1;
    woken = true;
  });
  setHandler(unitsChangedSignal, () => {
    unitsChanged = true;
    woken = true;
  });
  setHandler(calendarChangedSignal, (snapshot) => {
    newCalendar = snapshot;
    woken = true;
  });

  const cycle: CycleStatus = state ?? (await firstRun());
  state = cycle;
  // Built once per run (and again on a new calendar version): replaying a long history stays cheap.
  let calendar = calendarFromSnapshot(cycle.calendar);
  cycle.consolidateRequested ||= early.consolidate;
  cycle.finalRequested ||= early.final;
  cycle.remindsPending += early.reminds;
  const searchAttributes = createSearchAttributeWriter();
  const publish = () => {
    searchAttributes.set([{ key: SA_STATE, value: cycle.phase }]);
    setCurrentDetails(cycleDetails(cycle, regime));
  };

  async function firstRun(): Promise<CycleStatus> {
    // The period's years give its dates; a drill lives today, whatever year it rehearses, so its
    // reports get today's days (a second snapshot: one may span at most five years).
    const periodSnapshot = await db.loadCalendarSnapshot({
      from: isoDate(ref.year - 1, 1, 1),
      to: isoDate(ref.year + 2, 12, 31),
    });
    const today = vnDateOf(Date.now());
    const snapshot = input.drill
      ? await db.loadCalendarSnapshot({ from: addDays(today, -7), to: addDays(today, 120) })
      : periodSnapshot;
    let dates;
    try {
      dates = computeCycleDates(ref.year, ref.period, policy, calendarFromSnapshot(periodSnapshot));
    } catch (err) {
      throw ApplicationFailure.nonRetryable(`cannot plan ${key}: ${(err as Error).message}`, 'BadCycle');
    }
    const deadline = input.drill
      ? deadlineOfInstant(Date.parse(input.drill.dueAt), input.drill.timings)
      : deadlineOfDate(dates.agencyDueDate);
    if (input.drill) {
      const m = drillMilestones(deadline, policy);
      dates = {
        ...dates,
        opensOn: vnDateOf(Date.now()),
        opensAt: Date.now(),
        consolidationAt: m.consolidationAt,
        consolidationDate: vnDateOf(m.consolidationAt),
        finalCloseAt: m.finalCloseAt,
        finalCloseDate: vnDateOf(m.finalCloseAt),
      };
    }
    await db.openCycleRecord({
      workflowId,
      key,
      regime,
      year: ref.year,
      period: ref.period,
      drillNo: ref.drill ?? 0,
      windowStart: dates.windowStart,
      cutoff: dates.cutoff,
      opensAt: Date.now(),
      agencyDueAt: deadline.dueAt,
      provinceDueAt: dates.provinceDueAt,
      consolidationAt: dates.consolidationAt,
      finalCloseAt: dates.finalCloseAt,
    });
    return {
      ref,
      key,
      drill: isDrill(ref),
      phase: 'OPEN',
      dates,
      deadline,
      openedAt: Date.now(),
      started: 0,
      fanOutDone: false,
      calendar: snapshot,
      reminders: 0,
      remindsPending: 0,
      consolidateRequested: false,
      finalRequested: false,
    };
  }

  const continueAsNewNow = async (): Promise<never> => {
    await condition(allHandlersFinished);
    const deferredSends = await sender.quiesce();
    return continueAsNew<typeof reportingCycle>({ ...input, carried: cycle, deferredSends });
  };

  const rules: ReportRules = {
    sendTime: policy.sendTime,
    reminders: policy.reminders,
    dueDayReminder: policy.dueDayReminder,
    overdue: policy.overdue,
    escalations: policy.escalations,
    quietHours: policy.quietHours,
  };
  /**
   * The working days a report needs: from a week before its opening to past the final close by
   * enough to plan the overdue repeat that would fall after it (up to `repeatEveryWorkingDays`
   * working days later, with three weeks' margin for Tết).
   */
  const reportCalendar = () =>
    sliceSnapshot(
      cycle.calendar,
      addDays(cycle.dates.opensOn, -7),
      addDays(cycle.dates.finalCloseDate, Math.ceil(policy.overdue.repeatEveryWorkingDays * 1.5) + 21),
    );

  async function startReport(
    unit: EnrolledUnit,
    calendar: CalendarSnapshot,
    heir?: { deadline: Deadline; inherits: NonNullable<AgencyReportInput['inherits']> },
  ): Promise<void> {
    const deadline = heir?.deadline ?? cycle.deadline;
    const reportInput: AgencyReportInput = {
      ref,
      cycleKey: key,
      agencyCode: unit.code,
      cycleWorkflowId: workflowId,
      windowStart: cycle.dates.windowStart,
      cutoff: cycle.dates.cutoff,
      deadline,
      finalCloseAt: cycle.dates.finalCloseAt,
      rules,
      calendar,
      sendOpening: heir !== undefined || !input.reopened,
      // From the opening (or, opened late by hand or re-opened, from then): a report that starts
      // minutes after its cycle under load still sends what fell in between. A successor's report
      // starts at the merge: its opening notice goes now, and the steps still ahead.
      plannedFrom:
        input.reopened || heir ? Date.now() : Math.max(cycle.dates.opensAt, cycle.openedAt ?? Date.now()),
      ...(heir ? { inherits: heir.inherits } : {}),
    };
    try {
      await startChild('agencyReport', {
        workflowId: reportWorkflowId(ref, unit.code),
        args: [reportInput],
        // Children outlive a continue-as-new; each ends by itself at the final close.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // A report that exists (re-opened cycle), running or finished, is kept, never started again.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        // The same safety net as the cycle's own: it ends by itself sooner.
        workflowExecutionTimeout: lifetimeAfter(cycle.dates.finalCloseAt, Date.now()),
        staticSummary: reportTitle(cycle, regime, unit, deadline),
        staticDetails: reportStaticDetails(cycle, regime, unit, heir),
        typedSearchAttributes: reportStartAttributes(ref, unit.code, deadline.dueAt, cycle.drill),
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      log.info('agency report already exists; kept as it is', { agencyCode: unit.code });
    }
  }

  // Fan-out: units enrolled a page at a time; a run starts at most maxChildrenPerRun reports, so the
  // pending-children limit of one run (2,000) is never reached, whatever the number of units.
  // Pipelined, the cycle waits neither on the database nor on a batch's slowest start: the next
  // page is enrolled while this one's reports start, two batches are in flight, and a run starts
  // 1,000 (each continue-as-new costs a wait). Runs recorded before it asked for each page after
  // the last batch, waited for each batch, and started 500.
  publish();
  const pipelined = !cycle.fanOutDone && patched('fan-out-pipelined');
  const perRun = input.maxChildrenPerRun ?? (pipelined ? 1_000 : 500);
  let startedThisRun = 0;
  const calendarOfReports = reportCalendar();
  const enrolPage = (after: string | undefined, limit: number) =>
    db.enrollUnits({
      cycleWorkflowId: workflowId,
      reportIdPrefix: reportWorkflowId(ref, ''),
      participants: regime.participants,
      after,
      limit,
      dueAt: cycle.deadline.dueAt,
      onDate: cycle.dates.opensOn,
    });
  let nextPage: ReturnType<typeof enrolPage> | undefined;
  // The batch still starting, and the count of its reports once they have: the cycle's status
  // counts a report when its workflow has started, not when it was asked for.
  let previousBatch: Promise<number> = Promise.resolve(0);
  const batchStarted = async () => {
    const started = await previousBatch;
    previousBatch = Promise.resolve(0);
    cycle.started += started;
  };
  while (!cycle.fanOutDone) {
    if (startedThisRun >= perRun) {
      await batchStarted();
      await continueAsNewNow();
    }
    const page = await (nextPage ?? enrolPage(cycle.cursor, Math.min(PAGE, perRun - startedThisRun)));
    nextPage = undefined;
    const room = perRun - startedThisRun - page.units.length;
    if (pipelined && !page.done && room > 0) {
      nextPage = enrolPage(page.units.at(-1)!.code, Math.min(PAGE, room));
      nextPage.catch(() => undefined); // thrown where it is awaited, at the next page
    }
    for (let i = 0; i < page.units.length; i += START_BATCH) {
      const units = page.units.slice(i, i + START_BATCH);
      const batch = Promise.all(units.map((u) => startReport(u, calendarOfReports))).then(() => units.length);
      batch.catch(() => undefined); // its failure is thrown where it is awaited
      await batchStarted();
      previousBatch = batch;
      if (!pipelined) await batchStarted();
    }
    startedThisRun += page.units.length;
    if (page.units.length > 0) cycle.cursor = page.units.at(-1)!.code;
    if (page.done) {
      await batchStarted();
      cycle.fanOutDone = true;
    }
    publish();
  }

  const toCollector = (
    purpose: Message['purpose'],
    step: string,
    roles: Message['roles'],
    channels: Message['channels'],
    data: Record<string, unknown>,
    summary: string,
  ): Message => ({
    purpose,
    step,
    agencyCode: regime.collector.unit,
    roles,
    channels,
    data: { cycleKey: key, ...data },
    smsWindow: policy.quietHours,
    summary,
  });

  /** Tells the collector, one message per level, of the escalations recorded since the last sweep. */
  async function sweep(at: number): Promise<void> {
    const steps = policy.escalations.map((e) => ({ level: e.level, step: `escalation-${e.level}-${at}` }));
    const counts = await db.markEscalationsTold({ cycleWorkflowId: workflowId, steps });
    policy.escalations.forEach((e, i) => {
      const units = counts[i] ?? 0;
      if (units === 0) return;
      const { step } = steps[i]!;
      const to = e.level >= 2 ? regime.collector.directorName : regime.collector.deskName;
      sender.send(
        toCollector(
          'ESCALATION_SNV',
          step,
          e.roles,
          e.channels,
          { level: e.level, step },
          `Báo cáo vượt cấp ${e.level}: ${units} đơn vị, gửi ${to}`,
        ),
      );
    });
    cycle.lastSweepAt = at;
    // A merge whose news was lost (Temporal unreachable when it was recorded) is found here.
    if (followsSuccessions) unitsChanged = true;
  }

  async function consolidate(): Promise<void> {
    await sweep(Date.now());
    sender.send({
      purpose: 'UBND_SUMMARY',
      step: 'summary',
      agencyCode: regime.summaryTo.unit,
      roles: regime.summaryTo.roles,
      channels: ['email'],
      smsWindow: policy.quietHours,
      data: {
        cycleKey: key,
        dueDate: cycle.deadline.dueDate,
        ...(cycle.drill ? { dueAt: cycle.deadline.dueAt } : {}),
      },
      summary: 'Gửi báo cáo tổng hợp cho UBND tỉnh',
    });
    await db.setCycleStatus({ workflowId, status: 'CONSOLIDATED', at: Date.now() });
    cycle.phase = 'CONSOLIDATED';
    cycle.followUpAt = Date.now();
  }

  async function followUp(at: number): Promise<void> {
    const since = cycle.followUpAt ?? at;
    const counts = await db.recordFollowUp({ cycleWorkflowId: workflowId, since, at });
    if (policy.followUp && counts.arrived + counts.missing > 0) {
      sender.send(
        toCollector(
          'FOLLOW_UP_DIGEST',
          `follow-up-${at}`,
          policy.followUp.roles,
          policy.followUp.channels,
          { since },
          `Báo cáo tình hình sau tổng hợp: ${counts.arrived} đơn vị nộp thêm, ${counts.missing} đơn vị còn thiếu`,
        ),
      );
    }
    cycle.followUpAt = at;
  }

  /**
   * Carries the merges recorded for units of this cycle (the rules: activities/successions.ts):
   * those already in effect now, the next dated one when its day comes.
   */
  async function followSuccessions(): Promise<void> {
    unitsChanged = false;
    const s = (cycle.successions ??= { followed: [] });
    const found = await db.successionsToFollow({ cycleWorkflowId: workflowId, followed: s.followed });
    const now = Date.now();
    s.nextAt = undefined;
    for (const m of found) {
      const at = vnInstant(m.date);
      if (at > now) {
        s.nextAt = Math.min(s.nextAt ?? Infinity, at);
        continue;
      }
      const moved = await db.transferReports({
        ...m,
        cycleWorkflowId: workflowId,
        reportIdPrefix: reportWorkflowId(ref, ''),
      });
      s.followed.push(m.changeKey);
      if (moved.transferred.length === 0 || moved.successorEnrolled) continue;
      const dueAt = Math.max(...moved.transferred.map((t) => t.dueAt));
      const deadline =
        dueAt === cycle.deadline.dueAt
          ? cycle.deadline
          : cycle.drill
            ? deadlineOfInstant(dueAt, cycle.deadline.timings)
            : deadlineOfDate(moved.transferred.find((t) => t.dueAt === dueAt)!.dueDate);
      await startReport(m.successor, reportCalendar(), {
        deadline,
        inherits: { from: moved.transferred.map(({ code, name }) => ({ code, name })), date: m.date },
      });
      cycle.started += 1;
    }
  }

  /** A new calendar version: future milestones and the base deadline move; what is past stays. */
  async function applyCalendar(snapshot: CalendarSnapshot): Promise<void> {
    cycle.calendar = snapshot;
    calendar = calendarFromSnapshot(snapshot);
    const now = Date.now();
    let deadline: Deadline | undefined;
    if (!cycle.drill) {
      const next = computeCycleDates(ref.year, ref.period, policy, calendar);
      if (
        cycle.deadline.dueAt > now &&
        next.agencyDueAt > now &&
        next.agencyDueDate !== cycle.deadline.dueDate
      ) {
        deadline = cycle.deadline = deadlineOfDate(next.agencyDueDate);
      }
      if (cycle.phase === 'OPEN' && cycle.dates.consolidationAt > now && next.consolidationAt > now) {
        cycle.dates = {
          ...cycle.dates,
          consolidationAt: next.consolidationAt,
          consolidationDate: next.consolidationDate,
        };
      }
      if (cycle.dates.finalCloseAt > now && next.finalCloseAt > now) {
        cycle.dates = {
          ...cycle.dates,
          finalCloseAt: next.finalCloseAt,
          finalCloseDate: next.finalCloseDate,
        };
      }
      cycle.dates = {
        ...cycle.dates,
        agencyDueDate: cycle.deadline.dueDate,
        agencyDueAt: cycle.deadline.dueAt,
      };
    }
    await db.openCycleRecord({
      workflowId,
      key,
      regime,
      year: ref.year,
      period: ref.period,
      drillNo: ref.drill ?? 0,
      windowStart: cycle.dates.windowStart,
      cutoff: cycle.dates.cutoff,
      opensAt: cycle.dates.opensAt,
      agencyDueAt: cycle.deadline.dueAt,
      provinceDueAt: cycle.dates.provinceDueAt,
      consolidationAt: cycle.dates.consolidationAt,
      finalCloseAt: cycle.dates.finalCloseAt,
    });
    await signalReports({
      cycleWorkflowId: workflowId,
      signal: 'replan',
      args: [{ calendar: reportCalendar(), ...(deadline ? { deadline } : {}) }],
    });
  }

  // Merges recorded before the fan-out ended (or before the cycle opened, dated after its opening).
  const followsSuccessions = patched('follow-successions');
  if (followsSuccessions && cycle.successions === undefined) unitsChanged = true;
  while (cycle.phase !== 'CLOSED') {
    woken = false;
    // Ending now means consolidating first: the summary always goes out.
    if (cycle.finalRequested) cycle.consolidateRequested = true;
    if (newCalendar) {
      const snapshot = newCalendar;
      newCalendar = undefined;
      await applyCalendar(snapshot);
      publish();
      continue;
    }
    if (
      followsSuccessions &&
      (unitsChanged || (cycle.successions?.nextAt !== undefined && cycle.successions.nextAt <= Date.now()))
    ) {
      await followSuccessions();
      publish();
      continue;
    }
    if (cycle.remindsPending > 0) {
      cycle.remindsPending -= 1;
      cycle.reminders += 1;
      await signalReports({
        cycleWorkflowId: workflowId,
        signal: 'remindNowSignal',
        args: [{ requestId: `${key}-remind-${cycle.reminders}` }],
        states: ['PENDING', 'OVERDUE'],
      });
      continue;
    }
    const now = Date.now();
    const sweepAt = nextSweepAt(cycle, policy, calendar);
    if (sweepAt !== undefined && sweepAt <= now) {
      await sweep(sweepAt);
      continue;
    }
    if (cycle.phase === 'OPEN' && (cycle.consolidateRequested || now >= cycle.dates.consolidationAt)) {
      await consolidate();
      publish();
      continue;
    }
    if (cycle.phase === 'CONSOLIDATED' && (cycle.finalRequested || now >= cycle.dates.finalCloseAt)) break;
    const followUpAt = cycle.phase === 'CONSOLIDATED' ? nextFollowUpAt(cycle, policy, calendar) : undefined;
    if (followUpAt !== undefined && followUpAt <= now) {
      await followUp(followUpAt);
      continue;
    }
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > HISTORY_BUDGET)
      await continueAsNewNow();
    const milestone = cycle.phase === 'OPEN' ? cycle.dates.consolidationAt : cycle.dates.finalCloseAt;
    const wakeAt = Math.min(
      milestone,
      sweepAt ?? Infinity,
      followUpAt ?? Infinity,
      cycle.successions?.nextAt ?? Infinity,
    );
    await condition(() => woken, Math.max(1, wakeAt - now), { summary: cycleWait(cycle, wakeAt) });
  }

  // Final close: every report ends (each sends what it still owes first), the record is final.
  await signalReports({ cycleWorkflowId: workflowId, signal: 'closeReport' });
  await db.setCycleStatus({ workflowId, status: 'CLOSED', at: Date.now() });
  cycle.phase = 'CLOSED';
  publish();
  await condition(allHandlersFinished);
  await sender.drain();
  return cycle;
}
