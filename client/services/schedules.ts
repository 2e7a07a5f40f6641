import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
  type ScheduleHandle,
} from '@temporalio/client';
import { parseScheduleId } from '../../workflows/reporting/ids';
import type { OpenCycleResult } from '../../workflows/reporting/types';
import {
  describedOpensAt,
  scheduleDifferences,
  type DesiredSchedule,
  type OpenCycleWorkflow,
} from './schedule-specs';

export * from './schedule-specs';
export { parseScheduleId, scheduleId } from '../../workflows/reporting/ids';

// One Temporal Schedule per reporting period: it starts the `openCycle` launcher at the period's
// opening instant, which starts the period's cycle. Here: applying, listing and triggering them.

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
  regime: string;
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
  const { regime, year, period } = parseScheduleId(id)!;
  const opensAt = describedOpensAt(d.spec);
  const next = d.info.nextActionTimes[0];
  return {
    scheduleId: id,
    regime,
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
export async function listCycleSchedules(
  client: Client,
  year?: number,
  regime?: string,
): Promise<CycleScheduleInfo[]> {
  const ids: string[] = [];
  for await (const summary of client.schedule.list()) {
    const parsed = parseScheduleId(summary.scheduleId);
    if (
      parsed &&
      (year === undefined || parsed.year === year) &&
      (regime === undefined || parsed.regime === regime)
    )
      ids.push(summary.scheduleId);
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
