import { addDays, compareDates, isoDate, isWeekend, weekday, type IsoDate } from './dates';
import { hungKingsDay, lunarNewYear } from './lunar';

/** Official names, as officials write them (Bộ luật Lao động 2019, Điều 112). */
export const HOLIDAY_NAMES = {
  newYear: 'Tết Dương lịch',
  tet: 'Tết Nguyên đán',
  hungKings: 'Giỗ Tổ Hùng Vương',
  reunification: 'Ngày Giải phóng miền Nam, thống nhất đất nước',
  labourDay: 'Quốc tế Lao động',
  nationalDay: 'Quốc khánh',
} as const;

/** Suffix of a day off that makes up for a holiday falling on a weekly rest day. */
export const MAKE_UP_SUFFIX = ' (nghỉ bù)';

export interface Holiday {
  date: IsoDate;
  name: string;
}

/** One day off, or a run of days (`date` to `until`, inclusive) announced as one break. */
export interface HolidayEntry extends Holiday {
  until?: IsoDate;
}

/** A weekly rest day turned into a working day by a swap (hoán đổi ngày làm việc). */
export interface SwappedWorkingDay {
  date: IsoDate;
  name: string;
}

/** A proposed year of days off for civil servants (who work Monday to Friday); see `proposeHolidays`. */
export interface HolidayYear {
  year: number;
  /** Always false: a proposal is never confirmed (published data is `CalendarYear`). */
  confirmed: boolean;
  /** Where the entries come from. */
  source: string;
  holidays: HolidayEntry[];
  workingDays: SwappedWorkingDay[];
}

function expandEntry(entry: HolidayEntry): Holiday[] {
  const days: Holiday[] = [];
  for (let d = entry.date; compareDates(d, entry.until ?? entry.date) <= 0; d = addDays(d, 1))
    days.push({ date: d, name: entry.name });
  return days;
}

/** Every day off of a year, one entry a day, in date order (the first name wins on overlap). */
export function expandHolidays(entries: readonly HolidayEntry[]): Holiday[] {
  const byDate = new Map<IsoDate, Holiday>();
  for (const entry of entries)
    for (const day of expandEntry(entry)) if (!byDate.has(day.date)) byDate.set(day.date, day);
  return [...byDate.values()].sort((a, b) => compareDates(a.date, b.date));
}

/**
 * The statutory holidays of `year` for a year without official notices (Bộ luật Lao động 2019,
 * Điều 112): 1/1; Tết = the last day of the old lunar year and mùng 1–4; Giỗ Tổ Hùng Vương
 * (10/3 lunar); 30/4; 1/5; 2/9 with one adjacent day (the one that bridges to a weekend when
 * there is one). A holiday on a Saturday or Sunday is made up on the next free working day. The
 * Prime Minister's real choice (Tết days, swaps) often differs: the result is only a proposal.
 */
export function proposeHolidays(year: number): HolidayYear {
  const tetEve = addDays(lunarNewYear(year), -1);
  const nationalDay = isoDate(year, 9, 2);
  const before = isoDate(year, 9, 1);
  const after = isoDate(year, 9, 3);
  const adjacent =
    weekday(before) === 1 ? before : weekday(after) === 5 ? after : !isWeekend(before) ? before : after;

  const base: Holiday[] = [
    { date: isoDate(year, 1, 1), name: HOLIDAY_NAMES.newYear },
    ...[0, 1, 2, 3, 4].map((i) => ({ date: addDays(tetEve, i), name: HOLIDAY_NAMES.tet })),
    { date: hungKingsDay(year), name: HOLIDAY_NAMES.hungKings },
    { date: isoDate(year, 4, 30), name: HOLIDAY_NAMES.reunification },
    { date: isoDate(year, 5, 1), name: HOLIDAY_NAMES.labourDay },
    { date: nationalDay, name: HOLIDAY_NAMES.nationalDay },
    { date: adjacent, name: HOLIDAY_NAMES.nationalDay },
  ];
  const holidays = expandHolidays(base);
  const taken = new Set(holidays.map((h) => h.date));
  const makeUps: Holiday[] = [];
  for (const h of holidays) {
    if (!isWeekend(h.date)) continue;
    let d = addDays(h.date, 1);
    while (isWeekend(d) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    makeUps.push({ date: d, name: `${h.name}${MAKE_UP_SUFFIX}` });
  }
  return {
    year,
    confirmed: false,
    source: 'Đề xuất tự động theo Bộ luật Lao động 2019 (Điều 112) và âm lịch Việt Nam (UTC+7)',
    holidays: [...holidays, ...makeUps].sort((a, b) => compareDates(a.date, b.date)),
    workingDays: [],
  };
}
