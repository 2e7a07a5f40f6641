import { redactUrl } from '../../config/urls';
import {
  calendarInForceOf,
  loadCalendarInForce,
  readLatestCalendarVersionsAt,
  readCalendarVersions,
  snapshotOfInForce,
  snapshotRangeProblem,
  type CalendarInForce,
  type CalendarNoticeRef,
} from '../../config/calendar-versions';
import {
  CalendarFileError,
  createWorkingCalendar,
  isIsoDate,
  parseCalendarYear,
  SHIPPED_CALENDAR_YEARS,
  type CalendarSnapshot,
  type DataCalendar,
  type IsoDate,
} from '../../domain/calendar';
import type { ServiceContext } from './context';
import { firstLine, invalid, unavailable } from './errors';

// The working-day calendar in force: the shipped data with each year's latest published version on
// top (`cchc calendar publish`), the versions themselves, and snapshots of it for workflows.

/** The calendar in force (database versions over the shipped data). */
export async function calendarInForce(ctx: ServiceContext): Promise<CalendarInForce> {
  const db = await ctx.db();
  try {
    return await loadCalendarInForce(db);
  } catch (err) {
    if (err instanceof CalendarFileError)
      throw unavailable(`lịch nghỉ đã công bố trong cơ sở dữ liệu không hợp lệ: ${err.message}`);
    throw unavailable(`không đọc được lịch nghỉ đã công bố: ${firstLine(err)}`);
  }
}

/** The snapshot of the calendar in force from `from` to `to`, with the version of each year. */
export async function snapshotInForce(
  ctx: ServiceContext,
  range: { from: IsoDate; to: IsoDate },
): Promise<CalendarSnapshot> {
  for (const key of ['from', 'to'] as const)
    if (!isIsoDate(range[key])) throw invalid(key, `ngày phải có dạng YYYY-MM-DD (nhận "${range[key]}")`);
  const problem = snapshotRangeProblem(range);
  if (problem) throw invalid('from', problem);
  return snapshotOfInForce(await calendarInForce(ctx), range);
}

/**
 * The calendar the calendar commands answer with: the one in force, or (when the database cannot
 * be read, or `CCHC_CALENDAR_SOURCE=shipped`) the shipped data; `warning` says when it fell back.
 */
export async function calendarForQueries(
  ctx: ServiceContext,
): Promise<{ calendar: DataCalendar; warning?: string }> {
  if (ctx.config.calendarSource === 'shipped') return { calendar: createWorkingCalendar() };
  const { databaseUrl } = ctx.config;
  let latest;
  try {
    latest = await readLatestCalendarVersionsAt(databaseUrl);
  } catch (err) {
    return {
      calendar: createWorkingCalendar(),
      warning: `dùng lịch nghỉ kèm phần mềm vì không đọc được các bản đã công bố ở ${redactUrl(databaseUrl)}: ${firstLine(err)}`,
    };
  }
  try {
    return { calendar: calendarInForceOf(latest).calendar };
  } catch (err) {
    throw unavailable(`lịch nghỉ đã công bố trong cơ sở dữ liệu không hợp lệ: ${firstLine(err)}`);
  }
}

export interface CalendarVersionSummary {
  year: number;
  /** 0: the data shipped with the code. */
  version: number;
  confirmed: boolean;
  notices: CalendarNoticeRef[];
  /** Null for version 0. */
  publishedBy: string | null;
  publishedAt: Date | null;
  comment: string | null;
  /** The year's version in force (its highest). */
  inForce: boolean;
}

function shippedVersion(raw: unknown): CalendarVersionSummary {
  const y = parseCalendarYear(raw);
  return {
    year: y.year,
    version: 0,
    confirmed: y.confirmed,
    notices: y.notices.map(({ number, date, issuer }) => ({ number, date, issuer })),
    publishedBy: null,
    publishedAt: null,
    comment: null,
    inForce: true,
  };
}

/** Every version of every year (or of `year`): the shipped one (0) and those published, oldest first. */
export async function listCalendarVersions(
  ctx: ServiceContext,
  filter: { year?: number } = {},
): Promise<CalendarVersionSummary[]> {
  const db = await ctx.db();
  const published = await readCalendarVersions(db, filter.year).catch((err: unknown) => {
    throw unavailable(`không đọc được các bản lịch nghỉ: ${firstLine(err)}`);
  });
  const shipped = SHIPPED_CALENDAR_YEARS.filter(
    (raw) => filter.year === undefined || (raw as { year?: number }).year === filter.year,
  ).map(shippedVersion);
  const latest = new Map<number, number>();
  for (const v of published) latest.set(v.year, Math.max(latest.get(v.year) ?? 0, v.version));
  const rows: CalendarVersionSummary[] = [
    ...shipped.map((s) => ({ ...s, inForce: !latest.has(s.year) })),
    ...published.map((v) => ({
      year: v.year,
      version: v.version,
      confirmed: v.confirmed,
      notices: v.notices,
      publishedBy: v.publishedBy,
      publishedAt: v.publishedAt,
      comment: v.comment,
      inForce: latest.get(v.year) === v.version,
    })),
  ];
  return rows.sort((a, b) => a.year - b.year || a.version - b.version);
}
