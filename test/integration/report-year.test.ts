import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { runCliInProcess } from '../support/cli';
import { freshDatabase } from '../support/db';
import { seedCycle, seedUnits, type SeedUnit, type UnitCode } from '../support/report-seed';

// `cchc report year` over four closed 2027 cycles with hand-worked outcomes, a drill and an open
// cycle that must not count. Hand-worked record (on time / late (working days) / missing / exempt):
//            Q1        H1        Q3        YEAR      → on time, late, missing, exempt, rate, days late
// STP        on time   on time   on time   late 1    → 3 1 0 0  75 %  1
// SYT        on time   late 1    on time   on time   → 3 1 0 0  75 %  1   (equal to STP on all: rank 1 too)
// SXD        late 2    on time   late 1    on time   → 2 2 0 0  50 %  3
// SCT        late 1    on time   late 3    on time   → 2 2 0 0  50 %  4   (more days late than SXD)
// X_MYTHO    late 5    on time   missing   on time   → 2 1 1 0  50 %  5   (one missing: after SCT)
// X_CAOLANH  missing   late 3    missing   on time   → 1 1 2 0  25 %  3
// BQLKKT     exempt    exempt    exempt    exempt    → 0 0 0 4  no rate, not ranked

const onTime: SeedUnit = {
  state: 'SUBMITTED_ON_TIME',
  submissions: [{ at: '', documentNumber: '1/BC', lateWorkingDays: 0 }],
};
const late = (days: number): SeedUnit => ({
  state: 'SUBMITTED_LATE',
  submissions: [{ at: '', documentNumber: '2/BC', lateWorkingDays: days }],
});
const missing: SeedUnit = { state: 'OVERDUE', escalationLevel: 2 };
const exempt: SeedUnit = { state: 'EXEMPT', exemptReason: 'Mới thành lập' };

const PERIODS = [
  { period: 'Q1', dueDate: '2027-03-16', windowStart: '2026-12-15', cutoff: '2027-03-14' },
  { period: 'H1', dueDate: '2027-06-16', windowStart: '2026-12-15', cutoff: '2027-06-14' },
  { period: 'Q3', dueDate: '2027-09-16', windowStart: '2027-06-15', cutoff: '2027-09-14' },
  { period: 'YEAR', dueDate: '2027-12-16', windowStart: '2026-12-15', cutoff: '2027-12-14' },
];
const OUTCOMES: Record<UnitCode, SeedUnit[]> = {
  STP: [onTime, onTime, onTime, late(1)],
  SYT: [onTime, late(1), onTime, onTime],
  SXD: [late(2), onTime, late(1), onTime],
  SCT: [late(1), onTime, late(3), onTime],
  X_MYTHO: [late(5), onTime, missing, onTime],
  X_CAOLANH: [missing, late(3), missing, onTime],
  BQLKKT: [exempt, exempt, exempt, exempt],
};

describe('cchc report year (real PostgreSQL, through the CLI)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let dir: string;
  const cli = (...args: string[]) =>
    runCliInProcess(['report', 'year', ...args], { DATABASE_URL: database.url });

  beforeAll(async () => {
    database = await freshDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-year-'));
    await seedUnits(database.db);
    for (const [i, p] of PERIODS.entries()) {
      const at = `${p.dueDate} 09:00`;
      const units = Object.fromEntries(
        Object.entries(OUTCOMES).map(([code, outcomes]) => {
          const u = outcomes[i]!;
          return [code, { ...u, submissions: u.submissions?.map((s) => ({ ...s, at })) }];
        }),
      );
      await seedCycle(database.db, { year: 2027, ...p, closedAt: `${p.dueDate} 17:00`, units });
    }
    // A drill where everyone failed, and a real cycle still open: neither counts.
    await seedCycle(database.db, {
      year: 2027,
      period: 'Q2',
      drill: true,
      dueDate: '2027-05-10',
      windowStart: '2027-03-15',
      cutoff: '2027-05-08',
      closedAt: '2027-05-11 17:00',
      units: Object.fromEntries(Object.keys(OUTCOMES).map((c) => [c, missing])),
    });
    await seedCycle(database.db, {
      year: 2027,
      period: 'M9',
      status: 'OPEN',
      dueDate: '2027-12-30',
      windowStart: '2026-12-15',
      cutoff: '2027-09-14',
      units: Object.fromEntries(Object.keys(OUTCOMES).map((c) => [c, missing])),
    });
  });
  afterAll(async () => {
    await database?.drop();
    // Kept for a person to look at when asked (CCHC_KEEP_ARTIFACTS=<folder>).
    if (process.env.CCHC_KEEP_ARTIFACTS) fs.cpSync(dir, process.env.CCHC_KEEP_ARTIFACTS, { recursive: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const expected = [
    // rank, code, cycles, on time, late, missing, exempt, rate, days late, Q1, H1, Q3, YEAR
    [1, 'STP', 4, 3, 1, 0, 0, 0.75, 1, 'Đúng hạn', 'Đúng hạn', 'Đúng hạn', 'Trễ 1 ngày'],
    [1, 'SYT', 4, 3, 1, 0, 0, 0.75, 1, 'Đúng hạn', 'Trễ 1 ngày', 'Đúng hạn', 'Đúng hạn'],
    [3, 'SXD', 4, 2, 2, 0, 0, 0.5, 3, 'Trễ 2 ngày', 'Đúng hạn', 'Trễ 1 ngày', 'Đúng hạn'],
    [4, 'SCT', 4, 2, 2, 0, 0, 0.5, 4, 'Trễ 1 ngày', 'Đúng hạn', 'Trễ 3 ngày', 'Đúng hạn'],
    [5, 'X_MYTHO', 4, 2, 1, 1, 0, 0.5, 5, 'Trễ 5 ngày', 'Đúng hạn', 'Không gửi', 'Đúng hạn'],
    [6, 'X_CAOLANH', 4, 1, 1, 2, 0, 0.25, 3, 'Không gửi', 'Trễ 3 ngày', 'Không gửi', 'Đúng hạn'],
    [undefined, 'BQLKKT', 4, 0, 0, 0, 4, undefined, 0, 'Miễn', 'Miễn', 'Miễn', 'Miễn'],
  ];

  it('counts each unit over the four closed real cycles and ranks them (XLSX)', async () => {
    const out = path.join(dir, 'nam-2027.xlsx');
    const run = await cli('--year', '2027', '--out', out);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      `Đã ghi ${out}: 7 đơn vị qua 4 kỳ đã đóng (Q1, H1, Q3, YEAR); chưa tính M9 (chưa đóng).\n`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet('Xếp hạng')!;
    expect(sheet.getCell('A1').value).toBe('KẾT QUẢ CHẤP HÀNH CHẾ ĐỘ BÁO CÁO CCHC NĂM 2027');
    expect(String(sheet.getCell('A2').value)).toMatch(
      /^Các kỳ đã tính: Quý I năm 2027, 6 tháng đầu năm 2027, Quý III năm 2027, năm 2027\. Chưa tính: M9 \(chưa đóng\)\./,
    );
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(row(4)).toEqual([
      'Hạng',
      'Mã đơn vị',
      'Tên đơn vị',
      'Loại đơn vị',
      'Số kỳ phải báo cáo',
      'Đúng hạn',
      'Trễ hạn',
      'Không gửi',
      'Được miễn',
      'Tỷ lệ đúng hạn',
      'Tổng số ngày làm việc trễ',
      'Quý I',
      '6 tháng đầu năm',
      'Quý III',
      'Năm',
    ]);
    const units = Array.from({ length: 7 }, (_, i) => row(5 + i));
    expect(units.map((u) => [u[0], u[1], ...u.slice(4)])).toEqual(expected);
    expect(units[0]!.slice(2, 4)).toEqual(['Sở Tư pháp', 'Sở, ban, ngành']);
    expect(sheet.getCell('J5').numFmt).toBe('0.0%');
    expect(sheet.getRow(12).values).toEqual([]);
  });

  it('writes the same record as CSV, the rate as a Vietnamese percentage', async () => {
    const out = path.join(dir, 'nam-2027.csv');
    expect((await cli('--year', '2027', '--format', 'csv', '--out', out)).code).toBe(0);
    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { bom: true }) as string[][];
    expect(records.slice(1).map((r) => [r[0], r[1], r[9]])).toEqual([
      ['1', 'STP', '75,0%'],
      ['1', 'SYT', '75,0%'],
      ['3', 'SXD', '50,0%'],
      ['4', 'SCT', '50,0%'],
      ['5', 'X_MYTHO', '50,0%'],
      ['6', 'X_CAOLANH', '25,0%'],
      ['', 'BQLKKT', ''],
    ]);
  });

  it('says so when a year has no closed cycle yet', async () => {
    const out = path.join(dir, 'nam-2030.xlsx');
    const run = await cli('--year', '2030', '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Đã ghi ${out}: 0 đơn vị qua 0 kỳ đã đóng.\n`);
  });
});
