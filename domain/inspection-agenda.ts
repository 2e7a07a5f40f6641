import type { ContactRoleName } from './agencies';
import { endOfDayInstant, vnInstant, type Channel, type IsoDate, type WorkingCalendar } from './calendar';
import { sendInstant, visitDates, type EscalationRole, type InspectionPolicy } from './inspection-policy';
import type { NotificationPurpose } from './templates';

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
