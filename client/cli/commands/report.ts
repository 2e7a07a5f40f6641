import type { Command } from 'commander';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context';
import { DEFAULT_REGIME } from '../../services/exports';
import { parseOptions, periodOption, yearOption } from '../options';
import { print } from '../output';
import { run } from '../run';

// `cchc report …`: the files Sở Nội vụ hands on. A cycle's table (XLSX with totals and chart, or
// CSV), a year's record per unit ranked (the CCHC index criterion), the consolidated summary to
// UBND tỉnh as a DOCX in the NĐ 30/2020 format. The builders (ExcelJS, docx, the chart) load only
// when a file is made, so `cchc --help` stays fast.

const regimeOption = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/, 'mã chế độ báo cáo: chữ in hoa, số hoặc _ (vd. CCHC)'))
  .default(DEFAULT_REGIME);
const formatOption = z.enum(['xlsx', 'csv'], { message: 'mong đợi xlsx hoặc csv' }).optional();
const outOption = z.string().trim().min(1, 'cần tên tệp').max(1000, 'tên tệp dài quá').optional();

const cycleOptions = z.object({
  year: yearOption,
  period: periodOption,
  regime: regimeOption,
  drill: z.boolean().optional(),
  format: formatOption,
  out: outOption,
  force: z.boolean().optional(),
});
const yearOptions = cycleOptions.omit({ period: true, drill: true });
const summaryOptions = cycleOptions.omit({ format: true }).extend({
  out: outOption.refine((v) => v === undefined || /\.docx$/i.test(v), 'tên tệp phải có đuôi .docx'),
});

type RawOptions = Record<string, string | boolean | undefined>;

const withCommon = (command: Command, what: string) =>
  command
    .option('--regime <mã>', `chế độ báo cáo (mặc định ${DEFAULT_REGIME})`)
    .option('--out <tệp>', `tệp ${what} sẽ ghi (mặc định: tên theo kỳ, ở thư mục hiện tại)`)
    .option('--force', 'ghi đè nếu tệp đã có');

const fileName = (parts: (string | number)[], drill: boolean | undefined, ext: string) =>
  `${parts.join('-')}${drill ? '-dien-tap' : ''}.${ext}`;

export function registerReportCommands(program: Command, ctx: ServiceContext): void {
  const report = program
    .command('report')
    .description('Xuất báo cáo: bảng theo kỳ, kết quả cả năm, báo cáo tổng hợp');

  withCommon(
    report
      .command('cycle')
      .description(
        'Tình hình gửi báo cáo của từng đơn vị trong một kỳ (XLSX có tổng hợp và biểu đồ, hoặc CSV)',
      )
      .requiredOption('--year <năm>', 'năm')
      .requiredOption('--period <kỳ>', 'kỳ: Q1, H1, Q3, YEAR…')
      .option('--drill', 'kỳ diễn tập của kỳ này')
      .option('--format <xlsx|csv>', 'định dạng (mặc định theo đuôi của --out, không có thì xlsx)'),
    'XLSX/CSV',
  ).action(
    run({}, async (raw: RawOptions) => {
      const o = parseOptions(cycleOptions, raw);
      const [{ loadCycleOutcomes }, { buildCycleTable }, files, out] = await Promise.all([
        import('../../services/exports'),
        import('../../reports/cycle-table'),
        import('../../reports/export-files'),
        import('../../reports/output-file'),
      ]);
      const format = out.formatOf(o.format, o.out, 'xlsx');
      const now = new Date();
      const table = buildCycleTable(await loadCycleOutcomes(ctx, o), now);
      const bytes = format === 'xlsx' ? await files.cycleXlsx(table, now) : files.cycleCsv(table);
      const target = out.writeExport(
        o.out ?? fileName(['tinh-hinh-bao-cao', o.regime, o.year, o.period], o.drill, format),
        bytes,
        o.force ?? false,
      );
      const c = table.counts;
      print(
        `Đã ghi ${target}: ${table.rows.length} đơn vị (${c.onTime} đúng hạn, ${c.late} trễ hạn, ` +
          `${c.notSubmitted} chưa gửi, ${c.exempt} được miễn${c.extended > 0 ? `, ${c.extended} đang gia hạn` : ''}).`,
      );
    }),
  );

  withCommon(
    report
      .command('year')
      .description('Kết quả chấp hành chế độ báo cáo cả năm của từng đơn vị, xếp hạng (tiêu chí Chỉ số CCHC)')
      .requiredOption('--year <năm>', 'năm')
      .option('--format <xlsx|csv>', 'định dạng (mặc định theo đuôi của --out, không có thì xlsx)'),
    'XLSX/CSV',
  ).action(
    run({}, async (raw: RawOptions) => {
      const o = parseOptions(yearOptions, raw);
      const [{ loadYearOutcomes }, { buildYearTable }, files, out] = await Promise.all([
        import('../../services/exports'),
        import('../../reports/year-table'),
        import('../../reports/export-files'),
        import('../../reports/output-file'),
      ]);
      const format = out.formatOf(o.format, o.out, 'xlsx');
      const year = await loadYearOutcomes(ctx, o);
      const table = buildYearTable(year);
      const bytes = format === 'xlsx' ? await files.yearXlsx(table, new Date()) : files.yearCsv(table);
      const target = out.writeExport(
        o.out ?? fileName(['ket-qua-bao-cao-nam', o.regime, o.year], false, format),
        bytes,
        o.force ?? false,
      );
      const leftOut =
        year.leftOut.length > 0
          ? `; chưa tính ${year.leftOut.map((c) => c.period).join(', ')} (chưa đóng)`
          : '';
      print(
        `Đã ghi ${target}: ${table.rows.length} đơn vị qua ${year.counted.length} kỳ đã đóng` +
          `${year.counted.length > 0 ? ` (${table.periods.join(', ')})` : ''}${leftOut}.`,
      );
    }),
  );

  withCommon(
    report
      .command('summary')
      .description('Báo cáo tổng hợp gửi UBND tỉnh (DOCX theo thể thức Nghị định 30/2020/NĐ-CP)')
      .requiredOption('--year <năm>', 'năm')
      .requiredOption('--period <kỳ>', 'kỳ')
      .option('--drill', 'kỳ diễn tập của kỳ này'),
    'DOCX',
  ).action(
    run({}, async (raw: RawOptions) => {
      const o = parseOptions(summaryOptions, raw);
      const [{ loadCycleOutcomes }, { summaryDataOf }, { buildSummaryDocx }, out] = await Promise.all([
        import('../../services/exports'),
        import('../../reports/summary-data'),
        import('../../../documents/summary-docx'),
        import('../../reports/output-file'),
      ]);
      const data = summaryDataOf(await loadCycleOutcomes(ctx, o), new Date());
      const target = out.writeExport(
        o.out ?? fileName(['bao-cao-tong-hop', o.regime, o.year, o.period], o.drill, 'docx'),
        await buildSummaryDocx(data),
        o.force ?? false,
      );
      const t = data.totals;
      print(
        `Đã ghi ${target}: báo cáo tổng hợp ${t.agencies} đơn vị (${t.onTime} đúng hạn, ${t.late} trễ hạn, ` +
          `${t.notSubmitted} chưa gửi, ${t.exempt} được miễn). Điền số, ngày và người ký trước khi trình ký.`,
      );
    }),
  );
}
