import { createWorkingCalendar } from '../../domain/calendar';
import { addDays, compareDates } from '../../domain/calendar/dates';
import type { WorkingCalendar } from '../../domain/calendar/day-calendar';
import { calendarFromSnapshot, snapshotOf } from '../../domain/calendar/snapshot';

const cal = createWorkingCalendar();

describe('working-day arithmetic', () => {
  it('finds the next working day, strictly after', () => {
    expect(cal.nextWorkingDay('2022-03-14')).toBe('2022-03-15'); // Mon → Tue
    expect(cal.nextWorkingDay('2022-03-18')).toBe('2022-03-21'); // Fri → Mon
    expect(cal.nextWorkingDay('2022-01-28')).toBe('2022-02-07'); // Fri before Tết → Mon after it
    expect(cal.nextWorkingDay('2025-04-25')).toBe('2025-04-26'); // Fri → the swapped working Saturday
  });

  it('keeps a working day, or moves a day off to the next working day', () => {
    expect(cal.onOrNextWorkingDay('2022-03-16')).toBe('2022-03-16');
    expect(cal.onOrNextWorkingDay('2022-03-20')).toBe('2022-03-21'); // Sunday → Monday
    expect(cal.onOrNextWorkingDay('2022-04-30')).toBe('2022-05-04'); // Sat 30/4, Sun 1/5, make-ups 2/5 and 3/5
  });

  it('adds working days forward', () => {
    // Mon 14/3/2022 + 2: Tue 15, Wed 16.
    expect(cal.addWorkingDays('2022-03-14', 2)).toBe('2022-03-16');
    // Fri 18/3/2022 + 1 skips the weekend.
    expect(cal.addWorkingDays('2022-03-18', 1)).toBe('2022-03-21');
    // From a Saturday, the first working day counts as 1.
    expect(cal.addWorkingDays('2022-03-19', 1)).toBe('2022-03-21');
    // Thu 24/4/2025 + 2: Fri 25, Sat 26 (worked, swapped for Fri 2/5).
    expect(cal.addWorkingDays('2025-04-24', 2)).toBe('2025-04-26');
    // Tue 29/4/2025 + 1: Wed 30/4 and Thu 1/5 are holidays, Fri 2/5 swapped off, then the weekend → Mon 5/5.
    expect(cal.addWorkingDays('2025-04-29', 1)).toBe('2025-05-05');
  });

  it('adds working days across Tết', () => {
    // Thu 27/1/2022 + 2: Fri 28/1, then Tết 29/1–6/2, then Mon 7/2.
    expect(cal.addWorkingDays('2022-01-27', 2)).toBe('2022-02-07');
    // Wed 7/2/2024 + 2: Tết 8–14/2, then Thu 15, Fri 16.
    expect(cal.addWorkingDays('2024-02-07', 2)).toBe('2024-02-16');
  });

  it('subtracts working days (negative offsets)', () => {
    // Wed 16/3/2022 − 2: Tue 15, Mon 14.
    expect(cal.addWorkingDays('2022-03-16', -2)).toBe('2022-03-14');
    // Mon 21/3/2022 − 1: the weekend before → Fri 18.
    expect(cal.addWorkingDays('2022-03-21', -1)).toBe('2022-03-18');
    // Mon 7/2/2022 − 1: back over Tết → Fri 28/1.
    expect(cal.addWorkingDays('2022-02-07', -1)).toBe('2022-01-28');
    // Mon 14/3/2022 − 10: 11, 10, 9, 8, 7, 4, 3, 2, 1/3 and Mon 28/2.
    expect(cal.addWorkingDays('2022-03-14', -10)).toBe('2022-02-28');
    // Mon 5/5/2025 − 1: Fri 2/5 (swapped off), Thu 1/5, Wed 30/4 holidays → Tue 29/4.
    expect(cal.addWorkingDays('2025-05-05', -1)).toBe('2025-04-29');
    // Mon 28/4/2025 − 1 lands on the working Saturday 26/4.
    expect(cal.addWorkingDays('2025-04-28', -1)).toBe('2025-04-26');
  });

  it('treats n = 0 as "this day if working, else the next working day"', () => {
    expect(cal.addWorkingDays('2022-03-16', 0)).toBe('2022-03-16');
    expect(cal.addWorkingDays('2022-03-19', 0)).toBe('2022-03-21');
    expect(() => cal.addWorkingDays('2022-03-16', 1.5)).toThrow(/số nguyên/);
    expect(() => cal.addWorkingDays('2022-02-30', 1)).toThrow(/invalid date/);
  });

  it('crosses year boundaries both ways', () => {
    // Fri 30/12/2022 + 1: Sat 31/12, Sun 1/1 (Tết Dương lịch), Mon 2/1 (its make-up) → Tue 3/1/2023.
    expect(cal.addWorkingDays('2022-12-30', 1)).toBe('2023-01-03');
    expect(cal.addWorkingDays('2023-01-03', -1)).toBe('2022-12-30');
    // Fri 31/12/2021 + 1: Sat 1/1, Sun 2/1, Mon 3/1 (make-up) → Tue 4/1/2022.
    expect(cal.addWorkingDays('2021-12-31', 1)).toBe('2022-01-04');
  });

  it('counts working days between two dates', () => {
    expect(cal.workingDaysBetween('2022-03-14', '2022-03-16')).toBe(2);
    expect(cal.workingDaysBetween('2022-03-16', '2022-03-16')).toBe(0);
    expect(cal.workingDaysBetween('2022-03-18', '2022-03-21')).toBe(1);
    expect(cal.workingDaysBetween('2022-01-28', '2022-02-07')).toBe(1); // only Mon 7/2 after Tết
    expect(cal.workingDaysBetween('2022-12-30', '2023-01-03')).toBe(1);
    // Backwards the count is negative: working days d with to ≤ d < from.
    expect(cal.workingDaysBetween('2022-03-16', '2022-03-14')).toBe(-2);
    expect(cal.workingDaysBetween('2022-03-19', '2022-03-18')).toBe(-1); // Sat back to Fri: Fri counts
    expect(cal.workingDaysBetween('2022-02-07', '2022-01-28')).toBe(-1);
  });

  it('inverts addWorkingDays for every offset', () => {
    for (const start of ['2022-01-27', '2022-03-19', '2024-05-04', '2025-04-30', '2022-12-30']) {
      for (const n of [-12, -5, -2, -1, 1, 2, 5, 12]) {
        expect([start, n, cal.workingDaysBetween(start, cal.addWorkingDays(start, n))]).toEqual([
          start,
          n,
          n,
        ]);
      }
    }
  });
});

describe('the arithmetic on day numbers (each day asked once) against a day-by-day reference', () => {
  // The reference walks date strings and asks dayInfo at every step, as the calendar did before.
  const reference = (c: WorkingCalendar) => ({
    add(date: string, n: number): string {
      if (n === 0) return c.dayInfo(date).isWorkingDay ? date : this.add(date, 1);
      let d = date;
      for (let left = Math.abs(n); left > 0;) {
        d = addDays(d, Math.sign(n));
        if (c.dayInfo(d).isWorkingDay) left--;
      }
      return d;
    },
    between(from: string, to: string): number {
      let count = 0;
      if (compareDates(to, from) >= 0) {
        for (let d = addDays(from, 1); compareDates(d, to) <= 0; d = addDays(d, 1))
          if (c.dayInfo(d).isWorkingDay) count++;
        return count;
      }
      for (let d = to; compareDates(d, from) < 0; d = addDays(d, 1)) if (c.dayInfo(d).isWorkingDay) count++;
      return -count;
    },
  });

  it.each([
    ['the data calendar', () => createWorkingCalendar()],
    [
      "a workflow's snapshot",
      () =>
        calendarFromSnapshot(snapshotOf(createWorkingCalendar(), { from: '2023-06-01', to: '2026-06-30' })),
    ],
  ])('gives the same answers for %s, asked again and again', (_name, make) => {
    const c = make();
    const ref = reference(c);
    const mismatches: unknown[] = [];
    // Every 3rd day from mid-2024 to mid-2025 (Tết, 30/4–1/5 with its swapped Saturday, 2/9), twice over.
    for (let round = 0; round < 2; round++) {
      for (let d = '2024-07-01'; compareDates(d, '2025-07-01') <= 0; d = addDays(d, 3)) {
        for (const n of [-40, -7, -1, 0, 1, 3, 9, 40]) {
          if (c.addWorkingDays(d, n) !== ref.add(d, n)) mismatches.push(['add', d, n]);
        }
        const to = addDays(d, (d.charCodeAt(9) % 7) * 13 - 40);
        if (c.workingDaysBetween(d, to) !== ref.between(d, to)) mismatches.push(['between', d, to]);
        if (c.isWorkingDay(d) !== c.dayInfo(d).isWorkingDay) mismatches.push(['isWorkingDay', d]);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('still refuses a day outside a snapshot, every time it is asked', () => {
    const c = calendarFromSnapshot(
      snapshotOf(createWorkingCalendar(), { from: '2025-01-01', to: '2025-12-31' }),
    );
    for (let i = 0; i < 2; i++) expect(() => c.addWorkingDays('2025-12-30', 5)).toThrow(/nằm ngoài lịch/);
    expect(() => c.nextWorkingDay('2025-13-01')).toThrow(/invalid date/);
  });
});

describe('extra days off (e.g. a day the province gives)', () => {
  const withExtra = createWorkingCalendar({
    extraHolidays: [
      { date: '2022-03-16', name: 'Ngày nghỉ thử nghiệm' },
      { date: '2024-05-04', name: 'Ngày nghỉ thử nghiệm trên ngày làm bù' },
      { date: '2022-06-20', until: '2022-06-21', name: 'Hai ngày nghỉ thử nghiệm' },
    ],
  });

  it('adds the day off on top of the yearly data', () => {
    expect(withExtra.dayInfo('2022-03-16')).toEqual({
      date: '2022-03-16',
      isWorkingDay: false,
      reason: 'Ngày nghỉ thử nghiệm',
    });
    // Mon 14/3/2022 + 2: Tue 15, (Wed 16 off), Thu 17.
    expect(withExtra.addWorkingDays('2022-03-14', 2)).toBe('2022-03-17');
    expect(withExtra.dayInfo('2024-05-04').isWorkingDay).toBe(false);
    expect(withExtra.onOrNextWorkingDay('2022-06-20')).toBe('2022-06-22');
    // The default calendar is unaffected.
    expect(cal.isWorkingDay('2022-03-16')).toBe(true);
    expect(withExtra.holidaysOf(2022).filter((h) => h.date.startsWith('2022-03'))).toEqual([
      { date: '2022-03-16', name: 'Ngày nghỉ thử nghiệm' },
    ]);
  });

  it('rejects a malformed extra day', () => {
    expect(() => createWorkingCalendar({ extraHolidays: [{ date: '2022-3-16', name: 'x' }] })).toThrow(
      /extraHolidays\[0\]/,
    );
  });
});
