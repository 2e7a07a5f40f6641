import { ScheduleNotFoundError } from '@temporalio/client';
import { CalendarDataError, createWorkingCalendar, type ReportingPolicy } from '../../domain/calendar';
import { DEFAULT_REGIME } from '../../domain/reporting/identity';
import type { ServiceContext } from './context';
import { regimeOf } from './cycle-refs';
import { invalid, notFound } from './errors';
import {
  applySchedules,
  desiredSchedules,
  getCycleSchedule,
  listCycleSchedules,
  scheduleId,
  triggerCycleSchedule,
  type AppliedSchedule,
  type CycleScheduleInfo,
  type TriggerResult,
} from './schedules';
import { temporalCall } from './workflow-calls';

// The officials' actions on the Temporal Schedules that open each period's cycle.

/** Creates or updates one schedule per period of the year; applying twice changes nothing. */
export async function applyYearSchedules(
  ctx: ServiceContext,
  input: { year: number; regime?: string; policy?: ReportingPolicy },
): Promise<{ results: AppliedSchedule[]; warnings: string[] }> {
  const calendar = createWorkingCalendar();
  const base = regimeOf(input.regime);
  const regime = input.policy ? { ...base, policy: input.policy } : base;
  let desired;
  try {
    calendar.holidaysOf(input.year);
    desired = desiredSchedules(input.year, regime, calendar, ctx.config.temporal.taskQueue);
  } catch (err) {
    if (err instanceof CalendarDataError) throw invalid('year', err.message);
    throw invalid(undefined, (err as Error).message);
  }
  const client = await ctx.temporal();
  const results = await temporalCall(`không áp dụng được lịch năm ${input.year}`, () =>
    applySchedules(client, desired),
  );
  return { results, warnings: calendar.warnings };
}

export async function listSchedules(
  ctx: ServiceContext,
  filter: { year?: number; regime?: string } = {},
): Promise<CycleScheduleInfo[]> {
  const client = await ctx.temporal();
  return temporalCall('không đọc được danh sách lịch', () =>
    listCycleSchedules(client, filter.year, filter.regime),
  );
}

/** The schedule of a period, or an error naming the option that points nowhere. */
export async function requireSchedule(
  ctx: ServiceContext,
  target: { regime?: string; year: number; period: string },
): Promise<CycleScheduleInfo> {
  const client = await ctx.temporal();
  const ref = { ...target, regime: target.regime ?? DEFAULT_REGIME };
  const id = scheduleId(ref.regime, ref.year, ref.period);
  const found = await temporalCall(`không đọc được lịch ${id}`, () => getCycleSchedule(client, id));
  if (found) return found;
  const ofYear = await listSchedules(ctx, { year: ref.year, regime: ref.regime });
  if (ofYear.length === 0)
    throw notFound(
      'year',
      `chưa có lịch mở kỳ nào của năm ${ref.year}${ref.regime === DEFAULT_REGIME ? '' : ` (${ref.regime})`} (tạo bằng "cchc schedule apply --year ${ref.year}${ref.regime === DEFAULT_REGIME ? '' : ` --regime ${ref.regime}`}")`,
    );
  throw notFound(
    'period',
    `không có lịch mở kỳ ${ref.period} năm ${ref.year} (${id}); năm ${ref.year} có: ${ofYear.map((s) => s.period).join(', ')}`,
  );
}

/** Pauses or resumes a period's schedule; the note shows in the list and in the Web UI. */
export async function setSchedulePaused(
  ctx: ServiceContext,
  input: { regime?: string; year: number; period: string; paused: boolean; note?: string },
): Promise<CycleScheduleInfo> {
  const found = await requireSchedule(ctx, input);
  const handle = (await ctx.temporal()).schedule.getHandle(found.scheduleId);
  await temporalCall(`không ${input.paused ? 'tạm dừng' : 'tiếp tục'} được lịch ${found.scheduleId}`, () =>
    input.paused
      ? handle.pause(input.note ?? 'Tạm dừng bằng "cchc schedule pause"')
      : handle.unpause(input.note ?? 'Tiếp tục bằng "cchc schedule unpause"'),
  );
  return found;
}

/** Opens the period's cycle now through its schedule (never a cycle already opened). */
export async function triggerSchedule(
  ctx: ServiceContext,
  ref: { regime?: string; year: number; period: string },
): Promise<TriggerResult> {
  const found = await requireSchedule(ctx, ref);
  const client = await ctx.temporal();
  return temporalCall(`không chạy được lịch ${found.scheduleId}`, () =>
    triggerCycleSchedule(client, found.scheduleId).catch((err: unknown) => {
      if (err instanceof ScheduleNotFoundError)
        throw notFound('period', `lịch ${found.scheduleId} vừa bị xóa`);
      throw err;
    }),
  );
}
