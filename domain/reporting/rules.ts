import { z } from 'zod';
// From the calendar's own files, not its index: the agencyReport workflow imports this module, and
// the index would bring the holiday data, the lunar calendar and the policy schemas into every report.
import { endOfDayInstant, isIsoDate, vnDateOf, vnInstant, type IsoDate } from '../calendar/dates';
import type { WorkingCalendar } from '../calendar/day-calendar';
import { lazySchema } from '../lazy-schema';
import type { ReportingPolicy } from '../calendar/policy';
import {
  escalationSchedule,
  reminderSchedule,
  type ScheduledStep,
  type StepRules,
} from '../calendar/schedule';

// Pure rules of one agency's report: what a submission looks like, its receipt, and the plan of
// reminders and escalations around a deadline. Used by the agencyReport workflow and the CLI.

export const SUBMISSION_CHANNELS = ['document_system', 'email', 'paper', 'portal'] as const;
export type SubmissionChannel = (typeof SUBMISSION_CHANNELS)[number];

// The payload schemas of the report's updates are built when first used (lazySchema): the agencyReport
// workflow loads this module for every report, and most reports never receive an update while cached.
const isoDateField = () => z.string().refine(isIsoDate, 'ngày phải có dạng YYYY-MM-DD và tồn tại');

/** A Vietnamese document number: `123/BC-STP`, `45/BC-UBND`, `12/2022/BC-SYT`. */
export const documentNumberSchema = lazySchema(() =>
  z
    .string()
    .trim()
    .regex(
      /^\d{1,6}(\/\d{4})?\/[A-ZĐ]{1,10}(-[A-ZĐ0-9]{1,15}){0,3}$/,
      'số văn bản phải có dạng số/loại-cơ quan, vd. 123/BC-STP',
    ),
);

/** Summary figures one submission may carry (a report states a handful). */
export const MAX_SUMMARY_FIGURES = 100;

export const submitReportSchema = lazySchema(() =>
  z.strictObject({
    documentNumber: documentNumberSchema(),
    signedDate: isoDateField(),
    channel: z.enum(SUBMISSION_CHANNELS, {
      message: `kênh phải là một trong: ${SUBMISSION_CHANNELS.join(', ')}`,
    }),
    attachmentRef: z.string().trim().min(1).max(500).optional(),
    attachmentSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'SHA-256 dạng 64 ký tự hex')
      .optional(),
    /** Optional summary figures the agency reported (e.g. procedures simplified). */
    summary: z
      .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/), z.number().finite())
      .refine((figures) => Object.keys(figures).length <= MAX_SUMMARY_FIGURES, {
        message: `tối đa ${MAX_SUMMARY_FIGURES} chỉ tiêu`,
      })
      .optional(),
  }),
);
export type SubmitReportInput = z.infer<ReturnType<typeof submitReportSchema>>;

export interface Receipt {
  receiptNumber: string;
  receivedAt: string;
  version: number;
  onTime: boolean;
  workingDaysLate: number;
  dueDate: IsoDate;
  duplicate: boolean;
}

/** `TN-CCHC-2022-Q1-STP-1`: tiếp nhận, the cycle's key, agency, version. Unique per submission. */
export function receiptNumber(cycleKey: string, agencyCode: string, version: number): string {
  return `TN-${cycleKey}-${agencyCode}-${version}`;
}

/** Working days late after the due date (0 when on time); a drill deadline late by minutes counts 1. */
export function workingDaysLate(
  dueDate: IsoDate,
  dueAt: number,
  receivedAt: number,
  calendar: WorkingCalendar,
): number {
  if (receivedAt <= dueAt) return 0;
  return Math.max(1, calendar.workingDaysBetween(dueDate, vnDateOf(receivedAt)));
}

export const extendDeadlineSchema = lazySchema(() =>
  z
    .strictObject({
      newDueDate: isoDateField().optional(),
      /** Drills: an absolute instant instead of a date. */
      newDueAt: z.iso
        .datetime({ offset: true, message: 'thời điểm ISO có múi giờ, vd. 2022-03-18T17:00:00+07:00' })
        .optional(),
      reason: z.string().trim().min(3, 'lý do quá ngắn').max(500),
      approvedBy: z.string().trim().min(2, 'cần người phê duyệt').max(200),
    })
    .refine((v) => Boolean(v.newDueDate) !== Boolean(v.newDueAt), {
      message: 'cần đúng một trong newDueDate hoặc newDueAt',
      path: ['newDueDate'],
    }),
);
export type ExtendDeadlineInput = z.infer<ReturnType<typeof extendDeadlineSchema>>;

export const exemptSchema = lazySchema(() =>
  z.strictObject({
    reason: z.string().trim().min(3, 'lý do quá ngắn').max(500),
    approvedBy: z.string().trim().min(2).max(200).optional(),
  }),
);
export type ExemptInput = z.infer<ReturnType<typeof exemptSchema>>;

/** How a drill's steps are spaced around its deadline, in milliseconds (they replace working days). */
export interface DrillTimings {
  reminderBeforeMs: number;
  overdueAfterMs: number;
  escalationStepMs: number;
}

/** The deadline of a report: the end of a due date, or (drills) an exact instant. */
export interface Deadline {
  dueDate: IsoDate;
  dueAt: number;
  drill: boolean;
  /** Drills only: the spacing of their steps (default DRILL). */
  timings?: DrillTimings;
}

export function deadlineOfDate(dueDate: IsoDate): Deadline {
  return { dueDate, dueAt: endOfDayInstant(dueDate), drill: false };
}

export function deadlineOfInstant(dueAt: number, timings?: DrillTimings): Deadline {
  return { dueDate: vnDateOf(dueAt), dueAt, drill: true, ...(timings ? { timings } : {}) };
}

/** Drills run in minutes: by default the offsets below replace the policy's working days. */
export const DRILL: DrillTimings = {
  reminderBeforeMs: 30_000,
  overdueAfterMs: 5_000,
  escalationStepMs: 30_000,
};

/** When a drill consolidates, follows up and ends, by the same spacing as its steps. */
export function drillMilestones(
  deadline: Deadline,
  policy: Pick<ReportingPolicy, 'escalations'>,
): { consolidationAt: number; followUpEveryMs: number; finalCloseAt: number } {
  const t = deadline.timings ?? DRILL;
  const consolidationAt =
    deadline.dueAt + t.overdueAfterMs + (policy.escalations.length + 1) * t.escalationStepMs;
  return {
    consolidationAt,
    followUpEveryMs: t.escalationStepMs,
    finalCloseAt: consolidationAt + 3 * t.escalationStepMs,
  };
}

export interface Lateness {
  unit: 'workingDays' | 'minutes';
  amount: number;
}

/** How late a report is at `at`: working days after its due date, or (drills) minutes after the instant. */
export function lateness(deadline: Deadline, at: number, calendar: WorkingCalendar): Lateness | undefined {
  if (at <= deadline.dueAt) return undefined;
  if (deadline.drill)
    return { unit: 'minutes', amount: Math.max(1, Math.ceil((at - deadline.dueAt) / 60_000)) };
  return { unit: 'workingDays', amount: workingDaysLate(deadline.dueDate, deadline.dueAt, at, calendar) };
}

/** At most this many repeated overdue notices after the escalations (a report owed for a year). */
const MAX_REPEATS = 30;

/** The overdue notice again every `repeatEveryWorkingDays` after the last escalation, until `until`. */
function overdueRepeats(
  deadline: Deadline,
  policy: StepRules,
  calendar: WorkingCalendar,
  after: ScheduledStep[],
  until: number | undefined,
): ScheduledStep[] {
  const { overdue } = policy;
  const every = overdue.repeatEveryWorkingDays;
  const repeats: ScheduledStep[] = [];
  if (every === 0 || until === undefined) return repeats;
  const last = Math.max(...after.map((s) => s.workingDays ?? 0), overdue.workingDaysAfterDue);
  const lastAt = after.at(-1)?.at ?? deadline.dueAt;
  // Working days add up (every > 0): each repeat counts on from the one before, not from the deadline.
  let date = deadline.dueDate;
  for (let n = 1; n <= MAX_REPEATS; n++) {
    const workingDays = last + n * every;
    let at: number;
    if (deadline.drill) at = lastAt + n * (deadline.timings ?? DRILL).escalationStepMs;
    else {
      date = calendar.addWorkingDays(date, n === 1 ? workingDays : every);
      at = vnInstant(date, policy.sendTime);
    }
    if (at >= until) break;
    repeats.push({
      step: `overdue-r${n}`,
      date: vnDateOf(at),
      at,
      channels: [...overdue.channels],
      roles: [...overdue.roles],
      ...(deadline.drill ? {} : { workingDays }),
    });
  }
  return repeats;
}

/**
 * Reminders before and steps after a deadline, and (when `until` is given) the overdue notice
 * repeated by the policy after the last escalation until `until`. Step names carry the due date,
 * so that after an extension the new steps are new notifications, not duplicates of the old ones.
 */
export function reportPlan(
  deadline: Deadline,
  policy: StepRules,
  calendar: WorkingCalendar,
  until?: number,
): { before: ScheduledStep[]; after: ScheduledStep[] } {
  return {
    before: stepsBefore(deadline, policy, calendar),
    after: stepsAfter(deadline, policy, calendar, until),
  };
}

const tagged =
  (deadline: Deadline) =>
  (s: ScheduledStep): ScheduledStep => ({
    ...s,
    step: `${s.step}.${deadline.dueDate}`,
  });

/** The reminders of `reportPlan`, each before the deadline. */
export function stepsBefore(
  deadline: Deadline,
  policy: StepRules,
  calendar: WorkingCalendar,
): ScheduledStep[] {
  if (!deadline.drill) return reminderSchedule(deadline.dueDate, policy, calendar).map(tagged(deadline));
  const timings = deadline.timings ?? DRILL;
  const first = policy.reminders[0];
  if (!first) return [];
  const at = deadline.dueAt - timings.reminderBeforeMs;
  return [
    { step: 'reminder-drill', date: vnDateOf(at), at, channels: first.channels, roles: first.roles },
  ].map(tagged(deadline));
}

/**
 * The overdue notice, escalations and repeats of `reportPlan`, each after the deadline: a report
 * plans them only once it is overdue (most never are).
 */
export function stepsAfter(
  deadline: Deadline,
  policy: StepRules,
  calendar: WorkingCalendar,
  until?: number,
): ScheduledStep[] {
  const normal = escalationSchedule(deadline.dueDate, policy, calendar);
  const timings = deadline.timings ?? DRILL;
  const after = deadline.drill
    ? normal.map((s, i) => {
        const at = deadline.dueAt + timings.overdueAfterMs + i * timings.escalationStepMs;
        return { ...s, date: vnDateOf(at), at };
      })
    : normal;
  const repeats = overdueRepeats(deadline, policy, calendar, after, until);
  return [...after, ...repeats].map(tagged(deadline));
}

/** Why a submission cannot be taken as given (undefined: it can). Shared by the service and the workflow. */
export function submissionProblem(
  payload: Pick<SubmitReportInput, 'signedDate'>,
  today: IsoDate,
): string | undefined {
  if (payload.signedDate > today) return `signedDate: ngày ký ${payload.signedDate} ở tương lai`;
  return undefined;
}
