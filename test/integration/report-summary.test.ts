import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { runCli, runCliInProcess } from '../support/cli';
import { freshDatabase } from '../support/db';
import { docxParagraphs, docxTables, docxToPdf, pdfFonts, pdfPages, pdfText } from '../support/documents';
import { Q1_2027, seedCycle, seedUnits } from '../support/report-seed';

// `cchc report summary` for the hand-worked Q1 2027: the DOCX read back (its paragraphs and tables),
// then rendered by LibreOffice to PDF and read as a person would (pdftotext), so what UBND tỉnh
// receives has been laid out by a real word processor, not only generated.

describe('cchc report summary (real PostgreSQL, through the CLI, rendered by LibreOffice)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let dir: string;
  let docx: string;
  const cli = (...args: string[]) =>
    runCliInProcess(['report', 'summary', ...args], { DATABASE_URL: database.url });

  beforeAll(async () => {
    database = await freshDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-summary-'));
    await seedUnits(database.db);
    await seedCycle(database.db, Q1_2027);
    docx = path.join(dir, 'bao-cao.docx');
  });
  afterAll(async () => {
    await database?.drop();
    // Kept for a person to look at when asked (CCHC_KEEP_ARTIFACTS=<folder>).
    const keep = process.env.CCHC_KEEP_ARTIFACTS;
    if (keep) fs.cpSync(dir, keep, { recursive: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the administrative document: heading, title, tables, late units with days late, Nơi nhận', async () => {
    // As an official runs it: the `cchc` binary (the compiled CLI when it is up to date), its own process.
    const run = await runCli(['report', 'summary', '--year', '2027', '--period', 'Q1', '--out', docx], {
      DATABASE_URL: database.url,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      `Đã ghi ${docx}: báo cáo tổng hợp 7 đơn vị (3 đúng hạn, 2 trễ hạn, 1 chưa gửi, 1 được miễn). ` +
        'Điền số, ngày và người ký trước khi trình ký.\n',
    );
    const bytes = fs.readFileSync(docx);
    const paragraphs = await docxParagraphs(bytes);
    expect(paragraphs.slice(0, 11)).toEqual([
      'UBND TỈNH ĐỒNG THÁP',
      'SỞ NỘI VỤ',
      'Số: …/BC-SNV',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Đồng Tháp, ngày … tháng … năm …',
      'BÁO CÁO',
      'Tình hình gửi báo cáo công tác cải cách hành chính',
      'Quý I năm 2027 của các cơ quan, đơn vị',
      'Thực hiện Kế hoạch cải cách hành chính của Ủy ban nhân dân tỉnh, Sở Nội vụ theo dõi, đôn đốc các cơ quan, ' +
        'đơn vị gửi báo cáo công tác cải cách hành chính Quý I năm 2027 (hạn gửi Sở Nội vụ: ngày 16/03/2027). ' +
        'Tính đến ngày 24/03/2027, kết quả như sau:',
      '1. Tổng hợp chung',
    ]);
    const [heading, totals, late, missing, exempt, footer] = await docxTables(bytes);
    expect(heading).toHaveLength(1);
    expect(totals).toEqual([
      ['Nội dung', 'Số đơn vị', 'Tỷ lệ'],
      ['Tổng số cơ quan, đơn vị phải báo cáo', '7', '100%'],
      ['Gửi đúng hạn', '3', '42,9%'],
      ['Gửi trễ hạn', '2', '28,6%'],
      ['Chưa gửi', '1', '14,3%'],
      ['Được miễn báo cáo', '1', '14,3%'],
    ]);
    expect(late).toEqual([
      ['STT', 'Cơ quan, đơn vị', 'Số ngày làm việc trễ'],
      ['1', 'Sở Xây dựng', '2'],
      ['2', 'Phường Mỹ Tho', '5'],
    ]);
    expect(missing).toEqual([
      ['STT', 'Cơ quan, đơn vị'],
      ['1', 'Phường Cao Lãnh'],
    ]);
    expect(exempt).toEqual([
      ['STT', 'Cơ quan, đơn vị', 'Lý do'],
      ['1', 'Ban Quản lý Khu kinh tế tỉnh', 'Mới thành lập, chưa phát sinh kỳ báo cáo'],
    ]);
    expect(footer).toEqual([
      [
        'Nơi nhận:- UBND tỉnh (để báo cáo);- Chủ tịch, các Phó Chủ tịch UBND tỉnh;- Giám đốc, các Phó Giám đốc Sở;- Lưu: VT, CCHC.',
        'GIÁM ĐỐC[Họ và tên]',
      ],
    ]);
    expect(paragraphs).toEqual(
      expect.arrayContaining([
        '2. Các cơ quan, đơn vị gửi báo cáo trễ hạn (2)',
        '3. Các cơ quan, đơn vị chưa gửi báo cáo (1)',
        '4. Các cơ quan, đơn vị được miễn báo cáo (1)',
        'Biểu đồ: tình hình gửi báo cáo Quý I năm 2027',
        'Sở Nội vụ kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.',
      ]),
    );
    const files = Object.keys((await JSZip.loadAsync(bytes)).files);
    expect(files.filter((f) => /^word\/media\/.+\.png$/.test(f))).toHaveLength(1); // the chart
  });

  it('renders in LibreOffice: two A4 pages in a Times New Roman metric font, the texts where a reader finds them', () => {
    const pdf = docxToPdf(docx);
    expect(pdfPages(pdf)).toBe(2);
    expect(pdfFonts(pdf)).toMatch(/LiberationSerif/); // Times New Roman's metric twin on Linux
    const text = pdfText(pdf);
    const lines = text.split('\n').map((l) => l.trim().replace(/\s{2,}/g, ' | '));
    // The heading's two columns side by side, as NĐ 30 places them.
    expect(lines).toEqual(
      expect.arrayContaining([
        'UBND TỈNH ĐỒNG THÁP | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'SỞ NỘI VỤ | Độc lập - Tự do - Hạnh phúc',
        'Số: …/BC-SNV | Đồng Tháp, ngày … tháng … năm …',
        'BÁO CÁO',
        '1 | Sở Xây dựng | 2',
        '2 | Phường Mỹ Tho | 5',
        '1 | Phường Cao Lãnh',
      ]),
    );
    expect(lines.some((l) => /^Nơi nhận: \| GIÁM ĐỐC$/.test(l))).toBe(true);
    // Page 2 carries its number at the top; page 1 none (NĐ 30).
    const pages = text.split('\f');
    expect(pages[0]!.trim().startsWith('UBND TỈNH ĐỒNG THÁP')).toBe(true);
    expect(pages[1]!.trim().split('\n')[0]!.trim()).toBe('2');
  });

  it('refuses an --out that is not a .docx, and an unknown cycle, writing nothing', async () => {
    const before = fs.readdirSync(dir).sort();
    const bad = await cli('--year', '2027', '--period', 'Q1', '--out', path.join(dir, 'x.pdf'));
    expect(bad.stderr).toBe(
      'Lỗi: --out: tên tệp phải có đuôi .docx (nhận "' + path.join(dir, 'x.pdf') + '")\n',
    );
    const unknown = await cli('--year', '2027', '--period', 'H1', '--out', path.join(dir, 'h1.docx'));
    expect(unknown.stderr).toBe('Lỗi: --period: chưa có kỳ báo cáo H1 năm 2027 (CCHC)\n');
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});
