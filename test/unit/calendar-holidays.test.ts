import {
  CalendarDataError,
  createWorkingCalendar,
  isWeekend,
  CalendarFileError,
  parseCalendarYears,
  proposalAsCalendarYear,
  proposeHolidays,
  SHIPPED_CALENDAR_YEARS,
} from '../../domain/calendar';

const weekdaysOff = (holidays: { date: string }[]) =>
  holidays.map((h) => h.date).filter((d) => !isWeekend(d));

describe('holiday data per year', () => {
  it('is valid data, one file per year, confirmed for 2021–2026, 2027 a proposal', () => {
    const years = parseCalendarYears(SHIPPED_CALENDAR_YEARS);
    expect(years.map((y) => [y.year, y.confirmed])).toEqual([
      [2021, true],
      [2022, true],
      [2023, true],
      [2024, true],
      [2025, true],
      [2026, true], // Công văn 12729/VPCP-KGVX and Thông báo 9441/TB-BNV
      [2027, false], // no notice yet: the lunar proposal
    ]);
  });

  it('has the 2022 days off of its notices (docs/domain.md)', () => {
    const cal = createWorkingCalendar();
    // 1–3 Jan; 29 Jan – 6 Feb (Tết); 11 Apr (Hùng Kings, from Sunday 10 Apr); 30 Apr – 3 May; 1–4 Sep.
    const off = [
      '2022-01-01', '2022-01-02', '2022-01-03',
      '2022-01-29', '2022-01-30', '2022-01-31', '2022-02-01', '2022-02-02', '2022-02-03', '2022-02-04', '2022-02-05', '2022-02-06',
      '2022-04-10', '2022-04-11',
      '2022-04-30', '2022-05-01', '2022-05-02', '2022-05-03',
      '2022-09-01', '2022-09-02', '2022-09-03', '2022-09-04',
    ]; // prettier-ignore
    for (const d of off) expect([d, cal.isWorkingDay(d)]).toEqual([d, false]);
    for (const d of [
      '2022-01-04',
      '2022-01-28',
      '2022-02-07',
      '2022-04-08',
      '2022-04-12',
      '2022-05-04',
      '2022-08-31',
      '2022-09-05',
    ]) {
      expect([d, cal.isWorkingDay(d)]).toEqual([d, true]);
    }
    expect(cal.dayInfo('2022-02-01')).toEqual({
      date: '2022-02-01',
      isWorkingDay: false,
      reason: 'Tết Nguyên đán',
    });
    expect(cal.dayInfo('2022-04-11').reason).toBe('Giỗ Tổ Hùng Vương (nghỉ bù)');
    expect(cal.dayInfo('2022-05-02').reason).toBe('Ngày Giải phóng miền Nam, thống nhất đất nước (nghỉ bù)');
    expect(cal.dayInfo('2022-09-02').reason).toBe('Quốc khánh');
    expect(cal.dayInfo('2022-03-19')).toEqual({ date: '2022-03-19', isWorkingDay: false, reason: 'weekend' });
    expect(cal.dayInfo('2022-03-16')).toEqual({ date: '2022-03-16', isWorkingDay: true, reason: null });
  });

  it('names the holiday rather than the weekend when a holiday falls on one', () => {
    const cal = createWorkingCalendar();
    expect(cal.dayInfo('2022-01-01').reason).toBe('Tết Dương lịch'); // a Saturday
    expect(cal.dayInfo('2023-04-30').reason).toBe('Ngày Giải phóng miền Nam, thống nhất đất nước'); // a Sunday
  });

  it('makes swapped Saturdays working days and their swapped weekdays days off', () => {
    const cal = createWorkingCalendar();
    // 2024: Monday 29/4 off, worked on Saturday 4/5. 2025: Friday 2/5 off, worked on Saturday 26/4.
    // 2026: Friday 2/1 off, worked on Saturday 10/1; Monday 31/8 off, worked on Saturday 22/8.
    for (const d of ['2024-04-29', '2025-05-02', '2026-01-02', '2026-08-31'])
      expect([d, cal.isWorkingDay(d)]).toEqual([d, false]);
    for (const d of ['2024-05-04', '2025-04-26', '2026-01-10', '2026-08-22']) {
      const info = cal.dayInfo(d);
      expect([d, info.isWorkingDay, info.reason]).toEqual([d, true, null]);
      expect(info.note).toMatch(/^Làm bù/);
    }
  });

  it('has Tết of 2023–2026 as announced', () => {
    const cal = createWorkingCalendar();
    const tet: [string, string][] = [
      ['2023-01-20', '2023-01-26'], // Friday (29 Tết) – Thursday (mùng 5)
      ['2024-02-08', '2024-02-14'], // Thursday – Wednesday
      ['2025-01-25', '2025-02-02'], // Saturday – Sunday, 9 days
      ['2026-02-14', '2026-02-22'], // Saturday – Sunday, 9 days
    ];
    for (const [from, to] of tet) {
      expect(cal.dayInfo(from).reason).toBe('Tết Nguyên đán');
      expect(cal.dayInfo(to).reason).toBe('Tết Nguyên đán');
      expect(cal.workingDaysBetween(from, to)).toBe(0);
    }
    expect(cal.isWorkingDay('2023-01-19')).toBe(true);
    expect(cal.isWorkingDay('2023-01-27')).toBe(true);
    expect(cal.isWorkingDay('2024-02-15')).toBe(true);
    expect(cal.isWorkingDay('2025-02-03')).toBe(true);
    expect(cal.isWorkingDay('2026-02-23')).toBe(true);
  });

  it('counts the working days of whole years by hand', () => {
    const cal = createWorkingCalendar();
    // 2022: 260 weekdays minus 11 weekday holidays (3/1; 31/1–4/2; 11/4; 2/5, 3/5; 1/9, 2/9) = 249.
    expect(cal.workingDaysBetween('2021-12-31', '2022-12-31')).toBe(249);
    // 2024: 262 weekdays minus 12 weekday holidays (1/1; 8,9,12,13,14/2; 18/4; 29/4, 30/4, 1/5; 2/9, 3/9)
    // plus the working Saturday 4/5 = 251.
    expect(cal.workingDaysBetween('2023-12-31', '2024-12-31')).toBe(251);
  });
});

describe('proposed holidays for a year without data', () => {
  it('reproduces 2022 from the statutory rules and the lunar calendar', () => {
    // 1/1 Sat → Mon 3/1; Tết: last day of Tân Sửu (Mon 31/1) + mùng 1–4 (1–4/2); Hùng Kings Sun
    // 10/4 → Mon 11/4; 30/4 Sat, 1/5 Sun → Mon 2/5, Tue 3/5; 2/9 Fri + Thu 1/9.
    expect(weekdaysOff(proposeHolidays(2022).holidays)).toEqual([
      '2022-01-03', '2022-01-31', '2022-02-01', '2022-02-02', '2022-02-03', '2022-02-04',
      '2022-04-11', '2022-05-02', '2022-05-03', '2022-09-01', '2022-09-02',
    ]); // prettier-ignore
  });

  it('proposes 2027 with make-up days after a weekend Tết', () => {
    // Tết Đinh Mùi is Saturday 6/2/2027: Fri 5/2 (last day) + 6–9/2; Sat 6 and Sun 7 are made up on
    // Wed 10 and Thu 11. Hùng Kings Friday 16/4. 1/5 Saturday → Monday 3/5. 2/9 Thursday + Friday 3/9.
    const proposal = proposeHolidays(2027);
    expect(proposal.confirmed).toBe(false);
    expect(proposal.workingDays).toEqual([]);
    expect(weekdaysOff(proposal.holidays)).toEqual([
      '2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11',
      '2027-04-16', '2027-04-30', '2027-05-03', '2027-09-02', '2027-09-03',
    ]); // prettier-ignore
    expect(proposal.holidays.find((h) => h.date === '2027-02-10')?.name).toBe('Tết Nguyên đán (nghỉ bù)');
  });

  it('picks the day after 2/9 when the day before is a weekend', () => {
    // 2029: 2/9 is a Sunday; 1/9 is a Saturday, so the adjacent day is Monday 3/9 and the Sunday
    // itself is made up on Tuesday 4/9.
    const sept = proposeHolidays(2029).holidays.filter((h) => h.date.startsWith('2029-09'));
    expect(sept.map((h) => h.date)).toEqual(['2029-09-02', '2029-09-03', '2029-09-04']);
  });
});

describe('calendar status and warnings', () => {
  it('tells confirmed, proposed and missing years apart', () => {
    const cal = createWorkingCalendar();
    expect(cal.calendarStatus(2022)).toBe('confirmed');
    expect(cal.calendarStatus(2025)).toBe('confirmed');
    expect(cal.calendarStatus(2026)).toBe('confirmed');
    expect(cal.calendarStatus(2027)).toBe('proposed');
    expect(cal.calendarStatus(2028)).toBe('proposed');
    expect(cal.calendarStatus(2099)).toBe('proposed');
    expect(cal.calendarStatus(2020)).toBe('missing');
    expect(cal.calendarStatus(1990)).toBe('missing');
    expect(cal.calendarStatus(2100)).toBe('missing');
  });

  it('warns once per unconfirmed year an answer depended on', () => {
    const cal = createWorkingCalendar();
    expect(cal.warnings).toEqual([]);
    cal.isWorkingDay('2022-03-16');
    expect(cal.warnings).toEqual([]);
    cal.isWorkingDay('2026-03-16');
    expect(cal.warnings).toEqual([]);
    cal.isWorkingDay('2028-03-16');
    cal.isWorkingDay('2027-03-16');
    cal.isWorkingDay('2027-03-17');
    expect(cal.warnings).toEqual([
      'Lịch nghỉ năm 2027 là đề xuất từ âm lịch, chưa được xác nhận', // the shipped proposal file
      'Lịch nghỉ năm 2028 là đề xuất từ âm lịch, chưa được xác nhận', // no file: computed
    ]);
    // A proposed year behaves like its proposal: Tết 2027 (see above) is not worked.
    expect(cal.dayInfo('2027-02-10').reason).toBe('Tết Nguyên đán (nghỉ bù)');
  });

  it('refuses to answer for a year without any data', () => {
    const cal = createWorkingCalendar();
    expect(() => cal.isWorkingDay('1990-05-02')).toThrow(CalendarDataError);
    expect(() => cal.isWorkingDay('1990-05-02')).toThrow('không có dữ liệu lịch nghỉ năm 1990');
    expect(() => cal.nextWorkingDay('2099-12-31')).toThrow(/năm 2100/);
    expect(() => cal.addWorkingDays('2021-01-04', -3)).toThrow(/năm 2020/);
  });

  it('can be limited to the data only, or given other data', () => {
    const strict = createWorkingCalendar({ proposalYears: null });
    expect(strict.calendarStatus(2027)).toBe('proposed'); // its file is the proposal
    expect(strict.calendarStatus(2028)).toBe('missing');
    expect(() => strict.isWorkingDay('2028-01-04')).toThrow(CalendarDataError);

    // A year given as data (here the lunar proposal for 2030, in the published shape) replaces the
    // shipped files altogether.
    const custom = createWorkingCalendar({
      years: [proposalAsCalendarYear(proposeHolidays(2030), 'thử nghiệm')],
      proposalYears: null,
    });
    expect(custom.dataYears).toEqual([2030]);
    expect(custom.calendarStatus(2030)).toBe('proposed');
    expect(custom.calendarStatus(2022)).toBe('missing');
    expect(custom.dayInfo('2030-02-02').reason).toBe('Tết Nguyên đán'); // mùng 1 Tết Canh Tuất
    expect(() => custom.isWorkingDay('2022-01-03')).toThrow(
      'không có dữ liệu lịch nghỉ năm 2022 (có dữ liệu: 2030)',
    );
  });

  it('rejects bad data given to it, naming the year and the field (more in calendar-data.test.ts)', () => {
    const y2030 = proposalAsCalendarYear(proposeHolidays(2030), 'thử nghiệm');
    const bad = {
      ...y2030,
      daysOff: [{ ...y2030.daysOff[0]!, from: '2030-02-30' }, ...y2030.daysOff.slice(1)],
    };
    expect(() => createWorkingCalendar({ years: [bad] })).toThrow(CalendarFileError);
    expect(() => createWorkingCalendar({ years: [bad] })).toThrow(
      /^years\[0\]: daysOff\[0\]\.from: ngày không tồn tại trong lịch$/,
    );
    expect(() => createWorkingCalendar({ years: [y2030, y2030] })).toThrow(
      'years[1]: năm 2030 bị khai báo hai lần',
    );
  });
});
