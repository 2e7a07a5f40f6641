import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { vnDateOf } from '../../domain/calendar/dates';
import type { ScheduledStep } from '../../domain/calendar/schedule';
import { calendarFromSnapshot } from '../../domain/calendar/snapshot';
import {
  deadlineOfDate,
  deadlineOfInstant,
  exemptSchema,
  extendDeadlineSchema,
  lateness,
  receiptNumber,
  stepsAfter,
  stepsBefore,
  submissionProblem,
  submitReportSchema,
  workingDaysLate,
} from '../../domain/reporting';
import { DATABASE } from '../kit/activity-options';
import { proxySummarisedActivities } from '../kit/summarised-activities';
import { createMirror } from '../kit/mirror';
import { createSender, type Message } from '../kit/send';
import { parseOrReject, rejectIf } from '../kit/validation';
import {
  closeReportSignal,
  exemptUpdate,
  extendDeadlineUpdate,
  remindNowSignal,
  remindNowUpdate,
  replanSignal,
  reportStatusQuery,
  submitReportUpdate,
} from './messages';
import { stepSummary, waitSummary } from './report-words';
import { createReportMetadata } from './report-metadata';
import type { AgencyReportInput, AgencyReportStatus, ReportState, SubmissionEntry } from './types';

const { recordReportState, recordSubmission, recordEscalation } = proxySummarisedActivities(DATABASE);

const TERMINAL: ReportState[] = ['SUBMITTED_ON_TIME', 'SUBMITTED_LATE', 'EXEMPT'];
/** A report ends by itself this long after its cycle's final close, if the cycle's signal never came. */
const CLOSE_GRACE_MS = 60 * 60_000;

/**
 * One agency's obligation in one cycle (ID `report-<cycle key>-<agency>`): opening notice,
 * reminders, the submission with its receipt, overdue notice, escalation levels and repeated
 * overdue notices, extension, exemption and manual reminders. Late reports are taken until the
 * cycle's final close; then it ends, once every message it owes is out.
 */
export async function agencyReport(input: AgencyReportInput): Promise<AgencyReportStatus> {
  let calendar = calendarFromSnapshot(input.calendar);
  const { workflowId } = workflowInfo();
  const state: AgencyReportStatus = {
    agencyCode: input.agencyCode,
    cycleKey: input.cycleKey,
    state: 'PENDING',
    dueDate: input.deadline.dueDate,
    dueAt: input.deadline.dueAt,
    escalationLevel: 0,
    submissions: [],
    extensions: [],
    remindersSent: [],
    closed: false,
  };
  let deadline = input.deadline;
  let steps: ScheduledStep[] = [];
  const done = new Set<string>();
  const remindRequests = new Set<string>();
  let woken = false; // a handler changed something the main loop must look at
  let manualReminders = 0;
  const sender = createSender({ agencyCode: input.agencyCode });
  const metadata = createReportMetadata(input);
  const mirror = createMirror(
    (version) =>
      recordReportState({
        workflowId,
        cycleWorkflowId: input.cycleWorkflowId,
        agencyCode: input.agencyCode,
        state: state.state,
        dueAt: state.dueAt,
        escalationLevel: state.escalationLevel,
        extendedReason: state.extensions.at(-1)?.reason,
        extendedBy: state.extensions.at(-1)?.approvedBy,
        exemptReason: state.exemptReason,
        submittedAt: state.submissions[0] ? Date.parse(state.submissions[0].receivedAt) : undefined,
        receiptNumber: state.submissions.at(-1)?.receiptNumber,
        version,
      }),
    workflowId,
  );

  /** After a change of state: search attributes, the Web UI's details, and the database mirror. */
  const persist = () => {
    metadata.update(state, deadline);
    woken = true;
    return mirror.write();
  };

  /** Steps at or before this instant are spent, not sent (the opening notice or the extension covers them). */
  let spentUntil = 0;
  /** Whether `steps` holds the steps after the deadline: planned once the report is overdue. */
  let afterPlanned = false;
  const spend = (planned: ScheduledStep[]) => {
    for (const s of planned) if (s.at <= spentUntil) done.add(s.step);
  };
  /** Plans the steps before the deadline, and those after it if the report is overdue already. */
  const replan = (since = Date.now()) => {
    spentUntil = since;
    steps = stepsBefore(deadline, input.rules, calendar).sort((a, b) => a.at - b.at);
    spend(steps);
    afterPlanned = false;
    if (state.state === 'OVERDUE') planAfter();
  };
  /**
   * The overdue notice, escalations and repeats, all after the deadline: nothing before it needs
   * them (the loop wakes at the deadline anyway), and a report submitted in time never plans them.
   */
  const planAfter = () => {
    if (afterPlanned) return;
    afterPlanned = true;
    const after = stepsAfter(deadline, input.rules, calendar, input.finalCloseAt);
    spend(after);
    steps = [...steps, ...after].sort((a, b) => a.at - b.at);
  };
  const message = (
    purpose: Message['purpose'],
    step: string,
    roles: Message['roles'],
    channels: Message['channels'],
    data: Record<string, unknown>,
    usefulUntil?: number,
  ): Message => ({
    purpose,
    step,
    agencyCode: input.agencyCode,
    roles,
    channels,
    data: { cycleKey: input.cycleKey, ...data },
    smsWindow: input.rules.quietHours,
    summary: stepSummary(purpose, step),
    ...(usefulUntil !== undefined ? { usefulUntil } : {}),
  });
  const due = () => ({ dueDate: deadline.dueDate, dueAt: deadline.dueAt });
  const active = () => !state.closed && !TERMINAL.includes(state.state);
  const rejectUnlessActive = () =>
    rejectIf(active() ? undefined : state.closed ? closedMessage() : 'đơn vị đã nộp hoặc đã được miễn');
  const closedMessage = () => 'kỳ báo cáo đã kết thúc (chốt sổ): không nhận thêm báo cáo';
  /** Deferred reminders and overdue notices stop once they no longer apply (submitted, exempt, extended). */
  const withdrawReminders = () =>
    sender.withdraw((m) => ['REPORT_REMINDER', 'REPORT_DUE_TODAY', 'REPORT_OVERDUE'].includes(m.purpose));

  /** A reminder now: before the deadline it says how long is left; after it, how late the report is. */
  function reminder(step: string, roles: Message['roles'], channels: Message['channels']): Message {
    const now = Date.now();
    const late = lateness(deadline, now, calendar);
    if (late) return message('REPORT_OVERDUE', step, roles, channels, { ...due(), late });
    const left = Math.max(0, calendar.workingDaysBetween(vnDateOf(now), deadline.dueDate));
    return message(
      'REPORT_REMINDER',
      step,
      roles,
      channels,
      { ...due(), workingDaysLeft: left },
      deadline.dueAt,
    );
  }

  setHandler(reportStatusQuery, () => state);
  setHandler(closeReportSignal, () => {
    state.closed = true;
    woken = true;
  });
  setHandler(replanSignal, (change) => {
    calendar = calendarFromSnapshot(change.calendar);
    // A new base deadline applies while it is still ahead and no official has set one by extension.
    if (
      change.deadline &&
      state.extensions.length === 0 &&
      Date.now() < deadline.dueAt &&
      change.deadline.dueAt > Date.now()
    ) {
      deadline = change.deadline;
      state.dueDate = deadline.dueDate;
      state.dueAt = deadline.dueAt;
    }
    replan();
    void persist();
  });
  setHandler(
    submitReportUpdate,
    async (raw) => {
      const payload = submitReportSchema().parse(raw);
      const now = Date.now();
      // The same document (number and signing date) logged twice is one submission, file or not.
      const same = state.submissions.find(
        (s) => s.documentNumber === payload.documentNumber && s.signedDate === payload.signedDate,
      );
      if (same) return { ...same, duplicate: true };
      const version = state.submissions.length + 1;
      const late = workingDaysLate(deadline.dueDate, deadline.dueAt, now, calendar);
      const entry: SubmissionEntry = {
        receiptNumber: receiptNumber(input.cycleKey, input.agencyCode, version),
        receivedAt: new Date(now).toISOString(),
        version,
        onTime: late === 0,
        workingDaysLate: late,
        dueDate: deadline.dueDate,
        duplicate: false,
        documentNumber: payload.documentNumber,
        signedDate: payload.signedDate,
        channel: payload.channel,
        attachmentSha256: payload.attachmentSha256,
      };
      state.submissions.push(entry);
      // The first version decides on time or late; a corrected version does not change it.
      if (version === 1) state.state = late === 0 ? 'SUBMITTED_ON_TIME' : 'SUBMITTED_LATE';
      withdrawReminders();
      await persist();
      await recordSubmission({
        reportWorkflowId: workflowId,
        version,
        documentNumber: payload.documentNumber,
        signedDate: payload.signedDate,
        receivedAt: now,
        channel: payload.channel,
        attachmentRef: payload.attachmentRef,
        attachmentSha256: payload.attachmentSha256,
        summary: payload.summary,
        receiptNumber: entry.receiptNumber,
        onTime: entry.onTime,
        lateWorkingDays: late,
      });
      const lateBy = lateness(deadline, now, calendar);
      sender.send(
        message('SUBMISSION_RECEIPT', `receipt-${version}`, ['focal_point'], ['email'], {
          ...due(),
          receiptNumber: entry.receiptNumber,
          documentNumber: payload.documentNumber,
          receivedAt: entry.receivedAt,
          onTime: entry.onTime,
          ...(lateBy ? { late: lateBy } : {}),
          version,
        }),
      );
      return entry;
    },
    {
      validator: (raw) => {
        const payload = parseOrReject(submitReportSchema(), raw);
        rejectIf(submissionProblem(payload, vnDateOf(Date.now())));
        if (state.closed) throw new Error(closedMessage());
        if (state.state === 'EXEMPT') throw new Error('đơn vị đã được miễn báo cáo kỳ này');
      },
    },
  );
  setHandler(
    extendDeadlineUpdate,
    async (raw) => {
      const payload = extendDeadlineSchema().parse(raw);
      const previousDueDate = deadline.dueDate;
      const previous = deadline;
      deadline = payload.newDueAt
        ? deadlineOfInstant(Date.parse(payload.newDueAt), deadline.timings)
        : deadlineOfDate(payload.newDueDate!);
      state.dueDate = deadline.dueDate;
      state.dueAt = deadline.dueAt;
      state.extensions.push({
        dueDate: deadline.dueDate,
        dueAt: deadline.dueAt,
        reason: payload.reason,
        approvedBy: payload.approvedBy,
        at: Date.now(),
      });
      if (state.state === 'OVERDUE') state.state = 'PENDING';
      state.escalationLevel = 0;
      withdrawReminders();
      replan();
      await persist();
      sender.send(
        message(
          'DEADLINE_EXTENDED',
          `extended-${state.extensions.length}`,
          ['focal_point', 'head'],
          ['email'],
          {
            previousDueDate,
            ...(previous.drill ? { previousDueAt: previous.dueAt } : {}),
            ...due(),
            reason: payload.reason,
          },
        ),
      );
      return { dueDate: deadline.dueDate, dueAt: deadline.dueAt };
    },
    {
      validator: (raw) => {
        const payload = parseOrReject(extendDeadlineSchema(), raw);
        rejectUnlessActive();
        const newDueAt = payload.newDueAt
          ? Date.parse(payload.newDueAt)
          : deadlineOfDate(payload.newDueDate!).dueAt;
        if (newDueAt <= deadline.dueAt) throw new Error('hạn mới phải sau hạn hiện tại');
        if (newDueAt >= input.finalCloseAt)
          throw new Error('hạn mới phải trước khi kỳ báo cáo kết thúc (chốt sổ)');
        if (payload.newDueDate && !calendar.isWorkingDay(payload.newDueDate)) {
          throw new Error(`newDueDate: ${payload.newDueDate} không phải ngày làm việc`);
        }
      },
    },
  );
  setHandler(
    exemptUpdate,
    async (raw) => {
      const payload = exemptSchema().parse(raw);
      state.state = 'EXEMPT';
      state.exemptReason = payload.reason;
      withdrawReminders();
      await persist();
      sender.send(
        message('EXEMPTED', 'exempted', ['focal_point', 'head'], ['email'], { reason: payload.reason }),
      );
      return state;
    },
    {
      validator: (raw) => {
        parseOrReject(exemptSchema(), raw);
        rejectUnlessActive();
      },
    },
  );
  const remindNow = () => {
    manualReminders += 1;
    const step = `manual-${manualReminders}`;
    sender.send(reminder(step, ['focal_point'], ['email', 'sms']));
    return { step };
  };
  // The cycle's reminder to all: a repeated request (a retried broadcast) reminds once.
  setHandler(remindNowSignal, (request) => {
    const id = request?.requestId ?? `signal-${manualReminders}`;
    if (!active() || remindRequests.has(id)) return;
    remindRequests.add(id);
    remindNow();
  });
  setHandler(remindNowUpdate, () => remindNow(), { validator: rejectUnlessActive });

  /** Carries out one planned step; sends go out beside the loop, so a slow relay delays no deadline. */
  async function runStep(s: ScheduledStep): Promise<void> {
    done.add(s.step);
    if (s.step.startsWith('reminder') || s.step.startsWith('due-day')) {
      // Owed but past the deadline (the workflow ran late): the send is recorded as skipped.
      if (state.state !== 'PENDING' && state.state !== 'OVERDUE') return;
      const data = s.step.startsWith('due-day')
        ? due()
        : {
            ...due(),
            workingDaysLeft: Math.max(0, calendar.workingDaysBetween(vnDateOf(Date.now()), deadline.dueDate)),
          };
      const purpose = s.step.startsWith('due-day') ? 'REPORT_DUE_TODAY' : 'REPORT_REMINDER';
      sender.send(message(purpose, s.step, s.roles, s.channels, data, deadline.dueAt));
      state.remindersSent.push(s.step);
    } else if (s.step.startsWith('overdue')) {
      if (state.state !== 'OVERDUE') return;
      sender.send(reminder(s.step, s.roles, s.channels));
    } else if (s.level !== undefined) {
      if (state.state !== 'OVERDUE') return;
      state.escalationLevel = s.level;
      for (const role of s.roles) {
        await recordEscalation({
          workflowId,
          subject: 'REPORT_OVERDUE',
          agencyCode: input.agencyCode,
          level: s.level,
          toRole: role,
          escalatedAt: Date.now(),
          dueAt: deadline.dueAt,
        });
      }
      await persist();
    }
  }

  // A report started late (slow fan-out, worker down) still sends what fell after the opening.
  replan(input.plannedFrom ?? Date.now());
  metadata.update(state, deadline);
  if (input.sendOpening) {
    sender.send(
      message('CYCLE_OPENING', 'opening', ['focal_point'], ['email'], {
        windowStart: input.windowStart,
        cutoff: input.cutoff,
        ...due(),
        ...(input.inherits ? { inheritsFrom: input.inherits.from, inheritedOn: input.inherits.date } : {}),
      }),
    );
  }

  const closeAt = input.finalCloseAt + CLOSE_GRACE_MS;
  while (!state.closed) {
    woken = false;
    const now = Date.now();
    if (now >= closeAt) {
      state.closed = true;
      break;
    }
    if (state.state === 'PENDING' && now > deadline.dueAt) {
      state.state = 'OVERDUE';
      planAfter();
      await persist();
    }
    // Every step acts on a report still owed: one submitted or exempted waits for the close (or a
    // message) without a timer per step, and the steps whose time passed meanwhile are spent.
    const owed = state.state === 'PENDING' || state.state === 'OVERDUE';
    if (!owed) for (const s of steps) if (s.at <= Date.now()) done.add(s.step);
    const next = owed ? steps.find((s) => !done.has(s.step) && s.at <= Date.now()) : undefined;
    if (next) {
      await runStep(next);
      continue;
    }
    const wakeUps = [
      ...(owed ? steps.filter((s) => !done.has(s.step)).map((s) => s.at) : []),
      ...(state.state === 'PENDING' ? [deadline.dueAt + 1] : []),
      closeAt,
    ];
    const at = Math.min(...wakeUps);
    const upcoming = steps.find((s) => !done.has(s.step) && s.at === at);
    await condition(() => woken, Math.max(1, at - Date.now()), {
      summary: waitSummary(upcoming, at, deadline),
    });
  }
  // Closed: what the agency is still owed (a receipt, an SMS held back by the SMS window) goes out first.
  metadata.update(state, deadline);
  await condition(allHandlersFinished);
  await sender.drain();
  await mirror.flush();
  return state;
}
