import { z } from 'zod';
import { timeOfDaySchema, vnInstant, type IsoDate, type WorkingCalendar } from './calendar';

// The timing of one inspection (kiểm tra công tác CCHC), counted in working days around the visit:
// the notice, the self-inspection report's due date and reminders, the visit reminder, the grace
// after the visit, the remediation period and the escalation steps. Data, not code: a plan file
// states only what differs from these defaults.

/** Who an escalation goes to: Phòng CCHC of Sở Nội vụ, then its Director. */
export const ESCALATION_ROLES = ['snv_desk', 'snv_director'] as const;
export type EscalationRole = (typeof ESCALATION_ROLES)[number];

const int = (min: number, max: number) =>
  z.number().int('phải là số nguyên').min(min, `nhỏ nhất là ${min}`).max(max, `lớn nhất là ${max}`);

const offsets = (max: number) =>
  z
    .array(int(1, max))
    .max(5, 'nhiều nhất 5 lần nhắc')
    .refine((xs) => new Set(xs).size === xs.length, 'lần nhắc bị lặp')
    .transform((xs) => [...xs].sort((a, b) => b - a));

const escalationStepSchema = z.strictObject({
  level: int(1, 9),
  workingDaysAfterDue: int(1, 60),
  role: z.enum(ESCALATION_ROLES, { message: `vai trò phải là một trong: ${ESCALATION_ROLES.join(', ')}` }),
});
export type EscalationStep = z.infer<typeof escalationStepSchema>;

const escalationsSchema = z
  .array(escalationStepSchema)
  .max(5, 'nhiều nhất 5 mức')
  .superRefine((steps, ctx) => {
    const sorted = [...steps].sort((a, b) => a.level - b.level);
    sorted.forEach((e, i) => {
      const prev = sorted[i - 1];
      const index = steps.indexOf(e);
      if (prev && prev.level === e.level)
        ctx.addIssue({ code: 'custom', path: [index, 'level'], message: `mức ${e.level} bị lặp` });
      else if (prev && prev.workingDaysAfterDue > e.workingDaysAfterDue)
        ctx.addIssue({
          code: 'custom',
          path: [index, 'workingDaysAfterDue'],
          message: `mức ${e.level} không được sớm hơn mức ${prev.level}`,
        });
    });
  })
  .transform((steps) => [...steps].sort((a, b) => a.level - b.level));

const copy =
  <T>(value: T): (() => T) =>
  () =>
    JSON.parse(JSON.stringify(value)) as T;

const basePolicySchema = z.strictObject({
  /** Local time at which dated steps go out (a working morning, inside the SMS hours). */
  sendTime: timeOfDaySchema.default('08:00'),
  noticeWorkingDaysBeforeVisit: int(2, 60).default(10),
  selfReportDueWorkingDaysBeforeVisit: int(1, 30).default(3),
  /** Reminders of the self-report, N working days before its due date (sorted, largest first). */
  selfReportReminderWorkingDaysBefore: offsets(30).default(copy([2, 1])),
  /** To the agency and the team, N working days before the visit. */
  visitReminderWorkingDaysBefore: int(1, 10).default(1),
  /** The team lead is reminded when the visit's outcome is not recorded N working days after it. */
  resultGraceWorkingDays: int(1, 30).default(3),
  /** A finding's remediation due date, N working days after the visit, when the team gives none. */
  defaultRemediationWorkingDays: int(1, 250).default(30),
  remediationReminderWorkingDaysBefore: offsets(60).default(copy([5, 1])),
  /** The overdue notice to the agency (self-report and remediation), N working days after the due date. */
  overdueWorkingDaysAfterDue: int(1, 30).default(1),
  selfReportEscalations: escalationsSchema.default(
    copy<EscalationStep[]>([
      { level: 1, workingDaysAfterDue: 1, role: 'snv_desk' },
      { level: 2, workingDaysAfterDue: 2, role: 'snv_director' },
    ]),
  ),
  remediationEscalations: escalationsSchema.default(
    copy<EscalationStep[]>([
      { level: 1, workingDaysAfterDue: 1, role: 'snv_desk' },
      { level: 2, workingDaysAfterDue: 5, role: 'snv_director' },
    ]),
  ),
  /** SMS besides email on the urgent steps (last reminders, overdue notices, visit reminder, cancellation). */
  sms: z.boolean({ message: 'mong đợi true hoặc false' }).default(true),
});

/**
 * A plan's policy: every key optional, defaults above. The self-report's steps must fit between
 * the notice and the visit, or they would never be sent.
 */
export const inspectionPolicySchema = basePolicySchema.superRefine((p, ctx) => {
  const due = p.selfReportDueWorkingDaysBeforeVisit;
  const firstReminder = Math.max(0, ...p.selfReportReminderWorkingDaysBefore);
  if (due + firstReminder >= p.noticeWorkingDaysBeforeVisit) {
    ctx.addIssue({
      code: 'custom',
      path: ['noticeWorkingDaysBeforeVisit'],
      message:
        `thông báo phải trước hạn báo cáo tự kiểm tra và các lần nhắc ` +
        `(cần lớn hơn ${due} + ${firstReminder} = ${due + firstReminder})`,
    });
  }
  if (p.visitReminderWorkingDaysBefore >= p.noticeWorkingDaysBeforeVisit) {
    ctx.addIssue({
      code: 'custom',
      path: ['visitReminderWorkingDaysBefore'],
      message: `phải nhỏ hơn noticeWorkingDaysBeforeVisit (${p.noticeWorkingDaysBeforeVisit})`,
    });
  }
  if (p.overdueWorkingDaysAfterDue >= due) {
    ctx.addIssue({
      code: 'custom',
      path: ['overdueWorkingDaysAfterDue'],
      message: `thông báo quá hạn báo cáo tự kiểm tra phải trước ngày kiểm tra (cần nhỏ hơn ${due})`,
    });
  }
  p.selfReportEscalations.forEach((e, i) => {
    if (e.workingDaysAfterDue >= due) {
      ctx.addIssue({
        code: 'custom',
        path: ['selfReportEscalations', i, 'workingDaysAfterDue'],
        message: `phải trước ngày kiểm tra (cần nhỏ hơn selfReportDueWorkingDaysBeforeVisit = ${due})`,
      });
    }
  });
  const lastReminder = Math.max(0, ...p.remediationReminderWorkingDaysBefore);
  if (lastReminder >= p.defaultRemediationWorkingDays) {
    ctx.addIssue({
      code: 'custom',
      path: ['remediationReminderWorkingDaysBefore'],
      message: `phải nhỏ hơn thời hạn khắc phục mặc định (${p.defaultRemediationWorkingDays} ngày làm việc)`,
    });
  }
});

export type InspectionPolicy = z.output<typeof inspectionPolicySchema>;

/** The default policy, parsed (so every array is its own copy). */
export function defaultInspectionPolicy(): InspectionPolicy {
  return inspectionPolicySchema.parse({});
}

/** The dates of one visit, all working days. */
export interface VisitDates {
  visitDate: IsoDate;
  noticeDate: IsoDate;
  selfReportDueDate: IsoDate;
  visitReminderDate: IsoDate;
  resultReminderDate: IsoDate;
  /** Remediation due date of a finding when the team gives none. */
  defaultRemediationDueDate: IsoDate;
}

export function visitDates(
  visitDate: IsoDate,
  policy: InspectionPolicy,
  calendar: WorkingCalendar,
): VisitDates {
  return {
    visitDate,
    noticeDate: calendar.addWorkingDays(visitDate, -policy.noticeWorkingDaysBeforeVisit),
    selfReportDueDate: calendar.addWorkingDays(visitDate, -policy.selfReportDueWorkingDaysBeforeVisit),
    visitReminderDate: calendar.addWorkingDays(visitDate, -policy.visitReminderWorkingDaysBefore),
    resultReminderDate: calendar.addWorkingDays(visitDate, policy.resultGraceWorkingDays),
    defaultRemediationDueDate: calendar.addWorkingDays(visitDate, policy.defaultRemediationWorkingDays),
  };
}

/** Epoch ms at which a dated step goes out. */
export function sendInstant(date: IsoDate, policy: Pick<InspectionPolicy, 'sendTime'>): number {
  return vnInstant(date, policy.sendTime);
}
