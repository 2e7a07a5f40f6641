import {
  addDays,
  calendarFromSnapshot,
  CalendarDataError,
  compareDates,
  createWorkingCalendar,
  sliceSnapshot,
  snapshotOf,
  snapshotVersionLabel,
} from '../../domain/calendar';

// A workflow's calendar is a snapshot of the data calendar over a range: within the range it must
// answer exactly as the calendar it was taken from, and outside it refuse rather than guess.
describe('calendar snapshots', () => {
  const data = createWorkingCalendar();
  const snapshot = snapshotOf(data, { from: '2022-01-01', to: '2027-12-31' });
  const fromSnapshot = calendarFromSnapshot(snapshot);

  it('answers every day of 2022–2027 as the data calendar does, weekends, holidays and swaps included', () => {
    let days = 0;
    for (let d = '2022-01-01'; compareDates(d, '2027-12-31') <= 0; d = addDays(d, 1)) {
      expect(fromSnapshot.dayInfo(d)).toEqual(data.dayInfo(d));
      // The working-day arithmetic answers by day number, apart from dayInfo: the same answer.
      expect(fromSnapshot.isWorkingDay(d)).toBe(data.isWorkingDay(d));
      days++;
    }
    expect(days).toBe(2191);
    // A swapped Saturday (10/1/2026) and a holiday on a weekday (Giỗ Tổ made up on Mon 27/4/2026).
    expect(fromSnapshot.isWorkingDay('2026-01-10')).toBe(data.isWorkingDay('2026-01-10'));
    expect(fromSnapshot.addWorkingDays('2026-04-24', 1)).toBe(data.addWorkingDays('2026-04-24', 1));
    expect(fromSnapshot.workingDaysBetween('2026-01-01', '2026-12-31')).toBe(
      data.workingDaysBetween('2026-01-01', '2026-12-31'),
    );
  });

  it('says which data it rests on and refuses days outside its range', () => {
    expect(snapshot.years.map((y) => `${y.year}:${y.status}`)).toEqual([
      '2022:confirmed',
      '2023:confirmed',
      '2024:confirmed',
      '2025:confirmed',
      '2026:confirmed',
      '2027:proposed',
    ]);
    expect(snapshotVersionLabel(sliceSnapshot(snapshot, '2026-06-01', '2027-02-01'))).toBe(
      '2026 (bản 0), 2027 (bản 0, đề xuất)',
    );
    expect(() => fromSnapshot.dayInfo('2028-01-03')).toThrow(CalendarDataError);
    expect(() => fromSnapshot.dayInfo('2028-01-03')).toThrow(/ngoài lịch làm việc của quy trình/);
    expect(() => fromSnapshot.isWorkingDay('2028-01-03')).toThrow(/ngoài lịch làm việc của quy trình/);
    expect(() => fromSnapshot.addWorkingDays('2027-12-30', 3)).toThrow(CalendarDataError);
    expect(() => fromSnapshot.addWorkingDays('2022-01-04', -3)).toThrow(CalendarDataError);
  });

  it('slices to a sub-range with the same answers inside it', () => {
    const slice = calendarFromSnapshot(sliceSnapshot(snapshot, '2027-01-01', '2027-03-31'));
    for (let d = '2027-01-01'; compareDates(d, '2027-03-31') <= 0; d = addDays(d, 1))
      expect(slice.isWorkingDay(d)).toBe(data.isWorkingDay(d));
    expect(() => slice.dayInfo('2026-12-31')).toThrow(CalendarDataError);
  });
});
