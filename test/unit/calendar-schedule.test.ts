import {
  createWorkingCalendar,
  DEFAULT_POLICY,
  escalationSchedule,
  formatVnInstant,
  isSmsAllowed,
  nextSmsInstant,
  parsePolicy,
  previousSmsInstant,
  reminderSchedule,
} from '../../domain/calendar';

const cal = createWorkingCalendar();
const quiet = DEFAULT_POLICY.quietHours; // SMS 07:30–17:30 on working days
const at = (iso: string) => Date.parse(iso);
const show = (steps: { step: string; at: number; channels: string[]; roles: string[] }[]) =>
  steps.map((s) => [s.step, formatVnInstant(s.at), s.channels.join('+'), s.roles.join('+')]);

describe('reminders before a deadline (default policy)', () => {
  it('reminds 5, 2 and 1 working days before and on the due day, at 08:00', () => {
    // Due Wed 16/3/2022: −5 = Wed 9/3 (15, 14, 11, 10, 9), −2 = Mon 14/3, −1 = Tue 15/3.
    expect(show(reminderSchedule('2022-03-16', DEFAULT_POLICY, cal))).toEqual([
      ['reminder-5wd', '2022-03-09T08:00:00+07:00', 'email', 'focal_point'],
      ['reminder-2wd', '2022-03-14T08:00:00+07:00', 'email', 'focal_point'],
      ['reminder-1wd', '2022-03-15T08:00:00+07:00', 'email+sms', 'focal_point'],
      ['due-day', '2022-03-16T08:00:00+07:00', 'email+sms', 'focal_point'],
    ]);
    expect(reminderSchedule('2022-03-16', DEFAULT_POLICY, cal)[0]!.date).toBe('2022-03-09');
  });

  it('counts reminder days back over Tết', () => {
    // Due Tue 8/2/2022: −1 = Mon 7/2; −2 = Fri 28/1 (Tết 29/1–6/2); −5 = 7/2, 28, 27, 26, Tue 25/1.
    expect(reminderSchedule('2022-02-08', DEFAULT_POLICY, cal).map((s) => [s.step, s.date])).toEqual([
      ['reminder-5wd', '2022-01-25'],
      ['reminder-2wd', '2022-01-28'],
      ['reminder-1wd', '2022-02-07'],
      ['due-day', '2022-02-08'],
    ]);
  });

  it('keeps hour-based SMS reminders inside the SMS window and before the deadline', () => {
    const policy = parsePolicy({
      reminders: [
        { hoursBefore: 4, channels: ['email'] },
        { hoursBefore: 3, channels: ['sms'] },
        { hoursBefore: 10, channels: ['sms'] },
      ],
      dueDayReminder: null,
    });
    // Deadline 24:00 on Wed 16/3/2022. Email 4 h before: 20:00. SMS 3 h before would be 21:00 →
    // back to the last allowed minute, 17:29. SMS 10 h before: 14:00, allowed.
    expect(show(reminderSchedule('2022-03-16', policy, cal))).toEqual([
      ['reminder-10h', '2022-03-16T14:00:00+07:00', 'sms', 'focal_point'],
      ['reminder-3h', '2022-03-16T17:29:00+07:00', 'sms', 'focal_point'],
      ['reminder-4h', '2022-03-16T20:00:00+07:00', 'email', 'focal_point'],
    ]);
  });
});

describe('overdue notice and escalations (default policy)', () => {
  it('notifies the agency and Phòng CCHC the next working day, the Director 2 working days after', () => {
    // Due Wed 16/3/2022: +1 = Thu 17/3; +2 = 17, Fri 18/3.
    const steps = escalationSchedule('2022-03-16', DEFAULT_POLICY, cal);
    expect(show(steps)).toEqual([
      ['overdue', '2022-03-17T08:00:00+07:00', 'email+sms', 'focal_point+head'],
      ['escalation-1', '2022-03-17T08:00:00+07:00', 'email', 'snv_desk'],
      ['escalation-2', '2022-03-18T08:00:00+07:00', 'email', 'snv_director'],
    ]);
    expect(steps.map((s) => s.level)).toEqual([undefined, 1, 2]);
  });

  it('skips Tết and weekends when counting days after the deadline', () => {
    // Due Fri 28/1/2022: +1 = Mon 7/2 (after Tết); +2 = 7, Tue 8/2.
    expect(escalationSchedule('2022-01-28', DEFAULT_POLICY, cal).map((s) => [s.step, s.date])).toEqual([
      ['overdue', '2022-02-07'],
      ['escalation-1', '2022-02-07'],
      ['escalation-2', '2022-02-08'],
    ]);
  });
});

describe('SMS quiet hours', () => {
  it('lets an SMS go out inside the window on a working day', () => {
    const t = at('2022-03-16T10:15:30+07:00'); // Wednesday
    expect(isSmsAllowed(t, quiet, cal)).toBe(true);
    expect(nextSmsInstant(t, quiet, cal)).toBe(t);
    expect(nextSmsInstant(at('2022-03-16T07:30:00+07:00'), quiet, cal)).toBe(at('2022-03-16T07:30:00+07:00'));
    // The swapped working Saturday 26/4/2025 is a working day.
    expect(nextSmsInstant(at('2025-04-26T09:00:00+07:00'), quiet, cal)).toBe(at('2025-04-26T09:00:00+07:00'));
  });

  it('holds an early SMS until the window opens the same day', () => {
    expect(nextSmsInstant(at('2022-03-16T06:00:00+07:00'), quiet, cal)).toBe(at('2022-03-16T07:30:00+07:00'));
    expect(nextSmsInstant(at('2022-03-16T07:29:59+07:00'), quiet, cal)).toBe(at('2022-03-16T07:30:00+07:00'));
    // 23:00 UTC on the 15th is already 06:00 on the 16th in Vietnam.
    expect(nextSmsInstant(Date.UTC(2022, 2, 15, 23, 0), quiet, cal)).toBe(at('2022-03-16T07:30:00+07:00'));
  });

  it('holds a late SMS until the next working day', () => {
    // 17:30 is already quiet (the end is excluded).
    expect(nextSmsInstant(at('2022-03-16T17:30:00+07:00'), quiet, cal)).toBe(at('2022-03-17T07:30:00+07:00'));
    // Friday evening → Monday.
    expect(nextSmsInstant(at('2022-03-18T18:00:00+07:00'), quiet, cal)).toBe(at('2022-03-21T07:30:00+07:00'));
    // Saturday morning → Monday.
    expect(nextSmsInstant(at('2022-03-19T09:00:00+07:00'), quiet, cal)).toBe(at('2022-03-21T07:30:00+07:00'));
    // Friday evening before Tết 2022 → Monday 7/2 after it.
    expect(nextSmsInstant(at('2022-01-28T20:00:00+07:00'), quiet, cal)).toBe(at('2022-02-07T07:30:00+07:00'));
  });

  it('can move an SMS back to the last allowed minute instead', () => {
    expect(previousSmsInstant(at('2022-03-16T21:00:00+07:00'), quiet, cal)).toBe(
      at('2022-03-16T17:29:00+07:00'),
    );
    expect(previousSmsInstant(at('2022-03-16T12:00:00+07:00'), quiet, cal)).toBe(
      at('2022-03-16T12:00:00+07:00'),
    );
    // Monday 7/2/2022 06:00 → the last working day before, Friday 28/1 (before Tết).
    expect(previousSmsInstant(at('2022-02-07T06:00:00+07:00'), quiet, cal)).toBe(
      at('2022-01-28T17:29:00+07:00'),
    );
  });

  it('follows the quiet hours of the policy', () => {
    const custom = parsePolicy({
      quietHours: { start: '08:00', end: '11:00' },
      sendTime: '08:00',
    }).quietHours;
    expect(nextSmsInstant(at('2022-03-16T11:00:00+07:00'), custom, cal)).toBe(
      at('2022-03-17T08:00:00+07:00'),
    );
    expect(isSmsAllowed(at('2022-03-16T10:59:00+07:00'), custom, cal)).toBe(true);
  });
});
