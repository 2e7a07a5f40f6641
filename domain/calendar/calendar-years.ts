import {
  BASIS_PROPOSAL,
  calendarYearSchema,
  CalendarFileError,
  datesOf,
  type CalendarYear,
  type CalendarYearInput,
} from './calendar-data';
import { addDays, compareDates, formatVnDate, yearOf, type IsoDate } from './dates';
import { MAKE_UP_SUFFIX, type HolidayYear } from './holidays';
import { formatZodIssues } from '../zod-format';

// Several years of calendar data together: the checks that need more than one file, the day maps
// the working calendar reads, and the lunar proposal in the published shape.

/**
 * Parses several years (issues prefixed `years[i]: `), refusing a year given twice and a swap whose
 * other half is in a neighbouring year that is missing or does not match.
 */
export function parseCalendarYears(raws: readonly unknown[]): CalendarYear[] {
  const years: CalendarYear[] = [];
  const issues: string[] = [];
  const index = new Map<number, number>();
  raws.forEach((raw, i) => {
    const parsed = calendarYearSchema.safeParse(raw);
    if (!parsed.success) issues.push(...formatZodIssues(parsed.error, `years[${i}]: `));
    else if (index.has(parsed.data.year))
      issues.push(`years[${i}]: năm ${parsed.data.year} bị khai báo hai lần`);
    else {
      index.set(parsed.data.year, i);
      years.push(parsed.data);
    }
  });
  const byYear = new Map(years.map((y) => [y.year, y]));
  for (const y of years) {
    const i = index.get(y.year)!;
    y.daysOff.forEach((entry, k) => {
      if (entry.kind !== 'swap' || !entry.workedOn || yearOf(entry.workedOn) === y.year) return;
      const other = byYear.get(yearOf(entry.workedOn));
      if (!other?.workingDays.some((w) => w.date === entry.workedOn && w.replaces === entry.from))
        issues.push(
          `years[${i}]: daysOff[${k}].workedOn: năm ${yearOf(entry.workedOn)} không có ngày làm bù ${formatVnDate(entry.workedOn)} cho ngày ${formatVnDate(entry.from)}`,
        );
    });
    y.workingDays.forEach((w, k) => {
      if (yearOf(w.replaces) === y.year) return;
      const other = byYear.get(yearOf(w.replaces));
      if (!other?.daysOff.some((e) => e.kind === 'swap' && e.from === w.replaces && e.workedOn === w.date))
        issues.push(
          `years[${i}]: workingDays[${k}].replaces: năm ${yearOf(w.replaces)} không có ngày nghỉ hoán đổi ${formatVnDate(w.replaces)}`,
        );
    });
  }
  if (issues.length > 0) throw new CalendarFileError(issues);
  return years;
}

/** Date → name of every day off, and of every swapped working day, of a parsed year. */
export function resolveCalendarYear(y: CalendarYear): {
  daysOff: Map<IsoDate, string>;
  workingDays: Map<IsoDate, string>;
} {
  const daysOff = new Map<IsoDate, string>();
  for (const entry of y.daysOff) for (const d of datesOf(entry)) daysOff.set(d, entry.name);
  return { daysOff, workingDays: new Map(y.workingDays.map((w) => [w.date, w.name])) };
}

/** True when nothing in the year rests on a notice or the law: it is the lunar proposal as is. */
export function isProposalOnly(y: CalendarYear): boolean {
  return !y.confirmed && [...y.daysOff, ...y.workingDays].every((e) => e.basis === BASIS_PROPOSAL);
}

/**
 * A lunar-calendar proposal (`proposeHolidays`) in the published shape: consecutive days of one
 * name become one run; make-up days (named with the make-up suffix) become `makeUp` entries.
 */
export function proposalAsCalendarYear(proposal: HolidayYear, pending: string): CalendarYearInput {
  const runs: { from: IsoDate; to: IsoDate; name: string }[] = [];
  for (const day of [...proposal.holidays].sort((a, b) => compareDates(a.date, b.date))) {
    const last = runs[runs.length - 1];
    if (last && last.name === day.name && addDays(last.to, 1) === day.date) last.to = day.date;
    else runs.push({ from: day.date, to: day.date, name: day.name });
  }
  const daysOff = runs.map(({ from, to, name }) => ({
    from,
    ...(to !== from ? { to } : {}),
    name,
    kind: name.endsWith(MAKE_UP_SUFFIX) ? ('makeUp' as const) : ('holiday' as const),
    basis: BASIS_PROPOSAL,
  }));
  return { year: proposal.year, confirmed: false, pending, notices: [], daysOff, workingDays: [] };
}
