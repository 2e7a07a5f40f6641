import { endOfDayInstant, vnInstant } from '../../domain/calendar';
import { formatDeadline, resultOf } from '../../client/reports/outcomes';
import { formatOf } from '../../client/reports/output-file';
import { buildYearTable } from '../../client/reports/year-table';
import type { CycleOutcomes, UnitOutcome } from '../../client/services/exports';

// The pure part of the exports: a unit's outcome in words, deadlines as officials write them, the
// yearly rank with its tie-breaks, the file format from the flags.

const due = new Date(endOfDayInstant('2027-03-16'));
const unit = (over: Partial<UnitOutcome>): UnitOutcome => ({
  code: 'STP',
  name: 'Sở Tư pháp',
  kind: 'DEPARTMENT',
  state: 'PENDING',
  dueAt: due,
  extendedReason: null,
  exemptReason: null,
  escalationLevel: 0,
  submittedAt: null,
  workingDaysLate: null,
  documentNumber: null,
  receiptNumber: null,
  versions: 0,
  noticesSent: 0,
  ...over,
});

describe('a unit outcome in words', () => {
  it.each([
    [{ state: 'SUBMITTED_ON_TIME' as const, workingDaysLate: 0 }, 'onTime', 'Đúng hạn', null],
    [{ state: 'SUBMITTED_LATE' as const, workingDaysLate: 3 }, 'late', 'Trễ 3 ngày làm việc', 3],
    // A late state with no day count recorded is still at least one working day late.
    [{ state: 'SUBMITTED_LATE' as const, workingDaysLate: 0 }, 'late', 'Trễ 1 ngày làm việc', 1],
    [{ state: 'OVERDUE' as const }, 'notSubmitted', 'Chưa gửi', null],
    [{ state: 'PENDING' as const }, 'notSubmitted', 'Chưa gửi', null],
    [{ state: 'EXEMPT' as const, exemptReason: 'Sáp nhập' }, 'exempt', 'Được miễn', null],
    [
      {
        state: 'PENDING' as const,
        extendedReason: 'Chờ số liệu',
        dueAt: new Date(endOfDayInstant('2027-03-23')),
      },
      'extended',
      'Gia hạn đến 23/03/2027',
      null,
    ],
    // Past its extended deadline, a unit is simply not submitted (the note keeps the extension).
    [
      {
        state: 'OVERDUE' as const,
        extendedReason: 'Chờ số liệu',
        dueAt: new Date(endOfDayInstant('2027-03-23')),
      },
      'notSubmitted',
      'Chưa gửi',
      null,
    ],
  ])('%j → %s, "%s"', (over, kind, text, days) => {
    const r = resultOf(unit(over));
    expect([r.kind, r.text, r.workingDaysLate]).toEqual([kind, text, days]);
  });

  it('notes the extension, the exemption and corrected versions', () => {
    expect(
      resultOf(
        unit({
          state: 'SUBMITTED_ON_TIME',
          extendedReason: 'Chờ số liệu',
          dueAt: new Date(endOfDayInstant('2027-03-23')),
          versions: 3,
        }),
      ).note,
    ).toBe('Gia hạn đến 23/03/2027: Chờ số liệu; Đã gửi 3 lần (bản sau thay bản trước)');
  });

  it('writes an end-of-day deadline as a date, a drill deadline with its minute (Vietnam time)', () => {
    expect(formatDeadline(due)).toBe('16/03/2027');
    expect(formatDeadline(new Date(vnInstant('2027-03-05', '09:07')))).toBe('05/03/2027 09:07');
  });
});

const cycle = (period: string, units: Partial<UnitOutcome>[]): CycleOutcomes => ({
  regime: 'CCHC',
  year: 2027,
  period,
  drill: false,
  workflowId: `cycle-2027-${period}`,
  status: 'CLOSED',
  windowStart: new Date('2026-12-15'),
  cutoff: new Date('2027-03-14'),
  agencyDueAt: due,
  closedAt: due,
  units: units.map(unit),
});
const onTime = (code: string) => ({ code, state: 'SUBMITTED_ON_TIME' as const, workingDaysLate: 0 });
const late = (code: string, days: number) => ({
  code,
  state: 'SUBMITTED_LATE' as const,
  workingDaysLate: days,
});
const missing = (code: string) => ({ code, state: 'OVERDUE' as const });
const exempt = (code: string) => ({ code, state: 'EXEMPT' as const });

describe('the yearly rank', () => {
  it('ranks by rate, then fewer missing, then fewer days late; equals share a rank; exempt-only last, unranked', () => {
    const table = buildYearTable({
      regime: 'CCHC',
      year: 2027,
      counted: [
        cycle('Q1', [
          onTime('A'),
          late('B', 1),
          missing('C'),
          onTime('D'),
          exempt('E'),
          late('F', 2),
          onTime('G'),
        ]),
        cycle('H1', [
          onTime('A'),
          onTime('B'),
          onTime('C'),
          late('D', 1),
          exempt('E'),
          onTime('F'),
          exempt('G'),
        ]),
      ],
      leftOut: [],
    });
    expect(table.rows.map((r) => [r.rank, r.code, r.rate])).toEqual([
      [1, 'A', 1],
      [1, 'G', 1], // one cycle due (the other exempt), on time in it: 100 %, equal to A
      [3, 'B', 0.5],
      [3, 'D', 0.5], // same rate, none missing, one day late each: shares B's rank
      [5, 'F', 0.5], // two days late
      [6, 'C', 0.5], // one missing: after every 50 % unit with none missing
      [null, 'E', null],
    ]);
  });

  it('counts a unit only in the cycles it had a report in (founded mid-year)', () => {
    const table = buildYearTable({
      regime: 'CCHC',
      year: 2027,
      counted: [cycle('Q1', [onTime('A')]), cycle('H1', [onTime('A'), late('NEW', 2)])],
      leftOut: [{ period: 'Q3', status: 'OPEN' }],
    });
    expect(table.rows.find((r) => r.code === 'NEW')).toMatchObject({
      cycles: 1,
      late: 1,
      rate: 0,
      byCycle: { H1: 'Trễ 2 ngày' },
    });
    expect(table.subtitle).toContain('Chưa tính: Q3 (chưa đóng).');
  });
});

describe('the file format from --format and --out', () => {
  it.each([
    [undefined, undefined, 'xlsx'],
    ['csv', undefined, 'csv'],
    [undefined, 'bang.CSV', 'csv'],
    ['xlsx', 'bang.xlsx', 'xlsx'],
  ] as const)('--format %s --out %s → %s', (format, out, expected) => {
    expect(formatOf(format, out, 'xlsx')).toBe(expected);
  });

  it('refuses an --out that disagrees with --format or has another extension', () => {
    expect(() => formatOf('csv', 'bang.xlsx', 'xlsx')).toThrow('tệp .xlsx không khớp --format csv');
    expect(() => formatOf(undefined, 'bang.ods', 'xlsx')).toThrow('tên tệp phải có đuôi .xlsx hoặc .csv');
  });
});
