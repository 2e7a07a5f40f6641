import {
  compareDates,
  daysInMonth,
  endOfDayInstant,
  formatVnDate,
  isoDate,
  vnInstant,
  type IsoDate,
} from './dates';
import { periodWindow } from './periods';
import type { DueRule, PeriodPolicy, ReportingPolicy } from './policy';
import type { WorkingCalendar } from './working-calendar';

/** The dates of one reporting cycle (`cycle-<year>-<period>`). Instants are epoch ms. */
export interface CycleDates {
  year: number;
  period: string;
  periodName: string;
  windowStart: IsoDate;
  cutoff: IsoDate;
  /** The cycle starts and the opening notice goes out on this day, at `opensAt`. */
  opensOn: IsoDate;
  opensAt: number;
  /** Agencies' deadline to Sở Nội vụ; `agencyDueAt` is the day's last millisecond (24:00 local). */
  agencyDueDate: IsoDate;
  agencyDueAt: number;
  /** The date the rule gives before moving off a weekend or holiday (equal to the due date if not moved). */
  agencyDueRuleDate: IsoDate;
  /** The province's deadline to the Ministry (Bộ Nội vụ). */
  provinceDueDate: IsoDate;
  provinceDueAt: number;
  provinceDueRuleDate: IsoDate;
  /** Sở Nội vụ consolidates and sends the summary to UBND tỉnh; always after the agencies' deadline. */
  consolidationDate: IsoDate;
  consolidationAt: number;
  /** The cycle ends: its record is final and no report is taken after this instant. */
  finalCloseDate: IsoDate;
  finalCloseAt: number;
}

function ruleDate(
  rule: DueRule,
  year: number,
  period: PeriodPolicy,
  cutoff: IsoDate,
  calendar: WorkingCalendar,
): IsoDate {
  if (rule.rule === 'workingDaysAfterCutoff') return calendar.addWorkingDays(cutoff, rule.days);
  return isoDate(year, period.endMonth, Math.min(rule.day, daysInMonth(year, period.endMonth)));
}

/** Window, opening, deadlines and consolidation point of `period` in `year` under `policy`. */
export function computeCycleDates(
  year: number,
  period: string,
  policy: ReportingPolicy,
  calendar: WorkingCalendar,
): CycleDates {
  const p = policy.periods[period];
  if (!p)
    throw new Error(
      `kỳ báo cáo "${period}" không có trong chính sách (có: ${Object.keys(policy.periods).join(', ')})`,
    );
  const { windowStart, cutoff } = periodWindow(year, p);

  const agencyDueRuleDate = ruleDate(p.agencyDue, year, p, cutoff, calendar);
  const agencyDueDate = calendar.onOrNextWorkingDay(agencyDueRuleDate);
  const provinceDueRuleDate = ruleDate(p.provinceDue, year, p, cutoff, calendar);
  const provinceDueDate = calendar.onOrNextWorkingDay(provinceDueRuleDate);
  if (compareDates(agencyDueDate, provinceDueDate) >= 0) {
    throw new Error(
      `kỳ ${period} năm ${year}: hạn của đơn vị (${formatVnDate(agencyDueDate)}) phải trước hạn của tỉnh (${formatVnDate(provinceDueDate)})`,
    );
  }

  const opensOn = calendar.addWorkingDays(cutoff, -policy.opening.workingDaysBeforeCutoff);
  // SNV needs the agencies' reports in hand: never earlier than the working day after their deadline.
  const byProvince = calendar.addWorkingDays(
    provinceDueDate,
    -policy.consolidation.workingDaysBeforeProvinceDue,
  );
  const afterAgencies = calendar.nextWorkingDay(agencyDueDate);
  const consolidationDate = compareDates(byProvince, afterAgencies) >= 0 ? byProvince : afterAgencies;

  const { closing } = policy;
  const closingYear = year + closing.yearsAfter;
  const closingRule = isoDate(
    closingYear,
    closing.month,
    Math.min(closing.day, daysInMonth(closingYear, closing.month)),
  );
  const afterConsolidation = calendar.nextWorkingDay(consolidationDate);
  const finalCloseDate = calendar.onOrNextWorkingDay(
    compareDates(closingRule, afterConsolidation) >= 0 ? closingRule : afterConsolidation,
  );

  return {
    year,
    period,
    periodName: p.name,
    windowStart,
    cutoff,
    opensOn,
    opensAt: vnInstant(opensOn, policy.sendTime),
    agencyDueDate,
    agencyDueAt: endOfDayInstant(agencyDueDate),
    agencyDueRuleDate,
    provinceDueDate,
    provinceDueAt: endOfDayInstant(provinceDueDate),
    provinceDueRuleDate,
    consolidationDate,
    consolidationAt: vnInstant(consolidationDate, policy.consolidation.time),
    finalCloseDate,
    finalCloseAt: vnInstant(finalCloseDate, closing.time),
  };
}

/** Every period of the policy in `year`, in cutoff order (shorter windows first on the same cutoff). */
export function computeYearCalendar(
  year: number,
  policy: ReportingPolicy,
  calendar: WorkingCalendar,
): CycleDates[] {
  return Object.keys(policy.periods)
    .map((code) => computeCycleDates(year, code, policy, calendar))
    .sort(
      (a, b) =>
        compareDates(a.cutoff, b.cutoff) ||
        compareDates(b.windowStart, a.windowStart) ||
        compareDates(a.period, b.period),
    );
}
