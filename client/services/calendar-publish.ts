import { WorkflowNotFoundError } from '@temporalio/client';
import {
  calendarInForceOf,
  readLatestCalendarVersions,
  snapshotOfInForce,
  workflowSnapshotRange,
  type CalendarInForce,
} from '../../config/calendar-versions';
import {
  calendarChanges,
  CalendarFileError,
  crossYearIssues,
  parseCalendarYear,
  snapshotOf,
  type CalendarChanges,
  type CalendarYear,
} from '../../domain/calendar';
import { calendarChangedSignal } from '../../workflows/kit/messages';
import { CalendarFileReadError, readCalendarFile, type CalendarFile } from '../files/calendar-file';
import { workflowImpact, type WorkflowImpact } from './calendar-impact';
import type { ServiceContext } from './context';
import { conflict, firstLine, ServiceError, unavailable } from './errors';

// `cchc calendar publish`: a year's file checked against the version in force, what it changes
// (days, and the running workflows whose future steps move), then stored as the year's next version
// and told to the affected workflows by `calendarChangedSignal`.

export interface PublishPreview {
  file: string;
  year: number;
  data: CalendarYear;
  /** The version in force (0: the shipped data, or the lunar proposal for a year without data). */
  currentVersion: number;
  nextVersion: number;
  changes: CalendarChanges;
  /** Changes that move no day: confirmation, notices, what is still awaited. */
  otherChanges: string[];
  impact: WorkflowImpact;
  /** The calendar once this version is in force. */
  after: CalendarInForce;
}

const refused = 'không công bố gì';

function fileIssues(file: CalendarFile, issues: string[]): ServiceError {
  const line = (placed: string) => Number(/^[^:]*:(\d+):/.exec(placed)?.[1] ?? 0);
  const placed = issues.map((i) => file.place(i)).sort((a, b) => line(a) - line(b));
  if (placed.length === 1) return new ServiceError('invalid', `${placed[0]} (${refused})`);
  return new ServiceError('invalid', `${placed.length} lỗi trong ${file.file}; ${refused}`, {
    details: placed,
  });
}

function parseFile(path: string): { file: CalendarFile; data: CalendarYear } {
  let file: CalendarFile;
  try {
    file = readCalendarFile(path);
  } catch (err) {
    if (err instanceof CalendarFileReadError)
      throw new ServiceError('invalid', `${err.message} (${refused})`);
    throw err;
  }
  try {
    return { file, data: parseCalendarYear(file.raw) };
  } catch (err) {
    if (err instanceof CalendarFileError) throw fileIssues(file, err.issues);
    throw err;
  }
}

function otherChanges(before: CalendarYear | undefined, after: CalendarYear): string[] {
  const lines: string[] = [];
  const status = (y?: CalendarYear) =>
    !y ? 'đề xuất từ âm lịch' : y.confirmed ? 'đã xác nhận' : 'chưa xác nhận';
  if (status(before) !== status(after)) lines.push(`trạng thái: ${status(before)} → ${status(after)}`);
  const numbers = (y?: CalendarYear) => new Set(y?.notices.map((n) => n.number) ?? []);
  const [was, now] = [numbers(before), numbers(after)];
  const added = [...now].filter((n) => !was.has(n));
  const removed = [...was].filter((n) => !now.has(n));
  if (added.length > 0) lines.push(`văn bản thêm: ${added.join(', ')}`);
  if (removed.length > 0) lines.push(`văn bản bỏ: ${removed.join(', ')}`);
  if ((before?.pending ?? '') !== (after.pending ?? ''))
    lines.push(after.pending ? `còn chờ: ${after.pending}` : 'không còn chờ văn bản nào');
  return lines;
}

/** Checks a year's file against the calendar in force and says what publishing it would change. */
export async function previewCalendarPublish(
  ctx: ServiceContext,
  path: string,
  opts: { now?: number } = {},
): Promise<PublishPreview> {
  const { file, data } = parseFile(path);
  const { year } = data;
  const db = await ctx.db();
  const latest = await readLatestCalendarVersions(db).catch((err: unknown) => {
    throw unavailable(`không đọc được các bản lịch nghỉ: ${firstLine(err)}`);
  });
  let before: CalendarInForce;
  try {
    before = calendarInForceOf(latest);
  } catch (err) {
    if (!(err instanceof CalendarFileError)) throw err;
    throw unavailable(`lịch nghỉ đã công bố trong cơ sở dữ liệu không hợp lệ: ${err.message} (${refused})`);
  }
  const currentVersion = before.versionOf(year);
  const parsedInForce = (y: number): CalendarYear | undefined => {
    const raw = before.years.get(y);
    return raw === undefined ? undefined : parseCalendarYear(raw);
  };
  const current = parsedInForce(year);
  if (current && JSON.stringify(current) === JSON.stringify(data))
    throw conflict(
      `${file.file}: lịch nghỉ năm ${year} giống hệt bản ${currentVersion} đang áp dụng: không có thay đổi (${refused})`,
    );

  // Swaps across New Year: this file's halves in the neighbouring years, and theirs in this one.
  const withFile = (y: number) => (y === year ? data : parsedInForce(y));
  const around = (y: number) =>
    new Map([y - 1, y + 1].flatMap((o) => (withFile(o) ? [[o, withFile(o)!] as const] : [])));
  const issues = crossYearIssues(data, around(year)).map((i) => file.place(i));
  for (const y of [year - 1, year + 1]) {
    const n = parsedInForce(y);
    if (!n) continue;
    for (const i of crossYearIssues(n, around(y)))
      issues.push(`${file.file}: năm ${y} (bản ${before.versionOf(y)} đang áp dụng): ${i}`);
  }
  if (issues.length > 0)
    throw issues.length === 1
      ? new ServiceError('invalid', `${issues[0]} (${refused})`)
      : new ServiceError('invalid', `${issues.length} lỗi trong ${file.file}; ${refused}`, {
          details: issues,
        });

  const nextVersion = Math.max(0, ...latest.filter((v) => v.year === year).map((v) => v.version)) + 1;
  const after = calendarInForceOf(latest, { year, version: nextVersion, data });
  const range = { from: `${year}-01-01`, to: `${year}-12-31` };
  const changes = calendarChanges(snapshotOf(before.calendar, range), snapshotOf(after.calendar, range));
  const impact = await workflowImpact(db, year, before.calendar, after.calendar, opts.now ?? Date.now());
  return {
    file: file.file,
    year,
    data,
    currentVersion,
    nextVersion,
    changes,
    otherChanges: otherChanges(current, data),
    impact,
    after,
  };
}

export interface PublishResult {
  year: number;
  version: number;
  publishedBy: string;
  publishedAt: Date;
  /** Running workflows told of the new version. */
  told: string[];
  /** Affected workflows that had ended meanwhile. */
  ended: string[];
  /** Workflows that could not be told (the version is stored all the same). */
  failed: { workflowId: string; error: string }[];
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === 'P2002';

/** Stores the previewed version (refused if another was published since) and tells the affected workflows. */
export async function publishCalendarVersion(
  ctx: ServiceContext,
  preview: PublishPreview,
  opts: { by: string; note?: string },
): Promise<PublishResult> {
  const { year, nextVersion: version, data } = preview;
  const db = await ctx.db();
  // Temporal first: when the workflows cannot be told, nothing is stored.
  const client = preview.impact.affected.length > 0 ? await ctx.temporal() : undefined;
  const newer = () =>
    conflict(
      `năm ${year} vừa có bản mới hơn bản ${preview.currentVersion} (chạy lại lệnh để xem thay đổi; ${refused})`,
    );
  let row;
  try {
    row = await db.$transaction(async (tx) => {
      const last = await tx.calendarVersion.findFirst({ where: { year }, orderBy: { version: 'desc' } });
      if ((last?.version ?? 0) !== preview.currentVersion) throw newer();
      return tx.calendarVersion.create({
        data: {
          year,
          version,
          data: data as object,
          confirmed: data.confirmed,
          notices: data.notices as object[],
          publishedBy: opts.by,
          comment: opts.note ?? null,
        },
      });
    });
  } catch (err) {
    if (err instanceof ServiceError) throw err;
    if (isUniqueViolation(err)) throw newer();
    throw unavailable(`không lưu được bản lịch nghỉ: ${firstLine(err)}`);
  }

  const result: PublishResult = {
    year,
    version,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt,
    told: [],
    ended: [],
    failed: [],
  };
  for (const w of preview.impact.affected) {
    const snapshot = snapshotOfInForce(preview.after, workflowSnapshotRange(w.year));
    try {
      await client!.workflow.getHandle(w.workflowId).signal(calendarChangedSignal, snapshot);
      result.told.push(w.workflowId);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) result.ended.push(w.workflowId);
      else result.failed.push({ workflowId: w.workflowId, error: firstLine(err) });
    }
  }
  return result;
}
