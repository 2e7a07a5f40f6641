import { dayNumber, fromDayNumber, type IsoDate } from './dates';

// Working-day arithmetic for Vietnamese civil servants (Monday to Friday, minus days off, plus
// swapped working days) over any source of days: the data calendar (./working-calendar.ts) or a
// workflow's snapshot (./snapshot.ts). Dates are Vietnam calendar dates (`YYYY-MM-DD`).

export interface DayInfo {
  date: IsoDate;
  isWorkingDay: boolean;
  /** Why it is not a working day: `'weekend'`, a holiday's name, or null for a working day. */
  reason: 'weekend' | (string & {}) | null;
  /** Set on a weekend day made a working day by a swap. */
  note?: string;
}

/** A year with no calendar data at all: no working-day answer can be trusted. */
export class CalendarDataError extends Error {
  constructor(
    message: string,
    readonly year: number,
  ) {
    super(message);
    this.name = 'CalendarDataError';
  }
}

export abstract class WorkingCalendar {
  /**
   * Whether each day asked about is a working day, by day number. Answers never change for a
   * calendar (its data is fixed when it is built), and a report's plan asks about the same days many
   * times (each repeated overdue notice counts from the deadline): the arithmetic below runs on day
   * numbers and asks `dayInfo` once per day.
   */
  private readonly workingByDay = new Map<number, boolean>();

  /** What `date` is: a working day, a weekend, or a named day off. */
  abstract dayInfo(date: IsoDate): DayInfo;

  /** Warnings about data the answers so far depended on (unconfirmed years); none by default. */
  get warnings(): string[] {
    return [];
  }

  /**
   * Whether day number `day` is a working day (throwing as `dayInfo` does for a day it cannot
   * answer). By default from `dayInfo`; a calendar that can tell without building the date overrides it.
   */
  protected isWorkingDayNumber(day: number): boolean {
    return this.dayInfo(fromDayNumber(day)).isWorkingDay;
  }

  private working(day: number): boolean {
    let working = this.workingByDay.get(day);
    if (working === undefined) {
      working = this.isWorkingDayNumber(day);
      this.workingByDay.set(day, working);
    }
    return working;
  }

  /** The `count`-th working day after day number `day` (`step` 1) or before it (`step` -1). */
  private walk(day: number, count: number, step: 1 | -1): IsoDate {
    let d = day;
    for (let left = count; left > 0;) {
      d += step;
      if (this.working(d)) left--;
    }
    return fromDayNumber(d);
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.working(dayNumber(date));
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate {
    return this.walk(dayNumber(date), 1, 1);
  }

  /** The last working day strictly before `date`. */
  previousWorkingDay(date: IsoDate): IsoDate {
    return this.walk(dayNumber(date), 1, -1);
  }

  /** `date` itself if it is a working day, else the next one: where a deadline on a day off moves. */
  onOrNextWorkingDay(date: IsoDate): IsoDate {
    return this.isWorkingDay(date) ? date : this.nextWorkingDay(date);
  }

  /**
   * The n-th working day after `date` (n > 0) or before it (n < 0), not counting `date` itself;
   * n = 0 gives `onOrNextWorkingDay(date)`.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n)) throw new Error(`số ngày làm việc phải là số nguyên (nhận ${n})`);
    const day = dayNumber(date);
    if (n === 0) return this.onOrNextWorkingDay(date);
    return this.walk(day, Math.abs(n), n > 0 ? 1 : -1);
  }

  /**
   * Working days from `from` to `to`: when to ≥ from, the working days d with from < d ≤ to; when
   * to < from, minus the working days d with to ≤ d < from. So it inverts `addWorkingDays`:
   * `workingDaysBetween(d, addWorkingDays(d, n)) === n` for every n ≠ 0.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const a = dayNumber(from);
    const b = dayNumber(to);
    let count = 0;
    if (b >= a) {
      for (let d = a + 1; d <= b; d++) if (this.working(d)) count++;
      return count;
    }
    for (let d = b; d < a; d++) if (this.working(d)) count++;
    return -count;
  }
}
