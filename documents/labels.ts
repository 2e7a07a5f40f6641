import { periodLabel, reportName } from '../domain/templates/format';

// The outcomes of a unit in a cycle as officials name them, shared by the exports, the chart and
// the summary document, so that every file says the same thing in the same words.

/** How many units ended each way. `extended`: not submitted yet, on an extended deadline not passed. */
export interface OutcomeCounts {
  onTime: number;
  late: number;
  notSubmitted: number;
  exempt: number;
  extended: number;
}

export const OUTCOME_LABELS: Record<keyof OutcomeCounts, string> = {
  onTime: 'Đúng hạn',
  late: 'Trễ hạn',
  notSubmitted: 'Chưa gửi',
  exempt: 'Được miễn',
  extended: 'Đang gia hạn',
};

/** Green, amber, red, grey, blue: readable in greyscale print too (distinct lightness). */
export const OUTCOME_COLORS: Record<keyof OutcomeCounts, string> = {
  onTime: '#2e7d32',
  late: '#f9a825',
  notSubmitted: '#c62828',
  exempt: '#9e9e9e',
  extended: '#1565c0',
};

/** 'Quý I năm 2027', '6 tháng đầu năm 2027', 'năm 2027': as the emails name the report. */
export function periodPhrase(d: { period: string; periodLabel?: string; year: number }): string {
  return reportName(d.period, d.year, d.periodLabel ?? periodLabel(d.period));
}

/** '2027-03-16' → '16/03/2027' (NĐ 30: days and months below 10 are written with a leading 0). */
export function ddmmyyyy(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
