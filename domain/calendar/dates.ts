/**
 * A calendar date in Vietnam, `YYYY-MM-DD`. Plain strings keep workflow inputs, histories and
 * JSON readable; validate external input with `isoDateSchema` (./date-schemas) or `isIsoDate`.
 */
export type IsoDate = string;

/** Vietnam is UTC+7 all year (no daylight saving), so a fixed offset is exact. */
export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** True for a real calendar date written `YYYY-MM-DD` (so `2022-02-30` and `2022-2-3` are false). */
export function isIsoDate(value: string): boolean {
  return partsOf(value) !== undefined;
}

function partsOf(value: string): DateParts | undefined {
  const m = ISO_DATE_RE.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
    ? { year, month, day }
    : undefined;
}

export function dateParts(date: IsoDate): DateParts {
  const parts = partsOf(date);
  if (!parts) throw new Error(`invalid date "${date}" (expected YYYY-MM-DD)`);
  return parts;
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isIsoDate(date)) throw new Error(`invalid date ${year}-${month}-${day}`);
  return date;
}

export function yearOf(date: IsoDate): number {
  return dateParts(date).year;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return MONTH_DAYS[month - 1] ?? new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// Day numbers by integer arithmetic on the proleptic Gregorian calendar (H. Hinnant's
// days_from_civil / civil_from_days), not through Date objects: inside a workflow, Date is the
// SDK's replay-safe wrapper, and these run thousands of times per plan.

/** Days since 1970-01-01: the unit for all date arithmetic here. */
export function dayNumber(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function fromDayNumber(n: number): IsoDate {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(n * DAY_MS).toISOString().slice(0, 10);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** The month `months` months after `year`/`month` (negative: before). */
export function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return weekdayOfDayNumber(dayNumber(date));
}

/** 0 = Sunday … 6 = Saturday, of day number `day` (see `dayNumber`). */
function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(date: IsoDate): boolean {
  return isWeekendDayNumber(dayNumber(date));
}

/** Whether day number `day` (see `dayNumber`) is a Saturday or a Sunday. */
export function isWeekendDayNumber(day: number): boolean {
  const d = weekdayOfDayNumber(day);
  return d === 0 || d === 6;
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The Vietnam calendar date of an instant. */
export function vnDateOf(instantMs: number): IsoDate {
  if (!Number.isFinite(instantMs)) throw new RangeError('Invalid time value');
  return fromDayNumber(Math.floor((instantMs + VN_OFFSET_MS) / DAY_MS));
}

/** Minutes since local midnight in Vietnam. */
export function vnMinuteOfDay(instantMs: number): number {
  const local = (((instantMs + VN_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(local / 60_000);
}

export function parseTimeOfDay(time: string): number {
  const m = TIME_RE.exec(time);
  if (!m) throw new Error(`invalid time "${time}" (expected HH:MM)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Epoch ms of `time` (`HH:MM`) on `date` in Vietnam. */
export function vnInstant(date: IsoDate, time = '00:00'): number {
  return dayNumber(date) * DAY_MS + parseTimeOfDay(time) * 60_000 - VN_OFFSET_MS;
}

/** Last millisecond of `date` in Vietnam: a deadline day ends at 24:00, so anything at or before this is on time. */
export function endOfDayInstant(date: IsoDate): number {
  return vnInstant(addDays(date, 1)) - 1;
}

/** `2022-03-16T23:59:59+07:00`: the due instant as officials and JSON consumers read it. */
export function formatDueAt(date: IsoDate): string {
  dateParts(date);
  return `${date}T23:59:59+07:00`;
}

/** An instant as ISO 8601 with Vietnam's offset, e.g. `2022-03-16T08:00:00+07:00`. */
export function formatVnInstant(instantMs: number): string {
  return `${new Date(instantMs + VN_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/** `16/3/2022`: the way dates are written in Vietnamese messages. */
export function formatVnDate(date: IsoDate): string {
  const { year, month, day } = dateParts(date);
  return `${day}/${month}/${year}`;
}

/** `16/03/2022`: fixed width, for tables. */
export function formatVnDatePadded(date: IsoDate): string {
  const { year, month, day } = dateParts(date);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/** `16/03/2027 08:00`: an instant as officials read it, in Vietnam time. */
export function vnDateTime(instantMs: number): string {
  const m = vnMinuteOfDay(instantMs);
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  return `${formatVnDatePadded(vnDateOf(instantMs))} ${hh}:${String(m % 60).padStart(2, '0')}`;
}

const WEEKDAYS_VI = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

export function weekdayVi(date: IsoDate): string {
  return WEEKDAYS_VI[weekday(date)]!;
}
