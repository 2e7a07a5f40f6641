import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadRegime } from '../../config/regimes';
import { createWorkingCalendar, snapshotOf } from '../../domain/calendar';
import type { CycleRef } from '../../domain/reporting';
import { reportingCycle } from '../../workflows';
import { closeFinalSignal, cycleStatusQuery, reportStatusQuery } from '../../workflows/reporting/messages';
import { calendarChangedSignal } from '../../workflows/kit/messages';
import type { AgencyReportStatus } from '../../workflows/reporting/types';
import { bundleForReplayCheck, replayAndCompare } from '../support/replay/check';
import { createReportingWorld } from '../support/reporting-world';
import { bundleWorkflows, createTimeSkippingEnv } from '../support/time-skipping';

// A holiday published while a cycle runs (issue "The working-day calendar as published data"): on
// the time-skipping server, Q1 2027 of CCHC, one unit. Wed 10/3 at 10:00, after its first reminder
// went out (Tue 9/3, 5 working days before Tue 16/3), Mon 15/3 becomes a day off. By the rules the
// deadline moves to Wed 17/3 (2 working days after the cutoff Sun 14/3), the reminders still ahead
// follow it (2 working days before: Fri 12/3, as before; 1 before: Tue 16/3 instead of Mon 15/3; the
// due day Wed 17/3), the overdue notice goes Thu 18/3; the reminder already sent is not sent again.
// The histories record the change (the cycle's signal, the report's replan) and replay afterwards
// with every activity input and timer compared.
const REF: CycleRef = { regime: 'CCHC', year: 2027, period: 'Q1' };
const KEY = 'CCHC-2027-Q1';
const regime = loadRegime('CCHC');
const at = (day: string, time: string) => Date.parse(`2027-${day}T${time}+07:00`);

describe('a day off published while a cycle runs', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  const world = createReportingWorld({ units: () => ['STP'], client: () => env.client });

  beforeAll(async () => {
    bundle = await bundleWorkflows();
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function sleepUntil(instant: number): Promise<void> {
    const now = await env.currentTimeMs();
    if (instant > now) await env.sleep(instant - now);
  }
  async function until(what: string, done: () => Promise<boolean>, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const report = () => env.client.workflow.getHandle(`report-${KEY}-STP`);
  /** `dd/mm PURPOSE step` of the notices to STP, in time order. */
  const notices = () =>
    world.sent
      .filter((s) => s.input.agencyCode === 'STP')
      .sort((a, b) => a.at - b.at)
      .map((s) => {
        const day = new Date(s.at + 7 * 3_600_000).toISOString().slice(5, 10).split('-').reverse().join('/');
        return `${day} ${s.input.purpose} ${s.input.step}`;
      });

  it('moves the deadline and the steps still ahead by the rules, keeps what was sent, and replays', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'published',
      workflowBundle: bundle,
      activities: world.activities,
    });
    const out = await worker.runUntil(async () => {
      await sleepUntil(at('03-01', '08:00:00'));
      const cycle = await env.client.workflow.start(reportingCycle, {
        taskQueue: 'published',
        workflowId: `cycle-${KEY}`,
        args: [{ ref: REF, regime }],
      });
      await until('the fan-out', () =>
        cycle.query(cycleStatusQuery).then(
          (s) => s.fanOutDone,
          () => false,
        ),
      );
      await sleepUntil(at('03-10', '10:00:00'));
      const before = notices();
      const published = createWorkingCalendar({
        extraHolidays: [{ date: '2027-03-15', name: 'Ngày nghỉ mới' }],
      });
      await cycle.signal(
        calendarChangedSignal,
        snapshotOf(published, { from: '2026-01-01', to: '2029-12-31' }),
      );
      await until('the report to follow', () =>
        report()
          .query(reportStatusQuery)
          .then((s: AgencyReportStatus) => s.dueDate === '2027-03-17'),
      );
      const cycleAfter = await cycle.query(cycleStatusQuery);
      await sleepUntil(at('03-18', '12:00:00'));
      const reportAfter = (await report().query(reportStatusQuery)) as AgencyReportStatus;
      await cycle.signal(closeFinalSignal);
      await cycle.result();
      await report().result();
      const histories = await Promise.all(
        [`cycle-${KEY}`, `report-${KEY}-STP`].map(async (workflowId) => ({
          workflowId,
          history: await env.client.workflow.getHandle(workflowId).fetchHistory(),
        })),
      );
      return { before, cycleAfter, reportAfter, histories };
    });

    // Until the publication: the opening and the first reminder, for Tue 16/3.
    expect(out.before).toEqual([
      '01/03 CYCLE_OPENING opening',
      '09/03 REPORT_REMINDER reminder-5wd.2027-03-16',
    ]);
    // The cycle's own deadline moved; so did the report's (no official had set one).
    expect(out.cycleAfter.deadline).toMatchObject({ dueDate: '2027-03-17' });
    expect(out.reportAfter).toMatchObject({ dueDate: '2027-03-17', state: 'OVERDUE' });
    // Nothing on the new day off; the reminder of 9/3 not again (its new date, 10/3 08:00, had passed).
    expect(notices().filter((n) => n < '19/03')).toEqual([
      '01/03 CYCLE_OPENING opening',
      '09/03 REPORT_REMINDER reminder-5wd.2027-03-16',
      '12/03 REPORT_REMINDER reminder-2wd.2027-03-17',
      '16/03 REPORT_REMINDER reminder-1wd.2027-03-17',
      '17/03 REPORT_DUE_TODAY due-day.2027-03-17',
      '18/03 REPORT_OVERDUE overdue.2027-03-17',
    ]);

    // The histories record the change: the cycle's signal carries the new day off.
    const [cycleHistory, reportHistory] = out.histories;
    const signals = (h: (typeof out.histories)[number]) =>
      (h.history.events ?? [])
        .map((e) => e.workflowExecutionSignaledEventAttributes?.signalName)
        .filter((name): name is string => Boolean(name));
    expect(signals(cycleHistory!)).toContain('calendarChanged');
    expect(signals(reportHistory!)).toContain('replan');
    // And they replay on the code, with every activity input, timer and child input the same.
    const checked = await replayAndCompare(await bundleForReplayCheck(), out.histories);
    expect(checked.map((c) => [c.workflowId, c.error, c.differences])).toEqual([
      [`cycle-${KEY}`, undefined, []],
      [`report-${KEY}-STP`, undefined, []],
    ]);
  }, 240_000);
});
