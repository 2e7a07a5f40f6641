import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadRegime } from '../../config/regimes';
import { vnDateOf } from '../../domain/calendar';
import { DRILL, type CycleRef, type SubmitReportInput } from '../../domain/reporting';
import { reportingCycle } from '../../workflows';
import {
  closeFinalSignal,
  cycleStatusQuery,
  exemptUpdate,
  extendDeadlineUpdate,
  reportStatusQuery,
  submitReportUpdate,
} from '../../workflows/reporting/messages';
import type { AgencyReportStatus, CycleStatus, DrillSettings } from '../../workflows/reporting/types';
import { startTemporalDevServer } from '../../scripts/lib/temporal-dev';
import { createReportingWorld } from '../support/reporting-world';
import { bundleWorkflows, createTimeSkippingEnv } from '../support/time-skipping';

// Edge cases of the CCHC regime's Q1 2027 cycle on the time-skipping test server, with the
// in-memory reporting world: rejected updates, duplicate and corrected submissions, the
// continue-as-new fan-out and a drill with a deadline minutes away; and once on the real dev
// server, where a rejected update must leave the history exactly unchanged.
//
// Q1 2027 with the default policy and the calendar's holidays (none in March), by hand:
// cutoff Sun 14/3 → units due Tue 16/3 (end of day); opening Mon 1/3 08:00; overdue notice and
// level 1 Wed 17/3 08:00, level 2 Thu 18/3 08:00; province due Sat 20/3 → Mon 22/3, so the
// consolidation is one working day before it: Fri 19/3 16:00; the final close 31/1/2028 falls in
// Tết, so Tue 1/2/2028 17:00.
const YEAR = 2027;
const REF: CycleRef = { regime: 'CCHC', year: YEAR, period: 'Q1' };
const KEY = 'CCHC-2027-Q1';
const DRILL_KEY = 'CCHC-2027-Q1-DT1';
const SNV = 'SNV';
const UBND = 'UBND_TINH';
const OPENS = Date.parse('2027-03-01T08:00:00+07:00');
const FINAL_CLOSE = Date.parse('2028-02-01T17:00:00+07:00');
const regime = loadRegime('CCHC');
const at = (day: string, time: string) => Date.parse(`${YEAR}-${day}T${time}:00+07:00`);
/** Activities start a few milliseconds after their timer fires. */
const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

const { EventType } = temporal.api.enums.v1;
type History = temporal.api.history.v1.IHistory;

describe('reporting cycle edge cases, Q1 2027', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  let agencies: string[] = [];
  const world = createReportingWorld({ units: () => agencies, client: () => env.client });
  const { sent } = world;
  const submissions = () =>
    world.submissions.map(
      (s) => `${s.receiptNumber} ${s.documentNumber} ${s.onTime ? 'on time' : `late ${s.lateWorkingDays}`}`,
    );

  beforeAll(async () => {
    bundle = await bundleWorkflows();
  });
  // One server per test: time skipped while one cycle winds down must not move the next one's clock.
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
    world.reset();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  async function sleepUntil(instant: number): Promise<void> {
    const now = await env.currentTimeMs();
    if (instant > now) await env.sleep(instant - now);
  }

  const newWorker = (taskQueue: string) =>
    Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: world.activities,
    });

  const report = (code: string, key = KEY) => env.client.workflow.getHandle(`report-${key}-${code}`);

  async function startCycle(
    taskQueue: string,
    extra: { drill?: DrillSettings; maxChildrenPerRun?: number } = {},
    poll: 'query' | 'describe' = 'query',
  ) {
    const key = extra.drill ? DRILL_KEY : KEY;
    const cycle = await env.client.workflow.start(reportingCycle, {
      taskQueue,
      workflowId: `cycle-${key}`,
      args: [{ ref: extra.drill ? { ...REF, drill: 1 } : REF, regime, ...extra }],
    });
    // The agencies' workflows exist once the fan-out is done; the query fails while the cycle sets up.
    const fannedOut = () =>
      poll === 'query'
        ? cycle.query(cycleStatusQuery).then(
            (s) => s.fanOutDone && s.started === agencies.length,
            () => false,
          )
        : Promise.all(agencies.map((code) => report(code, key).describe())).then(
            () => true,
            () => false,
          );
    while (!(await fannedOut())) await new Promise((r) => setTimeout(r, 50));
    return cycle;
  }

  // Events after which the workflow still has work in flight (a task or an activity outstanding).
  const BUSY = new Set([
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
    EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
    EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
    EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
  ]);

  /** Waits until the workflow is idle: nothing in flight and nothing added between two looks. */
  async function settled(handle: WorkflowHandle): Promise<History> {
    let previous = -1;
    for (;;) {
      const history = await handle.fetchHistory();
      const events = history.events ?? [];
      const last = events.at(-1)?.eventType;
      if (events.length === previous && last != null && !BUSY.has(last)) return history;
      previous = events.length;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The failure of an update the workflow rejected: its cause's message is the validator's. */
  async function rejection(update: Promise<unknown>): Promise<string> {
    const err = await update.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return ((err as WorkflowUpdateFailedError).cause as Error).message;
  }

  const valid: SubmitReportInput = {
    documentNumber: '12/BC-STP',
    signedDate: '2027-03-01',
    channel: 'document_system',
  };

  /**
   * Four malformed submissions, three bad extensions and an exemption after a submission: each
   * rejected by its validator with a message naming the field, the agency still PENDING (then
   * SUBMITTED_ON_TIME). Returns the agency's history events around the rejections.
   */
  async function rejectAll(taskQueue: string): Promise<{ before: History[]; after: History[] }> {
    await startCycle(taskQueue);
    // The server's today (the dev server keeps real time): a report cannot be signed after it.
    const now = await env.currentTimeMs();
    const today = vnDateOf(now);
    const tomorrow = vnDateOf(now + 86_400_000);
    const signedToday = { ...valid, signedDate: today };
    const stp = report('STP');
    const before: History[] = [];
    const after: History[] = [];
    const submit = (payload: unknown) =>
      rejection(stp.executeUpdate(submitReportUpdate, { args: [payload as SubmitReportInput] }));
    const extend = (newDueDate: string) =>
      rejection(
        stp.executeUpdate(extendDeadlineUpdate, {
          args: [{ newDueDate, reason: 'Chờ số liệu cấp xã', approvedBy: 'Giám đốc Sở Nội vụ' }],
        }),
      );

    before.push(await settled(stp));
    expect(await submit({ ...valid, documentNumber: 'abc' })).toMatch(
      /^documentNumber: số văn bản phải có dạng/,
    );
    // 30 February has the YYYY-MM-DD shape but does not exist.
    expect(await submit({ ...valid, signedDate: '2027-02-30' })).toMatch(/^signedDate: ngày phải có dạng/);
    expect(await submit({ ...valid, channel: 'fax' })).toMatch(/^channel: kênh phải là một trong/);
    // A strict object: the unknown key is named in the message.
    expect(await submit({ ...valid, priority: 'urgent' })).toMatch(
      /^priority: trường này không có trong mẫu$/,
    );
    // The same rule as the CLI's: a report is not signed in the future.
    expect(await submit({ ...valid, signedDate: tomorrow })).toBe(
      `signedDate: ngày ký ${tomorrow} ở tương lai`,
    );
    // The current due date (Tue 16/3) and the day before are not later; Sun 21/3 is later but no working day.
    expect(await extend('2027-03-16')).toBe('hạn mới phải sau hạn hiện tại');
    expect(await extend('2027-03-15')).toBe('hạn mới phải sau hạn hiện tại');
    expect(await extend('2027-03-21')).toBe('newDueDate: 2027-03-21 không phải ngày làm việc');
    // Wed 2/2/2028 is a working day, but after the final close (Tue 1/2/2028 17:00).
    expect(await extend('2028-02-02')).toBe('hạn mới phải trước khi kỳ báo cáo kết thúc (chốt sổ)');
    after.push(await stp.fetchHistory());
    expect(await stp.query(reportStatusQuery)).toMatchObject({
      state: 'PENDING',
      dueDate: '2027-03-16',
      submissions: [],
      extensions: [],
    });

    // Once submitted, the agency can no longer be exempted.
    expect(await stp.executeUpdate(submitReportUpdate, { args: [signedToday] })).toMatchObject({
      receiptNumber: 'TN-CCHC-2027-Q1-STP-1',
      onTime: true,
    });
    before.push(await settled(stp));
    expect(await rejection(stp.executeUpdate(exemptUpdate, { args: [{ reason: 'Sáp nhập đơn vị' }] }))).toBe(
      'đơn vị đã nộp hoặc đã được miễn',
    );
    after.push(await stp.fetchHistory());
    expect((await stp.query(reportStatusQuery)).state).toBe('SUBMITTED_ON_TIME');
    return { before, after };
  }

  const types = (h: History) => (h.events ?? []).map((e) => EventType[e.eventType!]);

  it('a rejected update names the field; no update event, command or state change enters the history', async () => {
    agencies = ['STP', 'SYT'];
    const worker = await newWorker('edge-rejected');
    const { before, after } = await worker.runUntil(async () => {
      await sleepUntil(OPENS);
      return rejectAll('edge-rejected');
    });
    // The Java time-skipping server has no speculative workflow tasks: each rejected update leaves an
    // empty workflow task (scheduled, started, completed) in the history. Nothing else may appear: no
    // update accepted or completed, no activity, timer, signal or search-attribute command.
    for (const [i, h] of before.entries()) {
      const added = types(after[i]!).slice(types(h).length);
      expect(types(after[i]!).slice(0, types(h).length)).toEqual(types(h));
      expect(added.length).toBeGreaterThan(0);
      expect(new Set(added)).toEqual(
        new Set([
          'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
          'EVENT_TYPE_WORKFLOW_TASK_STARTED',
          'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
        ]),
      );
    }
    // Nothing but the one valid submission reached the activities.
    expect(submissions()).toEqual(['TN-CCHC-2027-Q1-STP-1 12/BC-STP on time']);
  });

  it('on the real dev server, a rejected update leaves the history exactly as it was', async () => {
    // The real server runs the update's workflow task speculatively and drops it on rejection; it
    // keeps real time (Q1 2027 is months away), so nothing else moves while the test runs.
    await env.teardown();
    env = await startTemporalDevServer({});
    agencies = ['STP', 'SYT'];
    const worker = await newWorker('edge-rejected-dev');
    const { before, after } = await worker.runUntil(() => rejectAll('edge-rejected-dev'));
    for (const [i, h] of before.entries()) {
      expect(after[i]!.events!.length).toBe(h.events!.length);
      expect(types(after[i]!)).toEqual(types(h));
    }
    expect(submissions()).toEqual(['TN-CCHC-2027-Q1-STP-1 12/BC-STP on time']);
  });

  it('a duplicate submission returns the same receipt; a corrected one is version 2', async () => {
    agencies = ['STP'];
    const worker = await newWorker('edge-duplicate');
    const status = await worker.runUntil(async () => {
      await sleepUntil(OPENS);
      const cycle = await startCycle('edge-duplicate');
      const stp = report('STP');
      const submit = (payload: SubmitReportInput) =>
        stp.executeUpdate(submitReportUpdate, { args: [payload] });

      await sleepUntil(at('03-01', '10:00'));
      const first = await submit(valid);
      expect(first).toEqual({
        receiptNumber: 'TN-CCHC-2027-Q1-STP-1',
        receivedAt: expect.stringMatching(/^2027-03-01T03:00/), // 10:00 in Vietnam
        version: 1,
        onTime: true,
        workingDaysLate: 0,
        dueDate: '2027-03-16',
        duplicate: false,
        // The receipt is the whole submission entry: what was received, too.
        documentNumber: '12/BC-STP',
        signedDate: '2027-03-01',
        channel: 'document_system',
      });
      await settled(stp);
      // The same document (number and signing date) logged again an hour later, this time with a
      // file: the first receipt, marked as a duplicate.
      await sleepUntil(at('03-01', '11:00'));
      expect(await submit({ ...valid, attachmentSha256: 'a'.repeat(64) })).toEqual({
        ...first,
        duplicate: true,
      });
      await settled(stp);
      const receipts = () => sent.filter((s) => s.input.purpose === 'SUBMISSION_RECEIPT').map((s) => s.line);
      expect(receipts()).toEqual(['SUBMISSION_RECEIPT receipt-1 STP focal_point email']);

      // A corrected document after the deadline (Wed 17/3, one working day late): version 2, late by one
      // working day, but the first version decided the state.
      await sleepUntil(at('03-17', '10:00'));
      expect(await submit({ ...valid, documentNumber: '13/BC-STP', signedDate: '2027-03-17' })).toMatchObject(
        {
          receiptNumber: 'TN-CCHC-2027-Q1-STP-2',
          version: 2,
          onTime: false,
          workingDaysLate: 1,
          duplicate: false,
        },
      );
      await settled(stp);
      expect(receipts()).toEqual([
        'SUBMISSION_RECEIPT receipt-1 STP focal_point email',
        'SUBMISSION_RECEIPT receipt-2 STP focal_point email',
      ]);
      const own = await stp.query(reportStatusQuery);
      expect(own.state).toBe('SUBMITTED_ON_TIME');
      expect(own.submissions.map((s) => s.receiptNumber)).toEqual([
        'TN-CCHC-2027-Q1-STP-1',
        'TN-CCHC-2027-Q1-STP-2',
      ]);
      // After the summary (Fri 19/3 16:00), the cycle is closed by hand on Mon 22/3.
      await sleepUntil(at('03-22', '10:00'));
      await cycle.signal(closeFinalSignal);
      await cycle.result();
      return (await stp.result()) as AgencyReportStatus;
    });
    expect(submissions()).toEqual([
      'TN-CCHC-2027-Q1-STP-1 12/BC-STP on time',
      'TN-CCHC-2027-Q1-STP-2 13/BC-STP late 1',
    ]);
    expect(status).toMatchObject({ state: 'SUBMITTED_ON_TIME', closed: true });
    expect(world.rows.get(`report-${KEY}-STP`)).toMatchObject({
      state: 'SUBMITTED_ON_TIME',
      receiptNumber: 'TN-CCHC-2027-Q1-STP-2',
    });
    // Submitted before the due day: no reminder, no overdue notice, no escalation, no follow-up;
    // on time in the summary.
    expect(sent.map((s) => s.line)).toEqual([
      'CYCLE_OPENING opening STP focal_point email',
      'SUBMISSION_RECEIPT receipt-1 STP focal_point email',
      'SUBMISSION_RECEIPT receipt-2 STP focal_point email',
      `UBND_SUMMARY summary ${UBND} ubnd+snv_director email`,
    ]);
    expect(minute(sent.at(-1)!.at)).toBe(at('03-19', '16:00'));
    expect(world.summaries).toMatchObject([
      { cycleKey: KEY, onTime: ['STP'], late: [], notSubmitted: [], extended: [], exempt: [] },
    ]);
    expect(world.escalations).toEqual([]);
  });

  it('fans out 450 units in one run, the next page enrolled while a page starts and two batches in flight', async () => {
    agencies = Array.from({ length: 450 }, (_, i) => `U${String(i).padStart(3, '0')}`);
    const worker = await newWorker('edge-pipelined');
    const history = await worker.runUntil(async () => {
      await sleepUntil(OPENS);
      const cycle = await startCycle('edge-pipelined');
      // The status counts a report once its workflow has started, not when it was asked for.
      expect((await report('U449').describe()).status.name).toBe('RUNNING');
      expect((await cycle.describe()).runId).toBe(cycle.firstExecutionRunId);
      return settled(cycle);
    });
    const events = history.events ?? [];
    let inFlight = 0;
    let mostInFlight = 0;
    let initiated = 0;
    let started = 0;
    const enrolledAfter: number[] = []; // reports initiated before each page was asked for
    for (const e of events) {
      if (e.activityTaskScheduledEventAttributes?.activityType?.name === 'enrollUnits')
        enrolledAfter.push(initiated);
      if (e.eventType === EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED) {
        initiated += 1;
        mostInFlight = Math.max(mostInFlight, (inFlight += 1));
      }
      if (e.eventType === EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) {
        started += 1;
        inFlight -= 1;
      }
    }
    expect({ initiated, started }).toEqual({ initiated: 450, started: 450 });
    // Pages of 200: the second and third are asked for as soon as the page before arrives.
    expect(enrolledAfter).toEqual([0, 0, 200]);
    // Batches of 50, the next issued while the one before is still starting.
    expect(mostInFlight).toBeGreaterThan(50);
    expect(mostInFlight).toBeLessThanOrEqual(100);
    expect(world.rows.size).toBe(450);
  }, 120_000);

  it('fans out over three runs with maxChildrenPerRun 2 and still consolidates every agency', async () => {
    agencies = ['SCT', 'SGT', 'SNN', 'STP', 'SYT'];
    // Fan-out is awaited by describing the children, not by querying the cycle: on the time-skipping
    // server a query racing the cycle's continue-as-new can leave the run closed (CONTINUED_AS_NEW)
    // with its history stopped at WorkflowTaskStarted, and the chain stalls ~90 s (3 runs in 5).
    const worker = await newWorker('edge-fan-out');
    const status = await worker.runUntil(async () => {
      await sleepUntil(OPENS);
      const cycle = await startCycle('edge-fan-out', { maxChildrenPerRun: 2 }, 'describe');
      for (const code of agencies) {
        const d = await report(code).describe();
        expect(d.type).toBe('agencyReport');
        expect(d.status.name).toBe('RUNNING');
      }
      expect((await cycle.describe()).runId).not.toBe(cycle.firstExecutionRunId);

      // Follow the chain of runs from the first: 5 agencies, 2 per run → 2 + 2 + 1 children, so
      // runs 1 and 2 end in continue-as-new and run 3 is the one still running.
      const runs: { children: number; last: number | null | undefined }[] = [];
      let runId: string | undefined = cycle.firstExecutionRunId;
      while (runId) {
        const history: History = await env.client.workflow.getHandle(`cycle-${KEY}`, runId).fetchHistory();
        const events = history.events ?? [];
        const last = events.at(-1);
        runs.push({
          children: events.filter(
            (e) => e.eventType === EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
          ).length,
          last: last?.eventType,
        });
        runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      }
      expect(runs.map((r) => r.children)).toEqual([2, 2, 1]);
      expect(runs.slice(0, 2).map((r) => r.last)).toEqual([
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
      ]);

      // An agency started by the first run and one started by the last both reach the cycle's last run.
      await sleepUntil(at('03-01', '10:00'));
      await report('SCT').executeUpdate(submitReportUpdate, {
        args: [{ ...valid, documentNumber: '7/BC-SCT' }],
      });
      await report('SYT').executeUpdate(exemptUpdate, { args: [{ reason: 'Sáp nhập đơn vị' }] });
      const status = (await cycle.result()) as CycleStatus;
      const reports = await Promise.all(
        agencies.map((c) => report(c).result() as Promise<AgencyReportStatus>),
      );
      return { status, reports };
    });
    expect(status.status).toMatchObject({ started: 5, fanOutDone: true, phase: 'CLOSED' });
    // 1 on time (SCT), 1 exempt (SYT), the other 3 never reported: every unit, whichever run started it.
    const summary = sent.find((s) => s.input.purpose === 'UBND_SUMMARY')!;
    expect(minute(summary.at)).toBe(at('03-19', '16:00'));
    expect(world.summaries).toMatchObject([
      {
        cycleKey: KEY,
        onTime: ['SCT'],
        late: [],
        notSubmitted: ['SGT', 'SNN', 'STP'],
        extended: [],
        exempt: ['SYT'],
      },
    ]);
    // The final close reaches the reports of every run, and each ends then.
    expect(world.signals.filter((s) => s.signal === 'closeReport').map((s) => s.count)).toEqual([5]);
    expect(minute(world.cycles.get(`cycle-${KEY}`)!.changes.at(-1)!.at)).toBe(FINAL_CLOSE);
    expect(status.reports.map((r) => `${r.agencyCode} ${r.state} ${r.closed}`)).toEqual([
      'SCT SUBMITTED_ON_TIME true',
      'SGT OVERDUE true',
      'SNN OVERDUE true',
      'STP OVERDUE true',
      'SYT EXEMPT true',
    ]);
    // Each agency's opening notice, sent once though the cycle ran three times.
    expect(
      sent
        .filter((s) => s.input.purpose === 'CYCLE_OPENING')
        .map((s) => s.input.agencyCode)
        .sort(),
    ).toEqual(agencies);
  });

  it('a drill runs reminder, overdue notice, both escalation levels, the summary, follow-ups and the final close in seconds', async () => {
    agencies = ['STP', 'SYT'];
    // Drill number 1 of Q1 2027, started Mon 1/3 09:00, due 09:03 (D), with the default drill
    // timings given as input. Relative to D, by hand:
    //   reminder at D-30 s (only the first policy reminder: 5 working days before → focal_point, email);
    //   the drill plan has no due-day reminder; escalationSchedule sorted is [overdue, level 1, level 2]
    //   (overdue and level 1 share a day, overdue first), placed at D+5 s + i·30 s → D+5, D+35, D+65 s;
    //   Sở Nội vụ is told a third of a step (10 s) after each level: D+45 s, D+75 s;
    //   consolidation at D+5 s + (2 escalations + 1)·30 s = D+95 s, the final close 3 steps later,
    //   D+185 s; the overdue notice again every step after level 2 while before the close: D+95,
    //   D+125, D+155 s; follow-ups a step after the consolidation: D+125, D+155 s.
    // STP submits at D-10 s, so only SYT goes overdue and is escalated.
    const start = Date.parse('2027-03-01T09:00:00+07:00');
    const due = Date.parse('2027-03-01T09:03:00+07:00');
    expect(DRILL).toEqual({ reminderBeforeMs: 30_000, overdueAfterMs: 5_000, escalationStepMs: 30_000 });
    const worker = await newWorker('edge-drill');
    const { status, reports } = await worker.runUntil(async () => {
      await sleepUntil(start);
      const cycle = await startCycle('edge-drill', {
        drill: { dueAt: '2027-03-01T09:03:00+07:00', timings: { ...DRILL } },
      });
      await sleepUntil(due - 10_000);
      expect(
        await report('STP', DRILL_KEY).executeUpdate(submitReportUpdate, { args: [valid] }),
      ).toMatchObject({
        receiptNumber: `TN-${DRILL_KEY}-STP-1`,
        onTime: true,
        dueDate: '2027-03-01',
      });
      const status = (await cycle.result()) as CycleStatus;
      const reports = await Promise.all(
        agencies.map((c) => report(c, DRILL_KEY).result() as Promise<AgencyReportStatus>),
      );
      return { status, reports };
    });
    // Whole seconds from the due instant: activities are scheduled a little after their timer fires
    // (some hundred ms on a loaded machine), never before.
    const rel = (ms: number) => Math.floor((ms - due) / 1000);
    // The openings go out as soon as the children start: within seconds of 09:00 (the worker's start-up).
    const openings = sent.filter((s) => s.input.purpose === 'CYCLE_OPENING');
    expect(openings.map((s) => s.input.agencyCode).sort()).toEqual(['STP', 'SYT']);
    for (const o of openings) expect(rel(o.at)).toBeGreaterThanOrEqual(-180);
    for (const o of openings) expect(rel(o.at)).toBeLessThan(-170);
    // In time order; messages of the same second in name order (the two agencies run side by side).
    const byTime = (xs: string[]) =>
      [...xs].sort((a, b) => parseInt(a) - parseInt(b) || (a < b ? -1 : a > b ? 1 : 0));
    const rest = sent.filter((s) => s.input.purpose !== 'CYCLE_OPENING');
    expect(
      byTime(rest.map((s) => `${rel(s.at)} ${s.line.replace(/ follow-up-\d+ /, ' follow-up ')}`)),
    ).toEqual([
      '-30 REPORT_REMINDER reminder-drill STP focal_point email',
      '-30 REPORT_REMINDER reminder-drill SYT focal_point email',
      '-10 SUBMISSION_RECEIPT receipt-1 STP focal_point email',
      '5 REPORT_OVERDUE overdue SYT focal_point+head email+sms',
      `45 ESCALATION_SNV escalation-1-${due + 45_000} ${SNV} snv_desk email`,
      `75 ESCALATION_SNV escalation-2-${due + 75_000} ${SNV} snv_director email`,
      '95 REPORT_OVERDUE overdue-r1 SYT focal_point+head email+sms',
      `95 UBND_SUMMARY summary ${UBND} ubnd+snv_director email`,
      `125 FOLLOW_UP_DIGEST follow-up ${SNV} snv_desk email`,
      '125 REPORT_OVERDUE overdue-r2 SYT focal_point+head email+sms',
      `155 FOLLOW_UP_DIGEST follow-up ${SNV} snv_desk email`,
      '155 REPORT_OVERDUE overdue-r3 SYT focal_point+head email+sms',
    ]);
    // A drill counts lateness in minutes, not working days.
    expect(sent.find((s) => s.line.startsWith('REPORT_OVERDUE overdue SYT'))!.input.data).toMatchObject({
      late: { unit: 'minutes', amount: 1 },
    });
    // Every message names the drill's cycle, never the real one.
    expect(sent.every((s) => s.input.data.cycleKey === DRILL_KEY)).toBe(true);
    expect(
      world.escalations.map(
        (e) => `${rel(e.at)} ${e.agencyCode} level ${e.level} ${e.toRole} ${e.told ?? '-'}`,
      ),
    ).toEqual([
      `35 SYT level 1 snv_desk cycle-${DRILL_KEY}:escalation-1-${due + 45_000}`,
      `65 SYT level 2 snv_director cycle-${DRILL_KEY}:escalation-2-${due + 75_000}`,
    ]);
    expect(status).toMatchObject({
      key: DRILL_KEY,
      drill: true,
      phase: 'CLOSED',
      dates: { consolidationAt: due + 95_000, finalCloseAt: due + 185_000 },
    });
    expect(world.cycles.get(`cycle-${DRILL_KEY}`)!.changes.map((c) => [c.status, rel(c.at)])).toEqual([
      ['CONSOLIDATED', 95],
      ['CLOSED', 185],
    ]);
    expect(reports.map((r) => `${r.agencyCode} ${r.state} ${r.escalationLevel} ${r.closed}`)).toEqual([
      'STP SUBMITTED_ON_TIME 0 true',
      'SYT OVERDUE 2 true',
    ]);
    expect(world.summaries).toMatchObject([{ cycleKey: DRILL_KEY, onTime: ['STP'], notSubmitted: ['SYT'] }]);
    expect(world.followUps.map((f) => [rel(f.at), f.arrived, f.missing])).toEqual([
      [125, 0, 1],
      [155, 0, 1],
    ]);
  });
});
