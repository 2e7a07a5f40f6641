import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { runCliInProcess } from '../support/cli';
import { freshDatabase } from '../support/db';
import { Q1_2027, seedCycle, seedUnits } from '../support/report-seed';

// `cchc report cycle` over the hand-worked Q1 2027 (Q1_2027 in report-seed.ts): the XLSX opened
// back with ExcelJS and its cells read, the CSV parsed back byte for byte.

/** Vietnam's wall clock as Excel holds it (no time zone): the instant as if it were UTC. */
const wall = (local: string) => new Date(`${local.replace(' ', 'T')}:00Z`);

describe('cchc report cycle (real PostgreSQL, through the CLI)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let dir: string;
  const cli = (...args: string[]) =>
    runCliInProcess(['report', 'cycle', ...args], { DATABASE_URL: database.url });
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    database = await freshDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-report-'));
    await seedUnits(database.db);
    await seedCycle(database.db, Q1_2027);
    await seedCycle(database.db, {
      year: 2027,
      period: 'H1',
      status: 'OPEN',
      dueDate: '2027-06-16',
      windowStart: '2026-12-15',
      cutoff: '2027-06-14',
      units: { STP: { state: 'PENDING', extendedTo: '2027-06-23' }, SXD: { state: 'OVERDUE' } },
    });
    await seedCycle(database.db, {
      year: 2027,
      period: 'Q3',
      drill: true,
      status: 'OPEN',
      dueDate: '2027-09-16',
      windowStart: '2027-06-15',
      cutoff: '2027-09-14',
      units: { STP: { state: 'PENDING' } },
    });
  });
  afterAll(async () => {
    await database?.drop();
    // Kept for a person to look at when asked (CCHC_KEEP_ARTIFACTS=<folder>).
    if (process.env.CCHC_KEEP_ARTIFACTS) fs.cpSync(dir, process.env.CCHC_KEEP_ARTIFACTS, { recursive: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the XLSX: one row per unit, the totals, the chart', async () => {
    const run = await cli('--year', '2027', '--period', 'q1', '--out', file('q1.xlsx'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `Đã ghi ${file('q1.xlsx')}: 7 đơn vị (3 đúng hạn, 2 trễ hạn, 1 chưa gửi, 1 được miễn).\n`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file('q1.xlsx'));
    const detail = workbook.getWorksheet('Chi tiết')!;
    expect(detail.getCell('A1').value).toBe('TÌNH HÌNH GỬI BÁO CÁO CCHC QUÝ I NĂM 2027');
    expect(String(detail.getCell('A2').value)).toMatch(
      /^Hạn gửi Sở Nội vụ: 16\/03\/2027\. Số liệu từ 15\/12\/2026 đến 14\/03\/2027\. Kỳ báo cáo đã kết thúc \(chốt sổ\) ngày 24\/03\/2027 16:00\. Số liệu lúc \d\d\/\d\d\/\d{4} \d\d:\d\d\.$/,
    );
    const row = (n: number) => (detail.getRow(n).values as unknown[]).slice(1);
    expect(row(4)).toEqual([
      'STT',
      'Mã đơn vị',
      'Tên đơn vị',
      'Loại đơn vị',
      'Hạn gửi',
      'Thời điểm gửi',
      'Số văn bản',
      'Số biên nhận',
      'Kết quả',
      'Số ngày làm việc trễ',
      'Mức đôn đốc',
      'Số thông báo đã gửi',
      'Ghi chú',
    ]);
    const due = wall('2027-03-16 00:00');
    const units = Array.from({ length: 7 }, (_, i) => row(5 + i));
    expect(units.map((u) => u.slice(0, 4))).toEqual([
      [1, 'BQLKKT', 'Ban Quản lý Khu kinh tế tỉnh', 'Sở, ban, ngành'],
      [2, 'SCT', 'Sở Công Thương', 'Sở, ban, ngành'],
      [3, 'STP', 'Sở Tư pháp', 'Sở, ban, ngành'],
      [4, 'SXD', 'Sở Xây dựng', 'Sở, ban, ngành'],
      [5, 'SYT', 'Sở Y tế', 'Sở, ban, ngành'],
      [6, 'X_CAOLANH', 'Phường Cao Lãnh', 'Xã, phường'],
      [7, 'X_MYTHO', 'Phường Mỹ Tho', 'Xã, phường'],
    ]);
    // Deadline, submitted at, document, receipt, result, days late, escalation level, notices sent, note.
    expect(units.map((u) => u.slice(4))).toEqual([
      [
        due,
        undefined,
        undefined,
        undefined,
        'Được miễn',
        undefined,
        0,
        1,
        'Miễn: Mới thành lập, chưa phát sinh kỳ báo cáo',
      ],
      [
        due,
        wall('2027-03-16 16:45'),
        '09/BC-SCT',
        'BN-2027-Q1-SCT-1',
        'Đúng hạn',
        undefined,
        0,
        0,
        undefined,
      ],
      [
        due,
        wall('2027-03-15 10:05'),
        '12/BC-STP',
        'BN-2027-Q1-STP-1',
        'Đúng hạn',
        undefined,
        0,
        3,
        undefined,
      ],
      [
        due,
        wall('2027-03-18 09:30'),
        '25/BC-SXD',
        'BN-2027-Q1-SXD-2',
        'Trễ 2 ngày làm việc',
        2,
        1,
        5,
        'Đã gửi 2 lần (bản sau thay bản trước)',
      ],
      [
        wall('2027-03-23 00:00'),
        wall('2027-03-22 15:00'),
        '31/BC-SYT',
        'BN-2027-Q1-SYT-1',
        'Đúng hạn',
        undefined,
        0,
        2,
        'Gia hạn đến 23/03/2027: Chờ số liệu quý',
      ],
      [due, undefined, undefined, undefined, 'Chưa gửi', undefined, 2, 6, undefined],
      [
        due,
        wall('2027-03-23 08:15'),
        '07/BC-UBND',
        'BN-2027-Q1-X_MYTHO-1',
        'Trễ 5 ngày làm việc',
        5,
        2,
        7,
        undefined,
      ],
    ]);
    expect(detail.getCell('E5').numFmt).toBe('dd/mm/yyyy');
    expect(detail.getCell('F6').numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(detail.getRow(12).values).toEqual([]); // nothing under the units

    const totals = workbook.getWorksheet('Tổng hợp')!;
    expect([5, 6, 7, 8, 9].map((r) => (totals.getRow(r).values as unknown[]).slice(1))).toEqual([
      ['Đúng hạn', 3, 3 / 7],
      ['Trễ hạn', 2, 2 / 7],
      ['Chưa gửi', 1, 1 / 7],
      ['Được miễn', 1, 1 / 7],
      ['Tổng số đơn vị', 7, 1],
    ]);
    expect(totals.getCell('C5').numFmt).toBe('0.0%');
    const images = totals.getImages();
    expect(images).toHaveLength(1);
    const media = workbook.getImage(Number(images[0]!.imageId));
    expect(media.extension).toBe('png');
    expect(
      Buffer.from(media.buffer as unknown as Uint8Array)
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('writes the CSV with a UTF-8 byte order mark, Vietnamese intact, dates dd/mm/yyyy', async () => {
    const run = await cli('--year', '2027', '--period', 'Q1', '--format', 'csv', '--out', file('q1.csv'));
    expect(run.code).toBe(0);
    const bytes = fs.readFileSync(file('q1.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      'STT,Mã đơn vị,Tên đơn vị,Loại đơn vị,Hạn gửi,Thời điểm gửi,Số văn bản,Số biên nhận,Kết quả,' +
        'Số ngày làm việc trễ,Mức đôn đốc,Số thông báo đã gửi,Ghi chú',
    );
    const records = parse(bytes, { bom: true }) as string[][];
    expect(records).toHaveLength(8);
    expect(records[4]).toEqual([
      '4',
      'SXD',
      'Sở Xây dựng',
      'Sở, ban, ngành',
      '16/03/2027',
      '18/03/2027 09:30',
      '25/BC-SXD',
      'BN-2027-Q1-SXD-2',
      'Trễ 2 ngày làm việc',
      '2',
      '1',
      '5',
      'Đã gửi 2 lần (bản sau thay bản trước)',
    ]);
    expect(records.map((r) => r[8])).toEqual([
      'Kết quả',
      'Được miễn',
      'Đúng hạn',
      'Đúng hạn',
      'Trễ 2 ngày làm việc',
      'Đúng hạn',
      'Chưa gửi',
      'Trễ 5 ngày làm việc',
    ]);
  });

  it('shows a unit on an extension not passed yet in an open cycle, and counts it apart', async () => {
    const run = await cli('--year', '2027', '--period', 'H1', '--format', 'csv', '--out', file('h1.csv'));
    expect(run.stdout).toContain('2 đơn vị (0 đúng hạn, 0 trễ hạn, 1 chưa gửi, 0 được miễn, 1 đang gia hạn)');
    const records = parse(fs.readFileSync(file('h1.csv')), { bom: true }) as string[][];
    expect(records.slice(1).map((r) => [r[1], r[4], r[8]])).toEqual([
      ['STP', '23/06/2027', 'Gia hạn đến 23/06/2027'],
      ['SXD', '16/06/2027', 'Chưa gửi'],
    ]);
  });

  it('keeps drills apart: a drill is exported only with --drill, and says so', async () => {
    const real = await cli('--year', '2027', '--period', 'Q3', '--out', file('q3.xlsx'));
    expect(real.code).toBe(1);
    expect(real.stderr).toBe(
      'Lỗi: --period: chưa có kỳ báo cáo Q3 năm 2027 (CCHC): chỉ có kỳ diễn tập (thêm --drill)\n',
    );
    const drill = await cli('--year', '2027', '--period', 'Q3', '--drill', '--out', file('q3.xlsx'));
    expect(drill.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file('q3.xlsx'));
    expect(workbook.getWorksheet('Chi tiết')!.getCell('A1').value).toBe(
      'TÌNH HÌNH GỬI BÁO CÁO CCHC QUÝ III NĂM 2027 (DIỄN TẬP)',
    );
  });

  it('never overwrites a file without --force, and names a default file by the cycle', async () => {
    fs.writeFileSync(file('kept.xlsx'), 'signed copy');
    const refused = await cli('--year', '2027', '--period', 'Q1', '--out', file('kept.xlsx'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`Lỗi: --out: tệp ${file('kept.xlsx')} đã có (dùng --force để ghi đè)\n`);
    expect(fs.readFileSync(file('kept.xlsx'), 'utf8')).toBe('signed copy');
    const forced = await cli('--year', '2027', '--period', 'Q1', '--out', file('kept.xlsx'), '--force');
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(file('kept.xlsx')).subarray(0, 2).toString()).toBe('PK'); // a zip: the XLSX

    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const named = await cli('--year', '2027', '--period', 'Q1', '--format', 'csv');
      expect(named.code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(fs.existsSync(file('tinh-hinh-bao-cao-CCHC-2027-Q1.csv'))).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    [['--year', '27', '--period', 'Q1'], '--year: năm phải là số có 4 chữ số (vd. 2022) (nhận "27")'],
    [
      ['--year', '2027', '--period', 'Q1', '--format', 'pdf'],
      '--format: mong đợi xlsx hoặc csv (nhận "pdf")',
    ],
    [['--year', '2027', '--period', 'Q1', '--out', 'a.pdf'], '--out: tên tệp phải có đuôi .xlsx hoặc .csv'],
    [
      ['--year', '2027', '--period', 'Q1', '--format', 'csv', '--out', 'a.xlsx'],
      '--out: tệp .xlsx không khớp --format csv',
    ],
    [
      ['--year', '2027', '--period', 'Q1', '--regime', 'nd09'],
      '--regime: không có chế độ báo cáo ND09 (có: CCHC, KSTTHC)',
    ],
    [['--year', '2026', '--period', 'Q1'], '--period: chưa có kỳ báo cáo Q1 năm 2026 (CCHC)'],
  ])('refuses %j with one line naming the flag, and writes nothing', async (args, message) => {
    const before = fs.readdirSync(dir).sort();
    const run = await cli(...args);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`Lỗi: ${message}\n`);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});
