import {
  addDays,
  endOfDayInstant,
  formatDueAt,
  formatVnDate,
  formatVnDatePadded,
  formatVnInstant,
  isIsoDate,
  isoDateSchema,
  vnDateOf,
  vnInstant,
  weekday,
  weekdayVi,
} from '../../domain/calendar';
import { dayNumber, fromDayNumber } from '../../domain/calendar/dates';

describe('dates in Vietnam (UTC+7, no daylight saving)', () => {
  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(isIsoDate('2022-03-16')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true); // 2024 is a leap year
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2022-02-30')).toBe(false);
    expect(isIsoDate('2022-13-01')).toBe(false);
    expect(isIsoDate('2022-2-3')).toBe(false);
    expect(isIsoDate('16/03/2022')).toBe(false);
    expect(isoDateSchema.safeParse('2022-02-30').success).toBe(false);
    expect(isoDateSchema.safeParse(' 2022-03-16 ').data).toBe('2022-03-16');
  });

  it('gives the Vietnam date of an instant: local midnight is 17:00 UTC the day before', () => {
    expect(vnDateOf(Date.UTC(2022, 2, 15, 16, 59, 59, 999))).toBe('2022-03-15');
    expect(vnDateOf(Date.UTC(2022, 2, 15, 17, 0, 0, 0))).toBe('2022-03-16');
    // New Year's Eve 20:00 UTC is already 1 January in Vietnam.
    expect(vnDateOf(Date.UTC(2022, 11, 31, 20, 0))).toBe('2023-01-01');
  });

  it('turns a local time into an absolute instant', () => {
    expect(vnInstant('2022-03-16', '08:00')).toBe(Date.UTC(2022, 2, 16, 1, 0));
    expect(vnInstant('2022-03-16')).toBe(Date.UTC(2022, 2, 15, 17, 0));
    expect(vnInstant('2022-03-16', '07:30')).toBe(Date.parse('2022-03-16T07:30:00+07:00'));
    expect(() => vnInstant('2022-03-16', '24:00')).toThrow(/HH:MM/);
  });

  it('ends a deadline day at 24:00 local time', () => {
    expect(endOfDayInstant('2022-03-16')).toBe(Date.parse('2022-03-16T23:59:59.999+07:00'));
    expect(endOfDayInstant('2022-03-16')).toBe(Date.UTC(2022, 2, 16, 16, 59, 59, 999));
    expect(endOfDayInstant('2022-03-16') + 1).toBe(vnInstant('2022-03-17'));
    expect(formatDueAt('2022-03-16')).toBe('2022-03-16T23:59:59+07:00');
    expect(Date.parse(formatDueAt('2022-03-16'))).toBe(endOfDayInstant('2022-03-16') - 999);
    expect(formatVnInstant(vnInstant('2022-03-16', '08:00'))).toBe('2022-03-16T08:00:00+07:00');
  });

  it('formats dates and weekdays the Vietnamese way', () => {
    expect(formatVnDate('2022-03-16')).toBe('16/3/2022');
    expect(formatVnDatePadded('2022-03-16')).toBe('16/03/2022');
    expect(weekdayVi('2022-03-14')).toBe('Thứ Hai');
    expect(weekdayVi('2022-03-16')).toBe('Thứ Tư');
    expect(weekdayVi('2022-03-19')).toBe('Thứ Bảy');
    expect(weekdayVi('2022-03-20')).toBe('Chủ nhật');
    expect(weekday('1970-01-01')).toBe(4); // a Thursday
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2022-12-31', 1)).toBe('2023-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2022-03-01', -1)).toBe('2022-02-28');
  });
});

describe('day numbers by integer arithmetic', () => {
  it('agree with Date, both ways, on every day from 1900 to 2100 and at the ends of the 4-digit years', () => {
    const DAY_MS = 86_400_000;
    const mismatches: unknown[] = [];
    const check = (n: number) => {
      const viaDate = new Date(n * DAY_MS).toISOString().slice(0, 10);
      if (fromDayNumber(n) !== viaDate) mismatches.push(['fromDayNumber', n, fromDayNumber(n), viaDate]);
      if (dayNumber(viaDate) !== n) mismatches.push(['dayNumber', viaDate, dayNumber(viaDate), n]);
    };
    for (let n = dayNumber('1900-01-01'); n <= dayNumber('2100-12-31'); n++) check(n);
    for (const n of [-719_528, -719_527, -1, 0, 1, 2_932_895, 2_932_896]) check(n); // 0000-01-01 … 9999-12-31
    expect(mismatches).toEqual([]);
    expect(fromDayNumber(0)).toBe('1970-01-01');
    expect(dayNumber('2000-02-29')).toBe(11_016);
  });
});
