import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCliInProcess } from '../support/cli';

// `cchc calendar …` as an official runs it, in-process (main() with its output captured; the binary
// itself is tested in cli-binary.test.ts), on the shipped calendar data (CCHC_CALENDAR_SOURCE=shipped):
// an unreachable DATABASE_URL proves it never tries the database. The calendar in force (published
// versions) is tested in test/integration/calendar-publish.test.ts.
const env = {
  DATABASE_URL: 'postgresql://nobody:nothing@127.0.0.1:1/none',
  CCHC_CALENDAR_SOURCE: 'shipped',
  CCHC_DEBUG: undefined,
};
const cli = (...args: string[]) => runCliInProcess(['calendar', ...args], env);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-calendar-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeFile(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** An error is exactly one line on stderr, naming what was wrong, with exit code 1. */
function expectOneLineError(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^Lỗi: /);
  expect(r.stderr).toMatch(pattern);
}

describe('cchc calendar show', () => {
  it('prints the 2022 periods as JSON with due instants at the last second of the day', async () => {
    const r = await cli('show', '--year', '2022', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Hand-worked: Q1 cutoff Mon 14/3 → Wed 16/3; 20/3 is a Sunday → Mon 21/3. H1 cutoff Tue 14/6
    // → Thu 16/6; 20/6 Mon. Q3 cutoff Wed 14/9 → Fri 16/9; 20/9 Tue. YEAR Wed 14/12 → Fri 16/12; 20/12 Tue.
    expect(JSON.parse(r.stdout)).toEqual([
      { period: 'Q1', windowStart: '2021-12-15', cutoff: '2022-03-14', agencyDueAt: '2022-03-16T23:59:59+07:00', provinceDueAt: '2022-03-21T23:59:59+07:00' },
      { period: 'H1', windowStart: '2021-12-15', cutoff: '2022-06-14', agencyDueAt: '2022-06-16T23:59:59+07:00', provinceDueAt: '2022-06-20T23:59:59+07:00' },
      { period: 'Q3', windowStart: '2022-06-15', cutoff: '2022-09-14', agencyDueAt: '2022-09-16T23:59:59+07:00', provinceDueAt: '2022-09-20T23:59:59+07:00' },
      { period: 'YEAR', windowStart: '2021-12-15', cutoff: '2022-12-14', agencyDueAt: '2022-12-16T23:59:59+07:00', provinceDueAt: '2022-12-20T23:59:59+07:00' },
    ]); // prettier-ignore
  });

  it('prints a Vietnamese table with dd/mm/yyyy dates and explains a moved deadline', async () => {
    const r = await cli('show', '--year', '2022');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'Lịch báo cáo CCHC năm 2022 (chính sách: mặc định; lịch nghỉ năm 2022: đã xác nhận)',
    );
    expect(r.stdout).toMatch(
      /Kỳ\s+Số liệu từ\s+Chốt số liệu\s+Mở kỳ\s+Hạn đơn vị gửi Sở Nội vụ\s+SNV tổng hợp\s+Hạn tỉnh gửi Bộ Nội vụ/,
    );
    const q1 = lines.find((l) => l.startsWith('Quý I (Q1)'))!;
    expect(q1.split(/\s{2,}/)).toEqual([
      'Quý I (Q1)',
      '15/12/2021',
      '14/03/2022',
      '28/02/2022',
      'Thứ Tư 16/03/2022',
      '18/03/2022',
      'Thứ Hai 21/03/2022 (*1)',
    ]);
    expect(r.stdout).toContain(
      '(*1) 20/03/2022 là Chủ nhật: hạn dời sang ngày làm việc kế tiếp, Thứ Hai 21/03/2022.',
    );
    expect(r.stdout).toContain('Hạn nộp tính đến hết 24:00 ngày hạn');
  });

  it('warns on stderr when a year is only proposed from the lunar calendar', async () => {
    const r = await cli('show', '--year', '2027', '--json');
    expect(r.code).toBe(0);
    // 2027's cycles close for good on 31/1/2028 or the next working day, after Tết 2028: that
    // year's days off matter too, and are only proposed as well.
    expect(r.stderr).toBe(
      'Cảnh báo: Lịch nghỉ năm 2027 là đề xuất từ âm lịch, chưa được xác nhận\n' +
        'Cảnh báo: Lịch nghỉ năm 2028 là đề xuất từ âm lịch, chưa được xác nhận\n',
    );
    const rows = JSON.parse(r.stdout) as { period: string; provinceDueAt: string }[];
    // 20/3/2027 is a Saturday → Monday 22/3.
    expect(rows.map((x) => x.period)).toEqual(['Q1', 'H1', 'Q3', 'YEAR']);
    expect(rows[0]!.provinceDueAt).toBe('2027-03-22T23:59:59+07:00');
  });

  it('uses a policy file to run other periods and rules', async () => {
    const file = writeFile(
      'regime.yaml',
      [
        'periods:',
        '  Q2: {}',
        '  NINE_MONTHS:',
        '    agencyDue: { rule: workingDaysAfterCutoff, days: 3 }',
        '    provinceDue: { rule: dayOfLastMonth, day: 25 }',
      ].join('\n'),
    );
    const r = await cli('show', '--year', '2022', '--policy', file, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Q2: window 15/3–14/6 (Tue) → Thu 16/6; 20/6 Mon. NINE_MONTHS: 15/12/2021–14/9 (Wed) + 3 →
    // Thu 15, Fri 16, Mon 19/9; 25/9/2022 is a Sunday → Mon 26/9.
    expect(JSON.parse(r.stdout)).toEqual([
      { period: 'Q2', windowStart: '2022-03-15', cutoff: '2022-06-14', agencyDueAt: '2022-06-16T23:59:59+07:00', provinceDueAt: '2022-06-20T23:59:59+07:00' },
      { period: 'NINE_MONTHS', windowStart: '2021-12-15', cutoff: '2022-09-14', agencyDueAt: '2022-09-19T23:59:59+07:00', provinceDueAt: '2022-09-26T23:59:59+07:00' },
    ]); // prettier-ignore
  });
});

describe('cchc calendar check', () => {
  it.each([
    // Tết 2022 runs 29/1–6/2: Monday 31/1 is off, the next working day is Monday 7/2.
    [
      '2022-01-31',
      { date: '2022-01-31', isWorkingDay: false, reason: 'Tết Nguyên đán', nextWorkingDay: '2022-02-07' },
    ],
    [
      '2022-03-19',
      { date: '2022-03-19', isWorkingDay: false, reason: 'weekend', nextWorkingDay: '2022-03-21' },
    ],
    ['2022-03-16', { date: '2022-03-16', isWorkingDay: true, reason: null, nextWorkingDay: '2022-03-17' }],
    ['2024-05-04', { date: '2024-05-04', isWorkingDay: true, reason: null, nextWorkingDay: '2024-05-06' }], // worked Saturday
    [
      '2022-04-11',
      {
        date: '2022-04-11',
        isWorkingDay: false,
        reason: 'Giỗ Tổ Hùng Vương (nghỉ bù)',
        nextWorkingDay: '2022-04-12',
      },
    ],
  ])('%s', async (date, expected) => {
    const r = await cli('check', '--date', date, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it('explains the day in Vietnamese', async () => {
    const r = await cli('check', '--date', '2022-01-31');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Thứ Hai 31/01/2022: ngày nghỉ — Tết Nguyên đán.\nNgày làm việc kế tiếp: Thứ Hai 07/02/2022.\n',
    );
    const weekend = await cli('check', '--date', '2022-03-19');
    expect(weekend.stdout).toBe(
      'Thứ Bảy 19/03/2022: ngày nghỉ cuối tuần.\nNgày làm việc kế tiếp: Thứ Hai 21/03/2022.\n',
    );
  });
});

describe('cchc calendar add-working-days', () => {
  it.each([
    ['2022-03-14', '2', '2022-03-16'], // Mon + 2: Tue 15, Wed 16
    ['2022-02-07', '-1', '2022-01-28'], // back over Tết 2022
    ['2022-12-30', '1', '2023-01-03'], // Sat 31/12, Sun 1/1, Mon 2/1 (make-up) → Tue 3/1
    ['2022-03-19', '0', '2022-03-21'], // Saturday, 0 → the next working day
    ['2025-04-24', '+2', '2025-04-26'], // Fri 25, then the worked Saturday 26/4
  ])('%s %s → %s', async (date, days, result) => {
    const r = await cli('add-working-days', '--date', date, '--days', days, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ result });
  });

  it('accepts --days=-N and prints a sentence by default', async () => {
    const r = await cli('add-working-days', '--date', '2022-03-16', '--days=-2');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Thứ Hai 14/03/2022 (2 ngày làm việc trước Thứ Tư 16/03/2022).\n');
  });
});

describe('errors: one clear line naming the field, exit code 1', () => {
  const policy = {
    unknown: writeFile('unknown.yaml', 'periods:\n  Q1: {}\n  Q5: {}\n'),
    bad: writeFile(
      'bad.json',
      JSON.stringify({ periods: { Q1: { agencyDue: { rule: 'workingDaysAfterCutoff', days: 1.5 } } } }),
    ),
    broken: writeFile('broken.yaml', 'periods: [\n'),
    missing: path.join(dir, 'none.yaml'),
    text: writeFile('policy.txt', ''),
  };
  it.each<[string, string[], RegExp]>([
    [
      'show --year 1990',
      ['show', '--year', '1990'],
      /^Lỗi: --year: không có dữ liệu lịch nghỉ năm 1990 \(có dữ liệu: 2021–2027/,
    ],
    [
      'show --year 2100 --json',
      ['show', '--year', '2100', '--json'],
      /^Lỗi: --year: không có dữ liệu lịch nghỉ năm 2100/,
    ],
    ['show --year 22', ['show', '--year', '22'], /^Lỗi: --year: năm phải là số có 4 chữ số/],
    [
      'show --year 2022 --policy unknown.yaml',
      ['show', '--year', '2022', '--policy', policy.unknown],
      /unknown\.yaml: periods\.Q5: kỳ báo cáo không xác định "Q5"/,
    ],
    [
      'show --year 2022 --policy bad.json',
      ['show', '--year', '2022', '--policy', policy.bad],
      /bad\.json: periods\.Q1\.agencyDue\.days: phải là số nguyên/,
    ],
    [
      'show --year 2022 --policy broken.yaml',
      ['show', '--year', '2022', '--policy', policy.broken],
      /^Lỗi: --policy: .*broken\.yaml: YAML không hợp lệ ở dòng 2, cột 1: /,
    ],
    [
      'show --year 2022 --policy none.yaml',
      ['show', '--year', '2022', '--policy', policy.missing],
      /^Lỗi: --policy: .*none\.yaml: không có tệp này$/m,
    ],
    [
      'show --year 2022 --policy policy.txt',
      ['show', '--year', '2022', '--policy', policy.text],
      /^Lỗi: --policy: .*policy\.txt: chỉ nhận tệp \.yaml, \.yml hoặc \.json$/m,
    ],
    [
      'check --date 2022-02-30',
      ['check', '--date', '2022-02-30'],
      /^Lỗi: --date: ngày không tồn tại trong lịch \(nhận "2022-02-30"\)/,
    ],
    [
      'check --date 2022-2-3 --json',
      ['check', '--date', '2022-2-3', '--json'],
      /^Lỗi: --date: ngày phải có dạng YYYY-MM-DD/,
    ],
    [
      'check --date 1990-05-02',
      ['check', '--date', '1990-05-02'],
      /^Lỗi: --date: không có dữ liệu lịch nghỉ năm 1990/,
    ],
    [
      'add-working-days --date 2022-03-14 --days 2.5',
      ['add-working-days', '--date', '2022-03-14', '--days', '2.5'],
      /^Lỗi: --days: số ngày phải là số nguyên \(vd\. 2 hoặc -3\) \(nhận "2\.5"\)/,
    ],
    [
      'add-working-days --date 2022-03-14 --days hai',
      ['add-working-days', '--date', '2022-03-14', '--days', 'hai'],
      /^Lỗi: --days: số ngày phải là số nguyên/,
    ],
    [
      'add-working-days --date 2022-03-14 --days 99999',
      ['add-working-days', '--date', '2022-03-14', '--days', '99999'],
      /^Lỗi: --days: lớn nhất là 3660/,
    ],
    [
      'add-working-days --date 2022-13-01 --days 1',
      ['add-working-days', '--date', '2022-13-01', '--days', '1'],
      /^Lỗi: --date: ngày không tồn tại/,
    ],
    // The walk would leave the years that have calendar data.
    [
      'add-working-days --date 2099-12-30 --days 3',
      ['add-working-days', '--date', '2099-12-30', '--days', '3'],
      /^Lỗi: không có dữ liệu lịch nghỉ năm 2100/,
    ],
  ])('calendar %s', async (_label, args, pattern) => {
    expectOneLineError(await cli(...args), pattern);
  });

  it('reports a missing required option in Vietnamese, naming it, exit code 1', async () => {
    expectOneLineError(await cli('check'), /^Lỗi: --date: bắt buộc, chưa có \(--date <YYYY-MM-DD>: /);
  });
});
