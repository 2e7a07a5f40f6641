import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import { VN_OFFSET_MS } from '../../domain/calendar';
import { cellText, type Cell, type SheetColumn } from './cells';

// Laying a table out as XLSX (ExcelJS) or CSV (csv-stringify): the parts every export shares.

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE0E0E0' } };
const THIN = { style: 'thin' as const, color: { argb: 'FF9E9E9E' } };
export const BORDER: Partial<ExcelJS.Borders> = { top: THIN, bottom: THIN, left: THIN, right: THIN };
export const FONT = 'Times New Roman';

/**
 * A cell's value for Excel. Excel has no time zones: an instant is written as Vietnam's wall-clock
 * time (a date alone as its midnight), so the sheet shows what an official's clock showed.
 */
export function excelValue(cell: Cell): { value: ExcelJS.CellValue; numFmt?: string } {
  if (cell === null) return { value: null };
  if (typeof cell !== 'object') return { value: cell };
  const local = cell.at.getTime() + VN_OFFSET_MS;
  if (cell.time) return { value: new Date(local - (local % 60_000)), numFmt: 'dd/mm/yyyy hh:mm' };
  return { value: new Date(local - (local % 86_400_000)), numFmt: 'dd/mm/yyyy' };
}

/** A new sheet with a title (row 1) and a subtitle (row 2) across `width` columns. */
export function titledSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  subtitle: string,
  width: number,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.mergeCells(1, 1, 1, width);
  sheet.mergeCells(2, 1, 2, width);
  Object.assign(sheet.getCell(1, 1), { value: title, font: { name: FONT, size: 14, bold: true } });
  Object.assign(sheet.getCell(2, 1), {
    value: subtitle,
    font: { name: FONT, size: 11, italic: true },
    alignment: { wrapText: true, vertical: 'top' },
  });
  sheet.getRow(2).height = 32;
  return sheet;
}

/** A bordered table with a header row at `headerRow`, an autofilter, and the rows under it. */
export function writeTable<R>(
  sheet: ExcelJS.Worksheet,
  headerRow: number,
  columns: SheetColumn<R>[],
  rows: R[],
): void {
  columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  const header = sheet.getRow(headerRow);
  columns.forEach((c, i) => {
    Object.assign(header.getCell(i + 1), {
      value: c.header,
      font: { name: FONT, size: 11, bold: true },
      fill: HEADER_FILL,
      border: BORDER,
      alignment: { wrapText: true, vertical: 'middle', horizontal: 'center' },
    });
  });
  header.height = 45;
  rows.forEach((row, r) => {
    const line = sheet.getRow(headerRow + 1 + r);
    columns.forEach((c, i) => {
      const { value, numFmt } = excelValue(c.value(row));
      const cell = line.getCell(i + 1);
      cell.value = value;
      cell.font = { name: FONT, size: 11 };
      cell.border = BORDER;
      cell.alignment = {
        vertical: 'top',
        wrapText: typeof value === 'string',
        ...(c.center ? { horizontal: 'center' as const } : {}),
      };
      if (numFmt ?? c.numFmt) cell.numFmt = (numFmt ?? c.numFmt)!;
    });
  });
  sheet.autoFilter = {
    from: { row: headerRow, column: 1 },
    to: { row: headerRow + rows.length, column: columns.length },
  };
  sheet.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }];
}

/**
 * CSV for spreadsheets: a UTF-8 byte order mark (without it Excel reads UTF-8 as the system's
 * code page and breaks every Vietnamese letter), comma-separated, CRLF line ends, one header line.
 */
export function toCsv<R>(columns: SheetColumn<R>[], rows: R[]): Buffer {
  const text = (cell: Cell, c: SheetColumn<R>) =>
    typeof cell === 'number' && c.csv ? c.csv(cell) : cellText(cell);
  const records = [
    columns.map((c) => c.header),
    ...rows.map((row) => columns.map((c) => text(c.value(row), c))),
  ];
  return Buffer.from(stringify(records, { bom: true, record_delimiter: 'windows' }), 'utf8');
}
