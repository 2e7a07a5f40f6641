import fs from 'node:fs';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { google, temporal } from '@temporalio/proto';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleForReplayCheck, recordedCommands, replayAndCompare } from '../support/replay/check';
import { bundleWorkflows } from '../support/time-skipping';

// The recorded histories must replay on today's workflow code, issuing the same commands with the
// same data: a change to the commands (their kinds and order, which the plain replay checks) or to
// their data (activity inputs, timer durations, child inputs, signals, which
// ../support/replay/check.ts compares) fails here. Version the change with patched() or re-record
// deliberately. Two recordings, five workflow types:
// - scripts/record-replay-histories.ts: one whole Q1 2027 cycle (reportingCycle, both runs) and its
//   five agencies (agencyReport: on time with a duplicate, late, never, extended, exempt);
// - scripts/record-inspection-histories.ts (clock pinned): the Q1 2027 schedule's launcher
//   (openCycle), and a 2027 inspection plan (inspectionPlan) with its three inspections
//   (agencyInspection: a plain scheduled visit; a missed self-report escalated, then a finding
//   resolved on time; two findings, one resolved, one due in January 2028, overdue, escalated to
//   level 2 and resolved late).
//
// The files hold protobufjs's JSON (JSON.stringify of the fetched history), read back with
// History.fromObject; historyFromJSON does not work in this install (see the recording script).
const REPLAY_DIR = path.join(__dirname, '..', 'replay');
const files = fs
  .readdirSync(REPLAY_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const PLAN = 'inspection-plan-2027-KT-2027-01';
const INSPECTION = 'inspection-2027-KT-2027-01';

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

  it('holds a whole cycle, the launcher, a plan and its inspections, every one ended', () => {
    expect(files).toEqual([
      'cycle-CCHC-2027-Q1.run1.json',
      'cycle-CCHC-2027-Q1.run2.json',
      `${INSPECTION}-STC.json`,
      `${INSPECTION}-STP.json`,
      `${INSPECTION}-SXD.json`,
      `${PLAN}.json`,
      'open-cycle-CCHC-2027-Q1.json',
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
      expect([file, events.at(-1)?.eventType]).toEqual([
        file,
        file.endsWith('.run1.json')
          ? T.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
          : T.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
      ]);
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
    const kinds = (file: string) =>
      recordedCommands(histories[files.indexOf(file)]!.history).reduce<Record<string, number>>(
        (n, c) => ({ ...n, [c.kind]: (n[c.kind] ?? 0) + 1 }),
        {},
      );
    // What is compared in the cycle's first run: its 195 activities (the calendar, the record, the
    // enrolment, the daily sweeps, the summary…), 162 timers and 5 children; broadcasts to the
    // reports are an activity (signalReports), not signals from the workflow.
    expect(kinds('cycle-CCHC-2027-Q1.run1.json')).toEqual({ activity: 195, timer: 162, child: 5 });
    // The launcher: the cycle as a child, nothing else. The plan: its record, its three
    // inspections, its completion. An inspection: its messages and mirror writes, and a timer for
    // each wait on the next dated step.
    expect(kinds('open-cycle-CCHC-2027-Q1.json')).toEqual({ child: 1 });
    expect(kinds(`${PLAN}.json`)).toEqual({ activity: 2, child: 3 });
    expect(kinds(`${INSPECTION}-STP.json`)).toEqual({ activity: 18, timer: 7 });
    expect(kinds(`${INSPECTION}-SXD.json`)).toEqual({ activity: 31, timer: 11 });
    expect(kinds(`${INSPECTION}-STC.json`)).toEqual({ activity: 35, timer: 14 });
    expect(await replayAndCompare(checked, histories)).toEqual(
      files.map((f) => ({ workflowId: path.basename(f, '.json').replace(/\.run\d+$/, ''), differences: [] })),
    );
  });

  it('holds the launcher starting the cycle, and the plan following its inspections through their paths', () => {
    const commands = (file: string) => recordedCommands(loadHistory(file).history);
    expect(
      commands('open-cycle-CCHC-2027-Q1.json').map(
        (c) => c.kind === 'child' && `${c.workflowType} ${c.workflowId}`,
      ),
    ).toEqual(['reportingCycle cycle-CCHC-2027-Q1']);
    expect(
      commands(`${PLAN}.json`).map((c) =>
        c.kind === 'child' ? `${c.workflowType} ${c.workflowId}` : c.kind === 'activity' && c.activityType,
      ),
    ).toEqual([
      'recordInspectionPlan',
      `agencyInspection ${INSPECTION}-STP`,
      `agencyInspection ${INSPECTION}-SXD`,
      `agencyInspection ${INSPECTION}-STC`,
      'completeInspectionPlan',
    ]);
    // The messages each inspection sent, in order: the paths the recording took.
    const steps = (agency: string) =>
      commands(`${INSPECTION}-${agency}.json`).flatMap((c) =>
        c.kind === 'activity' && c.activityType === 'notify' ? [(c.args[0] as { step: string }).step] : [],
      );
    const before = (visit: string) => [
      `notice-${visit}`,
      `sr-reminder-2wd-${visit}`,
      `sr-reminder-1wd-${visit}`,
    ];
    const visitReminders = (visit: string) => [`visit-reminder-${visit}`, `visit-reminder-team-${visit}`];
    expect(steps('STP')).toEqual([...before('2027-10-14'), ...visitReminders('2027-10-14'), 'conclusion']);
    expect(steps('SXD')).toEqual([
      ...before('2027-10-26'),
      'sr-overdue-2027-10-26',
      'sr-esc-1-2027-10-26',
      'sr-esc-2-2027-10-26',
      ...visitReminders('2027-10-26'),
      'result-reminder-2027-10-26',
      'rem-reminder-5wd-2027-11-19',
      'conclusion',
    ]);
    expect(steps('STC')).toEqual([
      ...before('2027-12-01'),
      ...visitReminders('2027-12-01'),
      'rem-reminder-5wd-2027-12-17',
      'rem-reminder-5wd-2028-01-13',
      'rem-reminder-1wd-2028-01-13',
      'rem-overdue-2028-01-13',
      'rem-esc-1-2028-01-13',
      'rem-esc-2-2028-01-13',
      'conclusion',
    ]);
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

  it('catches a child started with another input, which the plain replay lets through', async () => {
    const tampered = loadHistory(`${PLAN}.json`);
    const T = temporal.api.enums.v1.EventType;
    const start = (tampered.history.events ?? []).find(
      (e) =>
        e.eventType === T.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED &&
        e.startChildWorkflowExecutionInitiatedEventAttributes!.workflowId === `${INSPECTION}-STC`,
    )!.startChildWorkflowExecutionInitiatedEventAttributes!;
    const [input] = start.input!.payloads!;
    const changed = { ...(defaultPayloadConverter.fromPayload(input!) as object), visitDate: '2027-12-02' };
    start.input!.payloads = [defaultPayloadConverter.toPayload(changed)];

    const plain: (string | undefined)[] = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'tampered' }, [
      tampered,
    ]))
      plain.push(r.error?.message);
    expect(plain).toEqual([undefined]);

    expect(await replayAndCompare(checked, [tampered])).toEqual([
      {
        workflowId: PLAN,
        differences: [
          `child ${INSPECTION}-STC agencyInspection: input[0].visitDate: history "2027-12-02", replay "2027-12-01"`,
        ],
      },
    ]);
  });
});
