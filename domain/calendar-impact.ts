import {
  computeCycleDates,
  endOfDayInstant,
  type IsoDate,
  type ReportingPolicy,
  type WorkingCalendar,
} from './calendar';
import { deadlineOfDate, reportPlan } from './reporting/rules';
import { inspectionAgenda, type AgendaState, type FindingStateName } from './inspection-agenda';
import type { InspectionPolicy } from './inspection-policy';

// Which future steps of a running workflow move when the calendar changes: the same plans the
// workflows make (cycle dates, a report's reminders and escalations, an inspection's agenda),
// computed with the calendar in force and with the new one, compared step by step. A step counts
// when it is still ahead under either calendar; steps already behind stay where they were.

/** One dated step that moves: epoch ms under the calendar in force and under the new one. */
export interface StepMove {
  step: string;
  /** What officials call it, in Vietnamese. */
  label: string;
  from: number;
  to: number;
}

interface Dated {
  step: string;
  label: string;
  at: number;
}

function moves(before: Dated[], after: Dated[], now: number): StepMove[] {
  const next = new Map(after.map((s) => [s.step, s]));
  return before.flatMap((s) => {
    const n = next.get(s.step);
    if (!n || n.at === s.at || Math.max(s.at, n.at) <= now) return [];
    return [{ step: s.step, label: s.label, from: s.at, to: n.at }];
  });
}

// ---- Reporting: a cycle's own dates and its agencies' reports.

export interface ReportSlot {
  /** The report's due date now (its row). */
  dueDate: IsoDate;
  /** Given by an official (an extension), not computed from the policy's rule. */
  explicit: boolean;
}

/** Reports of one cycle whose steps move the same way. */
export interface ReportGroupImpact {
  count: number;
  dueDate: IsoDate;
  newDueDate: IsoDate;
  explicit: boolean;
  moves: StepMove[];
}

export interface CycleImpact {
  moves: StepMove[];
  reports: ReportGroupImpact[];
}

const CYCLE_STEPS = [
  ['opensAt', 'mở kỳ'],
  ['agencyDueAt', 'hạn đơn vị gửi Sở Nội vụ'],
  ['consolidationAt', 'Sở Nội vụ tổng hợp'],
  ['provinceDueAt', 'hạn tỉnh gửi Bộ Nội vụ'],
  ['finalCloseAt', 'kết thúc kỳ (chốt sổ)'],
] as const;

function reportStepLabel(step: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^reminder-(\d+)wd$/.exec(step))) return `nhắc trước hạn ${m[1]} ngày làm việc`;
  if ((m = /^reminder-(\d+)h$/.exec(step))) return `nhắc trước hạn ${m[1]} giờ`;
  if (step === 'due-day') return 'nhắc ngày hạn';
  if (step === 'overdue') return 'thông báo quá hạn';
  if ((m = /^overdue-r(\d+)$/.exec(step))) return `thông báo quá hạn nhắc lại lần ${m[1]}`;
  if ((m = /^escalation-(\d+)$/.exec(step))) return `báo cáo Sở Nội vụ cấp ${m[1]}`;
  return step;
}

/** A report's steps as its workflow plans them (the overdue notice repeated until the final close), untagged. */
function reportSteps(
  dueDate: IsoDate,
  policy: ReportingPolicy,
  calendar: WorkingCalendar,
  finalCloseAt: number,
): Dated[] {
  const deadline = deadlineOfDate(dueDate);
  const plan = reportPlan(deadline, policy, calendar, finalCloseAt);
  const untag = (step: string) => step.slice(0, step.length - dueDate.length - 1);
  return [
    ...plan.before.map((s) => ({ step: untag(s.step), at: s.at })),
    { step: 'deadline', at: deadline.dueAt },
    ...plan.after.map((s) => ({ step: untag(s.step), at: s.at })),
  ].map((s) => ({ ...s, label: s.step === 'deadline' ? 'hạn nộp' : reportStepLabel(s.step) }));
}

/**
 * What moves in a (non-drill) cycle of `period` in `year` under `policy`, and in its open reports:
 * a report due by the rule follows the rule's new date unless its deadline has passed; a date an
 * official gave moves only if it is now a day off (to the next working day).
 */
export function cycleImpact(
  cycle: { year: number; period: string; policy: ReportingPolicy; reports: readonly ReportSlot[] },
  before: WorkingCalendar,
  after: WorkingCalendar,
  now: number,
): CycleImpact {
  const [b, a] = [before, after].map((cal) => computeCycleDates(cycle.year, cycle.period, cycle.policy, cal));
  const dated = (d: typeof b) => CYCLE_STEPS.map(([step, label]) => ({ step, label, at: d![step] }));
  const groups = new Map<string, ReportGroupImpact>();
  for (const r of cycle.reports) {
    const byRule = !r.explicit && r.dueDate === b!.agencyDueDate;
    const passed = deadlineOfDate(r.dueDate).dueAt <= now;
    const newDueDate = passed ? r.dueDate : byRule ? a!.agencyDueDate : after.onOrNextWorkingDay(r.dueDate);
    const key = `${r.dueDate}|${byRule}`;
    const group = groups.get(key);
    if (group) {
      group.count++;
      continue;
    }
    const stepMoves = moves(
      reportSteps(r.dueDate, cycle.policy, before, b!.finalCloseAt),
      reportSteps(newDueDate, cycle.policy, after, a!.finalCloseAt),
      now,
    );
    groups.set(key, { count: 1, dueDate: r.dueDate, newDueDate, explicit: !byRule, moves: stepMoves });
  }
  return {
    moves: moves(dated(b), dated(a), now),
    reports: [...groups.values()].filter((g) => g.moves.length > 0),
  };
}

// ---- Inspections: the agenda of one agency's inspection.

export interface InspectionSlot {
  year: number;
  scope: string;
  policy: InspectionPolicy;
  state: string;
  visitDate: IsoDate;
  noticeSent: boolean;
  selfReportReceived: boolean;
  /** ISO instant at which the visit's result was recorded. */
  resultRecordedAt?: string;
  findings: { code: string; description: string; dueDate: IsoDate; state: FindingStateName }[];
}

export interface InspectionImpact {
  moves: StepMove[];
  /** Dates an official chose that are now days off (the visit, a remediation due date). */
  nowDaysOff: { what: string; date: IsoDate; reason: string }[];
}

function inspectionStepLabel(step: string): string {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^notice-r\d+-/, () => 'thông báo dời lịch kiểm tra'],
    [/^notice-/, () => 'thông báo kiểm tra'],
    [/^sr-reminder-(\d+)wd-/, (m) => `nhắc báo cáo tự kiểm tra (trước hạn ${m[1]} ngày làm việc)`],
    [/^sr-deadline-/, () => 'hạn báo cáo tự kiểm tra'],
    [/^sr-overdue-/, () => 'thông báo quá hạn báo cáo tự kiểm tra'],
    [/^sr-esc-(\d+)-/, (m) => `báo cáo Sở Nội vụ cấp ${m[1]} (báo cáo tự kiểm tra)`],
    [/^visit-reminder-team-/, () => 'nhắc đoàn kiểm tra'],
    [/^visit-reminder-/, () => 'nhắc đơn vị ngày kiểm tra'],
    [/^visit-day-/, () => 'ngày kiểm tra'],
    [/^result-reminder-/, () => 'nhắc ghi kết quả kiểm tra'],
    [/^rem-reminder-(\d+)wd-(.+)$/, (m) => `nhắc khắc phục (hạn ${m[2]}, trước ${m[1]} ngày làm việc)`],
    [/^rem-deadline-(.+)$/, (m) => `hạn khắc phục ${m[1]}`],
    [/^rem-overdue-(.+)$/, (m) => `thông báo quá hạn khắc phục (hạn ${m[1]})`],
    [/^rem-esc-(\d+)-(.+)$/, (m) => `báo cáo Sở Nội vụ cấp ${m[1]} (khắc phục, hạn ${m[2]})`],
  ];
  for (const [re, label] of rules) {
    const m = re.exec(step);
    if (m) return label(m);
  }
  return step;
}

/** What moves in an inspection's agenda still ahead, and which chosen dates are now days off. */
export function inspectionImpact(
  slot: InspectionSlot,
  before: WorkingCalendar,
  after: WorkingCalendar,
  now: number,
): InspectionImpact {
  const state: AgendaState = {
    state: slot.state,
    visitDate: slot.visitDate,
    // Steps before now are not sent late under either calendar.
    scheduledFrom: now,
    ...(slot.noticeSent ? { noticeSentFor: slot.visitDate } : {}),
    reschedules: [],
    ...(slot.selfReportReceived ? { selfReport: {} } : {}),
    ...(slot.resultRecordedAt ? { resultRecordedAt: slot.resultRecordedAt } : {}),
    findings: slot.findings,
  };
  const agenda = (calendar: WorkingCalendar): Dated[] =>
    inspectionAgenda(state, {
      year: slot.year,
      scope: slot.scope,
      teamRoles: ['snv_desk'],
      leadRole: 'snv_desk',
      policy: slot.policy,
      calendar,
    }).map((s) => ({ step: s.step, label: inspectionStepLabel(s.step), at: s.at }));
  const nowDaysOff: InspectionImpact['nowDaysOff'] = [];
  const check = (what: string, date: IsoDate) => {
    const info = after.dayInfo(date);
    if (endOfDayInstant(date) > now && before.isWorkingDay(date) && !info.isWorkingDay)
      nowDaysOff.push({ what, date, reason: info.reason ?? '' });
  };
  if (!slot.resultRecordedAt) check('ngày kiểm tra', slot.visitDate);
  for (const f of slot.findings) if (f.state !== 'REMEDIATED') check(`hạn khắc phục ${f.code}`, f.dueDate);
  return { moves: moves(agenda(before), agenda(after), now), nowDaysOff };
}
