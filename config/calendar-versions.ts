import {
  CALENDAR_YEARS,
  createWorkingCalendar,
  SHIPPED_CALENDAR_YEARS,
  snapshotOf,
  type CalendarSnapshot,
  type CalendarYear,
  type DataCalendar,
  type IsoDate,
} from '../domain/calendar';
import pg from 'pg';
import type { Db } from './connections';

// The published calendar versions (table CalendarVersion), read in one place for the worker's
// activity (a workflow's snapshot when it starts) and the client's services (the calendar commands,
// publishing): both see the same version of each year. Version 0 of a year is the data shipped
// with the code; a year's highest version is the one in force.

/** A notice as listed beside a version (the data holds the whole notice). */
export type CalendarNoticeRef = Pick<CalendarYear['notices'][number], 'number' | 'date' | 'issuer'>;

/** One published version of a year; `data` as stored (a calendar parses it when built). */
export interface CalendarVersionRecord {
  year: number;
  version: number;
  data: unknown;
  confirmed: boolean;
  notices: CalendarNoticeRef[];
  publishedBy: string;
  publishedAt: Date;
  comment: string | null;
}

type Row = Awaited<ReturnType<Db['calendarVersion']['findMany']>>[number];

function record(row: Row): CalendarVersionRecord {
  return {
    year: row.year,
    version: row.version,
    data: row.data,
    confirmed: row.confirmed,
    notices: Array.isArray(row.notices)
      ? row.notices.map((n) => {
          const { number, date, issuer } = (n ?? {}) as Partial<CalendarNoticeRef>;
          return { number: String(number ?? ''), date: String(date ?? ''), issuer: String(issuer ?? '') };
        })
      : [],
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt,
    comment: row.comment,
  };
}

/** Every published version (of one year, or all), by year then version. */
export async function readCalendarVersions(db: Db, year?: number): Promise<CalendarVersionRecord[]> {
  const rows = await db.calendarVersion.findMany({
    where: year === undefined ? {} : { year },
    orderBy: [{ year: 'asc' }, { version: 'asc' }],
  });
  return rows.map(record);
}

/** A year's version in force: its highest. The one query both readers below run. */
export const LATEST_VERSIONS_SQL =
  'SELECT DISTINCT ON ("year") "year", "version", "data" FROM "CalendarVersion" ORDER BY "year", "version" DESC';

export type LatestVersion = Pick<CalendarVersionRecord, 'year' | 'version' | 'data'>;

/** The highest version of each year that has one, by year (worker and services, through Prisma). */
export async function readLatestCalendarVersions(db: Db): Promise<LatestVersion[]> {
  return db.$queryRawUnsafe<LatestVersion[]>(LATEST_VERSIONS_SQL);
}

/**
 * The same, on a plain connection opened for it: for the calendar commands, which would otherwise
 * wait for Prisma's query engine to start for one query. Fails with the database's own reason.
 */
export async function readLatestCalendarVersionsAt(databaseUrl: string): Promise<LatestVersion[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return (await client.query<LatestVersion>(LATEST_VERSIONS_SQL)).rows;
  } catch (err) {
    const e = err as { message?: string; code?: string };
    throw new Error(e.message || e.code || String(err));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The working-day calendar in force and the version each of its years comes from. */
export interface CalendarInForce {
  calendar: DataCalendar;
  /** The version in force of a year: its latest published one, else 0 (shipped data or lunar proposal). */
  versionOf(year: number): number;
  /** The data in force of each year that has data (published, else shipped), by year. */
  years: ReadonlyMap<number, unknown>;
}

/**
 * The calendar made of the shipped data with each year replaced by its latest published version
 * (`latest`), and `override` (a year about to be published) on top of both.
 */
export function calendarInForceOf(
  latest: readonly LatestVersion[],
  override?: { year: number; version: number; data: unknown },
): CalendarInForce {
  const years = new Map<number, unknown>();
  for (const raw of SHIPPED_CALENDAR_YEARS) years.set((raw as { year: number }).year, raw);
  const versions = new Map<number, number>();
  for (const v of [...latest, ...(override ? [override] : [])]) {
    years.set(v.year, v.data);
    versions.set(v.year, v.version);
  }
  const sorted = new Map([...years.entries()].sort(([a], [b]) => a - b));
  return {
    calendar: createWorkingCalendar({ years: [...sorted.values()] }),
    versionOf: (year) => versions.get(year) ?? 0,
    years: sorted,
  };
}

/** The calendar in force now, read from the database. */
export async function loadCalendarInForce(db: Db): Promise<CalendarInForce> {
  return calendarInForceOf(await readLatestCalendarVersions(db));
}

/** The widest range a snapshot may cover: it is carried in histories and signals. */
export const MAX_SNAPSHOT_YEARS = 5;

/** `from`–`to` with `from` not before the first calendar year, or the reason it cannot be a snapshot's range. */
export function snapshotRangeProblem(range: { from: IsoDate; to: IsoDate }): string | undefined {
  if (range.from > range.to) return `from (${range.from}) phải không sau to (${range.to})`;
  const [first, last] = [Number(range.from.slice(0, 4)), Number(range.to.slice(0, 4))];
  if (first < CALENDAR_YEARS.first || last > CALENDAR_YEARS.last)
    return `lịch nghỉ chỉ có cho các năm ${CALENDAR_YEARS.first}–${CALENDAR_YEARS.last}`;
  if (last - first + 1 > MAX_SNAPSHOT_YEARS) return `tối đa ${MAX_SNAPSHOT_YEARS} năm`;
  return undefined;
}

/** The snapshot of `inForce` over `range`, with the real version of each year. */
export function snapshotOfInForce(
  inForce: CalendarInForce,
  range: { from: IsoDate; to: IsoDate },
): CalendarSnapshot {
  return snapshotOf(inForce.calendar, range, inForce.versionOf);
}

/** The snapshot of the calendar in force now over `range` (what a workflow starts with). */
export async function loadSnapshotInForce(
  db: Db,
  range: { from: IsoDate; to: IsoDate },
): Promise<CalendarSnapshot> {
  return snapshotOfInForce(await loadCalendarInForce(db), range);
}

/**
 * The range of the snapshot a workflow of `year` holds (a cycle's or a plan's year): from 1 January of
 * the year before to 31 December of the year after, within the calendar years.
 */
export function workflowSnapshotRange(year: number): { from: IsoDate; to: IsoDate } {
  const first = Math.max(CALENDAR_YEARS.first, year - 1);
  const last = Math.min(CALENDAR_YEARS.last, year + 1);
  return { from: `${first}-01-01`, to: `${last}-12-31` };
}
