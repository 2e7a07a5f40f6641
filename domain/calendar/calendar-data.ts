import { z } from 'zod';
import {
  addDays,
  compareDates,
  formatVnDate,
  isoDate,
  isWeekend,
  weekdayVi,
  yearOf,
  type IsoDate,
} from './dates';
import { isoDateSchema } from './date-schemas';
import { HOLIDAY_NAMES } from './holidays';
import { hungKingsDay, lunarNewYear } from './lunar';
import { formatZodIssues } from '../zod-format';

// One year of days off for civil servants, as published data: the runs of days off, the weekend
// days worked in exchange (hoán đổi), the notices they come from and whether the year is confirmed.
// Shipped as JSON files (./data/<year>.json); the same shape is what an official publishes.
// Facts and rules: docs/domain.md, "Working days and holidays".

/** Years a calendar can be given or proposed for: Bộ luật Lao động 2019 (in force 2021) to 2099. */
export const CALENDAR_YEARS = { first: 2021, last: 2099 } as const;

/** An entry that follows Bộ luật Lao động 2019, Điều 112 directly (fixed-date holidays, nghỉ bù). */
export const BASIS_LAW = 'law';
/** An entry proposed from the lunar calendar, for a year whose notices are not out yet. */
export const BASIS_PROPOSAL = 'proposal';

const text = (max: number) => z.string().trim().min(2, 'quá ngắn').max(max, `dài quá ${max} ký tự`);

const sourceSchema = z
  .object({
    publisher: text(200),
    published: isoDateSchema.optional(),
    url: z.url({ protocol: /^https?$/, error: 'phải là địa chỉ http(s)' }).max(500),
  })
  .strict();

const noticeSchema = z
  .object({
    /** As written on the document, e.g. `9441/TB-BNV`. */
    number: text(60),
    date: isoDateSchema,
    issuer: text(200),
    subject: text(500),
    sources: z.array(sourceSchema).min(1, 'cần ít nhất một nguồn').max(20),
  })
  .strict();

const basisSchema = z.string().trim().min(1, 'thiếu căn cứ').max(60);

const dayOffSchema = z
  .object({
    from: isoDateSchema,
    /** Last day of the run, inclusive; absent for a single day. */
    to: isoDateSchema.optional(),
    name: text(200),
    /** holiday: the holiday or announced break (weekends included); makeUp: nghỉ bù; swap: nghỉ hoán đổi. */
    kind: z.enum(['holiday', 'makeUp', 'swap']),
    /** For a swap: the weekend day worked in exchange. */
    workedOn: isoDateSchema.optional(),
    /** A notice number from `notices`, `law` or `proposal`. */
    basis: basisSchema,
    sources: z.array(sourceSchema).max(20).optional(),
  })
  .strict();

const workingDaySchema = z
  .object({
    date: isoDateSchema,
    name: text(200),
    /** The weekday off it pays for (a `swap` in `daysOff`, this year or the next/previous one). */
    replaces: isoDateSchema,
    basis: basisSchema,
    sources: z.array(sourceSchema).max(20).optional(),
  })
  .strict();

const yearMessage = `năm phải từ ${CALENDAR_YEARS.first} đến ${CALENDAR_YEARS.last}`;

const calendarYearShape = z
  .object({
    year: z
      .number(yearMessage)
      .int(yearMessage)
      .min(CALENDAR_YEARS.first, yearMessage)
      .max(CALENDAR_YEARS.last, yearMessage),
    /** True only when every entry rests on the year's notices or on the law itself. */
    confirmed: z.boolean(),
    /** For an unconfirmed year: what is still awaited (shown in the warning). */
    pending: text(500).optional(),
    notices: z.array(noticeSchema).max(20),
    daysOff: z.array(dayOffSchema).min(1, 'cần ít nhất một ngày nghỉ').max(60),
    workingDays: z.array(workingDaySchema).max(20).default([]),
  })
  .strict();

// The checks across fields run once every field is well formed (so each date they see is real).
export const calendarYearSchema = calendarYearShape.superRefine(checkYear, {
  when: (payload) => payload.issues.length === 0,
});

export type CalendarYearInput = z.input<typeof calendarYearSchema>;
export type CalendarYear = z.output<typeof calendarYearSchema>;
export type CalendarDayOff = CalendarYear['daysOff'][number];

/** Bad calendar data; `issues` name each field (`daysOff[2].from: …`). */
export class CalendarFileError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('; '));
    this.name = 'CalendarFileError';
  }
}

type Ctx = z.RefinementCtx;
const issue = (ctx: Ctx, path: (string | number)[], message: string) =>
  ctx.addIssue({ code: 'custom', path, message });

/** Every date from `from` to `to` inclusive. */
export function datesOf(entry: { from: IsoDate; to?: IsoDate }): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = entry.from; compareDates(d, entry.to ?? entry.from) <= 0; d = addDays(d, 1)) days.push(d);
  return days;
}

const dayVi = (d: IsoDate) => `${weekdayVi(d)} ${formatVnDate(d)}`;

function checkYear(data: z.output<typeof calendarYearShape>, ctx: Ctx): void {
  const { year } = data;
  const numbers = new Map<string, number>();
  data.notices.forEach((n, i) => {
    if (numbers.has(n.number))
      issue(ctx, ['notices', i, 'number'], `trùng số văn bản với notices[${numbers.get(n.number)}]`);
    else numbers.set(n.number, i);
  });
  const checkBasis = (basis: string, path: (string | number)[]) => {
    if (basis === BASIS_PROPOSAL) {
      if (data.confirmed) issue(ctx, path, 'năm đã xác nhận không được có ngày chỉ là đề xuất');
    } else if (basis !== BASIS_LAW && !numbers.has(basis))
      issue(
        ctx,
        path,
        `không có văn bản "${basis}" trong notices (ghi "${BASIS_LAW}" nếu theo Bộ luật Lao động, "${BASIS_PROPOSAL}" nếu là đề xuất)`,
      );
  };
  const inYear = (d: IsoDate, path: (string | number)[]) => {
    if (yearOf(d) === year) return true;
    issue(ctx, path, `ngày ${formatVnDate(d)} không thuộc năm ${year}`);
    return false;
  };
  const nearYear = (d: IsoDate, path: (string | number)[]) => {
    if (Math.abs(yearOf(d) - year) <= 1) return true;
    issue(ctx, path, `ngày ${formatVnDate(d)} phải thuộc năm ${year} hoặc năm liền kề`);
    return false;
  };

  const offBy = new Map<IsoDate, number>();
  data.daysOff.forEach((entry, i) => {
    const at = (field: string) => ['daysOff', i, field];
    if (!inYear(entry.from, at('from'))) return;
    if (entry.to !== undefined && (compareDates(entry.to, entry.from) < 0 || yearOf(entry.to) !== year)) {
      issue(ctx, at('to'), `phải từ ${formatVnDate(entry.from)} đến hết năm ${year}`);
      return;
    }
    checkBasis(entry.basis, at('basis'));
    const days = datesOf(entry);
    if (entry.kind !== 'holiday') {
      const weekend = days.find(isWeekend);
      if (weekend !== undefined)
        issue(
          ctx,
          at(weekend === entry.from ? 'from' : 'to'),
          `ngày ${entry.kind === 'swap' ? 'nghỉ hoán đổi' : 'nghỉ bù'} phải là ngày làm việc (Thứ Hai–Thứ Sáu): ${dayVi(weekend)} vốn là ngày nghỉ hằng tuần`,
        );
    }
    if (entry.kind === 'swap') {
      if (days.length > 1) issue(ctx, at('to'), 'ngày nghỉ hoán đổi ghi từng ngày một (bỏ "to")');
      if (entry.workedOn === undefined) issue(ctx, at('workedOn'), 'ngày nghỉ hoán đổi phải ghi ngày làm bù');
      else nearYear(entry.workedOn, at('workedOn'));
    } else if (entry.workedOn !== undefined)
      issue(ctx, at('workedOn'), 'chỉ ngày nghỉ hoán đổi (kind "swap") mới có ngày làm bù');
    for (const d of days) {
      const other = offBy.get(d);
      if (other !== undefined)
        issue(
          ctx,
          at(d === entry.from ? 'from' : 'to'),
          `ngày ${formatVnDate(d)} đã có trong daysOff[${other}]`,
        );
      else offBy.set(d, i);
    }
  });

  const workBy = new Map<IsoDate, number>();
  data.workingDays.forEach((w, j) => {
    const at = (field: string) => ['workingDays', j, field];
    if (!inYear(w.date, at('date'))) return;
    checkBasis(w.basis, at('basis'));
    const off = offBy.get(w.date);
    if (off !== undefined)
      issue(
        ctx,
        at('date'),
        `ngày ${formatVnDate(w.date)} vừa là ngày nghỉ (daysOff[${off}]) vừa là ngày làm việc`,
      );
    else if (!isWeekend(w.date))
      issue(
        ctx,
        at('date'),
        `ngày làm bù phải là Thứ Bảy hoặc Chủ nhật (${dayVi(w.date)} vốn là ngày làm việc)`,
      );
    if (workBy.has(w.date))
      issue(ctx, at('date'), `ngày ${formatVnDate(w.date)} đã có trong workingDays[${workBy.get(w.date)}]`);
    else workBy.set(w.date, j);
    if (!nearYear(w.replaces, at('replaces')) || yearOf(w.replaces) !== year) return;
    const swap = data.daysOff[offBy.get(w.replaces) ?? -1];
    if (swap?.kind !== 'swap' || swap.workedOn !== w.date)
      issue(
        ctx,
        at('replaces'),
        `ngày ${formatVnDate(w.replaces)} không phải ngày nghỉ hoán đổi lấy ngày ${formatVnDate(w.date)} trong daysOff`,
      );
  });
  data.daysOff.forEach((entry, i) => {
    if (entry.kind !== 'swap' || entry.workedOn === undefined || yearOf(entry.workedOn) !== year) return;
    if (data.workingDays[workBy.get(entry.workedOn) ?? -1]?.replaces !== entry.from)
      issue(
        ctx,
        ['daysOff', i, 'workedOn'],
        `không có ngày làm bù ${formatVnDate(entry.workedOn)} cho ngày ${formatVnDate(entry.from)} trong workingDays`,
      );
  });

  // Bộ luật Lao động 2019, Điều 112: these are days off every year, whatever the notices say.
  const tet = lunarNewYear(year);
  const statutory: [IsoDate, string][] = [
    [isoDate(year, 1, 1), HOLIDAY_NAMES.newYear],
    [tet, `${HOLIDAY_NAMES.tet} (mùng 1)`],
    [addDays(tet, 1), `${HOLIDAY_NAMES.tet} (mùng 2)`],
    [addDays(tet, 2), `${HOLIDAY_NAMES.tet} (mùng 3)`],
    [hungKingsDay(year), HOLIDAY_NAMES.hungKings],
    [isoDate(year, 4, 30), HOLIDAY_NAMES.reunification],
    [isoDate(year, 5, 1), HOLIDAY_NAMES.labourDay],
    [isoDate(year, 9, 2), HOLIDAY_NAMES.nationalDay],
  ];
  for (const [d, name] of statutory)
    if (!offBy.has(d))
      issue(
        ctx,
        ['daysOff'],
        `thiếu ngày lễ ${name} (${formatVnDate(d)}) theo Điều 112 Bộ luật Lao động 2019`,
      );

  if (data.confirmed) {
    if (data.pending !== undefined)
      issue(ctx, ['pending'], 'năm đã xác nhận thì không còn gì chờ (bỏ "pending")');
    // Tết and the day next to 2/9 are picked by the Prime Minister each year: a notice must say so.
    for (const [d, name] of [statutory[1]!, statutory[7]!]) {
      const i = offBy.get(d);
      const entry = i === undefined ? undefined : data.daysOff[i];
      if (entry && (entry.basis === BASIS_LAW || entry.basis === BASIS_PROPOSAL))
        issue(
          ctx,
          ['daysOff', i!, 'basis'],
          `ngày nghỉ ${name} do Thủ tướng quyết định hằng năm: phải dẫn văn bản trong notices`,
        );
    }
  } else if (data.pending === undefined)
    issue(ctx, ['pending'], 'năm chưa xác nhận phải ghi còn chờ văn bản nào');
}

/** Parses one year's data or throws `CalendarFileError` naming every bad field. */
export function parseCalendarYear(raw: unknown): CalendarYear {
  const parsed = calendarYearSchema.safeParse(raw);
  if (!parsed.success) throw new CalendarFileError(formatZodIssues(parsed.error));
  return parsed.data;
}
