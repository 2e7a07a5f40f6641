import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { NotifyInput, NotifyResult } from '../../activities/notifications';
import { vnDateOf } from '../../domain/calendar';
import { DRILL, type SubmitReportInput } from '../../domain/reporting';
import { reportingCycle } from '../../workflows';
import {
  exemptUpdate,
  extendDeadlineUpdate,
  reportStatusQuery,
  submitReportUpdate,
} from '../../workflows/reporting/messages';
import { cycleStatusQuery } from '../../workflows/reporting/messages';
import type { CycleStatus } from '../../workflows/reporting/types';
import { startTemporalDevServer } from '../../scripts/lib/temporal-dev';
import { bundleWorkflows, createTimeSkippingEnv } from '../support/time-skipping';

// Edge cases of the Q1 2027 cycle on the time-skipping test server: rejected updates, duplicate and
// corrected submissions, the continue-as-new fan-out and a drill with a deadline minutes away; and
// once on the real dev server, where a rejected update must leave the history exactly unchanged.
//
// Q1 2027 with the default policy and the calendar's proposed holidays (none in March), by hand:
// cutoff Sun 14/3 → agencies due Tue 16/3 (end of day); opening Mon 1/3 08:00; overdue notice and
// level 1 Wed 17/3 08:00, level 2 Thu 18/3 08:00; province due Sat 20/3 → Mon 22/3, so the
// consolidation is one working day before it: Fri 19/3 16:00.
const YEAR = 2027;
const PERIOD = 'Q1';
const CYCLE_ID = `cycle-${YEAR}-${PERIOD}`;
const SNV = 'SNV';
const UBND = 'UBND_TINH';
const OPENS = Date.parse('2027-03-01T08:00:00+07:00');
const at = (day: string, time: string) => Date.parse(`${YEAR}-${day}T${time}:00+07:00`);

const { EventType } = temporal.api.enums.v1;
type History = temporal.api.history.v1.IHistory;

interface Sent {
  at: number;
  line: string;
  input: NotifyInput;
}

describe('reporting cycle edge cases, Q1 2027', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  let agencies: string[] = [];
  const sent: Sent[] = [];
  const submissions: string[] = [];
  const escalations: { at: number; line: string }[] = [];

  beforeAll(async () => {
    bundle = await bundleWorkflows();
  });
  // One server per test: time skipped while one cycle winds down must not move the next one's clock.
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
    sent.length = 0;
    submissions.length = 0;
    escalations.length = 0;
  });
  afterEach(async () => {
    await env?.teardown();
  });

  // Fakes typed against the real factory: they record what would be sent, and when (server time).
  const scheduledAt = () => Context.current().info.currentAttemptScheduledTimestampMs;
  const activities: Partial<Activities> = {
    async notify(input: NotifyInput): Promise<NotifyResult> {
      const line = `${input.purpose} ${input.step.replace(/\.\d{4}-\d{2}-\d{2}$/, '')} ${input.agencyCode} ${input.roles.join('+')} ${input.channels.join('+')}`;
      sent.push({ at: scheduledAt(), line, input });
      return { sent: 1, alreadySent: 0, deferred: [], failed: [], skipped: 0, noRecipients: false };
    },
    async listReportingAgencies() {
      return { agencyCodes: agencies, snvAgencyCode: SNV, ubndAgencyCode: UBND };
    },
    async recordCycle() {},
    async closeCycleRecord() {},
    async recordReportState() {},
    async recordSubmission(s) {
      submissions.push(
        `${s.receiptNumber} ${s.documentNumber} ${s.onTime ? 'on time' : `late ${s.lateWorkingDays}`}`,
      );
    },
    async recordEscalation(e) {
      escalations.push({ at: scheduledAt(), line: `${e.agencyCode} level ${e.level} ${e.toRole}` });
    },
    async recordAuditEvent() {
      return 0;
    },
  };

  async function sleepUntil(instant: number): Promise<void> {
    const now = await env.currentTimeMs();
    if (instant > now) await env.sleep(instant - now);
  }

  const newWorker = (taskQueue: string) =>
    Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities });

  const report = (code: string) => env.client.workflow.getHandle(`report-${YEAR}-${PERIOD}-${code}`);

  async function startCycle(
    taskQueue: string,
    extra: { dueAtOverride?: string; maxChildrenPerRun?: number } = {},
    poll: 'query' | 'describe' = 'query',
  ) {
    const cycle = await env.client.workflow.start(reportingCycle, {
      taskQueue,
      workflowId: CYCLE_ID,
      args: [{ year: YEAR, period: PERIOD, ...extra }],
    });
    // The agencies' workflows exist once the fan-out is done; the query fails while the cycle sets up.
    const fannedOut = () =>
      poll === 'query'
        ? cycle.query(cycleStatusQuery).then(
            (s) => s.started === agencies.length,
            () => false,
          )
        : Promise.all(agencies.map((code) => report(code).describe())).then(
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
    expect(await submit({ ...valid, priority: 'urgent' })).toMatch(/Unrecognized key: "priority"/);
    // The same rule as the CLI's: a report is not signed in the future.
    expect(await submit({ ...valid, signedDate: tomorrow })).toBe(
      `signedDate: ngày ký ${tomorrow} ở tương lai`,
    );
    // The current due date (Tue 16/3) and the day before are not later; Sun 21/3 is later but no working day.
    expect(await extend('2027-03-16')).toBe('hạn mới phải sau hạn hiện tại');
    expect(await extend('2027-03-15')).toBe('hạn mới phải sau hạn hiện tại');
    expect(await extend('2027-03-21')).toBe('newDueDate: 2027-03-21 không phải ngày làm việc');
    after.push(await stp.fetchHistory());
    expect(await stp.query(reportStatusQuery)).toMatchObject({
      state: 'PENDING',
      dueDate: '2027-03-16',
      submissions: [],
      extensions: [],
    });

    // Once submitted, the agency can no longer be exempted.
    expect(await stp.executeUpdate(submitReportUpdate, { args: [signedToday] })).toMatchObject({
      receiptNumber: 'TN-2027-Q1-STP-1',
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
    expect(submissions).toEqual(['TN-2027-Q1-STP-1 12/BC-STP on time']);
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
    expect(submissions).toEqual(['TN-2027-Q1-STP-1 12/BC-STP on time']);
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
        receiptNumber: 'TN-2027-Q1-STP-1',
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
      // The same document logged again an hour later: the first receipt, marked as a duplicate.
      await sleepUntil(at('03-01', '11:00'));
      expect(await submit(valid)).toEqual({ ...first, duplicate: true });
      await settled(stp);
      const receipts = () => sent.filter((s) => s.input.purpose === 'SUBMISSION_RECEIPT').map((s) => s.line);
      expect(receipts()).toEqual(['SUBMISSION_RECEIPT receipt-1 STP focal_point email']);

      // A corrected document after the deadline (Wed 17/3, one working day late): version 2, late by one
      // working day, but the first version decided the state.
      await sleepUntil(at('03-17', '10:00'));
      expect(await submit({ ...valid, documentNumber: '13/BC-STP', signedDate: '2027-03-17' })).toMatchObject(
        {
          receiptNumber: 'TN-2027-Q1-STP-2',
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
      expect(own.submissions.map((s) => s.receiptNumber)).toEqual(['TN-2027-Q1-STP-1', 'TN-2027-Q1-STP-2']);
      return (await cycle.result()) as CycleStatus;
    });
    expect(submissions).toEqual(['TN-2027-Q1-STP-1 12/BC-STP on time', 'TN-2027-Q1-STP-2 13/BC-STP late 1']);
    expect(status.agencies.STP).toMatchObject({ state: 'SUBMITTED_ON_TIME', workingDaysLate: 0 });
    // Submitted before the due day: no reminder, no overdue notice, no escalation; on time in the summary.
    expect(sent.map((s) => s.line)).toEqual([
      'CYCLE_OPENING opening STP focal_point email',
      'SUBMISSION_RECEIPT receipt-1 STP focal_point email',
      'SUBMISSION_RECEIPT receipt-2 STP focal_point email',
      `UBND_SUMMARY summary ${UBND} ubnd+snv_director email`,
    ]);
    expect(sent.at(-1)!.input.data.totals).toEqual({
      agencies: 1,
      onTime: 1,
      late: 0,
      notSubmitted: 0,
      exempt: 0,
    });
  });

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
        const history: History = await env.client.workflow.getHandle(CYCLE_ID, runId).fetchHistory();
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
      return (await cycle.result()) as CycleStatus;
    });
    expect(status.started).toBe(5);
    expect(Object.keys(status.agencies).sort()).toEqual(agencies);
    const summary = sent.find((s) => s.input.purpose === 'UBND_SUMMARY')!;
    // 1 on time (SCT), 1 exempt (SYT), the other 3 never reported.
    expect(Math.abs(summary.at - at('03-19', '16:00'))).toBeLessThan(1000);
    expect(summary.input.data).toMatchObject({
      totals: { agencies: 5, onTime: 1, late: 0, notSubmitted: 3, exempt: 1 },
      onTime: [{ code: 'SCT' }],
      notSubmitted: [{ code: 'SGT' }, { code: 'SNN' }, { code: 'STP' }],
      exempt: [{ code: 'SYT', reason: 'Sáp nhập đơn vị' }],
    });
    // Each agency's opening notice, sent once though the cycle ran three times.
    expect(
      sent
        .filter((s) => s.input.purpose === 'CYCLE_OPENING')
        .map((s) => s.input.agencyCode)
        .sort(),
    ).toEqual(agencies);
  });

  it('a drill runs reminder, overdue notice, both escalation levels and the summary in seconds', async () => {
    agencies = ['STP', 'SYT'];
    // Started Mon 1/3 09:00, due 09:03. From DRILL and the default policy, relative to the due instant D:
    //   reminder at D-30 s (only the first policy reminder: 5 working days before → focal_point, email);
    //   the drill plan has no due-day reminder; escalationSchedule sorted is [overdue, level 1, level 2]
    //   (overdue and level 1 share a day, overdue first), placed at D+5 s + i·30 s → D+5, D+35, D+65 s;
    //   consolidation at D+5 s + (2 escalations + 1)·30 s = D+95 s.
    // STP submits at D-10 s, so only SYT goes overdue and is escalated (1 working day late, a drill's count).
    const start = Date.parse('2027-03-01T09:00:00+07:00');
    const due = Date.parse('2027-03-01T09:03:00+07:00');
    expect(DRILL).toEqual({ reminderBeforeMs: 30_000, overdueAfterMs: 5_000, escalationStepMs: 30_000 });
    const worker = await newWorker('edge-drill');
    const status = await worker.runUntil(async () => {
      await sleepUntil(start);
      const cycle = await startCycle('edge-drill', { dueAtOverride: '2027-03-01T09:03:00+07:00' });
      await sleepUntil(due - 10_000);
      expect(await report('STP').executeUpdate(submitReportUpdate, { args: [valid] })).toMatchObject({
        receiptNumber: 'TN-2027-Q1-STP-1',
        onTime: true,
        dueDate: '2027-03-01',
      });
      return (await cycle.result()) as CycleStatus;
    });
    // Seconds from the due instant (activities are scheduled a few ms after their timer fires).
    const rel = (ms: number) => Math.round((ms - due) / 1000);
    // The openings go out as soon as the children start: within seconds of 09:00 (the worker's start-up).
    const openings = sent.filter((s) => s.input.purpose === 'CYCLE_OPENING');
    expect(openings.map((s) => s.input.agencyCode).sort()).toEqual(['STP', 'SYT']);
    for (const o of openings) expect(rel(o.at)).toBeGreaterThanOrEqual(-180);
    for (const o of openings) expect(rel(o.at)).toBeLessThan(-170);
    // In time order; messages of the same second in name order (the two agencies run side by side).
    const byTime = (xs: string[]) =>
      [...xs].sort((a, b) => parseInt(a) - parseInt(b) || (a < b ? -1 : a > b ? 1 : 0));
    const rest = sent.filter((s) => s.input.purpose !== 'CYCLE_OPENING');
    expect(byTime(rest.map((s) => `${rel(s.at)} ${s.line}`))).toEqual([
      '-30 REPORT_REMINDER reminder-drill STP focal_point email',
      '-30 REPORT_REMINDER reminder-drill SYT focal_point email',
      '-10 SUBMISSION_RECEIPT receipt-1 STP focal_point email',
      '5 REPORT_OVERDUE overdue SYT focal_point+head email+sms',
      `35 ESCALATION_SNV escalation-1-${due + 35_000} ${SNV} snv_desk email`,
      `65 ESCALATION_SNV escalation-2-${due + 65_000} ${SNV} snv_director email`,
      `95 UBND_SUMMARY summary ${UBND} ubnd+snv_director email`,
    ]);
    expect(
      sent.find((s) => s.line.startsWith('ESCALATION_SNV escalation-1'))!.input.data.lateAgencies,
    ).toEqual([{ code: 'SYT', dueDate: '2027-03-01', workingDaysLate: 1 }]);
    expect(escalations.map((e) => `${rel(e.at)} ${e.line}`)).toEqual([
      '35 SYT level 1 snv_desk',
      '65 SYT level 2 snv_director',
    ]);
    expect(status).toMatchObject({ drill: true, consolidationAt: due + 95_000, closed: true });
    expect(status.agencies.SYT).toMatchObject({ state: 'OVERDUE', escalationLevel: 2 });
    expect(sent.at(-1)!.input.data.totals).toEqual({
      agencies: 2,
      onTime: 1,
      late: 0,
      notSubmitted: 1,
      exempt: 0,
    });
  });
});
