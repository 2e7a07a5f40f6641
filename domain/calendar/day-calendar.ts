import { addDays, compareDates, dateParts, type IsoDate } from './dates';

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
  /** What `date` is: a working day, a weekend, or a named day off. */
  abstract dayInfo(date: IsoDate): DayInfo;

  /** Warnings about data the answers so far depended on (unconfirmed years); none by default. */
  get warnings(): string[] {
    return [];
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.dayInfo(date).isWorkingDay;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate {
    let d = addDays(date, 1);
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  /** The last working day strictly before `date`. */
  previousWorkingDay(date: IsoDate): IsoDate {
    let d = addDays(date, -1);
    while (!this.isWorkingDay(d)) d = addDays(d, -1);
    return d;
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
    dateParts(date);
    if (n === 0) return this.onOrNextWorkingDay(date);
    let d = date;
    for (let left = Math.abs(n); left > 0; left--)
      d = n > 0 ? this.nextWorkingDay(d) : this.previousWorkingDay(d);
    return d;
  }

  /**
   * Working days from `from` to `to`: when to ≥ from, the working days d with from < d ≤ to; when
   * to < from, minus the working days d with to ≤ d < from. So it inverts `addWorkingDays`:
   * `workingDaysBetween(d, addWorkingDays(d, n)) === n` for every n ≠ 0.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    dateParts(from);
    dateParts(to);
    const forward = compareDates(to, from) >= 0;
    let count = 0;
    if (forward) {
      for (let d = addDays(from, 1); compareDates(d, to) <= 0; d = addDays(d, 1))
        if (this.isWorkingDay(d)) count++;
      return count;
    }
    for (let d = to; compareDates(d, from) < 0; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return -count;
  }
}
