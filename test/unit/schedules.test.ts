import type { ScheduleDescription } from '@temporalio/client';
import { decodeScheduleSpec, encodeScheduleSpec } from '@temporalio/client/lib/schedule-helpers';
import { TypedSearchAttributes } from '@temporalio/common';
import { createWorkingCalendar, parsePolicy } from '../../domain/calendar';
import { SA_KIND, SA_PERIOD, SA_REGIME, SA_YEAR } from '../../domain/search-attributes';
import { loadRegime } from '../../config/regimes';
import { regimeForWorkflow } from '../../domain/regime';
import {
  CATCHUP_WINDOW_MS,
  describedOpensAt,
  desiredSchedules,
  formatVnDateTime,
  parseScheduleId,
  scheduleDifferences,
  scheduleId,
  type DesiredSchedule,
} from '../../client/services/schedules';

const cal = createWorkingCalendar();
const TASK_QUEUE = 'cchc-test';
const CCHC = loadRegime('CCHC');
/** What the schedule carries: the regime without its submission mailbox (no email in a history). */
const CARRIED = regimeForWorkflow(CCHC);
const withPolicy = (policy: ReturnType<typeof parsePolicy>) => ({ ...CCHC, policy });

// Openings of 2022 under the default policy, by hand: 10 working days before the cutoff (the 14th of
// the period's last month), at the 08:00 send time in Vietnam (01:00 UTC).
// Holidays of 2022 on weekdays: 3/1, 31/1–4/2 (Tết), 11/4, 2–3/5, 1–2/9.
const OPENINGS_2022: [period: string, local: [month: number, day: number], utc: string][] = [
  // Q1: cutoff Mon 14/3 → Fri 11, Thu 10, Wed 9, Tue 8, Mon 7, Fri 4, Thu 3, Wed 2, Tue 1/3, Mon 28/2.
  ['Q1', [2, 28], '2022-02-28T01:00:00.000Z'],
  // H1: cutoff Tue 14/6 → Mon 13, Fri 10, Thu 9, Wed 8, Tue 7, Mon 6, Fri 3, Thu 2, Wed 1/6, Tue 31/5.
  ['H1', [5, 31], '2022-05-31T01:00:00.000Z'],
  // Q3: cutoff Wed 14/9 → Tue 13, Mon 12, Fri 9, Thu 8, Wed 7, Tue 6, Mon 5, (Fri 2, Thu 1 holidays),
  // Wed 31/8, Tue 30, Mon 29/8.
  ['Q3', [8, 29], '2022-08-29T01:00:00.000Z'],
  // YEAR: cutoff Wed 14/12 → Tue 13, Mon 12, Fri 9, Thu 8, Wed 7, Tue 6, Mon 5, Fri 2, Thu 1/12, Wed 30/11.
  ['YEAR', [11, 30], '2022-11-30T01:00:00.000Z'],
];
const MONTH_NAMES = ['FEBRUARY', 'MAY', 'AUGUST', 'NOVEMBER'];
const PERIOD_NAMES: Record<string, string> = {
  Q1: 'Quý I',
  H1: '6 tháng đầu năm',
  Q3: 'Quý III',
  YEAR: 'Năm',
};

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    );
  return value;
}

/** What the server gives back for a schedule created from `desired`, through the SDK's own codecs. */
function described(
  desired: DesiredSchedule,
): Pick<ScheduleDescription, 'spec' | 'action' | 'policies' | 'typedSearchAttributes'> {
  const { spec, action, policies, typedSearchAttributes } = desired.options;
  return {
    spec: decodeScheduleSpec(encodeScheduleSpec(spec)),
    action: {
      type: 'startWorkflow',
      workflowType: action.workflowType as string,
      workflowId: action.workflowId!,
      taskQueue: action.taskQueue,
      // Decoded JSON: the same data, its keys in another order.
      args: reverseKeys(JSON.parse(JSON.stringify(action.args))) as unknown[],
      staticSummary: action.staticSummary,
      staticDetails: action.staticDetails,
    },
    policies: {
      overlap: policies.overlap!,
      catchupWindow: policies.catchupWindow as number,
      pauseOnFailure: policies.pauseOnFailure!,
    },
    typedSearchAttributes: new TypedSearchAttributes(typedSearchAttributes),
  };
}

describe('desiredSchedules', () => {
  const schedules = desiredSchedules(2022, CCHC, cal, TASK_QUEUE);

  it('has one schedule per period of the default policy, in opening order', () => {
    expect(schedules.map((s) => s.scheduleId)).toEqual([
      'cycle-schedule-CCHC-2022-Q1',
      'cycle-schedule-CCHC-2022-H1',
      'cycle-schedule-CCHC-2022-Q3',
      'cycle-schedule-CCHC-2022-YEAR',
    ]);
  });

  it.each(OPENINGS_2022.map(([period, local, utc], i) => [period, local, utc, MONTH_NAMES[i]!] as const))(
    '%s 2022 fires once, at its opening instant in Vietnam time',
    (period, [month, day], utc, monthName) => {
      const s = schedules.find((x) => x.period === period)!;
      expect(new Date(s.opensAt).toISOString()).toBe(utc);
      expect(s.options.spec).toEqual({
        calendars: [
          {
            year: 2022,
            month: monthName,
            dayOfMonth: day,
            hour: 8,
            minute: 0,
            second: 0,
            comment: `Mở kỳ báo cáo CCHC ${PERIOD_NAMES[period]} (${period}) năm 2022`,
          },
        ],
        timezone: 'Asia/Ho_Chi_Minh',
      });
      expect(s.options.action).toEqual({
        type: 'startWorkflow',
        workflowType: 'openCycle',
        workflowId: `open-cycle-CCHC-2022-${period}`,
        taskQueue: TASK_QUEUE,
        // The cycle's plan rides along: its Web UI details and lifetime at the launcher's start.
        args: [
          {
            ref: { regime: 'CCHC', year: 2022, period },
            regime: CARRIED,
            plan: expect.objectContaining({ deadline: expect.objectContaining({ drill: false }) }),
          },
        ],
        staticSummary: expect.stringContaining('năm 2022'),
        staticDetails: expect.any(String),
      });
      expect(s.options.policies).toEqual({
        overlap: 'SKIP',
        catchupWindow: CATCHUP_WINDOW_MS,
        pauseOnFailure: false,
      });
      expect(s.options.typedSearchAttributes).toEqual([
        { key: SA_KIND, value: 'cycle-schedule' },
        { key: SA_REGIME, value: 'CCHC' },
        { key: SA_YEAR, value: 2022 },
        { key: SA_PERIOD, value: period },
      ]);
      expect(formatVnDateTime(s.opensAt)).toBe(
        `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/2022 08:00`,
      );
    },
  );

  it('follows a policy file: other periods, send time and opening offset', () => {
    // M04 2022: cutoff Thu 14/4 → Wed 13, Tue 12, (Mon 11/4 Giỗ Tổ Hùng Vương), Fri 8/4; at 07:30.
    const policy = parsePolicy({
      sendTime: '07:30',
      opening: { workingDaysBeforeCutoff: 3 },
      periods: { M04: {} },
    });
    const [m04, ...rest] = desiredSchedules(2022, withPolicy(policy), cal, 'q2');
    expect(rest).toEqual([]);
    expect(m04!.scheduleId).toBe('cycle-schedule-CCHC-2022-M04');
    expect(new Date(m04!.opensAt).toISOString()).toBe('2022-04-08T00:30:00.000Z');
    expect(m04!.options.spec.calendars).toEqual([
      expect.objectContaining({ year: 2022, month: 'APRIL', dayOfMonth: 8, hour: 7, minute: 30, second: 0 }),
    ]);
    // The plan follows the policy too: data from 15/3, cut-off Thu 14/4, due two working days on (Mon 18/4).
    expect(m04!.options.action.args).toEqual([
      {
        ref: { regime: 'CCHC', year: 2022, period: 'M04' },
        regime: { ...CARRIED, policy },
        plan: expect.objectContaining({
          windowStart: '2022-03-15',
          cutoff: '2022-04-14',
          deadline: expect.objectContaining({ dueDate: '2022-04-18', drill: false }),
        }),
      },
    ]);
    expect(m04!.options.action.taskQueue).toBe('q2');
  });

  it('is pure: the same input gives the same schedules', () => {
    expect(desiredSchedules(2022, CCHC, cal, TASK_QUEUE)).toEqual(schedules);
  });
});

describe('schedule IDs and times', () => {
  it('names a schedule by regime, year and period, and reads the name back (older names too)', () => {
    expect(scheduleId('CCHC', 2031, 'Q1')).toBe('cycle-schedule-CCHC-2031-Q1');
    expect(parseScheduleId('cycle-schedule-KSTTHC-2031-Q4')).toEqual({
      regime: 'KSTTHC',
      year: 2031,
      period: 'Q4',
    });
    // Created before regimes: the CCHC regime's.
    expect(parseScheduleId('cchc-cycle-2031-YEAR')).toEqual({ regime: 'CCHC', year: 2031, period: 'YEAR' });
    expect(parseScheduleId('cchc-cycle-2031-M04')).toEqual({ regime: 'CCHC', year: 2031, period: 'M04' });
    expect(parseScheduleId('cycle-2031-Q1')).toBeUndefined();
    expect(parseScheduleId('cchc-cycle-31-Q1')).toBeUndefined();
    expect(parseScheduleId('cycle-schedule-cchc-2031-Q1')).toBeUndefined();
  });

  it('formats instants in Vietnam time as dd/mm/yyyy HH:MM', () => {
    expect(formatVnDateTime(Date.parse('2022-02-28T01:00:00Z'))).toBe('28/02/2022 08:00');
    expect(formatVnDateTime(Date.parse('2022-12-31T17:05:00Z'))).toBe('01/01/2023 00:05');
  });

  it('reads the opening instant back from a described spec', () => {
    for (const s of desiredSchedules(2022, CCHC, cal, TASK_QUEUE))
      expect(describedOpensAt(described(s).spec)).toBe(s.opensAt);
    // The same wall-clock fields in UTC are seven hours later.
    const [q1] = desiredSchedules(2022, CCHC, cal, TASK_QUEUE);
    const utc = decodeScheduleSpec(encodeScheduleSpec({ ...q1!.options.spec, timezone: 'UTC' }));
    expect(describedOpensAt(utc)).toBe(q1!.opensAt + 7 * 3600_000);
    // Not a one-shot: every day at 08:00.
    expect(
      describedOpensAt(decodeScheduleSpec(encodeScheduleSpec({ calendars: [{ hour: 8 }] }))),
    ).toBeUndefined();
  });
});

describe('scheduleDifferences', () => {
  const [q1, h1] = desiredSchedules(2031, CCHC, cal, TASK_QUEUE);

  it('finds nothing to change in a schedule created from the same desired state', () => {
    expect(scheduleDifferences(described(q1!), q1!)).toEqual([]);
  });

  it('sees a changed opening, action, policy or search attribute', () => {
    expect(scheduleDifferences(described(h1!), q1!)).toEqual(['spec', 'action', 'searchAttributes']);

    const laterPolicy = parsePolicy({ sendTime: '09:00' });
    const [later] = desiredSchedules(2031, withPolicy(laterPolicy), cal, TASK_QUEUE);
    expect(scheduleDifferences(described(q1!), later!)).toEqual(['spec', 'action']);

    const otherQueue = desiredSchedules(2031, CCHC, cal, 'other')[0]!;
    expect(scheduleDifferences(described(q1!), otherQueue)).toEqual(['action']);

    const current = described(q1!);
    expect(
      scheduleDifferences({ ...current, policies: { ...current.policies, overlap: 'ALLOW_ALL' } }, q1!),
    ).toEqual(['policies']);
    expect(
      scheduleDifferences({ ...current, typedSearchAttributes: new TypedSearchAttributes([]) }, q1!),
    ).toEqual(['searchAttributes']);
    const everyDay = decodeScheduleSpec(
      encodeScheduleSpec({ calendars: [{ hour: 8 }], timezone: 'Asia/Ho_Chi_Minh' }),
    );
    expect(scheduleDifferences({ ...current, spec: everyDay }, q1!)).toEqual(['spec']);
  });
});
