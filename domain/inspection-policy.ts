import { z } from 'zod';
import type { ContactRoleName } from './agencies';
import {
  endOfDayInstant,
  timeOfDaySchema,
  vnInstant,
  type Channel,
  type IsoDate,
  type WorkingCalendar,
} from './calendar';
import type { NotificationPurpose } from './templates';

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

// ---- The agenda: every dated step of one inspection still to come, from its current state.

export type FindingStateName = 'OPEN' | 'REMEDIATED' | 'OVERDUE';

/** What the agenda reads of an inspection's state (the workflow's status object has all of it). */
export interface AgendaState {
  state: string;
  visitDate: IsoDate;
  /** Epoch ms from which the current schedule runs: reminders due before it are not sent late. */
  scheduledFrom: number;
  noticeSentFor?: IsoDate;
  reschedules: { reason: string }[];
  selfReport?: object;
  visitedOn?: IsoDate;
  resultRecordedAt?: string;
  findings: { code: string; description: string; dueDate: IsoDate; state: FindingStateName }[];
}

export interface AgendaContext {
  year: number;
  decisionRef?: string;
  scope: string;
  /** Every role of the team (lead and members), and the lead's. */
  teamRoles: ContactRoleName[];
  leadRole: ContactRoleName;
  policy: InspectionPolicy;
  calendar: WorkingCalendar;
}

export interface AgendaMessage {
  purpose: NotificationPurpose;
  roles: ContactRoleName[];
  channels: Channel[];
  data: Record<string, unknown>;
  /** Epoch ms after which the message is not worth sending (a reminder after its due date). */
  usefulUntil?: number;
}

export interface AgendaStep {
  /** Unique within the inspection; part of the notification's idempotency key. Dates in it keep re-planned steps apart. */
  step: string;
  at: number;
  /** The visit date the step was planned for. */
  visitDate: IsoDate;
  kind:
    | 'notice'
    | 'reminder'
    | 'selfReportDeadline'
    | 'selfReportEscalation'
    | 'visitDay'
    | 'remediationDeadline'
    | 'remediationEscalation';
  message?: AgendaMessage;
  level?: number;
  role?: EscalationRole;
  dueDate?: IsoDate;
}

const AGENCY: ContactRoleName[] = ['focal_point', 'head'];
export const isOpenFinding = (f: { state: FindingStateName }) => f.state !== 'REMEDIATED';

type Planned = Omit<AgendaStep, 'visitDate'>;

/**
 * Every dated step of an inspection from its state, in time order (ties in the order planned):
 * before the result, the notice (revised after a reschedule), the self-report's reminders,
 * deadline, overdue notice and escalations, the visit reminders, the visit day and the result
 * reminder; after it, per remediation due date, reminders, deadline, overdue notice and escalations.
 */
export function inspectionAgenda(s: AgendaState, c: AgendaContext): AgendaStep[] {
  const planned = s.resultRecordedAt ? remediationSteps(s, c) : visitSteps(s, c);
  return planned
    .map((x, i) => ({ x: { ...x, visitDate: s.visitDate }, i }))
    .sort((a, b) => a.x.at - b.x.at || a.i - b.i)
    .map(({ x }) => x);
}

const channelsOf = (c: AgendaContext, urgent: boolean): Channel[] =>
  urgent && c.policy.sms ? ['email', 'sms'] : ['email'];

function visitSteps(s: AgendaState, c: AgendaContext): Planned[] {
  const { policy, calendar, year } = c;
  const steps: Planned[] = [];
  const V = s.visitDate;
  const from = s.scheduledFrom;
  const d = visitDates(V, policy, calendar);
  const S = d.selfReportDueDate;
  const at = (date: IsoDate) => sendInstant(date, policy);
  if (s.noticeSentFor !== V) {
    const revised = s.noticeSentFor !== undefined;
    const last = s.reschedules.at(-1);
    steps.push({
      step: revised ? `notice-r${s.reschedules.length}-${V}` : `notice-${V}`,
      // The first notice waits for its day (or goes at once if that has passed); a revised one goes at once.
      at: revised ? from : Math.max(at(d.noticeDate), from),
      kind: 'notice',
      message: {
        purpose: 'INSPECTION_NOTICE',
        usefulUntil: vnInstant(V),
        roles: AGENCY,
        channels: channelsOf(c, true),
        data: {
          year,
          visitDate: V,
          ...(c.decisionRef ? { decisionRef: c.decisionRef } : {}),
          scope: c.scope,
          selfReportDueDate: S,
          ...(revised && last ? { previousVisitDate: s.noticeSentFor, reason: last.reason } : {}),
        },
      },
    });
  }
  if (!s.selfReport && s.state !== 'VISITED') {
    const smallest = Math.min(...policy.selfReportReminderWorkingDaysBefore);
    for (const k of policy.selfReportReminderWorkingDaysBefore) {
      const when = at(calendar.addWorkingDays(S, -k));
      if (when <= from) continue; // not sent late: the notice states the due date
      steps.push({
        step: `sr-reminder-${k}wd-${V}`,
        at: when,
        kind: 'reminder',
        message: {
          purpose: 'SELF_REPORT_REMINDER',
          usefulUntil: endOfDayInstant(S),
          roles: ['focal_point'],
          channels: channelsOf(c, k === smallest),
          data: { year, visitDate: V, selfReportDueDate: S, workingDaysLeft: k },
        },
      });
    }
    steps.push({ step: `sr-deadline-${V}`, at: endOfDayInstant(S) + 1, kind: 'selfReportDeadline' });
    const late = (n: number) => ({
      at: at(calendar.addWorkingDays(S, n)),
      data: { year, visitDate: V, selfReportDueDate: S, workingDaysLate: n },
    });
    const overdue = late(policy.overdueWorkingDaysAfterDue);
    steps.push({
      step: `sr-overdue-${V}`,
      at: overdue.at,
      kind: 'reminder',
      message: {
        purpose: 'SELF_REPORT_OVERDUE',
        roles: AGENCY,
        channels: channelsOf(c, true),
        data: overdue.data,
      },
    });
    for (const e of policy.selfReportEscalations) {
      const escalated = late(e.workingDaysAfterDue);
      steps.push({
        step: `sr-esc-${e.level}-${V}`,
        at: escalated.at,
        kind: 'selfReportEscalation',
        level: e.level,
        role: e.role,
        dueDate: S,
        message: {
          purpose: 'SELF_REPORT_OVERDUE',
          roles: [e.role],
          channels: ['email'],
          data: { ...escalated.data, escalationLevel: e.level },
        },
      });
    }
  }
  const reminderAt = at(d.visitReminderDate);
  if (reminderAt > from) {
    const data = {
      year,
      visitDate: V,
      scope: c.scope,
      workingDaysLeft: policy.visitReminderWorkingDaysBefore,
    };
    steps.push(
      {
        step: `visit-reminder-${V}`,
        at: reminderAt,
        kind: 'reminder',
        message: {
          purpose: 'VISIT_REMINDER',
          usefulUntil: vnInstant(V),
          roles: AGENCY,
          channels: channelsOf(c, true),
          data,
        },
      },
      {
        step: `visit-reminder-team-${V}`,
        at: reminderAt,
        kind: 'reminder',
        message: {
          purpose: 'VISIT_REMINDER',
          usefulUntil: vnInstant(V),
          roles: c.teamRoles,
          channels: ['email'],
          data,
        },
      },
    );
  }
  steps.push(
    { step: `visit-day-${V}`, at: vnInstant(V), kind: 'visitDay' },
    {
      step: `result-reminder-${V}`,
      at: at(d.resultReminderDate),
      kind: 'reminder',
      message: {
        purpose: 'VISIT_RESULT_REMINDER',
        roles: [c.leadRole],
        channels: ['email'],
        data: { year, visitDate: V },
      },
    },
  );
  return steps;
}

function remediationSteps(s: AgendaState, c: AgendaContext): Planned[] {
  const { policy, calendar, year } = c;
  const steps: Planned[] = [];
  const recordedAt = Date.parse(s.resultRecordedAt!);
  const visitDate = s.visitedOn ?? s.visitDate;
  const at = (date: IsoDate) => sendInstant(date, policy);
  const open = s.findings.filter(isOpenFinding);
  // Findings due the same day share their messages.
  for (const D of [...new Set(open.map((f) => f.dueDate))].sort()) {
    const listed = open
      .filter((f) => f.dueDate === D)
      .map(({ code, description, dueDate }) => ({ code, description, dueDate }));
    const smallest = Math.min(...policy.remediationReminderWorkingDaysBefore);
    for (const k of policy.remediationReminderWorkingDaysBefore) {
      const when = at(calendar.addWorkingDays(D, -k));
      if (when <= recordedAt) continue;
      steps.push({
        step: `rem-reminder-${k}wd-${D}`,
        at: when,
        kind: 'reminder',
        message: {
          purpose: 'REMEDIATION_REMINDER',
          usefulUntil: endOfDayInstant(D),
          roles: ['focal_point'],
          channels: channelsOf(c, k === smallest),
          data: { year, visitDate, findings: listed },
        },
      });
    }
    steps.push({
      step: `rem-deadline-${D}`,
      at: endOfDayInstant(D) + 1,
      kind: 'remediationDeadline',
      dueDate: D,
    });
    const late = (n: number) => ({
      at: at(calendar.addWorkingDays(D, n)),
      data: { year, visitDate, findings: listed.map((f) => ({ ...f, workingDaysLate: n })) },
    });
    const overdue = late(policy.overdueWorkingDaysAfterDue);
    steps.push({
      step: `rem-overdue-${D}`,
      at: overdue.at,
      kind: 'reminder',
      message: {
        purpose: 'REMEDIATION_OVERDUE',
        roles: AGENCY,
        channels: channelsOf(c, true),
        data: overdue.data,
      },
    });
    for (const e of policy.remediationEscalations) {
      const escalated = late(e.workingDaysAfterDue);
      steps.push({
        step: `rem-esc-${e.level}-${D}`,
        at: escalated.at,
        kind: 'remediationEscalation',
        level: e.level,
        role: e.role,
        dueDate: D,
        message: {
          purpose: 'REMEDIATION_OVERDUE',
          roles: [e.role],
          channels: ['email'],
          data: { ...escalated.data, escalationLevel: e.level },
        },
      });
    }
  }
  return steps;
}
