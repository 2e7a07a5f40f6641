import { CALENDAR_YEARS, type CalendarYear } from './calendar-data';
import {
  isProposalOnly,
  lazyCalendarYears,
  parseCalendarYears,
  resolveCalendarYear,
  type CalendarYearSource,
} from './calendar-years';
import { compareDates, isIsoDate, isWeekend, yearOf, type IsoDate } from './dates';
import { CalendarDataError, WorkingCalendar, type DayInfo } from './day-calendar';

export { CalendarDataError, WorkingCalendar, type DayInfo } from './day-calendar';
import { SHIPPED_CALENDAR_YEARS } from './holiday-data';
import { expandHolidays, proposeHolidays, type HolidayEntry } from './holidays';

/**
 * Years without official data that still get a calendar proposed from the lunar calendar (with a
 * warning): from 2021, when Bộ luật Lao động 2019 and its holiday rules took effect, to the end of
 * the century. Outside this range a year has no calendar at all and every operation on it throws.
 */
export const PROPOSAL_YEARS = CALENDAR_YEARS;

export type CalendarStatus = 'confirmed' | 'proposed' | 'missing';

export interface WorkingCalendarOptions {
  /**
   * Calendar data, one entry per year in the published shape (`calendarYearSchema`: parsed JSON or
   * YAML, an activity result, …); defaults to the shipped files (`SHIPPED_CALENDAR_YEARS`).
   */
  years?: readonly unknown[];
  /** Days off on top of the yearly data (e.g. a day off decided by the province), in any year. */
  extraHolidays?: readonly HolidayEntry[];
  /** Years without data that get a proposed calendar; null: none (years without data are missing). */
  proposalYears?: { first: number; last: number } | null;
}

interface ResolvedYear {
  daysOff: Map<IsoDate, string>;
  workingDays: Map<IsoDate, string>;
  warning?: string;
}

/**
 * The shipped files, each parsed when its year is first used, once per module instance: a workflow
 * pays only for the years it touches (the tests parse them all).
 */
const shipped = lazyCalendarYears(SHIPPED_CALENDAR_YEARS, (year) => `data/${year}.json: `);

function givenYears(raws: readonly unknown[]): CalendarYearSource {
  const byYear = new Map(parseCalendarYears(raws).map((y) => [y.year, y]));
  return { years: [...byYear.keys()].sort((a, b) => a - b), get: (year) => byYear.get(year) };
}

/**
 * The working days of the calendar data this module ships (or of the years given), with lunar
 * proposals for years without data. Not for workflows: they work on a `CalendarSnapshot` taken
 * from this (./snapshot.ts), so that no data compiled into the bundle decides a timer.
 */
export class DataCalendar extends WorkingCalendar {
  private readonly data: CalendarYearSource;
  private readonly extra = new Map<IsoDate, string>();
  private readonly proposalYears: { first: number; last: number } | null;
  private readonly resolved = new Map<number, ResolvedYear>();
  private readonly warningsByYear = new Map<number, string>();

  constructor(options: WorkingCalendarOptions = {}) {
    super();
    this.data = options.years === undefined ? shipped : givenYears(options.years);
    for (const [i, entry] of (options.extraHolidays ?? []).entries()) {
      if (!isIsoDate(entry.date) || (entry.until !== undefined && !isIsoDate(entry.until))) {
        throw new Error(`extraHolidays[${i}]: ngày phải có dạng YYYY-MM-DD`);
      }
    }
    for (const h of expandHolidays(options.extraHolidays ?? [])) this.extra.set(h.date, h.name);
    this.proposalYears = options.proposalYears === undefined ? PROPOSAL_YEARS : options.proposalYears;
  }

  /** 'confirmed': official data; 'proposed': unconfirmed data or a lunar-calendar proposal; 'missing': none. */
  calendarStatus(year: number): CalendarStatus {
    const data = this.data.get(year);
    if (data) return data.confirmed ? 'confirmed' : 'proposed';
    return this.canPropose(year) ? 'proposed' : 'missing';
  }

  /** A year's data as given (notices, runs, swaps), or undefined for a year without data. */
  calendarYear(year: number): CalendarYear | undefined {
    return this.data.get(year);
  }

  /** Years with data (confirmed or not), ascending. */
  get dataYears(): number[] {
    return [...this.data.years];
  }

  /** One warning per unconfirmed year that an answer so far depended on, in year order. */
  override get warnings(): string[] {
    return [...this.warningsByYear.entries()].sort(([a], [b]) => a - b).map(([, w]) => w);
  }

  /** Every day off of a year in date order (yearly data and extra days off; plain weekends excluded). */
  holidaysOf(year: number): { date: IsoDate; name: string }[] {
    const days = new Map(this.year(year).daysOff);
    for (const [date, name] of this.extra) if (yearOf(date) === year) days.set(date, name);
    return [...days.entries()]
      .map(([date, name]) => ({ date, name }))
      .sort((a, b) => compareDates(a.date, b.date));
  }

  override dayInfo(date: IsoDate): DayInfo {
    const y = this.year(yearOf(date));
    const holiday = this.extra.get(date) ?? y.daysOff.get(date);
    if (holiday !== undefined) return { date, isWorkingDay: false, reason: holiday };
    const swapped = y.workingDays.get(date);
    if (swapped !== undefined) return { date, isWorkingDay: true, reason: null, note: swapped };
    if (isWeekend(date)) return { date, isWorkingDay: false, reason: 'weekend' };
    return { date, isWorkingDay: true, reason: null };
  }

  private canPropose(year: number): boolean {
    return this.proposalYears !== null && year >= this.proposalYears.first && year <= this.proposalYears.last;
  }

  private year(year: number): ResolvedYear {
    let resolved = this.resolved.get(year);
    if (!resolved) {
      resolved = this.resolve(year);
      this.resolved.set(year, resolved);
    }
    if (resolved.warning) this.warningsByYear.set(year, resolved.warning);
    return resolved;
  }

  private resolve(year: number): ResolvedYear {
    const data = this.data.get(year);
    const proposal = `Lịch nghỉ năm ${year} là đề xuất từ âm lịch, chưa được xác nhận`;
    if (data) {
      const warning = data.confirmed
        ? undefined
        : isProposalOnly(data)
          ? proposal
          : `Lịch nghỉ năm ${year} chưa được xác nhận đầy đủ: ${data.pending}`;
      return { ...resolveCalendarYear(data), warning };
    }
    if (!this.canPropose(year))
      throw new CalendarDataError(`không có dữ liệu lịch nghỉ năm ${year} (${this.coverage()})`, year);
    const proposed = proposeHolidays(year);
    return {
      daysOff: new Map(expandHolidays(proposed.holidays).map((h) => [h.date, h.name])),
      workingDays: new Map(proposed.workingDays.map((w) => [w.date, w.name])),
      warning: proposal,
    };
  }

  private coverage(): string {
    const parts: string[] = [];
    if (this.data.years.length > 0) parts.push(`có dữ liệu: ${formatYearRuns(this.dataYears)}`);
    if (this.proposalYears)
      parts.push(`đề xuất từ âm lịch cho ${this.proposalYears.first}–${this.proposalYears.last}`);
    return parts.join('; ') || 'không có năm nào';
  }
}

export function createWorkingCalendar(options?: WorkingCalendarOptions): DataCalendar {
  return new DataCalendar(options);
}

/** `2021–2026, 2030` for a sorted list of years. */
function formatYearRuns(years: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < years.length;) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j]! + 1) j++;
    runs.push(i === j ? String(years[i]) : `${years[i]}–${years[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}
