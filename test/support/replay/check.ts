import { defaultPayloadConverter } from '@temporalio/common';
import { temporal, type google } from '@temporalio/proto';
import {
  bundleWorkflowCode,
  Worker,
  type InjectedSinks,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { ReplayedCommand, ReplaySinks } from './interceptors';

// Replay that also compares the data of the commands, not only their kinds. `Worker.runReplayHistories`
// fails on a command of another type or order, but a timer of another duration or an activity with
// other input replays "fine": exactly what a change of calendar data or of a date rule does to a
// running workflow. Here the workflow code runs with an interceptor (./interceptors.ts) that reports
// what it issues; each activity's input, timer's duration, child's input and signal's input is then
// compared, in order, with the one recorded in the history.

type History = temporal.api.history.v1.IHistory;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;
const EventType = temporal.api.enums.v1.EventType;

export interface ReplayCheck {
  workflowId: string;
  /** The plain replay's failure (nondeterminism, a workflow error), if any. */
  error?: string;
  /** Every command whose data differs from the history's, one line each. */
  differences: string[];
}

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** The production workflows with the recording interceptor. */
export function bundleForReplayCheck(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('../../../workflows'),
    workflowInterceptorModules: [require.resolve('./interceptors')],
    logger: silent,
  });
}

const decode = (payloads: Payloads): unknown[] =>
  (payloads?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p));

const durationMs = (d: google.protobuf.IDuration | null | undefined) =>
  Number(d?.seconds ?? 0) * 1000 + Math.round((d?.nanos ?? 0) / 1e6);

/** The commands a history recorded, in its order, as the interceptor would report them. */
export function recordedCommands(history: History): ReplayedCommand[] {
  return (history.events ?? []).flatMap((e): ReplayedCommand[] => {
    switch (e.eventType) {
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const a = e.activityTaskScheduledEventAttributes!;
        return [
          {
            kind: 'activity',
            seq: Number(a.activityId),
            activityType: a.activityType?.name ?? '',
            args: decode(a.input),
          },
        ];
      }
      case EventType.EVENT_TYPE_TIMER_STARTED: {
        const t = e.timerStartedEventAttributes!;
        return [{ kind: 'timer', seq: Number(t.timerId), durationMs: durationMs(t.startToFireTimeout) }];
      }
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: {
        const c = e.startChildWorkflowExecutionInitiatedEventAttributes!;
        return [
          {
            kind: 'child',
            workflowId: c.workflowId ?? '',
            workflowType: c.workflowType?.name ?? '',
            args: decode(c.input),
          },
        ];
      }
      case EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED: {
        const s = e.signalExternalWorkflowExecutionInitiatedEventAttributes!;
        return [
          {
            kind: 'signal',
            workflowId: s.workflowExecution?.workflowId ?? '',
            signalName: s.signalName ?? '',
            args: decode(s.input),
          },
        ];
      }
      default:
        return [];
    }
  });
}

const json = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
const show = (v: unknown) => {
  const text = JSON.stringify(v);
  return text === undefined ? 'undefined' : text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

/** The first place two JSON values differ (`[0].dueDate: history "…", replay "…"`), or undefined. */
export function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (a === b) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`,
      );
      if (d) return d;
    }
    return undefined;
  }
  return `${at || '(whole)'}: history ${show(a)}, replay ${show(b)}`;
}

const key = (c: ReplayedCommand) =>
  c.kind === 'activity' || c.kind === 'timer' ? `${c.kind} ${c.seq}` : `${c.kind} ${c.workflowId}`;

/**
 * What differs between the commands of a history and those the code issued on replay. Activities
 * and timers are matched by their sequence number (the history's activity and timer IDs), children
 * and signals in order by target. A replayed command the history lacks is not reported: the SDK
 * drops a timer cancelled in the activation that started it, and any other is the plain replay's
 * nondeterminism error.
 */
export function compareCommands(history: ReplayedCommand[], replayed: ReplayedCommand[]): string[] {
  const unmatched = [...replayed];
  const differences: string[] = [];
  for (const h of history) {
    const i = unmatched.findIndex((r) => r.kind === h.kind && key(r) === key(h));
    if (i < 0) {
      differences.push(`${key(h)}: in the history, not issued on replay`);
      continue;
    }
    const [r] = unmatched.splice(i, 1) as [ReplayedCommand];
    if (h.kind === 'timer' && r.kind === 'timer') {
      if (h.durationMs !== r.durationMs)
        differences.push(
          `${key(h)}: duration in the history ${h.durationMs} ms, on replay ${r.durationMs} ms (${r.durationMs - h.durationMs > 0 ? '+' : ''}${r.durationMs - h.durationMs} ms)`,
        );
      continue;
    }
    const name = (c: ReplayedCommand) =>
      c.kind === 'activity'
        ? c.activityType
        : c.kind === 'child'
          ? c.workflowType
          : c.kind === 'signal'
            ? c.signalName
            : '';
    if (name(h) !== name(r)) differences.push(`${key(h)}: ${name(h)} in the history, ${name(r)} on replay`);
    const d = firstDifference(
      json((h as { args: unknown[] }).args),
      json((r as { args: unknown[] }).args),
      'input',
    );
    if (d) differences.push(`${key(h)} ${name(h)}: ${d}`);
  }
  return differences;
}

/** Replays each history on `bundle` (from bundleForReplayCheck) and compares the commands' data. */
export async function replayAndCompare(
  bundle: WorkflowBundleWithSourceMap,
  histories: { workflowId: string; history: History }[],
): Promise<ReplayCheck[]> {
  const replayed = new Map<string, ReplayedCommand[]>();
  const sinks: InjectedSinks<ReplaySinks> = {
    replayed: {
      command: {
        fn: (info, command) => {
          const list = replayed.get(info.workflowId) ?? [];
          list.push(command);
          replayed.set(info.workflowId, list);
        },
        callDuringReplay: true,
      },
    },
  };
  // One history at a time: the runs of one workflow (before and after a continue-as-new) share
  // its ID, and the commands are collected by ID.
  const checks: ReplayCheck[] = [];
  for (const { workflowId, history } of histories) {
    replayed.delete(workflowId);
    let error: string | undefined;
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: bundle, replayName: 'data-replay', sinks },
      [{ workflowId, history }],
    ))
      error = result.error ? `${result.error.name}: ${result.error.message}` : undefined;
    checks.push({
      workflowId,
      ...(error ? { error } : {}),
      differences: compareCommands(recordedCommands(history), replayed.get(workflowId) ?? []),
    });
  }
  return checks;
}
