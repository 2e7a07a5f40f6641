import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { createWorkingCalendar, vnDateOf, type ScheduledStep } from '../../domain/calendar';
import {
  deadlineOfDate,
  deadlineOfInstant,
  exemptSchema,
  extendDeadlineSchema,
  receiptNumber,
  reportPlan,
  submissionProblem,
  submitReportSchema,
  workingDaysLate,
} from '../../domain/reporting';
import { SA_DUE_AT, SA_STATE } from '../../domain/search-attributes';
import { DATABASE } from '../shared/activity-options';
import { createMirror } from '../shared/mirror';
import { createSearchAttributeWriter } from '../shared/search-attributes';
import { createSender, type Message } from '../shared/send';
import { parseOrReject, rejectIf } from '../shared/validation';
import {
  closeReportSignal,
  exemptUpdate,
  extendDeadlineUpdate,
  remindNowSignal,
  remindNowUpdate,
  reportChangedSignal,
  reportStatusQuery,
  submitReportUpdate,
} from './messages';
import type {
  AgencyReportInput,
  AgencyReportStatus,
  ReportState,
  ReportSummary,
  SubmissionEntry,
} from './types';

const { recordReportState, recordSubmission, recordEscalation } = proxyActivities<Activities>(DATABASE);

const TERMINAL: ReportState[] = ['SUBMITTED_ON_TIME', 'SUBMITTED_LATE', 'EXEMPT'];

/**
 * One agency's obligation for one period (ID `report-<year>-<period>-<agency>`): opening notice,
 * reminders, the submission with its receipt, overdue notice and escalation levels, extension,
 * exemption and manual reminders. Lives until its cycle closes, and until every message it owes is out.
 */
export async function agencyReport(input: AgencyReportInput): Promise<AgencyReportStatus> {
  const calendar = createWorkingCalendar();
  const { workflowId } = workflowInfo();
  const state: AgencyReportStatus = {
    agencyCode: input.agencyCode,
    year: input.year,
    period: input.period,
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
  let changed = true; // the cycle has not heard of the latest state
  let woken = false; // a handler changed something the main loop must look at
  let manualReminders = 0;
  const sender = createSender({ agencyCode: input.agencyCode });
  const searchAttributes = createSearchAttributeWriter();
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

  /** Writes the mirror and the search attributes after a change of state. */
  const persist = () => {
    searchAttributes.set([
      { key: SA_STATE, value: state.state },
      { key: SA_DUE_AT, value: new Date(state.dueAt) },
    ]);
    changed = true;
    woken = true;
    return mirror.write();
  };

  const replan = () => {
    const plan = reportPlan(deadline, input.policy, calendar);
    steps = [...plan.before, ...plan.after].sort((a, b) => a.at - b.at);
    // Steps already past when planned are not sent late: the opening notice or the extension covers them.
    for (const s of steps) if (s.at <= Date.now()) done.add(s.step);
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
    data: { year: input.year, period: input.period, ...data },
    smsWindow: input.policy.quietHours,
    ...(usefulUntil !== undefined ? { usefulUntil } : {}),
  });
  const active = () => !state.closed && !TERMINAL.includes(state.state);
  /** Deferred reminders and overdue notices stop once they no longer apply (submitted, exempt, extended). */
  const withdrawReminders = () =>
    sender.withdraw((m) => ['REPORT_REMINDER', 'REPORT_DUE_TODAY', 'REPORT_OVERDUE'].includes(m.purpose));
  const rejectUnlessActive = () =>
    rejectIf(active() ? undefined : state.closed ? 'kỳ báo cáo đã đóng' : 'đơn vị đã nộp hoặc đã được miễn');

  /** A reminder before the deadline is worth sending until the deadline; after it, the overdue wording. */
  function reminder(step: string, roles: Message['roles'], channels: Message['channels']): Message {
    const now = Date.now();
    if (now > deadline.dueAt) {
      const late = workingDaysLate(deadline.dueDate, deadline.dueAt, now, calendar);
      return message('REPORT_OVERDUE', step, roles, channels, {
        dueDate: deadline.dueDate,
        workingDaysLate: late,
      });
    }
    const left = Math.max(0, calendar.workingDaysBetween(vnDateOf(now), deadline.dueDate));
    return message(
      'REPORT_REMINDER',
      step,
      roles,
      channels,
      { dueDate: deadline.dueDate, workingDaysLeft: left },
      deadline.dueAt,
    );
  }

  setHandler(reportStatusQuery, () => state);
  setHandler(closeReportSignal, () => {
    state.closed = true;
    woken = true;
  });
  setHandler(
    submitReportUpdate,
    async (raw) => {
      const payload = submitReportSchema.parse(raw);
      const now = Date.now();
      const same = state.submissions.find(
        (s) =>
          s.documentNumber === payload.documentNumber &&
          s.signedDate === payload.signedDate &&
          s.attachmentSha256 === payload.attachmentSha256,
      );
      if (same) return { ...same, duplicate: true }; // the same document logged twice: one receipt
      const version = state.submissions.length + 1;
      const late = workingDaysLate(deadline.dueDate, deadline.dueAt, now, calendar);
      const entry: SubmissionEntry = {
        receiptNumber: receiptNumber(input.year, input.period, input.agencyCode, version),
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
      sender.send(
        message('SUBMISSION_RECEIPT', `receipt-${version}`, ['focal_point'], ['email'], {
          dueDate: deadline.dueDate,
          receiptNumber: entry.receiptNumber,
          documentNumber: payload.documentNumber,
          receivedAt: entry.receivedAt,
          onTime: entry.onTime,
          ...(late > 0 ? { workingDaysLate: late } : {}),
          version,
        }),
      );
      return entry;
    },
    {
      validator: (raw) => {
        const payload = parseOrReject(submitReportSchema, raw);
        rejectIf(submissionProblem(payload, vnDateOf(Date.now())));
        if (state.closed) throw new Error('kỳ báo cáo đã đóng: không nhận thêm báo cáo');
        if (state.state === 'EXEMPT') throw new Error('đơn vị đã được miễn báo cáo kỳ này');
      },
    },
  );
  setHandler(
    extendDeadlineUpdate,
    async (raw) => {
      const payload = extendDeadlineSchema.parse(raw);
      const previousDueDate = deadline.dueDate;
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
            dueDate: deadline.dueDate,
            reason: payload.reason,
          },
        ),
      );
      return { dueDate: deadline.dueDate, dueAt: deadline.dueAt };
    },
    {
      validator: (raw) => {
        const payload = parseOrReject(extendDeadlineSchema, raw);
        rejectUnlessActive();
        const newDueAt = payload.newDueAt
          ? Date.parse(payload.newDueAt)
          : deadlineOfDate(payload.newDueDate!).dueAt;
        if (newDueAt <= deadline.dueAt) throw new Error('hạn mới phải sau hạn hiện tại');
        if (payload.newDueDate && !calendar.isWorkingDay(payload.newDueDate)) {
          throw new Error(`newDueDate: ${payload.newDueDate} không phải ngày làm việc`);
        }
      },
    },
  );
  setHandler(
    exemptUpdate,
    async (raw) => {
      const payload = exemptSchema.parse(raw);
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
        parseOrReject(exemptSchema, raw);
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
  setHandler(remindNowSignal, () => {
    if (active()) remindNow();
  });
  setHandler(remindNowUpdate, () => remindNow(), { validator: rejectUnlessActive });

  /** Carries out one planned step; sends go out beside the loop, so a slow relay delays no deadline. */
  async function runStep(s: ScheduledStep): Promise<void> {
    done.add(s.step);
    if (s.step.startsWith('reminder') || s.step.startsWith('due-day')) {
      // Owed but past the deadline (the workflow ran late): the send is recorded as skipped.
      if (state.state !== 'PENDING' && state.state !== 'OVERDUE') return;
      const data = {
        dueDate: deadline.dueDate,
        ...(s.step.startsWith('due-day')
          ? {}
          : {
              workingDaysLeft: Math.max(
                0,
                calendar.workingDaysBetween(vnDateOf(Date.now()), deadline.dueDate),
              ),
            }),
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
        });
      }
      await persist();
    }
  }

  const notifyCycle = async () => {
    changed = false;
    const summary: ReportSummary = {
      agencyCode: input.agencyCode,
      state: state.state,
      dueDate: state.dueDate,
      dueAt: state.dueAt,
      escalationLevel: state.escalationLevel,
      submittedAt: state.submissions[0] ? Date.parse(state.submissions[0].receivedAt) : undefined,
      workingDaysLate: state.submissions[0]?.workingDaysLate,
      exemptReason: state.exemptReason,
    };
    try {
      await getExternalWorkflowHandle(input.cycleWorkflowId).signal(reportChangedSignal, summary);
    } catch (err) {
      log.warn('could not signal the cycle', { error: String(err) });
    }
  };

  replan();
  await persist();
  if (input.sendOpening) {
    sender.send(
      message('CYCLE_OPENING', 'opening', ['focal_point'], ['email'], {
        windowStart: input.windowStart,
        cutoff: input.cutoff,
        dueDate: deadline.dueDate,
      }),
    );
  }

  while (!state.closed) {
    woken = false;
    if (state.state === 'PENDING' && Date.now() > deadline.dueAt) {
      state.state = 'OVERDUE';
      await persist();
    }
    const due = steps.find((s) => !done.has(s.step) && s.at <= Date.now());
    if (due) {
      await runStep(due);
      continue;
    }
    if (changed) await notifyCycle();
    const wakeUps = [
      ...steps.filter((s) => !done.has(s.step)).map((s) => s.at),
      ...(state.state === 'PENDING' ? [deadline.dueAt + 1] : []),
    ];
    const next = wakeUps.length > 0 ? Math.min(...wakeUps) : undefined;
    const wake = () => woken || changed;
    if (next === undefined) await condition(wake);
    else await condition(wake, Math.max(1, next - Date.now()));
  }
  // Closed: what the agency is still owed (a receipt, an SMS held back by the SMS window) goes out first.
  await condition(allHandlersFinished);
  await sender.drain();
  await mirror.flush();
  return state;
}
