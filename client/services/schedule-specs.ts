import {
  MONTHS,
  ScheduleOverlapPolicy,
  type Range,
  type ScheduleDescription,
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
  type WorkingCalendar,
} from '../../domain/calendar';
import { regimeForWorkflow, type Regime } from '../../domain/regime';
import { SA_KIND, SA_PERIOD, SA_REGIME, SA_YEAR } from '../../domain/search-attributes';
import { launcherMetadata, planCycle } from '../../domain/templates/cycle-words';
import { openCycleWorkflowId, scheduleId } from '../../workflows/reporting/ids';
import type { OpenCycleInput, OpenCycleResult } from '../../workflows/reporting/types';

// What a period's Temporal Schedule must look like, and how a described one compares: pure, so the
// comparison that makes `schedule apply` idempotent is unit-tested without a server.

export const SCHEDULE_TIMEZONE = 'Asia/Ho_Chi_Minh';
export const SCHEDULE_KIND = 'cycle-schedule';
export const OPEN_CYCLE_WORKFLOW = 'openCycle';
/** A server outage over the opening still opens the cycle when it comes back within a week; later, an official decides. */
export const CATCHUP_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export type OpenCycleWorkflow = (input: OpenCycleInput) => Promise<OpenCycleResult>;
type OpenCycleAction = ScheduleOptionsStartWorkflowAction<OpenCycleWorkflow>;

/** What a period's schedule must look like. */
export interface DesiredSchedule {
  scheduleId: string;
  regime: string;
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
  regime: Regime,
  calendar: WorkingCalendar,
  taskQueue: string,
): DesiredSchedule[] {
  return computeYearCalendar(year, regime.policy, calendar).map((cycle) => {
    const at = vnLocalTime(cycle.opensAt);
    const ref = { regime: regime.code, year, period: cycle.period };
    const plan = planCycle(cycle, regime.policy);
    // The plan gives the cycle its Web UI details and its lifetime when the launcher starts it.
    const input: OpenCycleInput = { ref, regime: regimeForWorkflow(regime), plan };
    return {
      scheduleId: scheduleId(regime.code, year, cycle.period),
      regime: regime.code,
      year,
      period: cycle.period,
      periodName: cycle.periodName,
      opensAt: cycle.opensAt,
      options: {
        scheduleId: scheduleId(regime.code, year, cycle.period),
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
              comment: `Mở kỳ ${regime.reportName} ${cycle.periodName} (${cycle.period}) năm ${year}`,
            },
          ],
          timezone: SCHEDULE_TIMEZONE,
        },
        action: {
          type: 'startWorkflow',
          workflowType: OPEN_CYCLE_WORKFLOW,
          workflowId: openCycleWorkflowId(ref),
          taskQueue,
          args: [input],
          ...launcherMetadata(ref, regime, plan, cycle.opensAt),
        },
        policies: {
          overlap: ScheduleOverlapPolicy.SKIP,
          catchupWindow: CATCHUP_WINDOW_MS,
          pauseOnFailure: false,
        },
        typedSearchAttributes: [
          { key: SA_KIND, value: SCHEDULE_KIND },
          { key: SA_REGIME, value: regime.code },
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
    canonicalJson(action.args) !== canonicalJson(want.action.args) ||
    action.staticSummary !== want.action.staticSummary ||
    action.staticDetails !== want.action.staticDetails
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
