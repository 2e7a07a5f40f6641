import { addDays, vnDateOf, vnInstant } from '../../domain/calendar/dates';
import type { WorkingCalendar } from '../../domain/calendar/day-calendar';
import type { ReportingPolicy } from '../../domain/calendar/policy';
import { DRILL, reportPlan } from '../../domain/reporting';
import type { CycleStatus } from './types';

// When a cycle sweeps for escalations to tell the collector of, and when it sends its follow-up
// digests: pure functions of its state, so the next wake-up is always recomputed, never stored.

const MINUTE = 60_000;
/** A real cycle sweeps half an hour after the reports' morning steps, every working day. */
const REAL_GRACE_MS = 30 * MINUTE;

const graceOf = (cycle: CycleStatus) =>
  cycle.drill
    ? Math.min(2 * MINUTE, Math.floor((cycle.deadline.timings ?? DRILL).escalationStepMs / 3))
    : REAL_GRACE_MS;

/** The next escalation sweep after the last one, from the first escalation of the base deadline to the final close. */
export function nextSweepAt(
  cycle: CycleStatus,
  policy: ReportingPolicy,
  calendar: WorkingCalendar,
): number | undefined {
  const levels = reportPlan(cycle.deadline, policy, calendar).after.filter((s) => s.level !== undefined);
  if (levels.length === 0) return undefined;
  const grace = graceOf(cycle);
  const first = Math.min(...levels.map((s) => s.at)) + grace;
  const after = cycle.lastSweepAt ?? -Infinity;
  const end = cycle.dates.finalCloseAt;
  if (cycle.drill) {
    const step = (cycle.deadline.timings ?? DRILL).escalationStepMs;
    const bases = levels.map((s) => s.at + grace).sort((a, b) => a - b);
    const next = bases.find((t) => t > after);
    if (next !== undefined) return next <= end ? next : undefined;
    const k = Math.floor((after - bases.at(-1)!) / step) + 1;
    const t = bases.at(-1)! + k * step;
    return t <= end ? t : undefined;
  }
  let d = vnDateOf(Math.max(first - grace, after));
  for (let i = 0; i < 800; i++, d = addDays(d, 1)) {
    const t = vnInstant(d, policy.sendTime) + grace;
    if (t > end) return undefined;
    if (t >= first && t > after && calendar.isWorkingDay(d)) return t;
  }
  return undefined;
}

/** The next follow-up digest after the summary: every N working days (a drill: every step). */
export function nextFollowUpAt(
  cycle: CycleStatus,
  policy: ReportingPolicy,
  calendar: WorkingCalendar,
): number | undefined {
  if (!policy.followUp || cycle.followUpAt === undefined) return undefined;
  const t = cycle.drill
    ? cycle.followUpAt + (cycle.deadline.timings ?? DRILL).escalationStepMs
    : vnInstant(
        calendar.addWorkingDays(vnDateOf(cycle.followUpAt), policy.followUp.everyWorkingDays),
        policy.sendTime,
      ) +
      2 * REAL_GRACE_MS;
  return t < cycle.dates.finalCloseAt ? t : undefined;
}
