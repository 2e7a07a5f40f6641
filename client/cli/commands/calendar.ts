import type { Command } from 'commander';
import { z } from 'zod';
import {
  CalendarDataError,
  computeYearCalendar,
  formatDueAt,
  formatVnDatePadded,
  isoDateSchema,
  weekdayVi,
  type CycleDates,
  type DayInfo,
  type IsoDate,
  type DataCalendar,
  type WorkingCalendar,
} from '../../../domain/calendar';
import type { ServiceContext } from '../../services/context';
import { CliError } from '../errors';
import { formatTable, print, printJson } from '../output';
import { loadPolicy, parseOptions, yearOption } from '../options';
import { calendarForCommand, registerCalendarPublishCommands } from './calendar-publish';

// `cchc calendar …`: computations from domain/calendar on the calendar in force (publish, versions: ./calendar-publish.ts).

const STATUS_VI = {
  confirmed: 'đã xác nhận',
  proposed: 'chưa xác nhận',
  missing: 'không có dữ liệu',
} as const;

const daysOption = z
  .string()
  .trim()
  .regex(/^[+-]?\d+$/, 'số ngày phải là số nguyên (vd. 2 hoặc -3)')
  .transform(Number)
  .pipe(z.number().min(-3660, 'nhỏ nhất là -3660').max(3660, 'lớn nhất là 3660'));

/** Runs `fn`; a year without calendar data or an inconsistent policy becomes a one-line CLI error. */
function calendarErrors<T>(fn: () => T, flag?: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CalendarDataError) throw new CliError(flag ? `${flag}: ${err.message}` : err.message);
    if (err instanceof Error && !(err instanceof CliError)) throw new CliError(err.message);
    throw err;
  }
}

function printWarnings(calendar: WorkingCalendar): void {
  for (const warning of calendar.warnings) process.stderr.write(`Cảnh báo: ${warning}\n`);
}

/** `Thứ Tư 16/03/2022`. */
function dayVi(date: IsoDate): string {
  return `${weekdayVi(date)} ${formatVnDatePadded(date)}`;
}

/** What kind of day off it is: `Chủ nhật`, or `ngày nghỉ Tết Nguyên đán`. */
function dayOffVi(info: DayInfo): string {
  return info.reason === 'weekend' ? weekdayVi(info.date) : `ngày nghỉ ${info.reason ?? ''}`;
}

function printYearTable(
  year: number,
  cycles: CycleDates[],
  calendar: DataCalendar,
  policyLabel: string,
): void {
  const notes: string[] = [];
  const due = (date: IsoDate, ruleDate: IsoDate) => {
    if (date === ruleDate) return dayVi(date);
    notes.push(
      `${formatVnDatePadded(ruleDate)} là ${dayOffVi(calendar.dayInfo(ruleDate))}: hạn dời sang ngày làm việc kế tiếp, ${dayVi(date)}.`,
    );
    return `${dayVi(date)} (*${notes.length})`;
  };
  print(
    `Lịch báo cáo CCHC năm ${year} (chính sách: ${policyLabel}; lịch nghỉ năm ${year}: ${STATUS_VI[calendar.calendarStatus(year)]})`,
  );
  print('');
  print(
    formatTable(cycles, [
      { header: 'Kỳ', value: (c) => `${c.periodName} (${c.period})` },
      { header: 'Số liệu từ', value: (c) => formatVnDatePadded(c.windowStart) },
      { header: 'Chốt số liệu', value: (c) => formatVnDatePadded(c.cutoff) },
      { header: 'Mở kỳ', value: (c) => formatVnDatePadded(c.opensOn) },
      { header: 'Hạn đơn vị gửi Sở Nội vụ', value: (c) => due(c.agencyDueDate, c.agencyDueRuleDate) },
      { header: 'SNV tổng hợp', value: (c) => formatVnDatePadded(c.consolidationDate) },
      { header: 'Hạn tỉnh gửi Bộ Nội vụ', value: (c) => due(c.provinceDueDate, c.provinceDueRuleDate) },
    ]),
  );
  print('');
  notes.forEach((note, i) => print(`(*${i + 1}) ${note}`));
  print('Hạn nộp tính đến hết 24:00 ngày hạn, giờ Việt Nam (UTC+7).');
}

export function registerCalendarCommands(program: Command, ctx: ServiceContext): void {
  const calendar = program
    .command('calendar')
    .description('Lịch báo cáo: kỳ báo cáo, ngày chốt số liệu, hạn nộp, ngày làm việc và ngày nghỉ lễ');

  calendar
    .command('show')
    .description('Các kỳ báo cáo của một năm: khoảng số liệu, ngày chốt, hạn của đơn vị và hạn của tỉnh')
    .requiredOption('--year <năm>', 'năm báo cáo, vd. 2022')
    .option('--policy <tệp>', 'tệp chính sách (.yaml, .yml, .json); mặc định: chính sách chuẩn')
    .option('--json', 'in dạng JSON')
    .action(async (opts: { year: string; policy?: string; json?: boolean }) => {
      const { year } = parseOptions(z.object({ year: yearOption }), { year: opts.year });
      const policy = loadPolicy(opts.policy);
      const cal = await calendarForCommand(ctx);
      calendarErrors(() => cal.holidaysOf(year), '--year');
      const cycles = calendarErrors(() => computeYearCalendar(year, policy, cal));
      printWarnings(cal);
      if (opts.json) {
        printJson(
          cycles.map((c) => ({
            period: c.period,
            windowStart: c.windowStart,
            cutoff: c.cutoff,
            agencyDueAt: formatDueAt(c.agencyDueDate),
            provinceDueAt: formatDueAt(c.provinceDueDate),
          })),
        );
        return;
      }
      printYearTable(year, cycles, cal, opts.policy ?? 'mặc định');
    });

  calendar
    .command('check')
    .description('Một ngày có phải ngày làm việc không, vì sao, và ngày làm việc kế tiếp')
    .requiredOption('--date <YYYY-MM-DD>', 'ngày cần xem, vd. 2022-01-31')
    .option('--json', 'in dạng JSON')
    .action(async (opts: { date: string; json?: boolean }) => {
      const { date } = parseOptions(z.object({ date: isoDateSchema }), { date: opts.date });
      const cal = await calendarForCommand(ctx);
      const info = calendarErrors(() => cal.dayInfo(date), '--date');
      const next = calendarErrors(() => cal.nextWorkingDay(date));
      printWarnings(cal);
      if (opts.json) {
        printJson({
          date: info.date,
          isWorkingDay: info.isWorkingDay,
          reason: info.reason,
          nextWorkingDay: next,
        });
        return;
      }
      const what = info.isWorkingDay
        ? `ngày làm việc${info.note ? ` (${info.note})` : ''}`
        : info.reason === 'weekend'
          ? 'ngày nghỉ cuối tuần'
          : `ngày nghỉ — ${info.reason}`;
      print(`${dayVi(date)}: ${what}.`);
      print(`Ngày làm việc kế tiếp: ${dayVi(next)}.`);
    });

  calendar
    .command('add-working-days')
    .description('Cộng (hoặc trừ, nếu âm) một số ngày làm việc vào một ngày')
    .requiredOption('--date <YYYY-MM-DD>', 'ngày bắt đầu, vd. 2022-03-14')
    .requiredOption(
      '--days <số>',
      'số ngày làm việc, có thể âm (vd. 2 hoặc -3); 0: chính ngày đó nếu là ngày làm việc, nếu không thì ngày làm việc kế tiếp',
    )
    .option('--json', 'in dạng JSON')
    .action(async (opts: { date: string; days: string; json?: boolean }) => {
      const { date, days } = parseOptions(z.object({ date: isoDateSchema, days: daysOption }), {
        date: opts.date,
        days: opts.days,
      });
      const cal = await calendarForCommand(ctx);
      calendarErrors(() => cal.dayInfo(date), '--date');
      const result = calendarErrors(() => cal.addWorkingDays(date, days));
      printWarnings(cal);
      if (opts.json) {
        printJson({ result });
        return;
      }
      const relation =
        days !== 0
          ? `${Math.abs(days)} ngày làm việc ${days > 0 ? 'sau' : 'trước'} ${dayVi(date)}`
          : result === date
            ? 'chính ngày đó, là ngày làm việc'
            : `ngày làm việc kế tiếp của ${dayVi(date)}`;
      print(`${dayVi(result)} (${relation}).`);
    });

  registerCalendarPublishCommands(calendar, ctx);
}
