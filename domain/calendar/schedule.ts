import type { ContactRoleName } from '../agencies';
import { endOfDayInstant, parseTimeOfDay, vnDateOf, vnInstant, vnMinuteOfDay, type IsoDate } from './dates';
import type { Channel, QuietHours, ReportingPolicy } from './policy';
import type { WorkingCalendar } from './working-calendar';

/** One planned notification step of an agency's report, relative to its due date. */
export interface ScheduledStep {
  /** Stable name, part of the notification's idempotency key: `reminder-5wd`, `due-day`, `overdue`, `escalation-1`. */
  step: string;
  /** Vietnam date of `at`. */
  date: IsoDate;
  /** Epoch ms. */
  at: number;
  channels: Channel[];
  roles: ContactRoleName[];
  /** Escalation level, on escalation steps. */
  level?: number;
  /** Working days before the due date (reminders) or after it (overdue notices, escalations). */
  workingDays?: number;
}

/** The part of the policy that plans one report's steps. */
export type StepRules = Pick<
  ReportingPolicy,
  'sendTime' | 'reminders' | 'dueDayReminder' | 'overdue' | 'escalations' | 'quietHours'
>;

const HOUR_MS = 60 * 60 * 1000;

/** True when an SMS may go out at `instantMs`: a working day, from `start` up to (not including) `end`. */
export function isSmsAllowed(instantMs: number, quietHours: QuietHours, calendar: WorkingCalendar): boolean {
  const minute = vnMinuteOfDay(instantMs);
  return (
    calendar.isWorkingDay(vnDateOf(instantMs)) &&
    minute >= parseTimeOfDay(quietHours.start) &&
    minute < parseTimeOfDay(quietHours.end)
  );
}

/** `instantMs` if an SMS may go out then; else the next allowed minute (today's start, or the next working day's). */
export function nextSmsInstant(instantMs: number, quietHours: QuietHours, calendar: WorkingCalendar): number {
  if (isSmsAllowed(instantMs, quietHours, calendar)) return instantMs;
  const date = vnDateOf(instantMs);
  if (calendar.isWorkingDay(date) && vnMinuteOfDay(instantMs) < parseTimeOfDay(quietHours.start)) {
    return vnInstant(date, quietHours.start);
  }
  return vnInstant(calendar.nextWorkingDay(date), quietHours.start);
}

/** `instantMs` if an SMS may go out then; else the last allowed minute before it (for reminders that must precede a deadline). */
export function previousSmsInstant(
  instantMs: number,
  quietHours: QuietHours,
  calendar: WorkingCalendar,
): number {
  if (isSmsAllowed(instantMs, quietHours, calendar)) return instantMs;
  const date = vnDateOf(instantMs);
  const lastMinute = (d: IsoDate) => vnInstant(d, quietHours.end) - 60_000;
  if (calendar.isWorkingDay(date) && vnMinuteOfDay(instantMs) >= parseTimeOfDay(quietHours.end))
    return lastMinute(date);
  return lastMinute(calendar.previousWorkingDay(date));
}

function step(
  name: string,
  at: number,
  channels: Channel[],
  roles: ContactRoleName[],
  extra: { level?: number; workingDays?: number } = {},
): ScheduledStep {
  return {
    step: name,
    date: vnDateOf(at),
    at,
    channels: [...channels],
    roles: [...roles],
    ...(extra.level !== undefined ? { level: extra.level } : {}),
    ...(extra.workingDays !== undefined ? { workingDays: extra.workingDays } : {}),
  };
}

/**
 * Reminders before a deadline: each policy reminder (N working days before at `sendTime`, or H hours
 * before the deadline's 24:00) and the due-day reminder, in time order. A reminder that includes
 * SMS and would fall outside the SMS window moves back to the last allowed minute, so it still
 * precedes the deadline.
 */
export function reminderSchedule(
  dueDate: IsoDate,
  policy: StepRules,
  calendar: WorkingCalendar,
): ScheduledStep[] {
  const steps: ScheduledStep[] = [];
  const deadline = endOfDayInstant(dueDate) + 1;
  const fitSmsWindow = (at: number, channels: Channel[]) =>
    channels.includes('sms') ? previousSmsInstant(at, policy.quietHours, calendar) : at;
  for (const r of policy.reminders) {
    if (r.workingDaysBefore !== undefined) {
      const date = calendar.addWorkingDays(dueDate, -r.workingDaysBefore);
      steps.push(
        step(
          `reminder-${r.workingDaysBefore}wd`,
          fitSmsWindow(vnInstant(date, policy.sendTime), r.channels),
          r.channels,
          r.roles,
          { workingDays: r.workingDaysBefore },
        ),
      );
    } else if (r.hoursBefore !== undefined) {
      steps.push(
        step(
          `reminder-${r.hoursBefore}h`,
          fitSmsWindow(deadline - r.hoursBefore * HOUR_MS, r.channels),
          r.channels,
          r.roles,
        ),
      );
    }
  }
  const due = policy.dueDayReminder;
  if (due)
    steps.push(
      step(
        'due-day',
        fitSmsWindow(vnInstant(dueDate, policy.sendTime), due.channels),
        due.channels,
        due.roles,
      ),
    );
  return steps.sort((a, b) => a.at - b.at);
}

/**
 * After a missed deadline: the overdue notice to the agency, then each escalation level to Sở Nội
 * vụ, N working days after the due date at `sendTime`. Steps with SMS move forward into the SMS window.
 */
export function escalationSchedule(
  dueDate: IsoDate,
  policy: StepRules,
  calendar: WorkingCalendar,
): ScheduledStep[] {
  const at = (workingDays: number, channels: Channel[]) => {
    const instant = vnInstant(calendar.addWorkingDays(dueDate, workingDays), policy.sendTime);
    return channels.includes('sms') ? nextSmsInstant(instant, policy.quietHours, calendar) : instant;
  };
  const { overdue } = policy;
  const steps = [
    step('overdue', at(overdue.workingDaysAfterDue, overdue.channels), overdue.channels, overdue.roles, {
      workingDays: overdue.workingDaysAfterDue,
    }),
  ];
  for (const e of policy.escalations) {
    steps.push(
      step(`escalation-${e.level}`, at(e.workingDaysAfterDue, e.channels), e.channels, e.roles, {
        level: e.level,
        workingDays: e.workingDaysAfterDue,
      }),
    );
  }
  return steps.sort((a, b) => a.at - b.at || (a.level ?? 0) - (b.level ?? 0));
}
