import {
  addDays,
  CalendarFileError,
  createWorkingCalendar,
  lazyCalendarYears,
  parseCalendarYear,
  parseCalendarYears,
  proposalAsCalendarYear,
  proposeHolidays,
  SHIPPED_CALENDAR_YEARS,
  type CalendarYearInput,
} from '../../domain/calendar';

// The published shape of a year's days off (domain/calendar/data/<year>.json) and what it refuses.
// Every refusal names the field, so an official editing a file can find the line.

const shipped = (year: number): CalendarYearInput =>
  structuredClone(
    SHIPPED_CALENDAR_YEARS.find((y) => (y as { year: number }).year === year),
  ) as CalendarYearInput;

function issuesOf(raw: unknown): string[] {
  try {
    parseCalendarYear(raw);
    return [];
  } catch (err) {
    if (!(err instanceof CalendarFileError)) throw err;
    return err.issues;
  }
}

describe('the shipped files', () => {
  it('parse, one per year from 2021 to 2027', () => {
    expect(parseCalendarYears(SHIPPED_CALENDAR_YEARS).map((y) => y.year)).toEqual([
      2021, 2022, 2023, 2024, 2025, 2026, 2027,
    ]);
  });

  it('rest every day of a confirmed year on a notice of that year or on the law itself', () => {
    for (const y of parseCalendarYears(SHIPPED_CALENDAR_YEARS).filter((y) => y.confirmed)) {
      const numbers = y.notices.map((n) => n.number);
      expect([y.year, numbers.length > 0]).toEqual([y.year, true]);
      for (const e of [...y.daysOff, ...y.workingDays])
        expect([y.year, e.basis === 'law' || numbers.includes(e.basis)]).toEqual([y.year, true]);
      for (const n of y.notices) expect(n.sources.length).toBeGreaterThan(0);
    }
  });

  it('keep 2027 as the lunar proposal until its notices are out', () => {
    const file = parseCalendarYear(shipped(2027));
    expect(file.confirmed).toBe(false);
    expect(file.notices).toEqual([]);
    // Day by day, the file and the proposal computed from the lunar calendar agree.
    const fromFile = createWorkingCalendar();
    const computed = createWorkingCalendar({ years: [], proposalYears: { first: 2027, last: 2027 } });
    for (let d = '2027-01-01'; d <= '2027-12-31'; d = addDays(d, 1))
      expect([d, fromFile.dayInfo(d)]).toEqual([d, computed.dayInfo(d)]);
    expect(proposalAsCalendarYear(proposeHolidays(2027), file.pending!)).toEqual(shipped(2027));
  });
});

describe('a year file is refused, naming the field', () => {
  it('for a date that does not exist or is not written YYYY-MM-DD', () => {
    const y = shipped(2026);
    y.daysOff[2]!.to = '2026-02-30';
    expect(issuesOf(y)).toEqual(['daysOff[2].to: ngày không tồn tại trong lịch']);
    const z = shipped(2026);
    z.workingDays![0]!.date = '2026-1-10';
    expect(issuesOf(z)[0]).toBe('workingDays[0].date: ngày phải có dạng YYYY-MM-DD (vd. 2022-03-16)');
  });

  it('for a day that is both off and worked', () => {
    const y = shipped(2026);
    // Saturday 14/2/2026 is inside the Tết break (daysOff[2]).
    y.workingDays!.push({ date: '2026-02-14', name: 'Làm bù', replaces: '2026-01-02', basis: '9441/TB-BNV' });
    expect(issuesOf(y)).toContain(
      'workingDays[2].date: ngày 14/2/2026 vừa là ngày nghỉ (daysOff[2]) vừa là ngày làm việc',
    );
  });

  it('for a year outside the range, or a date outside its year', () => {
    for (const year of [2020, 2100, 2026.5])
      expect(issuesOf({ ...shipped(2026), year })).toEqual(['year: năm phải từ 2021 đến 2099']);
    expect(issuesOf({ ...shipped(2026), year: '2026' })).toEqual(['year: năm phải từ 2021 đến 2099']);
    const y = shipped(2026);
    y.daysOff[0]!.from = '2025-12-31';
    expect(issuesOf(y)).toContain('daysOff[0].from: ngày 31/12/2025 không thuộc năm 2026');
  });

  it('for a weekend listed as a swapped day off', () => {
    const y = shipped(2026);
    // Swap Saturday 3/1/2026 (already a rest day) for Saturday 10/1: the swap day is named.
    y.daysOff[1]!.from = '2026-01-03';
    y.workingDays![0]!.replaces = '2026-01-03';
    expect(issuesOf(y)).toEqual([
      'daysOff[1].from: ngày nghỉ hoán đổi phải là ngày làm việc (Thứ Hai–Thứ Sáu): Thứ Bảy 3/1/2026 vốn là ngày nghỉ hằng tuần',
    ]);
  });

  it('for a make-up day on a weekend, or a run that reaches one', () => {
    const y = shipped(2026);
    y.daysOff[4]!.to = '2026-04-28';
    expect(issuesOf(y)).toEqual([]); // Mon 27 – Tue 28: weekdays, accepted
    y.daysOff[4]!.to = '2026-05-02';
    expect(issuesOf(y)[0]).toBe(
      'daysOff[4].to: ngày nghỉ bù phải là ngày làm việc (Thứ Hai–Thứ Sáu): Thứ Bảy 2/5/2026 vốn là ngày nghỉ hằng tuần',
    );
  });

  it('for a swapped working day that is a weekday, or a swap without its other half', () => {
    const y = shipped(2026);
    y.workingDays![0]!.date = '2026-01-09'; // a Friday
    y.daysOff[1]!.workedOn = '2026-01-09';
    expect(issuesOf(y)).toEqual([
      'workingDays[0].date: ngày làm bù phải là Thứ Bảy hoặc Chủ nhật (Thứ Sáu 9/1/2026 vốn là ngày làm việc)',
    ]);
    const z = shipped(2026);
    z.workingDays!.shift();
    expect(issuesOf(z)).toEqual([
      'daysOff[1].workedOn: không có ngày làm bù 10/1/2026 cho ngày 2/1/2026 trong workingDays',
    ]);
    const w = shipped(2026);
    delete w.daysOff[1]!.workedOn;
    expect(issuesOf(w)).toEqual([
      'daysOff[1].workedOn: ngày nghỉ hoán đổi phải ghi ngày làm bù',
      'workingDays[0].replaces: ngày 2/1/2026 không phải ngày nghỉ hoán đổi lấy ngày 10/1/2026 trong daysOff',
    ]);
  });

  it('for days off listed twice', () => {
    const y = shipped(2026);
    y.daysOff.push({ from: '2026-02-20', name: 'Tết Nguyên đán', kind: 'holiday', basis: '9441/TB-BNV' });
    expect(issuesOf(y)).toEqual(['daysOff[9].from: ngày 20/2/2026 đã có trong daysOff[2]']);
  });

  it('for an entry whose basis is not one of its notices', () => {
    const y = shipped(2026);
    y.daysOff[2]!.basis = '9999/TB-BNV';
    expect(issuesOf(y)).toEqual([
      'daysOff[2].basis: không có văn bản "9999/TB-BNV" trong notices (ghi "law" nếu theo Bộ luật Lao động, "proposal" nếu là đề xuất)',
    ]);
  });

  it('for a confirmed year that still rests on a proposal, or leaves Tết to the law', () => {
    const y = shipped(2026);
    y.daysOff[5]!.basis = 'proposal'; // 30/4
    expect(issuesOf(y)).toEqual(['daysOff[5].basis: năm đã xác nhận không được có ngày chỉ là đề xuất']);
    const z = shipped(2026);
    z.daysOff[2]!.basis = 'law';
    expect(issuesOf(z)).toEqual([
      'daysOff[2].basis: ngày nghỉ Tết Nguyên đán (mùng 1) do Thủ tướng quyết định hằng năm: phải dẫn văn bản trong notices',
    ]);
    expect(issuesOf({ ...shipped(2026), pending: 'x y' })).toEqual([
      'pending: năm đã xác nhận thì không còn gì chờ (bỏ "pending")',
    ]);
    const { pending: _pending, ...noPending } = shipped(2027);
    expect(issuesOf(noPending)).toEqual(['pending: năm chưa xác nhận phải ghi còn chờ văn bản nào']);
  });

  it('for a year that misses a statutory holiday', () => {
    const y = shipped(2026);
    y.daysOff = y.daysOff.filter((e) => e.from !== '2026-04-30');
    expect(issuesOf(y)).toEqual([
      'daysOff: thiếu ngày lễ Ngày Giải phóng miền Nam, thống nhất đất nước (30/4/2026) theo Điều 112 Bộ luật Lao động 2019',
    ]);
  });

  it('for unknown fields, a wrong kind, a missing name and oversized text', () => {
    expect(issuesOf({ ...shipped(2026), holidays: [] })[0]).toBe('holidays: trường này không có trong mẫu');
    const y = shipped(2026);
    (y.daysOff[0] as { kind: string }).kind = 'bridge';
    y.daysOff[3]!.name = '';
    y.notices[0]!.subject = 'x'.repeat(501);
    expect(issuesOf(y).map((i) => i.split(':')[0])).toEqual([
      'notices[0].subject',
      'daysOff[0].kind',
      'daysOff[3].name',
    ]);
  });
});

describe('several years together', () => {
  // A swap across New Year: Monday 31/12/2029 off, worked on Saturday 5/1/2030.
  const y2029 = proposalAsCalendarYear(proposeHolidays(2029), 'thử nghiệm');
  y2029.daysOff.push({
    from: '2029-12-31',
    name: 'Nghỉ hoán đổi ngày làm việc (làm bù Thứ Bảy 5/1/2030)',
    kind: 'swap',
    workedOn: '2030-01-05',
    basis: 'proposal',
  });
  const y2030 = proposalAsCalendarYear(proposeHolidays(2030), 'thử nghiệm');
  y2030.workingDays = [
    { date: '2030-01-05', name: 'Làm bù cho Thứ Hai 31/12/2029', replaces: '2029-12-31', basis: 'proposal' },
  ];

  it('accept a swap whose halves are in two years, and the calendar honours both', () => {
    const cal = createWorkingCalendar({ years: [y2029, y2030], proposalYears: null });
    expect(cal.isWorkingDay('2029-12-31')).toBe(false);
    expect(cal.dayInfo('2030-01-05')).toMatchObject({
      isWorkingDay: true,
      note: 'Làm bù cho Thứ Hai 31/12/2029',
    });
    expect(cal.addWorkingDays('2029-12-28', 1)).toBe('2030-01-02'); // Fri → (31/12 off, 1/1 holiday) → Wed
  });

  it('are parsed one year at a time on first use, with the same checks', () => {
    const lazy = lazyCalendarYears([y2029, y2030]);
    expect(lazy.years).toEqual([2029, 2030]);
    expect(lazy.get(2028)).toBeUndefined();
    expect(lazy.get(2029)?.daysOff.at(-1)?.workedOn).toBe('2030-01-05');
    expect(lazy.get(2030)?.workingDays[0]?.replaces).toBe('2029-12-31');

    const alone = lazyCalendarYears([y2029], (year) => `data/${year}.json: `);
    expect(() => alone.get(2029)).toThrow(
      'data/2029.json: daysOff[7].workedOn: năm 2030 không có ngày làm bù 5/1/2030 cho ngày 31/12/2029',
    );
    const bad = lazyCalendarYears([{ ...y2030, confirmed: 'yes' }], (year) => `data/${year}.json: `);
    expect(() => bad.get(2030)).toThrow(/^data\/2030\.json: confirmed: /);
    expect(() => lazyCalendarYears([y2030, y2030])).toThrow('years[1]: năm 2030 bị khai báo hai lần');
  });

  it('refuse a swap whose other half is missing, naming the year and the field', () => {
    expect(() => parseCalendarYears([y2029])).toThrow(
      'years[0]: daysOff[7].workedOn: năm 2030 không có ngày làm bù 5/1/2030 cho ngày 31/12/2029',
    );
    expect(() => parseCalendarYears([proposalAsCalendarYear(proposeHolidays(2029), 'x y'), y2030])).toThrow(
      'years[1]: workingDays[0].replaces: năm 2029 không có ngày nghỉ hoán đổi 31/12/2029',
    );
    expect(() => parseCalendarYears([y2030, { ...y2030, year: 2099 }])).toThrow(
      /^years\[1\]: daysOff\[0\]\.from/,
    );
  });
});
