import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { NotifyInput, NotifyResult } from '../../activities/notify-contract';
import { loadRegime } from '../../config/regimes';
import { createWorkingCalendar, DEFAULT_POLICY, nextSmsInstant, parsePolicy } from '../../domain/calendar';
import { DRILL, type DrillTimings } from '../../domain/reporting';
import type { Regime } from '../../domain/regime';
import { reportingCycle } from '../../workflows';
import { cycleStatusQuery, reportStatusQuery, submitReportUpdate } from '../../workflows/reporting/messages';
import { createReportingWorld } from '../support/reporting-world';
import { bundleWorkflows, createTimeSkippingEnv } from '../support/time-skipping';

// The shared send helper's promises, on the time-skipping server with a notify fake that keeps the
// activity's contract: an SMS outside the message's SMS window is deferred to the next allowed
// minute (the real activity stores it PENDING with notBefore and says `deferred`), and a delivery
// that could only go out after `usefulUntil` is recorded SKIPPED.
//
// Drills of the CCHC regime's Q1 2027 (drill number 1, ID cycle-CCHC-2027-Q1-DT1) on Mon 1/3/2027
// (a working day; the calendar has no holiday in March 2027), with the in-memory reporting world.
// Default drill timing relative to the due instant D: reminder D-30 s (email), overdue notice D+5 s
// (email + SMS), level 1 D+35 s, level 2 D+65 s, consolidation D+95 s, the overdue notice again at
// D+95, D+125 and D+155 s (email + SMS), the final close D+185 s.

const DRILL_KEY = 'CCHC-2027-Q1-DT1';
const CCHC = loadRegime('CCHC');
const vn = (local: string) => Date.parse(`2027-03-01T${local}+07:00`);
const calendar = createWorkingCalendar();
/** Vietnam wall-clock time of an instant, to the second (activities start a little after their timer, never before). */
const local = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000 + 7 * 3_600_000).toISOString().slice(11, 19);

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
    world.reset();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  /** The notify activity's contract on SMS windows and usefulUntil, over the reporting world. */
  function notify(input: NotifyInput, at: number): NotifyResult {
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
  }
  const world = createReportingWorld({ units: () => agencies, client: () => env.client, notify });
  const activities: Partial<Activities> = {
    ...world.activities,
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
  /** `cached: false`: a worker that stops leaves no sticky task queue behind for the next one. */
  const newWorker = (taskQueue: string, cached = true) =>
    Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
      ...(cached ? {} : { maxCachedWorkflows: 0 }),
    });
  /** Starts drill 1 of Q1 2027, due at `dueAt` (Vietnam time on Mon 1/3/2027). */
  const start = (taskQueue: string, dueAt: string, opts: { regime?: Regime; timings?: DrillTimings } = {}) =>
    env.client.workflow.start(reportingCycle, {
      taskQueue,
      workflowId: `cycle-${DRILL_KEY}`,
      args: [
        {
          ref: { regime: 'CCHC', year: 2027, period: 'Q1', drill: 1 },
          regime: opts.regime ?? CCHC,
          drill: { dueAt: `2027-03-01T${dueAt}+07:00`, timings: opts.timings ?? DRILL },
        },
      ],
    });
  const report = (code: string) => env.client.workflow.getHandle(`report-${DRILL_KEY}-${code}`);
  /** The overdue notice itself, not its repeats. */
  const isOverdue = (c: Call) => c.input.purpose === 'REPORT_OVERDUE' && c.input.step.startsWith('overdue.');

  it("carries the regime's SMS window in every message, so sending uses the window planning used", async () => {
    agencies = ['STP'];
    // A regime whose policy allows SMS only 09:00–11:00 (and sends day-based messages at 09:30).
    const regime: Regime = {
      ...CCHC,
      policy: parsePolicy({ quietHours: { start: '09:00', end: '11:00' }, sendTime: '09:30' }),
    };
    const worker = await newWorker('send-window');
    await worker.runUntil(async () => {
      // 08:00: the overdue notice's SMS at D+5 s falls before 09:00 and waits for it.
      await sleepUntil(vn('08:00:00'));
      await (await start('send-window', '08:03:00', { regime })).result();
      await report('STP').result();
    });
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(c.input.smsWindow).toEqual({ start: '09:00', end: '11:00' });
    // The reports' messages and the cycle's own (escalations, summary, follow-ups) alike.
    expect(new Set(calls.map((c) => c.input.purpose))).toEqual(
      new Set([
        'CYCLE_OPENING',
        'REPORT_REMINDER',
        'REPORT_OVERDUE',
        'ESCALATION_SNV',
        'UBND_SUMMARY',
        'FOLLOW_UP_DIGEST',
      ]),
    );
    const overdue = calls.filter(isOverdue);
    // Deferred to 09:00 by the regime's window, not to 07:30 by the built-in one; sent again at 09:00.
    expect(overdue[0]!.result.deferred).toEqual([
      { channel: 'sms', contactId: 1, until: new Date(vn('09:00:00')).toISOString() },
    ]);
    expect(
      overdue.map((c) => `${local(c.at)} sent:${c.result.sent} already:${c.result.alreadySent}`),
    ).toEqual(['08:03:05 sent:1 already:0', '09:00:00 sent:1 already:1']);
    expect(DEFAULT_POLICY.quietHours).toEqual({ start: '07:30', end: '17:30' });
  });

  it('sends an SMS deferred past the end of the cycle at the next allowed minute; its report ends only after, refusing reports meanwhile', async () => {
    agencies = ['STP', 'SYT'];
    const worker = await newWorker('send-night');
    const closed = await worker.runUntil(async () => {
      // A drill at 01:00: everything is over by 01:06:05 (the final close), but SMS may only go out from 07:30.
      await sleepUntil(vn('01:00:00'));
      const cycle = await start('send-night', '01:03:00');
      // Past the final close, not by awaiting the cycle's result: on the time-skipping server a
      // result() call lets time run free while it waits, on to the 07:30 timers.
      await sleepUntil(vn('01:06:30'));
      for (;;) {
        if ((await cycle.describe()).status.name === 'COMPLETED') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await cycle.query(cycleStatusQuery)).toMatchObject({ phase: 'CLOSED' });
      const cycleClosedAt = (await cycle.describe()).closeTime!.getTime();
      // Closed but still owing its SMS: the report is read-only and says so.
      const stp = report('STP');
      for (;;) {
        if ((await stp.query(reportStatusQuery)).closed) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await stp.describe()).status.name).toBe('RUNNING');
      expect(await env.currentTimeMs()).toBeLessThan(vn('07:30:00'));
      const refused = await stp
        .executeUpdate(submitReportUpdate, {
          args: [{ documentNumber: '12/BC-STP', signedDate: '2027-03-01', channel: 'document_system' }],
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((refused as WorkflowUpdateFailedError).cause as Error).message).toBe(
        'kỳ báo cáo đã kết thúc (chốt sổ): không nhận thêm báo cáo',
      );
      for (const code of agencies) await report(code).result();
      const reportsClosedAt = await Promise.all(
        agencies.map(async (code) => (await report(code).describe()).closeTime!.getTime()),
      );
      return { cycleClosedAt, reportsClosedAt };
    });
    const overdue = calls.filter(isOverdue);
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
    // The repeats (D+95, D+125, D+155 s) wait for 07:30 too.
    const repeats = calls.filter((c) => c.input.step.startsWith('overdue-r'));
    expect(repeats.filter((c) => c.at >= vn('07:30:00')).map((c) => c.result.sent)).toEqual([
      1, 1, 1, 1, 1, 1,
    ]);
    expect(closed.cycleClosedAt).toBeGreaterThanOrEqual(vn('01:06:05'));
    expect(closed.cycleClosedAt).toBeLessThan(vn('01:07:00'));
    for (const t of closed.reportsClosedAt) expect(t).toBeGreaterThanOrEqual(vn('07:30:00'));
  });

  it('records a reminder that could only go out after its deadline as skipped, not sent late', async () => {
    agencies = ['STP'];
    // A drill due 15 s after the start with its reminder 8 s before (planned 7 s after the start);
    // but no worker runs from just after the start until D+5 s, so the report reaches the reminder
    // only after D: the send is still made, useful until D, and recorded as skipped.
    const timings = { reminderBeforeMs: 8_000, overdueAfterMs: 60_000, escalationStepMs: 60_000 };
    const first = await newWorker('send-late', false);
    await first.runUntil(async () => {
      await sleepUntil(vn('10:00:00'));
      const cycle = await start('send-late', '10:00:15', { timings });
      await until(() => calls.some((c) => c.input.purpose === 'CYCLE_OPENING'));
      await cycle.query(cycleStatusQuery);
    });
    expect(calls.map((c) => c.input.purpose)).toEqual(['CYCLE_OPENING']);
    await sleepUntil(vn('10:00:20'));
    const second = await newWorker('send-late', false);
    await second.runUntil(() => until(() => audits.some((a) => a.includes('NOTIFICATION_SKIPPED'))));
    const reminder = calls.find((c) => c.input.purpose === 'REPORT_REMINDER')!;
    expect(reminder.input.usefulUntil).toBe(vn('10:00:15'));
    expect(reminder.at).toBeGreaterThan(vn('10:00:15'));
    expect(reminder.result).toMatchObject({ sent: 0, skipped: 1 });
    expect(audits).toContain('STP NOTIFICATION_SKIPPED reminder-drill.2027-03-01');
  });
});
