import {
  computeCycleDates,
  computeYearCalendar,
  createWorkingCalendar,
  DEFAULT_POLICY,
  endOfDayInstant,
  parsePolicy,
  periodWindow,
  PERIOD_CATALOGUE,
  vnInstant,
} from '../../domain/calendar';

const cal = createWorkingCalendar();

// Every period of 2022–2026 under the default policy, worked out by hand from the rules:
// window 15th of the month before the first month – 14th of the last month; agencies due 2
// working days after the cutoff; the province due on the 20th of the last month, moved to the
// next working day. (No holiday of 2022–2026 falls between the 14th and the 22nd of March, June,
// September or December, so only weekends move these deadlines.)
// [year, period, windowStart, cutoff, agencyDueDate, provinceDueDate]
const EXPECTED: [number, string, string, string, string, string][] = [
  // 2022
  [2022, 'Q1', '2021-12-15', '2022-03-14', '2022-03-16', '2022-03-21'], // cutoff Mon → Tue 15, Wed 16; 20/3 is Sun → Mon 21
  [2022, 'H1', '2021-12-15', '2022-06-14', '2022-06-16', '2022-06-20'], // Tue → Wed 15, Thu 16; 20/6 Mon
  [2022, 'Q3', '2022-06-15', '2022-09-14', '2022-09-16', '2022-09-20'], // Wed → Thu 15, Fri 16; 20/9 Tue
  [2022, 'YEAR', '2021-12-15', '2022-12-14', '2022-12-16', '2022-12-20'], // Wed → Thu 15, Fri 16; 20/12 Tue
  // 2023
  [2023, 'Q1', '2022-12-15', '2023-03-14', '2023-03-16', '2023-03-20'], // Tue → Wed 15, Thu 16; 20/3 Mon
  [2023, 'H1', '2022-12-15', '2023-06-14', '2023-06-16', '2023-06-20'], // Wed → Thu 15, Fri 16; 20/6 Tue
  [2023, 'Q3', '2023-06-15', '2023-09-14', '2023-09-18', '2023-09-20'], // Thu → Fri 15, Mon 18; 20/9 Wed
  [2023, 'YEAR', '2022-12-15', '2023-12-14', '2023-12-18', '2023-12-20'], // Thu → Fri 15, Mon 18; 20/12 Wed
  // 2024
  [2024, 'Q1', '2023-12-15', '2024-03-14', '2024-03-18', '2024-03-20'], // Thu → Fri 15, Mon 18; 20/3 Wed
  [2024, 'H1', '2023-12-15', '2024-06-14', '2024-06-18', '2024-06-20'], // Fri → Mon 17, Tue 18; 20/6 Thu
  [2024, 'Q3', '2024-06-15', '2024-09-14', '2024-09-17', '2024-09-20'], // Sat → Mon 16, Tue 17; 20/9 Fri
  [2024, 'YEAR', '2023-12-15', '2024-12-14', '2024-12-17', '2024-12-20'], // Sat → Mon 16, Tue 17; 20/12 Fri
  // 2025
  [2025, 'Q1', '2024-12-15', '2025-03-14', '2025-03-18', '2025-03-20'], // Fri → Mon 17, Tue 18; 20/3 Thu
  [2025, 'H1', '2024-12-15', '2025-06-14', '2025-06-17', '2025-06-20'], // Sat → Mon 16, Tue 17; 20/6 Fri
  [2025, 'Q3', '2025-06-15', '2025-09-14', '2025-09-16', '2025-09-22'], // Sun → Mon 15, Tue 16; 20/9 Sat → Mon 22
  [2025, 'YEAR', '2024-12-15', '2025-12-14', '2025-12-16', '2025-12-22'], // Sun → Mon 15, Tue 16; 20/12 Sat → Mon 22
  // 2026
  [2026, 'Q1', '2025-12-15', '2026-03-14', '2026-03-17', '2026-03-20'], // Sat → Mon 16, Tue 17; 20/3 Fri
  [2026, 'H1', '2025-12-15', '2026-06-14', '2026-06-16', '2026-06-22'], // Sun → Mon 15, Tue 16; 20/6 Sat → Mon 22
  [2026, 'Q3', '2026-06-15', '2026-09-14', '2026-09-16', '2026-09-21'], // Mon → Tue 15, Wed 16; 20/9 Sun → Mon 21
  [2026, 'YEAR', '2025-12-15', '2026-12-14', '2026-12-16', '2026-12-21'], // Mon → Tue 15, Wed 16; 20/12 Sun → Mon 21
];

describe('reporting cycles under the default policy', () => {
  it.each(EXPECTED)(
    '%i %s: window %s – %s, agencies due %s, province due %s',
    (year, period, windowStart, cutoff, agencyDue, provinceDue) => {
      const c = computeCycleDates(year, period, DEFAULT_POLICY, cal);
      expect(c).toMatchObject({
        year,
        period,
        windowStart,
        cutoff,
        agencyDueDate: agencyDue,
        provinceDueDate: provinceDue,
      });
      // Deadlines end at 24:00 in Vietnam.
      expect(c.agencyDueAt).toBe(Date.parse(`${agencyDue}T23:59:59.999+07:00`));
      expect(c.provinceDueAt).toBe(Date.parse(`${provinceDue}T23:59:59.999+07:00`));
    },
  );

  it('lists the four periods of a year in order', () => {
    for (const year of [2022, 2023, 2024, 2025, 2026]) {
      const rows = computeYearCalendar(year, DEFAULT_POLICY, cal).map((c) => [
        c.year, c.period, c.windowStart, c.cutoff, c.agencyDueDate, c.provinceDueDate,
      ]); // prettier-ignore
      expect(rows).toEqual(EXPECTED.filter((e) => e[0] === year));
    }
  });

  it('opens Q1 2022 ten working days before the cutoff and consolidates the working day before the province deadline', () => {
    const q1 = computeCycleDates(2022, 'Q1', DEFAULT_POLICY, cal);
    // Cutoff Mon 14/3 − 10 working days: 11, 10, 9, 8, 7, 4, 3, 2, 1/3, Mon 28/2.
    expect(q1.opensOn).toBe('2022-02-28');
    expect(q1.opensAt).toBe(vnInstant('2022-02-28', '08:00'));
    // Province due Mon 21/3 − 1 working day → Fri 18/3, after the agencies' Wed 16/3.
    expect(q1.consolidationDate).toBe('2022-03-18');
    expect(q1.consolidationAt).toBe(Date.parse('2022-03-18T16:00:00+07:00')); // consolidation.time
    expect(q1.agencyDueRuleDate).toBe('2022-03-16');
    expect(q1.provinceDueRuleDate).toBe('2022-03-20'); // the Sunday the rule gave, before moving
    expect(q1.periodName).toBe('Quý I');
  });

  it('starts the Q1, H1 and YEAR windows in the previous December', () => {
    for (const code of ['Q1', 'H1', 'YEAR'])
      expect(periodWindow(2024, PERIOD_CATALOGUE[code]!).windowStart).toBe('2023-12-15');
    expect(periodWindow(2024, PERIOD_CATALOGUE.Q3!).windowStart).toBe('2024-06-15');
  });
});

describe('other regimes configured by policy data', () => {
  it('computes windows of Q2, Q4, 9 months and months', () => {
    expect(periodWindow(2022, PERIOD_CATALOGUE.Q2!)).toEqual({
      windowStart: '2022-03-15',
      cutoff: '2022-06-14',
    });
    expect(periodWindow(2022, PERIOD_CATALOGUE.Q4!)).toEqual({
      windowStart: '2022-09-15',
      cutoff: '2022-12-14',
    });
    expect(periodWindow(2022, PERIOD_CATALOGUE.NINE_MONTHS!)).toEqual({
      windowStart: '2021-12-15',
      cutoff: '2022-09-14',
    });
    expect(periodWindow(2023, PERIOD_CATALOGUE.M01!)).toEqual({
      windowStart: '2022-12-15',
      cutoff: '2023-01-14',
    });
    expect(periodWindow(2023, PERIOD_CATALOGUE.M03!)).toEqual({
      windowStart: '2023-02-15',
      cutoff: '2023-03-14',
    });
  });

  it('orders periods by cutoff, shorter windows first', () => {
    const policy = parsePolicy({ periods: { YEAR: {}, NINE_MONTHS: {}, Q3: {}, Q1: {}, H1: {} } });
    expect(computeYearCalendar(2022, policy, cal).map((c) => c.period)).toEqual([
      'Q1',
      'H1',
      'Q3',
      'NINE_MONTHS',
      'YEAR',
    ]);
  });

  it('opens a January cycle in the previous December, over the New Year holiday', () => {
    const m01 = computeCycleDates(2023, 'M01', parsePolicy({ periods: { M01: {} } }), cal);
    // Cutoff Sat 14/1/2023 − 10 working days: 13, 12, 11, 10, 9, 6, 5, 4, 3/1; Mon 2/1 is the
    // make-up of Tết Dương lịch (Sun 1/1), so the 10th is Fri 30/12/2022.
    expect(m01.opensOn).toBe('2022-12-30');
  });

  it('moves a deadline that lands inside Tết to the first working day after it', () => {
    const policy = parsePolicy({
      periods: {
        M01: {
          agencyDue: { rule: 'dayOfLastMonth', day: 20 },
          provinceDue: { rule: 'dayOfLastMonth', day: 31 },
        },
      },
    });
    const c = computeCycleDates(2023, 'M01', policy, cal);
    // 20/1/2023 is a Friday inside Tết (20–26/1) → Friday 27/1.
    expect(c.agencyDueRuleDate).toBe('2023-01-20');
    expect(c.agencyDueDate).toBe('2023-01-27');
    expect(c.agencyDueAt).toBe(endOfDayInstant('2023-01-27'));
    // 31/1/2023 is a Tuesday; consolidation the working day before: Mon 30/1.
    expect(c.provinceDueDate).toBe('2023-01-31');
    expect(c.consolidationDate).toBe('2023-01-30');
  });

  it('counts working days across Tết for a custom period', () => {
    const policy = parsePolicy({
      periods: { TET: { name: 'Thử qua Tết', window: { endMonth: 2, months: 1, cutoffDay: 7 } } },
    });
    const c = computeCycleDates(2024, 'TET', policy, cal);
    expect(c.windowStart).toBe('2024-01-08');
    expect(c.cutoff).toBe('2024-02-07');
    // Wed 7/2/2024 + 2 working days: Tết 8–14/2, then Thu 15, Fri 16.
    expect(c.agencyDueDate).toBe('2024-02-16');
    // 20/2/2024 is a Tuesday.
    expect(c.provinceDueDate).toBe('2024-02-20');
    // Opening: 10 working days before Wed 7/2: 6, 5, 2, 1/2, 31, 30, 29, 26, 25, Wed 24/1.
    expect(c.opensOn).toBe('2024-01-24');
  });

  it('pushes a deadline through 30/4, 1/5 and a swapped day off', () => {
    const policy = parsePolicy({ periods: { M04: { provinceDue: { rule: 'dayOfLastMonth', day: 30 } } } });
    const c = computeCycleDates(2025, 'M04', policy, cal);
    // Cutoff Mon 14/4/2025 → Tue 15, Wed 16.
    expect(c.agencyDueDate).toBe('2025-04-16');
    // 30/4 (Wed) and 1/5 (Thu) holidays, Fri 2/5 swapped off, Sat 3 and Sun 4 → Mon 5/5/2025.
    expect(c.provinceDueDate).toBe('2025-05-05');
    // Opening: 10 working days before Mon 14/4: 11, 10, 9, 8/4, (Mon 7/4 Hùng Kings), 4, 3, 2, 1/4, 31/3, Fri 28/3.
    expect(c.opensOn).toBe('2025-03-28');
  });

  it('clamps a day-31 rule to the end of a shorter month', () => {
    const policy = parsePolicy({ periods: { H1: { provinceDue: { rule: 'dayOfLastMonth', day: 31 } } } });
    // June has 30 days: Thu 30/6/2022.
    expect(computeCycleDates(2022, 'H1', policy, cal).provinceDueDate).toBe('2022-06-30');
  });
});

describe('a made-up holiday (extraHolidays)', () => {
  const withExtra = createWorkingCalendar({
    extraHolidays: [
      { date: '2022-03-16', name: 'Ngày nghỉ thử nghiệm 1' },
      { date: '2022-03-21', name: 'Ngày nghỉ thử nghiệm 2' },
      { date: '2022-06-20', name: 'Ngày nghỉ thử nghiệm 3' },
    ],
  });

  it('moves the deadlines that land on it', () => {
    const q1 = computeCycleDates(2022, 'Q1', DEFAULT_POLICY, withExtra);
    // Cutoff Mon 14/3 + 2 working days: Tue 15, (Wed 16 off), Thu 17.
    expect(q1.agencyDueDate).toBe('2022-03-17');
    // 20/3 Sunday → Mon 21 is off too → Tue 22/3.
    expect(q1.provinceDueDate).toBe('2022-03-22');
    // Tue 22/3 − 1 working day: (Mon 21 off) → Fri 18/3.
    expect(q1.consolidationDate).toBe('2022-03-18');
    // H1: 20/6/2022 is a Monday, made a day off → Tue 21/6.
    expect(computeCycleDates(2022, 'H1', DEFAULT_POLICY, withExtra).provinceDueDate).toBe('2022-06-21');
  });
});

describe('inconsistent policies', () => {
  it('keeps consolidation after the agencies deadline', () => {
    const policy = parsePolicy({ consolidation: { workingDaysBeforeProvinceDue: 5 } });
    const q1 = computeCycleDates(2022, 'Q1', policy, cal);
    // Mon 21/3 − 5 working days = Mon 14/3, before the agencies' Wed 16/3 → the working day after it, Thu 17/3.
    expect(q1.consolidationDate).toBe('2022-03-17');
  });

  it('refuses an agencies deadline that is not before the province deadline', () => {
    const policy = parsePolicy({
      periods: { Q1: { agencyDue: { rule: 'workingDaysAfterCutoff', days: 10 } } },
    });
    // Mon 14/3/2022 + 10 working days = Mon 28/3, after the province's Mon 21/3.
    expect(() => computeCycleDates(2022, 'Q1', policy, cal)).toThrow(
      'kỳ Q1 năm 2022: hạn của đơn vị (28/3/2022) phải trước hạn của tỉnh (21/3/2022)',
    );
  });

  it('refuses a period the policy does not run', () => {
    expect(() => computeCycleDates(2022, 'Q2', DEFAULT_POLICY, cal)).toThrow(
      'kỳ báo cáo "Q2" không có trong chính sách (có: Q1, H1, Q3, YEAR)',
    );
  });
});
