import { formatDeadline, formatInstant } from './outcomes';

// A table's cells and columns, whatever file they end up in.

/** A cell: text, a number, an instant (shown on Vietnam's clock, with or without the time), or empty. */
export type Cell = string | number | { at: Date; time: boolean } | null;

export interface SheetColumn<R> {
  header: string;
  /** Width in characters (XLSX). */
  width: number;
  value: (row: R) => Cell;
  /** Excel number format for the numbers of this column (e.g. '0.0%'). */
  numFmt?: string;
  /** Short figures and dates read better centred (XLSX). */
  center?: boolean;
  /** The CSV text of a number of this column, when not the plain number. */
  csv?: (value: number) => string;
}

/** The text of a cell as CSV and a reader see it: dates dd/mm/yyyy, times HH:mm, Vietnam's clock. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return cell.time ? formatInstant(cell.at) : formatDeadline(cell.at);
  return String(cell);
}
