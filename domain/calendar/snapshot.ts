import {
  addDays,
  compareDates,
  dayNumber,
  formatVnDate,
  isWeekend,
  isWeekendDayNumber,
  yearOf,
  type IsoDate,
} from './dates';
import { CalendarDataError, WorkingCalendar, type DayInfo } from './day-calendar';

// The working days a workflow lives by: a snapshot of the published calendar over a range of
// dates, taken when the workflow starts (an activity result or an input, so it is in its history)
// and replaced only by a message when a new version is published. Workflows never read the
// calendar data compiled into the bundle, so a data change cannot move a running workflow's timers
// on replay.

export type CalendarYearStatus = 'confirmed' | 'proposed';

export interface CalendarSnapshot {
  /** First and last day the snapshot answers for. */
  from: IsoDate;
  to: IsoDate;
  /** Where each year's days come from: its published version (0: the data shipped with the code). */
  years: { year: number; version: number; status: CalendarYearStatus }[];
  /** Days off other than plain weekends (holiday runs include their weekends), with their names. */
  daysOff: [IsoDate, string][];
  /** Weekend days made working days by a swap, with what they make up for. */
  workingDays: [IsoDate, string][];
}

/** `2026 (bản 2), 2027 (bản 0, đề xuất)`: which data a snapshot rests on, for officials. */
export function snapshotVersionLabel(snapshot: Pick<CalendarSnapshot, 'years'>): string {
  return snapshot.years
    .map((y) => `${y.year} (bản ${y.version}${y.status === 'proposed' ? ', đề xuất' : ''})`)
    .join(', ');
}

/**
 * The snapshot of `calendar` from `from` to `to` (inclusive). `years` says which version of each
 * year's data the calendar holds; every year of the range must be listed.
 */
export function takeSnapshot(
  calendar: WorkingCalendar,
  range: { from: IsoDate; to: IsoDate },
  years: CalendarSnapshot['years'],
): CalendarSnapshot {
  const daysOff: [IsoDate, string][] = [];
  const workingDays: [IsoDate, string][] = [];
  for (let d = range.from; compareDates(d, range.to) <= 0; d = addDays(d, 1)) {
    const info = calendar.dayInfo(d);
    if (!info.isWorkingDay && info.reason !== 'weekend') daysOff.push([d, info.reason ?? '']);
    else if (info.isWorkingDay && isWeekend(d)) workingDays.push([d, info.note ?? '']);
  }
  const wanted = new Set(years.map((y) => y.year));
  for (let y = yearOf(range.from); y <= yearOf(range.to); y++)
    if (!wanted.has(y)) throw new Error(`takeSnapshot: no version given for ${y}`);
  return {
    from: range.from,
    to: range.to,
    years: years.filter((y) => y.year >= yearOf(range.from) && y.year <= yearOf(range.to)),
    daysOff,
    workingDays,
  };
}

/** The part of a snapshot between `from` and `to` (within the snapshot's own range). */
export function sliceSnapshot(s: CalendarSnapshot, from: IsoDate, to: IsoDate): CalendarSnapshot {
  const lo = compareDates(from, s.from) > 0 ? from : s.from;
  const hi = compareDates(to, s.to) < 0 ? to : s.to;
  const inside = ([d]: [IsoDate, string]) => compareDates(d, lo) >= 0 && compareDates(d, hi) <= 0;
  return {
    from: lo,
    to: hi,
    years: s.years.filter((y) => y.year >= yearOf(lo) && y.year <= yearOf(hi)),
    daysOff: s.daysOff.filter(inside),
    workingDays: s.workingDays.filter(inside),
  };
}

class SnapshotCalendar extends WorkingCalendar {
  // Keyed by day number: the working-day arithmetic asks about a few hundred days as a report starts.
  private readonly off: Map<number, string>;
  private readonly worked: Map<number, string>;
  private readonly firstDay: number;
  private readonly lastDay: number;

  constructor(private readonly snapshot: CalendarSnapshot) {
    super();
    this.off = new Map(snapshot.daysOff.map(([d, name]) => [dayNumber(d), name]));
    this.worked = new Map(snapshot.workingDays.map(([d, note]) => [dayNumber(d), note]));
    this.firstDay = dayNumber(snapshot.from);
    this.lastDay = dayNumber(snapshot.to);
  }

  protected override isWorkingDayNumber(day: number): boolean {
    // Outside the snapshot: dayInfo says so in its own words.
    if (day < this.firstDay || day > this.lastDay) return super.isWorkingDayNumber(day);
    if (this.off.has(day)) return false;
    return this.worked.has(day) || !isWeekendDayNumber(day);
  }

  override get warnings(): string[] {
    return this.snapshot.years
      .filter((y) => y.status === 'proposed')
      .map((y) => `Lịch nghỉ năm ${y.year} chưa được xác nhận`);
  }

  override dayInfo(date: IsoDate): DayInfo {
    if (compareDates(date, this.snapshot.from) < 0 || compareDates(date, this.snapshot.to) > 0) {
      throw new CalendarDataError(
        `ngày ${formatVnDate(date)} nằm ngoài lịch làm việc của quy trình ` +
          `(${formatVnDate(this.snapshot.from)} – ${formatVnDate(this.snapshot.to)})`,
        yearOf(date),
      );
    }
    const day = dayNumber(date);
    const off = this.off.get(day);
    if (off !== undefined) return { date, isWorkingDay: false, reason: off };
    const worked = this.worked.get(day);
    if (worked !== undefined) return { date, isWorkingDay: true, reason: null, note: worked };
    return isWeekendDayNumber(day)
      ? { date, isWorkingDay: false, reason: 'weekend' }
      : { date, isWorkingDay: true, reason: null };
  }
}

/** The working-day calendar of a snapshot: the same answers as the calendar it was taken from, within its range. */
export function calendarFromSnapshot(snapshot: CalendarSnapshot): WorkingCalendar {
  return new SnapshotCalendar(snapshot);
}

/**
 * The snapshot of a data calendar (the shipped files, or published versions loaded into one):
 * `versionOf` says which version each year's data is (default 0, the shipped data).
 */
export function snapshotOf(
  calendar: WorkingCalendar & { calendarStatus(year: number): 'confirmed' | 'proposed' | 'missing' },
  range: { from: IsoDate; to: IsoDate },
  versionOf: (year: number) => number = () => 0,
): CalendarSnapshot {
  const years: CalendarSnapshot['years'] = [];
  for (let y = yearOf(range.from); y <= yearOf(range.to); y++) {
    const status = calendar.calendarStatus(y);
    if (status === 'missing') throw new CalendarDataError(`không có dữ liệu lịch nghỉ năm ${y}`, y);
    years.push({ year: y, version: versionOf(y), status });
  }
  return takeSnapshot(calendar, range, years);
}
