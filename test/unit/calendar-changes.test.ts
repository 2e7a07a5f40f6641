import {
  calendarChanges,
  createWorkingCalendar,
  movesNoDay,
  proposalAsCalendarYear,
  proposeHolidays,
  snapshotOf,
} from '../../domain/calendar';
import shipped2026 from '../../domain/calendar/data/2026.json';

// What a new version of a year changes, day by day, against the version in force.
const range = { from: '2026-01-01', to: '2026-12-31' };
const snapshot = (years: unknown[]) => snapshotOf(createWorkingCalendar({ years }), range);
const copy = () => JSON.parse(JSON.stringify(shipped2026)) as typeof shipped2026;
const before = snapshot([shipped2026]);

describe('calendar changes between two versions of a year', () => {
  it('finds a new holiday on a weekday as one day off added, nothing else', () => {
    const next = copy();
    next.daysOff.push({ from: '2026-11-24', name: 'Ngày Văn hóa Việt Nam', kind: 'holiday', basis: 'law' });
    const changes = calendarChanges(before, snapshot([next]));
    expect(changes).toEqual({
      daysOffAdded: [{ date: '2026-11-24', name: 'Ngày Văn hóa Việt Nam' }],
      daysOffRemoved: [],
      daysOffRenamed: [],
      workingDaysAdded: [],
      workingDaysRemoved: [],
    });
    expect(movesNoDay(changes)).toBe(false);
  });

  it('finds a swap withdrawn as a day off removed and a Saturday no longer worked', () => {
    const next = copy();
    // Without the Quốc khánh swap of 9441/TB-BNV: Monday 31/8 is worked again, Saturday 22/8 is not.
    next.daysOff = next.daysOff.filter((d) => d.from !== '2026-08-31');
    next.workingDays = next.workingDays.filter((w) => w.date !== '2026-08-22');
    const changes = calendarChanges(before, snapshot([next]));
    expect(changes.daysOffRemoved).toEqual([
      { date: '2026-08-31', name: 'Nghỉ hoán đổi ngày làm việc (làm bù Thứ Bảy 22/8/2026)' },
    ]);
    expect(changes.workingDaysRemoved).toEqual([
      { date: '2026-08-22', name: 'Làm bù cho Thứ Hai 31/8/2026' },
    ]);
    expect(changes.daysOffAdded).toEqual([]);
    expect(changes.workingDaysAdded).toEqual([]);
  });

  it('counts a longer Tết run over a weekend as no moved day, and a renamed day as a rename only', () => {
    const next = copy();
    const tet = next.daysOff.find((d) => d.from === '2026-02-14')!;
    tet.name = 'Tết Bính Ngọ';
    const changes = calendarChanges(before, snapshot([next]));
    // 14/2–22/2/2026: nine days, of which Sat 14, Sun 15, Sat 21 and Sun 22 are weekends anyway.
    expect(changes.daysOffRenamed.map((d) => d.date)).toEqual([
      '2026-02-14',
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
    ]);
    expect(changes.daysOffRenamed[0]).toEqual({
      date: '2026-02-14',
      name: 'Tết Bính Ngọ',
      was: 'Tết Nguyên đán',
    });
    expect(movesNoDay(changes)).toBe(true);
  });

  it('compares a first published year with the lunar proposal that was in force', () => {
    const range2031 = { from: '2031-01-01', to: '2031-12-31' };
    const proposal = snapshotOf(createWorkingCalendar(), range2031);
    const file = proposalAsCalendarYear(proposeHolidays(2031), 'chờ thông báo nghỉ Tết');
    file.daysOff!.push({ from: '2031-03-12', name: 'Ngày nghỉ thêm', kind: 'holiday', basis: 'proposal' });
    const changes = calendarChanges(
      proposal,
      snapshotOf(createWorkingCalendar({ years: [file] }), range2031),
    );
    expect(changes.daysOffAdded).toEqual([{ date: '2031-03-12', name: 'Ngày nghỉ thêm' }]);
    expect([...changes.daysOffRemoved, ...changes.workingDaysAdded, ...changes.workingDaysRemoved]).toEqual(
      [],
    );
    expect(() => calendarChanges(proposal, before)).toThrow(/same range/);
  });
});
