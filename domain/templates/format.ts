// How codes, dates and numbers read in Vietnamese messages.

const PERIOD_LABELS: Record<string, string> = {
  Q1: 'Quý I',
  H1: '6 tháng đầu năm',
  Q2: 'Quý II',
  Q3: 'Quý III',
  M9: '9 tháng',
  Q4: 'Quý IV',
  YEAR: 'năm',
};

/** 'Quý I' for Q1, '6 tháng đầu năm' for H1, 'năm' for YEAR; a configured kind reads as its code. */
export function periodLabel(period: string): string {
  return PERIOD_LABELS[period] ?? period;
}

/** The report a period asks for, as an official names it: 'Quý I năm 2022', '6 tháng đầu năm 2022', 'năm 2022'. */
export function reportName(period: string, year: number, label = periodLabel(period)): string {
  return /(^|\s)năm$/.test(label) ? `${label} ${year}` : `${label} năm ${year}`;
}

const WEEKDAYS = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];

function dateParts(isoDate: string): [number, number, number] {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** '2022-03-16' → '16/3/2022', the way dates are written in Vietnamese documents. */
export function formatDate(isoDate: string): string {
  const [y, m, d] = dateParts(isoDate);
  return `${d}/${m}/${y}`;
}

/** '2022-03-16' → 'thứ Tư, 16/3/2022'. */
export function formatLongDate(isoDate: string): string {
  const [y, m, d] = dateParts(isoDate);
  return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}, ${d}/${m}/${y}`;
}

/** An instant as Vietnam's wall clock (UTC+7, no daylight saving): '10:05 ngày 15/3/2022'. */
export function formatVnDateTime(iso: string): string {
  const local = new Date(Date.parse(iso) + 7 * 3_600_000);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return `${hh}:${mm} ngày ${local.getUTCDate()}/${local.getUTCMonth() + 1}/${local.getUTCFullYear()}`;
}

/** '3 ngày làm việc'. */
export function workingDays(n: number): string {
  return `${n} ngày làm việc`;
}
