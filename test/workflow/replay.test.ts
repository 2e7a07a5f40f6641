import fs from 'node:fs';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { google, temporal } from '@temporalio/proto';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleForReplayCheck, recordedCommands, replayAndCompare } from '../support/replay/check';
import { bundleWorkflows } from '../support/time-skipping';

// The recorded histories of one whole Q1 2027 cycle (scripts/record-replay-histories.ts: the cycle
// and its five agencies — on time with a duplicate, late, never, extended, exempt) must replay on
// today's workflow code, issuing the same commands with the same data: a change to the commands
// (their kinds and order, which the plain replay checks) or to their data (activity inputs, timer
// durations, child inputs, signals, which ../support/replay/check.ts compares) fails here. Version
// the change with patched() or re-record deliberately.
//
// The files hold protobufjs's JSON (JSON.stringify of the fetched history), read back with
// History.fromObject; historyFromJSON does not work in this install (see the recording script).
const REPLAY_DIR = path.join(__dirname, '..', 'replay');
const files = fs
  .readdirSync(REPLAY_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

function loadHistory(file: string): { workflowId: string; history: temporal.api.history.v1.IHistory } {
  const json: unknown = JSON.parse(fs.readFileSync(path.join(REPLAY_DIR, file), 'utf8'));
  return {
    workflowId: path.basename(file, '.json').replace(/\.run\d+$/, ''),
    history: temporal.api.history.v1.History.fromObject(json as Record<string, unknown>),
  };
}

describe('recorded histories replay on the current workflow code', () => {
  let bundle: WorkflowBundleWithSourceMap;
  let checked: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    bundle = await bundleWorkflows();
    checked = await bundleForReplayCheck();
  });

  it('holds a whole cycle: both runs of the cycle and each of its five units, every one ended', () => {
    expect(files).toEqual([
      'cycle-CCHC-2027-Q1.run1.json',
      'cycle-CCHC-2027-Q1.run2.json',
      'report-CCHC-2027-Q1-EXEMPT.json',
      'report-CCHC-2027-Q1-EXTENDED.json',
      'report-CCHC-2027-Q1-LATE.json',
      'report-CCHC-2027-Q1-NEVER.json',
      'report-CCHC-2027-Q1-ONTIME.json',
    ]);
    const T = temporal.api.enums.v1.EventType;
    for (const file of files) {
      const events = loadHistory(file).history.events ?? [];
      // The cycle's first run continues as new once its history passes the budget.
      expect(events.at(-1)?.eventType).toBe(
        file.endsWith('.run1.json')
          ? T.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
          : T.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
      );
    }
  });

  it('replays every history without a determinism or replay error', async () => {
    const results: [string, string][] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: bundle, replayName: 'reporting-replay' },
      files.map(loadHistory),
    )) {
      results.push([
        result.workflowId,
        result.error ? `${result.error.name}: ${result.error.message}` : 'ok',
      ]);
    }
    expect(results).toEqual(files.map((f) => [path.basename(f, '.json').replace(/\.run\d+$/, ''), 'ok']));
  });

  it('replays every history with the same activity inputs, timer durations, child inputs and signals', async () => {
    const histories = files.map(loadHistory);
    const kinds = (h: (typeof histories)[number]) =>
      recordedCommands(h.history).reduce<Record<string, number>>(
        (n, c) => ({ ...n, [c.kind]: (n[c.kind] ?? 0) + 1 }),
        {},
      );
    // What is compared in the cycle's first run: its 195 activities (the calendar, the record, the
    // enrolment, the daily sweeps, the summary…), 162 timers and 5 children; broadcasts to the
    // reports are an activity (signalReports), not signals from the workflow.
    expect(kinds(histories[0]!)).toEqual({ activity: 195, timer: 162, child: 5 });
    expect(await replayAndCompare(checked, histories)).toEqual(
      files.map((f) => ({ workflowId: path.basename(f, '.json').replace(/\.run\d+$/, ''), differences: [] })),
    );
  });

  it('catches a timer a day longer and an activity input changed, which the plain replay lets through', async () => {
    const tampered = loadHistory('report-CCHC-2027-Q1-NEVER.json');
    const events = tampered.history.events ?? [];
    const T = temporal.api.enums.v1.EventType;
    const timer = events.find(
      (e) => e.eventType === T.EVENT_TYPE_TIMER_STARTED,
    )!.timerStartedEventAttributes!;
    timer.startToFireTimeout = google.protobuf.Duration.fromObject({
      seconds: Number(timer.startToFireTimeout!.seconds) + 86_400,
      nanos: timer.startToFireTimeout!.nanos ?? 0,
    });
    const activity = events.find(
      (e) => e.eventType === T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
    )!.activityTaskScheduledEventAttributes!;
    const [input] = activity.input!.payloads!;
    const changed = { ...(defaultPayloadConverter.fromPayload(input!) as object), agencyCode: 'OTHER' };
    activity.input!.payloads = [defaultPayloadConverter.toPayload(changed)];

    const plain: (string | undefined)[] = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'tampered' }, [
      tampered,
    ]))
      plain.push(r.error?.message);
    expect(plain).toEqual([undefined]);

    const [result] = await replayAndCompare(checked, [tampered]);
    expect(result!.error).toBeUndefined();
    expect(result!.differences).toEqual([
      `activity ${activity.activityId} ${activity.activityType!.name}: input[0].agencyCode: history "OTHER", replay "NEVER"`,
      expect.stringMatching(
        new RegExp(
          `^timer ${timer.timerId}: duration in the history \\d+ ms, on replay \\d+ ms \\(-86400000 ms\\)$`,
        ),
      ),
    ]);
  });
});
