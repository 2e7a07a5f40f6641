import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { NotifyInput, NotifyResult } from '../../activities/notify-contract';
import { createWorkingCalendar, DEFAULT_POLICY, nextSmsInstant, parsePolicy } from '../../domain/calendar';
import { reportingCycle } from '../../workflows';
import type { ReportingCycleInput } from '../../workflows/reporting/types';
import { bundleWorkflows, createTimeSkippingEnv } from '../support/time-skipping';

// The shared send helper's promises, on the time-skipping server with a notify fake that keeps the
// activity's contract: an SMS outside the message's SMS window is deferred to the next allowed
// minute (the real activity stores it PENDING with notBefore and says `deferred`), and a delivery
// that could only go out after `usefulUntil` is recorded SKIPPED.
//
// Q1 2027 drills on Mon 1/3/2027 (a working day; the calendar's proposed 2027 holidays have none in
// March). Drill timing relative to the due instant D: reminder D-30 s (email), overdue notice D+5 s
// (email + SMS), level 1 D+35 s, level 2 D+65 s, consolidation D+95 s.

const YEAR = 2027;
const PERIOD = 'Q1';
const vn = (local: string) => Date.parse(`2027-03-01T${local}+07:00`);
const calendar = createWorkingCalendar();
/** Vietnam wall-clock time of an instant, to the second (activities start a few ms after their timer). */
const local = (ms: number) =>
  new Date(Math.round(ms / 1000) * 1000 + 7 * 3_600_000).toISOString().slice(11, 19);

interface Call {
  at: number;
  input: NotifyInput;
  result: NotifyResult;
}

describe('the shared send helper', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  const calls: Call[] = [];
  const audits: string[] = [];
  let agencies: string[] = [];

  beforeAll(async () => {
    bundle = await bundleWorkflows();
  });
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
    calls.length = 0;
    audits.length = 0;
  });
  afterEach(async () => {
    await env?.teardown();
  });

  const activities: Partial<Activities> = {
    async notify(input: NotifyInput): Promise<NotifyResult> {
      const at = Context.current().info.currentAttemptScheduledTimestampMs;
      const result: NotifyResult = {
        sent: 0,
        alreadySent: 0,
        deferred: [],
        failed: [],
        skipped: 0,
        noRecipients: false,
      };
      for (const channel of input.channels) {
        const from = channel === 'sms' ? nextSmsInstant(at, input.smsWindow!, calendar) : at;
        const delivered = calls.some(
          (c) => c.input.step === input.step && c.input.agencyCode === input.agencyCode && c.result.sent > 0,
        );
        if (input.usefulUntil !== undefined && from > input.usefulUntil) result.skipped += 1;
        else if (from > at)
          result.deferred.push({ channel, contactId: 1, until: new Date(from).toISOString() });
        else if (channel === 'sms' || !delivered) result.sent += 1;
        else result.alreadySent += 1;
      }
      calls.push({ at, input, result });
      return result;
    },
    async listReportingAgencies() {
      return { agencyCodes: agencies, snvAgencyCode: 'SNV', ubndAgencyCode: 'UBND_TINH' };
    },
    async recordCycle() {},
    async closeCycleRecord() {},
    async recordReportState() {},
    async recordSubmission() {},
    async recordEscalation() {},
    async recordAuditEvent(e) {
      audits.push(`${e.agencyCode} ${e.kind} ${String(e.detail?.step)}`);
      return audits.length;
    },
  };

  /** Polls `done` (real time); after `ms` fails with what was sent and audited so far. */
  async function until(done: () => boolean, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) {
        const seen = calls.map((c) => `${local(c.at)} ${c.input.step} ${JSON.stringify(c.result)}`);
        throw new Error(`condition not met; calls: ${seen.join(' | ')}; audits: ${audits.join(' | ')}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function sleepUntil(instant: number): Promise<void> {
    const now = await env.currentTimeMs();
    if (instant > now) await env.sleep(instant - now);
  }
  const newWorker = (taskQueue: string) =>
    Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities });
  const start = (taskQueue: string, input: Omit<ReportingCycleInput, 'year' | 'period'>) =>
    env.client.workflow.start(reportingCycle, {
      taskQueue,
      workflowId: `cycle-${YEAR}-${PERIOD}`,
      args: [{ year: YEAR, period: PERIOD, ...input }],
    });
  const report = (code: string) => env.client.workflow.getHandle(`report-${YEAR}-${PERIOD}-${code}`);

  it("carries the policy file's SMS window in every message, so sending uses the window planning used", async () => {
    agencies = ['STP'];
    // A policy that allows SMS only 09:00–11:00 (and sends day-based messages at 09:30).
    const policy = parsePolicy({ quietHours: { start: '09:00', end: '11:00' }, sendTime: '09:30' });
    const worker = await newWorker('send-window');
    await worker.runUntil(async () => {
      // 08:00: the overdue notice's SMS at D+5 s falls before 09:00 and waits for it.
      await sleepUntil(vn('08:00:00'));
      await (await start('send-window', { policy, dueAtOverride: '2027-03-01T08:03:00+07:00' })).result();
      await report('STP').result();
    });
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(c.input.smsWindow).toEqual({ start: '09:00', end: '11:00' });
    const overdue = calls.filter((c) => c.input.purpose === 'REPORT_OVERDUE');
    // Deferred to 09:00 by the policy's window, not to 07:30 by the built-in one; sent again at 09:00.
    expect(overdue[0]!.result.deferred).toEqual([
      { channel: 'sms', contactId: 1, until: new Date(vn('09:00:00')).toISOString() },
    ]);
    expect(overdue.map((c) => `${local(c.at)} sent:${c.result.sent}`)).toEqual([
      '08:03:05 sent:1',
      '09:00:00 sent:1',
    ]);
    expect(DEFAULT_POLICY.quietHours).toEqual({ start: '07:30', end: '17:30' });
  });

  it('sends an SMS deferred past the end of the cycle at the next allowed minute; its report ends only after', async () => {
    agencies = ['STP', 'SYT'];
    const worker = await newWorker('send-night');
    const closed = await worker.runUntil(async () => {
      // A drill at 01:00: everything is over by 01:05, but SMS may only go out from 07:30.
      await sleepUntil(vn('01:00:00'));
      const cycle = await start('send-night', { dueAtOverride: '2027-03-01T01:03:00+07:00' });
      await cycle.result();
      const cycleClosedAt = (await cycle.describe()).closeTime!.getTime();
      for (const code of agencies) await report(code).result();
      const reportsClosedAt = await Promise.all(
        agencies.map(async (code) => (await report(code).describe()).closeTime!.getTime()),
      );
      return { cycleClosedAt, reportsClosedAt };
    });
    const overdue = calls.filter((c) => c.input.purpose === 'REPORT_OVERDUE');
    // Each agency: the overdue notice at D+5 s (email sent, SMS deferred to 07:30), then at 07:30 the SMS.
    expect(
      overdue
        .map(
          (c) =>
            `${c.input.agencyCode} ${local(c.at)} sent:${c.result.sent} deferred:${c.result.deferred.length}`,
        )
        .sort(),
    ).toEqual([
      'STP 01:03:05 sent:1 deferred:1',
      'STP 07:30:00 sent:1 deferred:0',
      'SYT 01:03:05 sent:1 deferred:1',
      'SYT 07:30:00 sent:1 deferred:0',
    ]);
    for (const c of overdue.filter((x) => x.at < vn('07:30:00')))
      expect(c.result.deferred.map((d) => d.until)).toEqual([new Date(vn('07:30:00')).toISOString()]);
    expect(closed.cycleClosedAt).toBeLessThan(vn('01:05:00'));
    for (const t of closed.reportsClosedAt) expect(t).toBeGreaterThanOrEqual(vn('07:30:00'));
  });

  it('records a reminder that could only go out after its deadline as skipped, not sent late', async () => {
    agencies = ['STP'];
    // A drill due 15 s after the start with its reminder 8 s before (planned 7 s after the start);
    // but the database is down until D+1 s, so the report's first write is retried with backoff and
    // its loop reaches the reminder only after D.
    const timings = { reminderBeforeMs: 8_000, overdueAfterMs: 60_000, escalationStepMs: 60_000 };
    const slow = {
      ...activities,
      async recordReportState() {
        if ((await env.currentTimeMs()) < vn('10:00:16')) throw new Error('database unavailable');
      },
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'send-late',
      workflowBundle: bundle,
      activities: slow,
    });
    await worker.runUntil(async () => {
      await sleepUntil(vn('10:00:00'));
      await start('send-late', { dueAtOverride: '2027-03-01T10:00:15+07:00', drillTimings: timings });
      await until(() => audits.some((a) => a.includes('NOTIFICATION_SKIPPED')));
    });
    const reminder = calls.find((c) => c.input.purpose === 'REPORT_REMINDER')!;
    expect(reminder.input.usefulUntil).toBe(vn('10:00:15'));
    expect(reminder.at).toBeGreaterThan(vn('10:00:15'));
    expect(reminder.result).toMatchObject({ sent: 0, skipped: 1 });
    expect(audits).toContain('STP NOTIFICATION_SKIPPED reminder-drill.2027-03-01');
  });
});
