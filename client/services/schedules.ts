import {
  MONTHS,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type Range,
  type ScheduleDescription,
  type ScheduleHandle,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpecDescription,
} from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import {
  computeYearCalendar,
  formatVnDatePadded,
  VN_OFFSET_MS,
  vnDateOf,
  vnMinuteOfDay,
  type ReportingPolicy,
  type WorkingCalendar,
} from '../../domain/calendar';
import { SA_KIND, SA_PERIOD, SA_YEAR } from '../../domain/search-attributes';
import type { OpenCycleResult } from '../../workflows/reporting/types';
import type { ReportingCycleInput } from '../../workflows/reporting/types';
import { openCycleWorkflowId, parseScheduleId, scheduleId } from '../../workflows/reporting/ids';

export { parseScheduleId, scheduleId } from '../../workflows/reporting/ids';

// One Temporal Schedule per reporting period: it starts the `openCycle` launcher at the period's
// opening instant, which starts `cycle-<year>-<period>`.

export const SCHEDULE_TIMEZONE = 'Asia/Ho_Chi_Minh';
export const SCHEDULE_KIND = 'cycle-schedule';
export const OPEN_CYCLE_WORKFLOW = 'openCycle';
/** A server outage over the opening still opens the cycle when it comes back within a week; later, an official decides. */
export const CATCHUP_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

type OpenCycleWorkflow = (input: ReportingCycleInput) => Promise<OpenCycleResult>;
type OpenCycleAction = ScheduleOptionsStartWorkflowAction<OpenCycleWorkflow>;

/** What a period's schedule must look like. */
export interface DesiredSchedule {
  scheduleId: string;
  year: number;
  period: string;
  periodName: string;
  /** The opening instant (epoch ms): the only time the schedule fires. */
  opensAt: number;
  options: ScheduleOptions<OpenCycleAction> & {
    typedSearchAttributes: SearchAttributePair[];
    policies: NonNullable<ScheduleOptions['policies']>;
  };
}

/** Clock time in Vietnam of an instant, as the calendar spec's fixed fields. */
interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function vnLocalTime(instantMs: number): LocalTime {
  const d = new Date(instantMs + VN_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** `28/02/2022 08:00`: an instant as officials read it, Vietnam time. */
export function formatVnDateTime(instantMs: number): string {
  const minute = vnMinuteOfDay(instantMs);
  const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return `${formatVnDatePadded(vnDateOf(instantMs))} ${hhmm}`;
}

/** One schedule per period of `policy` in `year`, each firing once at the period's opening instant. Pure. */
export function desiredSchedules(
  year: number,
  policy: ReportingPolicy,
  calendar: WorkingCalendar,
  taskQueue: string,
): DesiredSchedule[] {
  return computeYearCalendar(year, policy, calendar).map((cycle) => {
    const at = vnLocalTime(cycle.opensAt);
    const input: ReportingCycleInput = { year, period: cycle.period, policy };
    return {
      scheduleId: scheduleId(year, cycle.period),
      year,
      period: cycle.period,
      periodName: cycle.periodName,
      opensAt: cycle.opensAt,
      options: {
        scheduleId: scheduleId(year, cycle.period),
        spec: {
          // Every field fixed, the year included: the schedule fires exactly once.
          calendars: [
            {
              year: at.year,
              month: MONTHS[at.month - 1]!,
              dayOfMonth: at.day,
              hour: at.hour,
              minute: at.minute,
              second: at.second,
              comment: `Mở kỳ ${cycle.periodName} (${cycle.period}) năm ${year}`,
            },
          ],
          timezone: SCHEDULE_TIMEZONE,
        },
        action: {
          type: 'startWorkflow',
          workflowType: OPEN_CYCLE_WORKFLOW,
          workflowId: openCycleWorkflowId(year, cycle.period),
          taskQueue,
          args: [input],
        },
        policies: {
          overlap: ScheduleOverlapPolicy.SKIP,
          catchupWindow: CATCHUP_WINDOW_MS,
          pauseOnFailure: false,
        },
        typedSearchAttributes: [
          { key: SA_KIND, value: SCHEDULE_KIND },
          { key: SA_YEAR, value: year },
          { key: SA_PERIOD, value: cycle.period },
        ],
      },
    };
  });
}

/** JSON with sorted keys: equal for equal data whatever the key order (args come back decoded from the server). */
function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(sort(JSON.parse(JSON.stringify(value ?? null))));
}

function single<T>(ranges: Range<T>[]): T | undefined {
  return ranges.length === 1 && ranges[0]!.start === ranges[0]!.end ? ranges[0]!.start : undefined;
}

/** The one instant a described spec fires at, with its comment; undefined if it is not such a one-shot spec. */
export function describedOpening(
  spec: ScheduleSpecDescription,
): { local: LocalTime; timezone: string; comment?: string } | undefined {
  const calendars = spec.calendars ?? [];
  if (calendars.length !== 1 || (spec.intervals?.length ?? 0) > 0 || (spec.skip?.length ?? 0) > 0)
    return undefined;
  if (spec.startAt || spec.endAt) return undefined;
  const c = calendars[0]!;
  const everyWeekday =
    c.dayOfWeek.length === 0 ||
    (c.dayOfWeek.length === 1 &&
      c.dayOfWeek[0]!.start === 'SUNDAY' &&
      c.dayOfWeek[0]!.end === 'SATURDAY' &&
      c.dayOfWeek[0]!.step === 1);
  const fields = {
    year: single(c.year),
    month: single(c.month),
    day: single(c.dayOfMonth),
    hour: single(c.hour),
    minute: single(c.minute),
    second: single(c.second),
  };
  if (!everyWeekday || Object.values(fields).some((v) => v === undefined)) return undefined;
  return {
    local: {
      year: fields.year!,
      month: MONTHS.indexOf(fields.month!) + 1,
      day: fields.day!,
      hour: fields.hour!,
      minute: fields.minute!,
      second: fields.second!,
    },
    timezone: spec.timezone ?? 'UTC',
    ...(c.comment ? { comment: c.comment } : {}),
  };
}

/** The opening instant of a described schedule (epoch ms), when it is a one-shot in Vietnam time or UTC. */
export function describedOpensAt(spec: ScheduleSpecDescription): number | undefined {
  const opening = describedOpening(spec);
  if (!opening) return undefined;
  const offset = { [SCHEDULE_TIMEZONE]: VN_OFFSET_MS, UTC: 0 }[opening.timezone];
  if (offset === undefined) return undefined;
  const { year, month, day, hour, minute, second } = opening.local;
  return Date.UTC(year, month - 1, day, hour, minute, second) - offset;
}

/** Which parts of an existing schedule differ from the desired one: empty when it needs no update. */
export function scheduleDifferences(
  current: Pick<ScheduleDescription, 'spec' | 'action' | 'policies' | 'typedSearchAttributes'>,
  desired: DesiredSchedule,
): ('spec' | 'action' | 'policies' | 'searchAttributes')[] {
  const diffs: ('spec' | 'action' | 'policies' | 'searchAttributes')[] = [];
  const want = desired.options;
  const calendar = want.spec.calendars![0]!;
  const opening = describedOpening(current.spec);
  if (
    !opening ||
    canonicalJson(opening) !==
      canonicalJson({
        local: vnLocalTime(desired.opensAt),
        timezone: want.spec.timezone,
        comment: calendar.comment,
      })
  )
    diffs.push('spec');
  const action = current.action;
  if (
    action.type !== want.action.type ||
    action.workflowType !== want.action.workflowType ||
    action.workflowId !== want.action.workflowId ||
    action.taskQueue !== want.action.taskQueue ||
    canonicalJson(action.args) !== canonicalJson(want.action.args)
  )
    diffs.push('action');
  if (
    current.policies.overlap !== want.policies.overlap ||
    current.policies.catchupWindow !== want.policies.catchupWindow ||
    current.policies.pauseOnFailure !== want.policies.pauseOnFailure
  )
    diffs.push('policies');
  if (want.typedSearchAttributes.some(({ key, value }) => current.typedSearchAttributes.get(key) !== value))
    diffs.push('searchAttributes');
  return diffs;
}

export type ApplyOutcome = 'created' | 'updated' | 'unchanged' | 'past';

export interface AppliedSchedule {
  scheduleId: string;
  year: number;
  period: string;
  periodName: string;
  opensAt: number;
  /**
   * `past`: the opening instant has passed, so the schedule is neither created nor changed (a
   * schedule never fires for a time before it exists; the cycle is opened with `cchc cycle start`).
   */
  outcome: ApplyOutcome;
  /** Whether the schedule exists on the server after applying. */
  exists: boolean;
  /** For `updated`: what was changed. */
  changed?: string[];
}

async function describeOrUndefined(handle: ScheduleHandle): Promise<ScheduleDescription | undefined> {
  try {
    return await handle.describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}

async function applyOne(client: Client, desired: DesiredSchedule, now: number): Promise<AppliedSchedule> {
  const { scheduleId: id, year, period, periodName, opensAt } = desired;
  const result = (outcome: ApplyOutcome, exists: boolean, changed?: string[]): AppliedSchedule => ({
    scheduleId: id,
    year,
    period,
    periodName,
    opensAt,
    outcome,
    exists,
    ...(changed ? { changed } : {}),
  });
  const handle = client.schedule.getHandle(id);
  let current = await describeOrUndefined(handle);
  if (opensAt <= now) return result('past', current !== undefined);
  if (!current) {
    try {
      await client.schedule.create<OpenCycleWorkflow>(desired.options);
      return result('created', true);
    } catch (err) {
      // Created by a concurrent apply since the describe: compare with that one instead.
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      current = await handle.describe();
    }
  }
  const changed = scheduleDifferences(current, desired);
  if (changed.length === 0) return result('unchanged', true);
  const { spec, action, policies, typedSearchAttributes } = desired.options;
  await handle.update<OpenCycleWorkflow>((previous) => ({
    spec,
    action,
    policies,
    typedSearchAttributes,
    // An update replaces the state too: keep an official's pause and its note.
    state: {
      paused: previous.state.paused,
      note: previous.state.note,
      remainingActions: previous.state.remainingActions,
    },
  }));
  return result('updated', true, changed);
}

/**
 * Makes the server's schedules match `desired`: creates missing ones, updates those that differ,
 * leaves identical ones (and their update time) untouched. Openings already past are left alone.
 */
export async function applySchedules(
  client: Client,
  desired: DesiredSchedule[],
  opts: { now?: Date } = {},
): Promise<AppliedSchedule[]> {
  const now = (opts.now ?? new Date()).getTime();
  const results: AppliedSchedule[] = [];
  for (const d of desired) results.push(await applyOne(client, d, now));
  return results;
}

/** A cycle schedule as `schedule list` shows it. */
export interface CycleScheduleInfo {
  scheduleId: string;
  year: number;
  period: string;
  /** From the spec; undefined if someone replaced the spec with something other than a one-shot. */
  opensAt?: number;
  /** When it will next fire; undefined when paused or when it has nothing left to fire. */
  nextActionAt?: number;
  paused: boolean;
  note?: string;
  actionsTaken: number;
  /** Launcher runs started by the schedule (scheduled or triggered), oldest first. */
  recentRuns: { workflowId: string; runId: string; takenAt: number }[];
  lastUpdatedAt?: number;
}

function toInfo(id: string, d: ScheduleDescription): CycleScheduleInfo {
  const { year, period } = parseScheduleId(id)!;
  const opensAt = describedOpensAt(d.spec);
  const next = d.info.nextActionTimes[0];
  return {
    scheduleId: id,
    year,
    period,
    ...(opensAt !== undefined ? { opensAt } : {}),
    // A paused schedule takes no action, though the server still lists its future times.
    ...(next && !d.state.paused ? { nextActionAt: next.getTime() } : {}),
    paused: d.state.paused,
    ...(d.state.note ? { note: d.state.note } : {}),
    actionsTaken: d.info.numActionsTaken,
    recentRuns: d.info.recentActions.map((a) => ({
      workflowId: a.action.workflow.workflowId,
      runId: a.action.workflow.firstExecutionRunId,
      takenAt: a.takenAt.getTime(),
    })),
    ...(d.info.lastUpdatedAt ? { lastUpdatedAt: d.info.lastUpdatedAt.getTime() } : {}),
  };
}

/**
 * The cycle schedules on the server (of `year` if given), in opening order. The IDs come from the
 * list (eventually consistent: a schedule created a moment ago may be missing), the details from
 * describe (current).
 */
export async function listCycleSchedules(client: Client, year?: number): Promise<CycleScheduleInfo[]> {
  const ids: string[] = [];
  for await (const summary of client.schedule.list()) {
    const parsed = parseScheduleId(summary.scheduleId);
    if (parsed && (year === undefined || parsed.year === year)) ids.push(summary.scheduleId);
  }
  const described = await Promise.all(
    ids.map(async (id) => {
      const d = await describeOrUndefined(client.schedule.getHandle(id));
      return d ? toInfo(id, d) : undefined;
    }),
  );
  return described
    .filter((s): s is CycleScheduleInfo => s !== undefined)
    .sort(
      (a, b) =>
        a.year - b.year ||
        (a.opensAt ?? Infinity) - (b.opensAt ?? Infinity) ||
        a.period.localeCompare(b.period),
    );
}

/** One cycle schedule, described; undefined if it does not exist. */
export async function getCycleSchedule(client: Client, id: string): Promise<CycleScheduleInfo | undefined> {
  const d = await describeOrUndefined(client.schedule.getHandle(id));
  return d ? toInfo(id, d) : undefined;
}

export interface TriggerResult {
  scheduleId: string;
  /** The launcher run the trigger started, once the server has recorded it. */
  launcher?: { workflowId: string; runId: string };
  /** What the launcher did; undefined if it had not finished in time (no worker running?). */
  result?: OpenCycleResult;
}

/** How long `schedule trigger` waits for the launcher's answer by default. */
export const TRIGGER_WAIT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the schedule's action now (the cycle opens now) and waits up to `timeoutMs` for the
 * launcher's answer. Throws ScheduleNotFoundError for an unknown schedule.
 */
export async function triggerCycleSchedule(
  client: Client,
  id: string,
  opts: { timeoutMs?: number; pollMs?: number } = {},
): Promise<TriggerResult> {
  const deadline = Date.now() + (opts.timeoutMs ?? TRIGGER_WAIT_MS);
  const handle = client.schedule.getHandle(id);
  const runKey = (r: { workflowId: string; runId: string }) => `${r.workflowId}/${r.runId}`;
  const seen = new Set(toInfo(id, await handle.describe()).recentRuns.map(runKey));
  // The launcher is a few milliseconds long and idempotent, so an overlapping run is harmless.
  await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  let launcher: { workflowId: string; runId: string } | undefined;
  while (!launcher && Date.now() < deadline) {
    await sleep(opts.pollMs ?? 200);
    launcher = toInfo(id, await handle.describe()).recentRuns.find((r) => !seen.has(runKey(r)));
  }
  if (!launcher) return { scheduleId: id };
  const pending = client.workflow.getHandle<OpenCycleWorkflow>(launcher.workflowId, launcher.runId).result();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
  });
  // The losing long-poll is cancelled when the connection closes; its rejection is expected.
  pending.catch(() => undefined);
  try {
    const result = await Promise.race([pending, timedOut]);
    return { scheduleId: id, launcher, ...(result ? { result } : {}) };
  } finally {
    clearTimeout(timer);
  }
}
