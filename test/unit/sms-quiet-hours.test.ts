import { requestIdFor } from '../../activities/channels';
import { createWorkingCalendar, DEFAULT_POLICY, nextSmsInstant } from '../../domain/calendar';

// The SMS window the notify activity applies: the calendar's nextSmsInstant with the real days off.
const calendar = createWorkingCalendar();
const vn = (local: string) => new Date(`${local}+07:00`);
const allowedFrom = (local: string) =>
  new Date(nextSmsInstant(vn(local).getTime(), DEFAULT_POLICY.quietHours, calendar)).toISOString();

describe('SMS hours: 07:30-17:30 on working days, Vietnam time', () => {
  it.each([
    ['2022-03-14T09:00:00', '2022-03-14T09:00:00', 'inside the window: now'],
    ['2022-03-14T07:30:00', '2022-03-14T07:30:00', 'the first allowed minute'],
    ['2022-03-14T17:29:59', '2022-03-14T17:29:59', 'the last allowed second'],
    ['2022-03-14T06:15:00', '2022-03-14T07:30:00', 'early morning: same day 07:30'],
    ['2022-03-14T17:30:00', '2022-03-15T07:30:00', 'end is excluded: next day'],
    ['2022-03-16T20:00:00', '2022-03-17T07:30:00', 'evening: next working day'],
    ['2022-03-16T23:59:00', '2022-03-17T07:30:00', 'just before midnight'],
    ['2022-03-18T20:00:00', '2022-03-21T07:30:00', 'Friday evening: Monday'],
    ['2022-03-19T10:00:00', '2022-03-21T07:30:00', 'Saturday: Monday'],
    ['2022-04-29T20:00:00', '2022-05-04T07:30:00', 'before 30/4-3/5: Wednesday'],
    ['2022-05-02T10:00:00', '2022-05-04T07:30:00', 'a holiday in office hours'],
    ['2022-01-28T18:00:00', '2022-02-07T07:30:00', 'before Tết: the Monday after'],
    // 1/1/2023 is a Sunday: its make-up day off is Monday 2/1/2023.
    ['2022-12-31T09:00:00', '2023-01-03T07:30:00', 'across the year end'],
  ])('%s → %s (%s)', (now, expected) => {
    expect(allowedFrom(now)).toBe(vn(expected).toISOString());
  });
});

describe('SMS RequestId from the idempotency key', () => {
  it('is the key itself when it fits eSMS (50 characters)', () => {
    expect(requestIdFor('cycle-2022-Q1:ESCALATION_SNV:esc-1:sms:0900000103')).toBe(
      'cycle-2022-Q1:ESCALATION_SNV:esc-1:sms:0900000103',
    );
  });

  it('is a stable 40-hex digest of a longer key', () => {
    const key = 'report-2022-Q1-SLDTBXH:REPORT_REMINDER:r-3wd:sms:0900000115';
    expect(requestIdFor(key)).toMatch(/^[0-9a-f]{40}$/);
    expect(requestIdFor(key)).toBe(requestIdFor(key));
    expect(requestIdFor(key)).not.toBe(requestIdFor(key.replace('r-3wd', 'r-1wd')));
  });
});
