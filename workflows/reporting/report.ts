import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { NotifyInput } from '../../activities/notifications';
import { createWorkingCalendar, vnDateOf, type ScheduledStep } from '../../domain/calendar';
import {
  deadlineOfDate,
  deadlineOfInstant,
  exemptSchema,
  extendDeadlineSchema,
  receiptNumber,
  reportPlan,
  submitReportSchema,
  workingDaysLate,
} from '../../domain/reporting';
import { SA_DUE_AT, SA_STATE } from '../../domain/search-attributes';
import { formatZodIssues } from '../../domain/zod-format';
import type { z } from 'zod';
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

const { notify } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
const { recordReportState, recordSubmission, recordEscalation, recordAuditEvent } =
  proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });

const TERMINAL: ReportState[] = ['SUBMITTED_ON_TIME', 'SUBMITTED_LATE', 'EXEMPT'];

/** Validators reject before anything enters history; the message names the field. */
function parseOrReject<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(formatZodIssues(result.error).join('; '));
  return result.data;
}

/**
 * One agency's obligation for one period (ID `report-<year>-<period>-<agency>`): opening notice,
 * reminders, the submission with its receipt, overdue notice and escalation levels, extension,
 * exemption and manual reminders. Lives until its cycle closes.
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
  const outbox: NotifyInput[] = []; // messages decided by handlers, sent by the main loop
  let changed = true;
  let manualReminders = 0;
  const retries: { msg: NotifyInput; at: number }[] = []; // SMS deferred by quiet hours

  const replan = () => {
    const plan = reportPlan(deadline, input.policy, calendar);
    steps = [...plan.before, ...plan.after].sort((a, b) => a.at - b.at);
    // Steps already past when planned are not sent late: the opening notice or the extension covers them.
    for (const s of steps) if (s.at <= Date.now()) done.add(s.step);
  };
  const base = { year: input.year, period: input.period };
  const message = (
    purpose: NotifyInput['purpose'],
    step: string,
    roles: NotifyInput['roles'],
    channels: NotifyInput['channels'],
    data: Record<string, unknown>,
  ): NotifyInput => ({
    workflowId,
    purpose,
    step,
    agencyCode: input.agencyCode,
    roles,
    channels,
    data: { ...base, ...data },
  });
  const active = () => !state.closed && !TERMINAL.includes(state.state);

  setHandler(reportStatusQuery, () => state);
  setHandler(closeReportSignal, () => {
    state.closed = true;
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
      outbox.push(
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
      changed = true;
      return entry;
    },
    {
      validator: (raw) => {
        parseOrReject(submitReportSchema, raw);
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
        ? deadlineOfInstant(Date.parse(payload.newDueAt))
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
      replan();
      await persist();
      outbox.push(
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
      changed = true;
      return { dueDate: deadline.dueDate, dueAt: deadline.dueAt };
    },
    {
      validator: (raw) => {
        const payload = parseOrReject(extendDeadlineSchema, raw);
        if (!active())
          throw new Error(state.closed ? 'kỳ báo cáo đã đóng' : 'đơn vị đã nộp hoặc đã được miễn');
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
      await persist();
      outbox.push(
        message('EXEMPTED', 'exempted', ['focal_point', 'head'], ['email'], { reason: payload.reason }),
      );
      changed = true;
      return state;
    },
    {
      validator: (raw) => {
        parseOrReject(exemptSchema, raw);
        if (!active())
          throw new Error(state.closed ? 'kỳ báo cáo đã đóng' : 'đơn vị đã nộp hoặc đã được miễn');
      },
    },
  );
  const remindNow = () => {
    manualReminders += 1;
    const step = `manual-${manualReminders}`;
    outbox.push(reminder(step, ['focal_point'], ['email', 'sms']));
    return { step };
  };
  setHandler(remindNowSignal, () => {
    if (active()) remindNow();
  });
  setHandler(remindNowUpdate, () => remindNow(), {
    validator: () => {
      if (!active()) throw new Error(state.closed ? 'kỳ báo cáo đã đóng' : 'đơn vị đã nộp hoặc đã được miễn');
    },
  });

  function reminder(
    step: string,
    roles: NotifyInput['roles'],
    channels: NotifyInput['channels'],
  ): NotifyInput {
    if (Date.now() > deadline.dueAt) {
      const late = workingDaysLate(deadline.dueDate, deadline.dueAt, Date.now(), calendar);
      return message('REPORT_OVERDUE', step, roles, channels, {
        dueDate: deadline.dueDate,
        workingDaysLate: late,
      });
    }
    const left = Math.max(0, calendar.workingDaysBetween(vnDateOf(Date.now()), deadline.dueDate));
    return message('REPORT_REMINDER', step, roles, channels, {
      dueDate: deadline.dueDate,
      workingDaysLeft: left,
    });
  }

  async function persist(): Promise<void> {
    await recordReportState({
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
    });
    upsertSearchAttributes([
      { key: SA_STATE, value: state.state },
      { key: SA_DUE_AT, value: new Date(state.dueAt) },
    ]);
  }

  async function send(msg: NotifyInput): Promise<void> {
    let result: Awaited<ReturnType<typeof notify>>;
    try {
      result = await notify(msg);
    } catch (err) {
      // A message that cannot be sent at all (bad data, unknown agency) must not end the obligation.
      log.error('notification failed', { step: msg.step, error: String(err) });
      await recordAuditEvent({
        workflowId,
        kind: 'NOTIFICATION_FAILED',
        agencyCode: input.agencyCode,
        detail: { purpose: msg.purpose, step: msg.step, error: String(err) },
      });
      return;
    }
    if (result.failed.length > 0 || result.noRecipients) {
      // Nobody could be told: leave a trace for Sở Nội vụ instead of failing the workflow.
      log.warn('notification not delivered', {
        step: msg.step,
        failed: result.failed.length,
        noRecipients: result.noRecipients,
      });
      await recordAuditEvent({
        workflowId,
        kind: 'NOTIFICATION_NOT_DELIVERED',
        agencyCode: input.agencyCode,
        detail: {
          purpose: msg.purpose,
          step: msg.step,
          failed: result.failed,
          noRecipients: result.noRecipients,
        },
      });
    }
    for (const d of result.deferred.slice(0, 1)) retries.push({ msg, at: Date.parse(d.until) });
  }

  async function runStep(s: ScheduledStep): Promise<void> {
    done.add(s.step);
    const now = Date.now();
    if (s.step.startsWith('reminder') || s.step.startsWith('due-day')) {
      if (state.state !== 'PENDING') return;
      if (s.step.startsWith('due-day')) {
        await send(message('REPORT_DUE_TODAY', s.step, s.roles, s.channels, { dueDate: deadline.dueDate }));
      } else {
        await send(reminder(s.step, s.roles, s.channels));
      }
      state.remindersSent.push(s.step);
    } else if (s.step.startsWith('overdue')) {
      if (state.state !== 'OVERDUE') return;
      await send(reminder(s.step, s.roles, s.channels));
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
          escalatedAt: now,
        });
      }
      await persist();
      changed = true;
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
    await send(
      message('CYCLE_OPENING', 'opening', ['focal_point'], ['email'], {
        windowStart: input.windowStart,
        cutoff: input.cutoff,
        dueDate: deadline.dueDate,
      }),
    );
  }

  while (!state.closed) {
    while (outbox.length > 0) await send(outbox.shift()!);
    if (state.state === 'PENDING' && Date.now() > deadline.dueAt) {
      state.state = 'OVERDUE';
      await persist();
      changed = true;
    }
    const due = steps.find((s) => !done.has(s.step) && s.at <= Date.now());
    if (due) {
      await runStep(due);
      continue;
    }
    const retry = retries.findIndex((r) => r.at <= Date.now());
    if (retry >= 0) {
      await send(retries.splice(retry, 1)[0]!.msg);
      continue;
    }
    if (changed) await notifyCycle();
    const wakeUps = [
      ...steps.filter((s) => !done.has(s.step)).map((s) => s.at),
      ...retries.map((r) => r.at),
      ...(state.state === 'PENDING' ? [deadline.dueAt + 1] : []),
    ];
    const next = wakeUps.length > 0 ? Math.min(...wakeUps) : undefined;
    const wake = () => state.closed || outbox.length > 0 || changed;
    if (next === undefined) await condition(wake);
    else await condition(wake, Math.max(1, next - Date.now()));
  }
  while (outbox.length > 0) await send(outbox.shift()!);
  await condition(allHandlersFinished);
  return state;
}
