import ExcelJS from 'exceljs';
import { renderOutcomeChart } from '../../documents/chart';
import { CYCLE_COLUMNS, type CycleTable } from './cycle-table';
import { yearColumns, type YearTable } from './year-table';
import { BORDER, FONT, titledSheet, toCsv, writeTable } from './sheets';

// The exports as files. The cycle's XLSX: sheet "Chi tiết" (one row per unit, filterable), sheet "Tổng hợp"
// (the totals and the outcome chart, a PNG: ExcelJS writes no native charts). CSV: the table alone,
// for other software; the totals and the chart are in the XLSX. The year's: sheet "Xếp hạng" or CSV.

export const DETAIL_SHEET = 'Chi tiết';
export const TOTALS_SHEET = 'Tổng hợp';
/** The header row of the detail sheet; units start under it. */
export const DETAIL_HEADER_ROW = 4;
export const TOTALS_HEADER_ROW = 4;
export const YEAR_SHEET = 'Xếp hạng';
export const YEAR_HEADER_ROW = 4;

export async function cycleXlsx(table: CycleTable, exportedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Sở Nội vụ tỉnh Đồng Tháp';
  workbook.created = exportedAt;
  const detail = titledSheet(workbook, DETAIL_SHEET, table.title, table.subtitle, CYCLE_COLUMNS.length);
  writeTable(detail, DETAIL_HEADER_ROW, CYCLE_COLUMNS, table.rows);

  const totals = titledSheet(workbook, TOTALS_SHEET, table.title, table.subtitle, 3);
  writeTable(
    totals,
    TOTALS_HEADER_ROW,
    [
      { header: 'Kết quả', width: 24, value: (t) => t.label },
      { header: 'Số đơn vị', center: true, width: 12, value: (t) => t.count },
      { header: 'Tỷ lệ', center: true, width: 12, value: (t) => t.share, numFmt: '0.0%' },
    ],
    table.totals,
  );
  totals.autoFilter = undefined;
  const last = totals.getRow(TOTALS_HEADER_ROW + table.totals.length);
  last.eachCell((cell) => (cell.font = { name: FONT, size: 11, bold: true }));
  last.eachCell((cell) => (cell.border = BORDER));

  const chart = await renderOutcomeChart(table.counts, table.chartTitle);
  const image = workbook.addImage({ buffer: chart as unknown as ExcelJS.Buffer, extension: 'png' });
  // Right of the totals, 600 × 300 px (the PNG is 1200 × 600: sharp when printed).
  totals.addImage(image, { tl: { col: 4, row: TOTALS_HEADER_ROW - 1 }, ext: { width: 600, height: 300 } });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function cycleCsv(table: CycleTable): Buffer {
  return toCsv(CYCLE_COLUMNS, table.rows);
}

export async function yearXlsx(table: YearTable, exportedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Sở Nội vụ tỉnh Đồng Tháp';
  workbook.created = exportedAt;
  const columns = yearColumns(table.periods);
  const sheet = titledSheet(workbook, YEAR_SHEET, table.title, table.subtitle, columns.length);
  sheet.getRow(2).height = 48;
  writeTable(sheet, YEAR_HEADER_ROW, columns, table.rows);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function yearCsv(table: YearTable): Buffer {
  return toCsv(yearColumns(table.periods), table.rows);
}
