import {
  BASIS_PROPOSAL,
  calendarYearSchema,
  CalendarFileError,
  datesOf,
  parseCalendarYear,
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
  for (const y of years) issues.push(...crossYearIssues(y, byYear, `years[${index.get(y.year)}]: `));
  if (issues.length > 0) throw new CalendarFileError(issues);
  return years;
}

/**
 * What is wrong with the halves of `y`'s swaps that lie in other years, looked up in `others`
 * (a missing year counts as wrong); each issue starts with `prefix`.
 */
export function crossYearIssues(
  y: CalendarYear,
  others: ReadonlyMap<number, CalendarYear>,
  prefix = '',
): string[] {
  const issues: string[] = [];
  y.daysOff.forEach((entry, k) => {
    if (entry.kind !== 'swap' || !entry.workedOn || yearOf(entry.workedOn) === y.year) return;
    const other = others.get(yearOf(entry.workedOn));
    if (!other?.workingDays.some((w) => w.date === entry.workedOn && w.replaces === entry.from))
      issues.push(
        `${prefix}daysOff[${k}].workedOn: năm ${yearOf(entry.workedOn)} không có ngày làm bù ${formatVnDate(entry.workedOn)} cho ngày ${formatVnDate(entry.from)}`,
      );
  });
  y.workingDays.forEach((w, k) => {
    if (yearOf(w.replaces) === y.year) return;
    const other = others.get(yearOf(w.replaces));
    if (!other?.daysOff.some((e) => e.kind === 'swap' && e.from === w.replaces && e.workedOn === w.date))
      issues.push(
        `${prefix}workingDays[${k}].replaces: năm ${yearOf(w.replaces)} không có ngày nghỉ hoán đổi ${formatVnDate(w.replaces)}`,
      );
  });
  return issues;
}

/** Years of calendar data, each looked up by year. */
export interface CalendarYearSource {
  /** The years there is data for, ascending. */
  readonly years: readonly number[];
  get(year: number): CalendarYear | undefined;
}

/**
 * Years parsed on first use, each once: a caller pays only for the years it touches. A year whose
 * swap reaches into a neighbouring year is checked against that year's data when it is parsed.
 * Errors are `CalendarFileError`s whose issues start with `label(year)`.
 */
export function lazyCalendarYears(
  raws: readonly unknown[],
  label: (year: number) => string = (year) => `năm ${year}: `,
): CalendarYearSource {
  const byYear = new Map<number, unknown>();
  raws.forEach((raw, i) => {
    const year = (raw as { year?: unknown } | null)?.year;
    if (typeof year !== 'number' || !Number.isInteger(year))
      throw new CalendarFileError([`years[${i}]: year: thiếu năm`]);
    if (byYear.has(year)) throw new CalendarFileError([`years[${i}]: năm ${year} bị khai báo hai lần`]);
    byYear.set(year, raw);
  });
  const parsed = new Map<number, CalendarYear>();
  const parseOne = (year: number): CalendarYear => {
    try {
      return parseCalendarYear(byYear.get(year));
    } catch (err) {
      if (err instanceof CalendarFileError)
        throw new CalendarFileError(err.issues.map((issue) => `${label(year)}${issue}`));
      throw err;
    }
  };
  return {
    years: [...byYear.keys()].sort((a, b) => a - b),
    get(year) {
      if (!byYear.has(year)) return undefined;
      let y = parsed.get(year);
      if (!y) {
        y = parseOne(year);
        const others = new Map(
          crossYearNeighbours(y).flatMap((o) => (byYear.has(o) ? [[o, parseOne(o)] as const] : [])),
        );
        const issues = crossYearIssues(y, others, label(year));
        if (issues.length > 0) throw new CalendarFileError(issues);
        parsed.set(year, y);
      }
      return y;
    },
  };
}

/** The other years a year's swaps reach into (a swap across New Year), ascending. */
export function crossYearNeighbours(y: CalendarYear): number[] {
  const dates = [
    ...y.daysOff.flatMap((e) => (e.workedOn ? [e.workedOn] : [])),
    ...y.workingDays.map((w) => w.replaces),
  ];
  return [...new Set(dates.map(yearOf).filter((other) => other !== y.year))].sort((a, b) => a - b);
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
