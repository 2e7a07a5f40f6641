import { createWorkingCalendar, DEFAULT_POLICY, vnInstant, endOfDayInstant } from '../../domain/calendar';
import { cycleImpact, inspectionImpact, type StepMove } from '../../domain/calendar-impact';
import { defaultInspectionPolicy } from '../../domain/inspection-policy';

// Which future steps of running workflows a new day off moves. 2031 has no notices: its calendar is
// the lunar proposal (Tết 22–28/1, Giỗ Tổ 1/4); March 2031 has no holiday, so the weeks below are
// plain Monday–Friday weeks: Fri 28/2, Mon 3/3 … Fri 14/3 (cutoff of Q1), Mon 17/3 … Fri 21/3.
const before = createWorkingCalendar();
const withDayOff = (date: string) =>
  createWorkingCalendar({ extraHolidays: [{ date, name: 'Ngày nghỉ mới' }] });
const jan1 = vnInstant('2031-01-01');
const at = (date: string, time = '08:00') => vnInstant(date, time);
const brief = (moves: StepMove[]) => moves.map((m) => [m.step, m.from, m.to]);

describe('a reporting cycle and its reports (default policy, Q1 2031)', () => {
  // Opening 10 working days before the cutoff Fri 14/3: Fri 28/2. Agencies due 2 working days
  // after it: Tue 18/3; reminders 5, 2 and 1 working days before: Tue 11/3, Fri 14/3, Mon 17/3.
  const q1 = { year: 2031, period: 'Q1', policy: DEFAULT_POLICY };

  it('moves the opening and the 5-day reminder when a day off falls on Wed 12/3, nothing else', () => {
    const impact = cycleImpact(
      {
        ...q1,
        reports: [
          { dueDate: '2031-03-18', explicit: false },
          { dueDate: '2031-03-18', explicit: false },
        ],
      },
      before,
      withDayOff('2031-03-12'),
      jan1,
    );
    expect(brief(impact.moves)).toEqual([['opensAt', at('2031-02-28'), at('2031-02-27')]]);
    expect(impact.reports).toHaveLength(1);
    expect(impact.reports[0]).toMatchObject({ count: 2, dueDate: '2031-03-18', newDueDate: '2031-03-18' });
    expect(brief(impact.reports[0]!.moves)).toEqual([['reminder-5wd', at('2031-03-11'), at('2031-03-10')]]);
    expect(impact.reports[0]!.moves[0]!.label).toBe('nhắc trước hạn 5 ngày làm việc');
  });

  it('leaves the steps already behind where they were', () => {
    const impact = cycleImpact(
      { ...q1, reports: [{ dueDate: '2031-03-18', explicit: false }] },
      before,
      withDayOff('2031-03-12'),
      at('2031-03-05'),
    );
    expect(impact.moves).toEqual([]);
    expect(brief(impact.reports[0]!.moves)).toEqual([['reminder-5wd', at('2031-03-11'), at('2031-03-10')]]);
  });

  it('moves a deadline by the rule after the cutoff, and an extended one only if it is now a day off', () => {
    // Mon 17/3 off: agencies due Wed 19/3 (2 working days after Fri 14/3). An extension to Mon 24/3
    // keeps its date; one to Mon 17/3 itself moves to the next working day, Tue 18/3.
    const impact = cycleImpact(
      {
        ...q1,
        reports: [
          { dueDate: '2031-03-18', explicit: false },
          { dueDate: '2031-03-24', explicit: true },
          { dueDate: '2031-03-17', explicit: true },
        ],
      },
      before,
      withDayOff('2031-03-17'),
      jan1,
    );
    expect(impact.moves.map((m) => m.step)).toContain('agencyDueAt');
    const byDue = Object.fromEntries(impact.reports.map((g) => [g.dueDate, g]));
    expect(byDue['2031-03-18']).toMatchObject({ newDueDate: '2031-03-19', explicit: false });
    expect(byDue['2031-03-18']!.moves.find((m) => m.step === 'deadline')).toMatchObject({
      from: endOfDayInstant('2031-03-18'),
      to: endOfDayInstant('2031-03-19'),
    });
    expect(byDue['2031-03-17']).toMatchObject({ newDueDate: '2031-03-18', explicit: true });
    // 24/3 stays; only its reminder 5 working days before (Mon 17/3 → Fri 14/3) moves.
    expect(byDue['2031-03-24']).toMatchObject({ newDueDate: '2031-03-24' });
    expect(brief(byDue['2031-03-24']!.moves)).toEqual([['reminder-5wd', at('2031-03-17'), at('2031-03-14')]]);
  });

  it('keeps a passed deadline and moves only the escalations still ahead', () => {
    // Due Tue 18/3, passed; level 2 goes 2 working days after it (Thu 20/3), Fri 21/3 once 20/3 is off.
    const impact = cycleImpact(
      { ...q1, reports: [{ dueDate: '2031-03-18', explicit: false }] },
      before,
      withDayOff('2031-03-20'),
      at('2031-03-19', '12:00'),
    );
    expect(impact.reports[0]).toMatchObject({ dueDate: '2031-03-18', newDueDate: '2031-03-18' });
    const [level2, ...repeats] = impact.reports[0]!.moves;
    expect(brief([level2!])).toEqual([['escalation-2', at('2031-03-20'), at('2031-03-21')]]);
    // The overdue notice repeated every 10 working days until the final close (Thu 1/2/2032 17:00)
    // moves too: 12 working days after 18/3 was Fri 4/4 (Giỗ Tổ 1/4 off), now Mon 7/4.
    expect(brief(repeats.slice(0, 1))).toEqual([['overdue-r1', at('2031-04-04'), at('2031-04-07')]]);
    expect(repeats[0]!.label).toBe('thông báo quá hạn nhắc lại lần 1');
    expect(repeats.every((m, i) => m.step === `overdue-r${i + 1}` && m.to > m.from)).toBe(true);
    expect(repeats.at(-1)!.to).toBeLessThan(vnInstant('2032-02-02', '17:00'));
  });

  it('moves the final close of a consolidated cycle and the overdue repeats of a report still owed', () => {
    // In June the cycle is consolidated; STP still owes. 1/7/2031 off: every repeat from it on is
    // one working day later, those before stay.
    const june = at('2031-06-02', '12:00');
    const impact = cycleImpact(
      { ...q1, reports: [{ dueDate: '2031-03-18', explicit: false }] },
      before,
      withDayOff('2031-07-01'),
      june,
    );
    expect(impact.moves).toEqual([]);
    const moved = impact.reports[0]!.moves;
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((m) => /^overdue-r\d+$/.test(m.step) && m.from >= at('2031-07-01'))).toBe(true);
    // The close, 31/1/2032 (a Saturday) on its next working day Mon 2/2/2032 at 17:00, moves when
    // that Monday is off.
    const close = cycleImpact({ ...q1, reports: [] }, before, withDayOff('2032-02-02'), june);
    expect(brief(close.moves)).toEqual([
      ['finalCloseAt', at('2032-02-02', '17:00'), at('2032-02-03', '17:00')],
    ]);
  });
});

describe('an inspection (default policy), visit Thu 20/3/2031', () => {
  // Notice 10 working days before the visit (Thu 6/3); self-report due 3 before (Mon 17/3),
  // reminded 2 and 1 working days before that (Thu 13/3, Fri 14/3); overdue notice and level 1 one
  // working day after it (Tue 18/3), level 2 two (Wed 19/3); visit reminder Wed 19/3.
  const slot = {
    year: 2031,
    scope: 'Cải cách thủ tục hành chính',
    policy: defaultInspectionPolicy(),
    state: 'SCHEDULED',
    visitDate: '2031-03-20',
    noticeSent: false,
    selfReportReceived: false,
    findings: [],
  };

  it('moves the notice, the self-report and its reminders when Tue 18/3 becomes a day off', () => {
    const impact = inspectionImpact(slot, before, withDayOff('2031-03-18'), jan1);
    expect(brief(impact.moves)).toEqual([
      ['notice-2031-03-20', at('2031-03-06'), at('2031-03-05')],
      ['sr-reminder-2wd-2031-03-20', at('2031-03-13'), at('2031-03-12')],
      ['sr-reminder-1wd-2031-03-20', at('2031-03-14'), at('2031-03-13')],
      ['sr-deadline-2031-03-20', endOfDayInstant('2031-03-17') + 1, endOfDayInstant('2031-03-14') + 1],
      ['sr-overdue-2031-03-20', at('2031-03-18'), at('2031-03-17')],
      ['sr-esc-1-2031-03-20', at('2031-03-18'), at('2031-03-17')],
    ]);
    expect(impact.nowDaysOff).toEqual([]);
  });

  it('says when the visit day itself becomes a day off', () => {
    const impact = inspectionImpact(
      { ...slot, state: 'NOTIFIED', noticeSent: true },
      before,
      withDayOff('2031-03-20'),
      at('2031-03-10'),
    );
    expect(impact.nowDaysOff).toEqual([
      { what: 'ngày kiểm tra', date: '2031-03-20', reason: 'Ngày nghỉ mới' },
    ]);
  });

  it('moves the remediation reminders of an open finding, not those of a remediated one', () => {
    // Findings due Fri 18/4/2031: reminded 5 and 1 working days before (Fri 11/4, Thu 17/4); with
    // Mon 14/4 off the 5-day reminder goes on Thu 10/4.
    const remediating = {
      ...slot,
      state: 'REMEDIATING',
      noticeSent: true,
      selfReportReceived: true,
      resultRecordedAt: '2031-03-20T10:00:00.000Z',
    };
    const finding = { code: 'F1', description: 'Chưa niêm yết thủ tục', dueDate: '2031-04-18' };
    const open = inspectionImpact(
      { ...remediating, findings: [{ ...finding, state: 'OPEN' as const }] },
      before,
      withDayOff('2031-04-14'),
      jan1,
    );
    expect(brief(open.moves)).toEqual([['rem-reminder-5wd-2031-04-18', at('2031-04-11'), at('2031-04-10')]]);
    const done = inspectionImpact(
      { ...remediating, findings: [{ ...finding, state: 'REMEDIATED' as const }] },
      before,
      withDayOff('2031-04-14'),
      jan1,
    );
    expect(done.moves).toEqual([]);
  });
});
