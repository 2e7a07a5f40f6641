import { DEFAULT_POLICY, parsePolicy, PolicyError } from '../../domain/calendar';

/** The message parsePolicy throws for `input`. */
function policyError(input: unknown): string {
  try {
    parsePolicy(input);
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return (err as Error).message;
  }
  throw new Error('expected the policy to be rejected');
}

describe('the default policy', () => {
  it('runs Q1, H1, Q3 and YEAR: agencies 2 working days after the cutoff, the province on day 20', () => {
    expect(Object.keys(DEFAULT_POLICY.periods)).toEqual(['Q1', 'H1', 'Q3', 'YEAR']);
    expect(DEFAULT_POLICY.periods.Q1).toEqual({
      code: 'Q1',
      name: 'Quý I',
      endMonth: 3,
      months: 3,
      cutoffDay: 14,
      agencyDue: { rule: 'workingDaysAfterCutoff', days: 2 },
      provinceDue: { rule: 'dayOfLastMonth', day: 20 },
    });
    expect(DEFAULT_POLICY.periods.H1).toMatchObject({ name: '6 tháng đầu năm', endMonth: 6, months: 6 });
    expect(DEFAULT_POLICY.periods.Q3).toMatchObject({ name: 'Quý III', endMonth: 9, months: 3 });
    expect(DEFAULT_POLICY.periods.YEAR).toMatchObject({ name: 'Năm', endMonth: 12, months: 12 });
  });

  it('opens a cycle 10 working days before the cutoff and escalates to Phòng CCHC, then the Director', () => {
    expect(DEFAULT_POLICY.opening).toEqual({ workingDaysBeforeCutoff: 10 });
    expect(DEFAULT_POLICY.reminders.map((r) => [r.workingDaysBefore, r.channels])).toEqual([
      [5, ['email']],
      [2, ['email']],
      [1, ['email', 'sms']],
    ]);
    expect(DEFAULT_POLICY.escalations).toEqual([
      { level: 1, workingDaysAfterDue: 1, roles: ['snv_desk'], channels: ['email'] },
      { level: 2, workingDaysAfterDue: 2, roles: ['snv_director'], channels: ['email'] },
    ]);
    expect(DEFAULT_POLICY.overdue).toEqual({
      workingDaysAfterDue: 1,
      channels: ['email', 'sms'],
      roles: ['focal_point', 'head'],
      repeatEveryWorkingDays: 10,
    });
    expect(DEFAULT_POLICY.quietHours).toEqual({ start: '07:30', end: '17:30' });
    expect(DEFAULT_POLICY.sendTime).toBe('08:00');
    expect(DEFAULT_POLICY.consolidation).toEqual({ workingDaysBeforeProvinceDue: 1, time: '16:00' });
  });

  it('is what an empty policy file means, and no two parses share data', () => {
    expect(parsePolicy({})).toEqual(DEFAULT_POLICY);
    expect(parsePolicy(null)).toEqual(DEFAULT_POLICY);
    const mine = parsePolicy({});
    mine.reminders.push({ workingDaysBefore: 9, channels: ['email'], roles: ['head'] });
    mine.periods.Q1!.agencyDue = { rule: 'workingDaysAfterCutoff', days: 7 };
    expect(parsePolicy({})).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.reminders).toHaveLength(3);
    // The shared default cannot be changed by accident.
    expect(() =>
      DEFAULT_POLICY.reminders.push({ workingDaysBefore: 9, channels: ['email'], roles: ['head'] }),
    ).toThrow(TypeError);
    expect(() => {
      DEFAULT_POLICY.periods.Q1!.agencyDue = { rule: 'workingDaysAfterCutoff', days: 7 };
    }).toThrow(TypeError);
  });
});

describe('a policy file', () => {
  it('keeps the defaults for what it does not state', () => {
    const p = parsePolicy({ quietHours: { start: '07:00', end: '17:00' } });
    expect(p.quietHours).toEqual({ start: '07:00', end: '17:00' });
    expect(p.periods).toEqual(DEFAULT_POLICY.periods);
    expect(p.escalations).toEqual(DEFAULT_POLICY.escalations);
  });

  it('enables other catalogue periods by name and defines new ones by their window', () => {
    const p = parsePolicy({
      periods: {
        Q2: {},
        NINE_MONTHS: { agencyDue: { rule: 'workingDaysAfterCutoff', days: 5 } },
        M04: { provinceDue: { rule: 'dayOfLastMonth', day: 25 } },
        BIMONTH: { name: 'Hai tháng đầu năm', window: { endMonth: 2, months: 2 } },
      },
    });
    expect(Object.keys(p.periods)).toEqual(['Q2', 'NINE_MONTHS', 'M04', 'BIMONTH']);
    expect(p.periods.Q2).toMatchObject({
      name: 'Quý II',
      endMonth: 6,
      months: 3,
      agencyDue: { rule: 'workingDaysAfterCutoff', days: 2 },
    });
    expect(p.periods.NINE_MONTHS).toMatchObject({
      name: '9 tháng',
      endMonth: 9,
      months: 9,
      agencyDue: { days: 5 },
    });
    expect(p.periods.M04).toMatchObject({
      name: 'Tháng 4',
      endMonth: 4,
      months: 1,
      provinceDue: { day: 25 },
    });
    expect(p.periods.BIMONTH).toMatchObject({
      name: 'Hai tháng đầu năm',
      endMonth: 2,
      months: 2,
      cutoffDay: 14,
    });
  });

  it('accepts hour-based reminders and a due-day reminder turned off', () => {
    const p = parsePolicy({ reminders: [{ hoursBefore: 4, channels: ['email'] }], dueDayReminder: null });
    expect(p.reminders).toEqual([{ hoursBefore: 4, channels: ['email'], roles: ['focal_point'] }]);
    expect(p.dueDayReminder).toBeNull();
  });
});

describe('policy validation names the bad field', () => {
  it('rejects a non-integer or out-of-range number of days', () => {
    expect(
      policyError({ periods: { Q1: { agencyDue: { rule: 'workingDaysAfterCutoff', days: 2.5 } } } }),
    ).toMatch(/^periods\.Q1\.agencyDue\.days: phải là số nguyên/);
    expect(
      policyError({ periods: { Q1: { agencyDue: { rule: 'workingDaysAfterCutoff', days: -1 } } } }),
    ).toMatch(/^periods\.Q1\.agencyDue\.days: nhỏ nhất là 0/);
    expect(
      policyError({ periods: { Q1: { agencyDue: { rule: 'workingDaysAfterCutoff', days: '2' } } } }),
    ).toMatch(/^periods\.Q1\.agencyDue\.days:/);
  });

  it('rejects an unknown deadline rule', () => {
    expect(policyError({ periods: { H1: { provinceDue: { rule: 'nextMonday' } } } })).toMatch(
      /^periods\.H1\.provinceDue\.rule: rule phải là workingDaysAfterCutoff hoặc dayOfLastMonth/,
    );
    // A key of the other rule is named itself.
    expect(
      policyError({ periods: { H1: { provinceDue: { rule: 'dayOfLastMonth', day: 20, days: 2 } } } }),
    ).toBe('periods.H1.provinceDue.days: trường này không có trong mẫu');
  });

  it('rejects a deadline day that is not after the cutoff', () => {
    expect(policyError({ periods: { Q1: { provinceDue: { rule: 'dayOfLastMonth', day: 10 } } } })).toBe(
      'periods.Q1.provinceDue.day: phải sau ngày chốt số liệu (ngày 14)',
    );
  });

  it('rejects an unknown period that does not define its window', () => {
    expect(policyError({ periods: { Q1: {}, FOO: {} } })).toMatch(
      /^periods\.FOO: kỳ báo cáo không xác định "FOO"/,
    );
    expect(policyError({ periods: { q1: {} } })).toMatch(/^periods\.q1: /);
    expect(policyError({ periods: {} })).toMatch(/^periods: cần ít nhất một kỳ báo cáo/);
    expect(policyError({ periods: { X: { window: { endMonth: 13, months: 3 } } } })).toMatch(
      /^periods\.X\.window\.endMonth: lớn nhất là 12/,
    );
  });

  it('rejects bad reminders, roles and channels', () => {
    expect(policyError({ reminders: [{ channels: ['email'] }] })).toMatch(
      /^reminders\[0\]: cần đúng một trong workingDaysBefore hoặc hoursBefore/,
    );
    expect(
      policyError({
        reminders: [
          { workingDaysBefore: 2, channels: ['email'] },
          { workingDaysBefore: 2, channels: ['sms'] },
        ],
      }),
    ).toMatch(/^reminders\[1\]: lần nhắc bị lặp/);
    expect(policyError({ reminders: [{ workingDaysBefore: 2, channels: ['fax'] }] })).toMatch(
      /^reminders\[0\]\.channels\[0\]: kênh phải là một trong: email, sms/,
    );
    expect(policyError({ overdue: { channels: [] } })).toMatch(/^overdue\.channels: cần ít nhất một kênh/);
    expect(policyError({ escalations: [{ level: 1, workingDaysAfterDue: 1, roles: ['boss'] }] })).toMatch(
      /^escalations\[0\]\.roles\[0\]: vai trò phải là một trong: focal_point, head, snv_desk, snv_director, ubnd/,
    );
  });

  it('rejects escalation levels that repeat or go backwards', () => {
    expect(
      policyError({
        escalations: [
          { level: 1, workingDaysAfterDue: 1, roles: ['snv_desk'] },
          { level: 1, workingDaysAfterDue: 3, roles: ['snv_director'] },
        ],
      }),
    ).toMatch(/^escalations\[1\]\.level: cấp 1 bị lặp/);
    expect(
      policyError({
        escalations: [
          { level: 2, workingDaysAfterDue: 1, roles: ['snv_director'] },
          { level: 1, workingDaysAfterDue: 3, roles: ['snv_desk'] },
        ],
      }),
    ).toMatch(/^escalations\[0\]\.workingDaysAfterDue: không được sớm hơn cấp 1/);
  });

  it('rejects bad quiet hours and a send time outside them', () => {
    expect(policyError({ quietHours: { start: '17:30', end: '07:30' } })).toMatch(
      /^quietHours\.end: giờ kết thúc phải sau giờ bắt đầu/,
    );
    expect(policyError({ quietHours: { start: '7:30', end: '17:30' } })).toMatch(
      /^quietHours\.start: giờ phải có dạng HH:MM/,
    );
    expect(policyError({ quietHours: { start: '09:00', end: '17:00' } })).toMatch(
      /^sendTime: phải nằm trong giờ gửi SMS/,
    );
  });

  it('rejects unknown keys and reports every bad field at once', () => {
    expect(policyError({ reminder: [] })).toMatch(/reminder/);
    const message = policyError({
      opening: { workingDaysBeforeCutoff: 100 },
      consolidation: { workingDaysBeforeProvinceDue: -1 },
    });
    expect(message).toMatch(/opening\.workingDaysBeforeCutoff: lớn nhất là 60/);
    expect(message).toMatch(/consolidation\.workingDaysBeforeProvinceDue: nhỏ nhất là 0/);
    expect(policyError([1, 2])).toMatch(/^\(root\)/);
  });

  it('says one error for one bad field: a cross-field rule waits until the fields it reads are valid', () => {
    // zod 4 runs refinements after a failed check; each rule here would otherwise add a derived error.
    const cases: [unknown, string][] = [
      [
        {
          escalations: [
            { level: 1, workingDaysAfterDue: 5, roles: ['snv_desk'] },
            { level: 2, workingDaysAfterDue: 0, roles: ['snv_director'] },
          ],
        },
        'escalations[1].workingDaysAfterDue: nhỏ nhất là 1',
      ],
      [
        { reminders: [{ workingDaysBefore: 0, hoursBefore: 3, channels: ['email'] }] },
        'reminders[0].workingDaysBefore: nhỏ nhất là 1',
      ],
      [{ dueDayReminder: { channels: ['email', 'email', 'sms'] } }, 'dueDayReminder.channels: tối đa 2 kênh'],
      [
        { periods: { Q1: { name: '', agencyDue: { rule: 'dayOfLastMonth', day: 10 } } } },
        'periods.Q1.name: tên kỳ không được để trống',
      ],
      [
        { sendTime: '20:00', consolidation: { workingDaysBeforeProvinceDue: -1 } },
        'consolidation.workingDaysBeforeProvinceDue: nhỏ nhất là 0',
      ],
    ];
    for (const [input, error] of cases) expect(policyError(input)).toBe(error);
  });
});
