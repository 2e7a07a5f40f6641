import { PERIOD_CATALOGUE } from '../calendar/periods';
import type { Lateness } from './schemas';

// How dates, times, periods and lateness read in Vietnamese messages: one format everywhere
// officials read (dd/mm/yyyy zero-padded, HH:mm, Vietnam time).

const WEEKDAYS = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];
/** Vietnam keeps UTC+7 all year (no daylight saving). */
const VN_OFFSET_MS = 7 * 3_600_000;

const pad = (n: number) => String(n).padStart(2, '0');

function dateParts(isoDate: string): [number, number, number] {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** '2022-03-16' → '16/03/2022'. */
export function formatDate(isoDate: string): string {
  const [y, m, d] = dateParts(isoDate);
  return `${pad(d)}/${pad(m)}/${y}`;
}

/** '2022-03-16' → 'thứ Tư, 16/03/2022'. */
export function formatLongDate(isoDate: string): string {
  const [y, m, d] = dateParts(isoDate);
  return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}, ${formatDate(isoDate)}`;
}

/** An instant (ISO string or epoch ms) as Vietnam's wall clock: '10:05 ngày 15/03/2022'. */
export function formatVnDateTime(instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  const local = new Date(ms + VN_OFFSET_MS);
  const date = `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} ngày ${date}`;
}

/** '3 ngày làm việc'. */
export function workingDays(n: number): string {
  return `${n} ngày làm việc`;
}

/** How late, at the cycle's timescale: '3 ngày làm việc', '2 phút', '1 giờ 15 phút'. */
export function formatLateness(late: Lateness): string {
  if (late.unit === 'workingDays') return workingDays(late.amount);
  const hours = Math.floor(late.amount / 60);
  const minutes = late.amount % 60;
  if (hours === 0) return `${minutes} phút`;
  return minutes === 0 ? `${hours} giờ` : `${hours} giờ ${minutes} phút`;
}

/** 'Quý I' for Q1, '6 tháng đầu năm' for H1, 'Năm' for YEAR (the catalogue's names); another code reads as itself. */
export function periodLabel(period: string): string {
  return PERIOD_CATALOGUE[period]?.name ?? period;
}

/** The report a period asks for: 'Quý I năm 2022', '6 tháng đầu năm 2022', 'năm 2022'. */
export function reportName(period: string, year: number, label = periodLabel(period)): string {
  return periodOf(label, year);
}

/**
 * The period as a report names it: 'Quý I' → 'Quý I năm 2027', '6 tháng đầu năm' → '6 tháng đầu
 * năm 2027', 'Năm' (the yearly report) → 'năm 2027'.
 */
export function periodOf(periodName: string, year: number): string {
  const name = periodName.trim();
  if (/^năm$/i.test(name)) return `năm ${year}`;
  return /\snăm$/i.test(name) ? `${name} ${year}` : `${name} năm ${year}`;
}
