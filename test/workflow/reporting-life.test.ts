import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadRegime } from '../../config/regimes';
import { DRILL, type CycleRef, type SubmitReportInput } from '../../domain/reporting';
import { SA_CYCLE, SA_DRILL, SA_KIND, SA_PERIOD, SA_REGIME, SA_YEAR } from '../../domain/search-attributes';
import { startTemporalDevServer } from '../../scripts/lib/temporal-dev';
import { reportingCycle } from '../../workflows';
import {
  closeFinalSignal,
  consolidateNowSignal,
  cycleStatusQuery,
  exemptUpdate,
  extendDeadlineUpdate,
  remindAllSignal,
  remindNowSignal,
  remindNowUpdate,
  reportStatusQuery,
  submitReportUpdate,
} from '../../workflows/reporting/messages';
import type { AgencyReportStatus, CycleStatus, ReportingCycleInput } from '../../workflows/reporting/types';
import {
  createReportingWorld,
  noticeLines,
  sortNoticeLines,
  type SentNotice,
} from '../support/reporting-world';
import { bundleWorkflows, createTimeSkippingEnv } from '../support/time-skipping';

// A cycle's life after its deadline (issue "A cycle's life as officials live it"), on the
// time-skipping server with the in-memory reporting world: late reports after the summary,
// extensions past the consolidation point, follow-up digests, the final close, the reminder to all,
// extensions and exemptions, and a drill beside the real cycle of the same period. Once on the real
// dev server: a finished drill leaves no workflow running (a visibility query).
//
// Q1 2027 of the CCHC regime with the default policy, by hand (docs/domain.md; the calendar has no
// holiday in March or early April 2027):
//   cutoff Sun 14/3 → units due Tue 16/3 (end of day); opening Mon 1/3; reminders Tue 9/3 (5 wd),
//   Fri 12/3 (2 wd), Mon 15/3 (1 wd, email + SMS), due day Tue 16/3, all at 08:00; overdue notice
//   and level 1 Wed 17/3 08:00, level 2 Thu 18/3 08:00; Sở Nội vụ told at 08:30 those days;
//   province due Sat 20/3 → Mon 22/3, so the consolidation (UBND_SUMMARY) is Fri 19/3 16:00;
//   follow-up digests to Sở Nội vụ's desk every 5 working days at 09:00 from it: Fri 26/3, Fri 2/4,
//   Fri 9/4, …; the overdue notice again 12 working days after the due date (Thu 1/4), then every
//   10; the final close 31/1/2028 falls in Tết (25–31/1), so Tue 1/2/2028 17:00.
const YEAR = 2027;
const REF: CycleRef = { regime: 'CCHC', year: YEAR, period: 'Q1' };
const KEY = 'CCHC-2027-Q1';
const DRILL_REF: CycleRef = { ...REF, drill: 1 };
const DRILL_KEY = 'CCHC-2027-Q1-DT1';
const SNV = 'SNV';
const UBND = 'UBND_TINH';
const FINAL_CLOSE = Date.parse('2028-02-01T17:00:00+07:00');
const regime = loadRegime('CCHC');

const at = (day: string, time: string) => Date.parse(`${YEAR}-${day}T${time}+07:00`);
/** The end of a due date in Vietnam (a deadline's instant). */
const endOf = (day: string) => Date.parse(`${YEAR}-${day}T00:00:00+07:00`) + 86_400_000 - 1;
/** Activities start a few milliseconds after their timer fires. */
const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

describe("a cycle's life after its deadline", () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  let units: string[] = [];
  const world = createReportingWorld({ units: () => units, client: () => env.client });

  beforeAll(async () => {
    bundle = await bundleWorkflows();
  });
  // A server of its own for each test: time skipped in one must not move the next one's clock.
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
  /** Polls `done` in real time (an activity finishing, a signal taken); fails after `ms` saying what. */
  async function until(what: string, done: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const newWorker = (taskQueue: string) =>
    Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: world.activities,
    });
  const cycleOf = (key: string) => env.client.workflow.getHandle<typeof reportingCycle>(`cycle-${key}`);
  const report = (key: string, code: string) => env.client.workflow.getHandle(`report-${key}-${code}`);

  async function startCycle(taskQueue: string, input: ReportingCycleInput, key: string) {
    const cycle = await env.client.workflow.start(reportingCycle, {
      taskQueue,
      workflowId: `cycle-${key}`,
      args: [input],
    });
    await until(`the fan-out of ${key}`, () =>
      cycle.query(cycleStatusQuery).then(
        (s) => s.fanOutDone && s.started === units.length,
        () => false,
      ),
    );
    return cycle;
  }
  const document = (code: string, signedDate: string, n = 12): SubmitReportInput => ({
    documentNumber: `${n}/BC-${code}`,
    signedDate,
    channel: 'document_system',
  });
  /** The validator's message of a rejected update. */
  async function rejection(update: Promise<unknown>): Promise<string> {
    const err = await update.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return ((err as WorkflowUpdateFailedError).cause as Error).message;
  }
  const linesOf = (code: string) => noticeLines(world.sent.filter((s) => s.input.agencyCode === code));
  const manualSends = (from: string) =>
    world.sent.filter((s) => s.input.workflowId.startsWith(from) && /^manual-\d+$/.test(s.input.step));

  it('Q1 2027: a report two weeks after the summary is late by 13 working days and reaches the follow-up; an extension past the consolidation point is listed as extended and reminded; the final close ends every report', async () => {
    units = ['EXT', 'LATE', 'NEVER', 'ONTIME'];
    const worker = await newWorker('life-late');
    const out = await worker.runUntil(async () => {
      await sleepUntil(at('03-01', '08:00:00'));
      const cycle = await startCycle('life-late', { ref: REF, regime }, KEY);
      await sleepUntil(at('03-01', '10:00:00'));
      expect(
        await report(KEY, 'ONTIME').executeUpdate(submitReportUpdate, {
          args: [document('ONTIME', '2027-03-01')],
        }),
      ).toMatchObject({ receiptNumber: `TN-${KEY}-ONTIME-1`, onTime: true });

      // Mon 15/3, after its 1-day reminder: EXT gets until Wed 24/3, past the consolidation point.
      await sleepUntil(at('03-15', '10:00:00'));
      expect(
        await report(KEY, 'EXT').executeUpdate(extendDeadlineUpdate, {
          args: [
            {
              newDueDate: '2027-03-24',
              reason: 'Chờ số liệu của các xã sau sắp xếp',
              approvedBy: 'Giám đốc Sở Nội vụ',
            },
          ],
        }),
      ).toEqual({ dueDate: '2027-03-24', dueAt: endOf('03-24') });

      // After the summary the cycle is consolidated, not closed: LATE is still owed.
      await sleepUntil(at('03-22', '10:00:00'));
      expect(await cycle.query(cycleStatusQuery)).toMatchObject({ phase: 'CONSOLIDATED' });
      expect(await report(KEY, 'LATE').query(reportStatusQuery)).toMatchObject({
        state: 'OVERDUE',
        closed: false,
      });

      // Fri 2/4 10:00, two weeks after the summary: Wed 17/3 … Fri 2/4 are 13 working days.
      await sleepUntil(at('04-02', '10:00:00'));
      const receipt = await report(KEY, 'LATE').executeUpdate(submitReportUpdate, {
        args: [document('LATE', '2027-04-02')],
      });
      expect(receipt).toMatchObject({
        receiptNumber: `TN-${KEY}-LATE-1`,
        receivedAt: expect.stringMatching(/^2027-04-02T03:00:00\./), // 10:00 in Vietnam
        onTime: false,
        workingDaysLate: 13,
        dueDate: '2027-03-16',
        duplicate: false,
      });
      expect((await report(KEY, 'LATE').query(reportStatusQuery)).state).toBe('SUBMITTED_LATE');

      const status = await cycle.result();
      const reports = await Promise.all(
        units.map((c) => report(KEY, c).result() as Promise<AgencyReportStatus>),
      );
      const described = await Promise.all(units.map((c) => report(KEY, c).describe()));
      // After the final close: the report has ended, so the update finds no running workflow (the
      // service layer turns exactly this, on a workflow that exists, into "… đã kết thúc (chốt sổ)").
      const afterClose = await report(KEY, 'NEVER')
        .executeUpdate(submitReportUpdate, { args: [document('NEVER', '2028-02-02')] })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      return { status, reports, described, afterClose };
    });

    // LATE: every reminder, the overdue notice, its first repeat (Thu 1/4, 12 working days late),
    // the late receipt; nothing after the report came in.
    expect(linesOf('LATE')).toEqual(
      sortNoticeLines([
        ['03-01 08:00', 'CYCLE_OPENING opening LATE focal_point email'],
        ['03-16 08:00', 'REPORT_DUE_TODAY due-day LATE focal_point email+sms'],
        ['03-17 08:00', 'REPORT_OVERDUE overdue LATE focal_point+head email+sms'],
        ['04-01 08:00', 'REPORT_OVERDUE overdue-r1 LATE focal_point+head email+sms'],
        ['03-15 08:00', 'REPORT_REMINDER reminder-1wd LATE focal_point email+sms'],
        ['03-12 08:00', 'REPORT_REMINDER reminder-2wd LATE focal_point email'],
        ['03-09 08:00', 'REPORT_REMINDER reminder-5wd LATE focal_point email'],
        ['04-02 10:00', 'SUBMISSION_RECEIPT receipt-1 LATE focal_point email'],
      ]),
    );
    const lateReceipt = world.sent.find((s) => s.line.startsWith('SUBMISSION_RECEIPT receipt-1 LATE'))!;
    expect(lateReceipt.input.data).toMatchObject({
      onTime: false,
      late: { unit: 'workingDays', amount: 13 },
    });
    expect(world.submissions.find((s) => s.receiptNumber === `TN-${KEY}-LATE-1`)).toMatchObject({
      onTime: false,
      lateWorkingDays: 13,
    });

    // EXT: reminded for the old date until the extension, then for Wed 24/3 (5 wd before: Wed 17/3,
    // 2 wd: Mon 22/3, 1 wd: Tue 23/3), due day Wed 24/3, overdue notice Thu 25/3 — all after the summary.
    const isRepeat = ([, l]: [string, string]) => / overdue-r\d+ /.test(l);
    expect(linesOf('EXT').filter((l) => !isRepeat(l))).toEqual(
      sortNoticeLines([
        ['03-01 08:00', 'CYCLE_OPENING opening EXT focal_point email'],
        ['03-15 10:00', 'DEADLINE_EXTENDED extended-1 EXT focal_point+head email'],
        ['03-24 08:00', 'REPORT_DUE_TODAY due-day EXT focal_point email+sms'],
        ['03-25 08:00', 'REPORT_OVERDUE overdue EXT focal_point+head email+sms'],
        ['03-15 08:00', 'REPORT_REMINDER reminder-1wd EXT focal_point email+sms'],
        ['03-23 08:00', 'REPORT_REMINDER reminder-1wd EXT focal_point email+sms'],
        ['03-12 08:00', 'REPORT_REMINDER reminder-2wd EXT focal_point email'],
        ['03-22 08:00', 'REPORT_REMINDER reminder-2wd EXT focal_point email'],
        ['03-09 08:00', 'REPORT_REMINDER reminder-5wd EXT focal_point email'],
        ['03-17 08:00', 'REPORT_REMINDER reminder-5wd EXT focal_point email'],
      ]),
    );
    // Its repeats count from its own due date: 12 working days after Wed 24/3 is Fri 9/4.
    const extRepeat = linesOf('EXT').find(isRepeat)!;
    expect(extRepeat).toEqual(['04-09 08:00', 'REPORT_OVERDUE overdue-r1 EXT focal_point+head email+sms']);
    expect(
      world.sent.find((s) => s.line.startsWith('REPORT_OVERDUE overdue-r1 EXT'))!.input.data,
    ).toMatchObject({
      dueDate: '2027-03-24',
      late: { unit: 'workingDays', amount: 12 },
    });
    // Its escalations come at its own deadline, and Sở Nội vụ hears of them in the sweeps of 25/3 and 26/3.
    const vnDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
    expect(
      world.escalations.map((e) => `${vnDay(e.at)} ${e.agencyCode} ${e.level} ${e.toRole}`).sort(),
    ).toEqual([
      '2027-03-17 LATE 1 snv_desk',
      '2027-03-17 NEVER 1 snv_desk',
      '2027-03-18 LATE 2 snv_director',
      '2027-03-18 NEVER 2 snv_director',
      '2027-03-25 EXT 1 snv_desk',
      '2027-03-26 EXT 2 snv_director',
    ]);
    const snv = noticeLines(world.sent.filter((s) => s.input.purpose === 'ESCALATION_SNV'));
    expect(snv).toEqual(
      sortNoticeLines([
        ['03-17 08:30', `ESCALATION_SNV escalation-1-${at('03-17', '08:30:00')} ${SNV} snv_desk email`],
        ['03-25 08:30', `ESCALATION_SNV escalation-1-${at('03-25', '08:30:00')} ${SNV} snv_desk email`],
        ['03-18 08:30', `ESCALATION_SNV escalation-2-${at('03-18', '08:30:00')} ${SNV} snv_director email`],
        ['03-26 08:30', `ESCALATION_SNV escalation-2-${at('03-26', '08:30:00')} ${SNV} snv_director email`],
      ]),
    );
    const told = (step: string) =>
      world.escalations
        .filter((e) => e.told === `cycle-${KEY}:${step}`)
        .map((e) => e.agencyCode)
        .sort();
    expect(told(`escalation-1-${at('03-25', '08:30:00')}`)).toEqual(['EXT']);
    expect(told(`escalation-2-${at('03-26', '08:30:00')}`)).toEqual(['EXT']);

    // The summary to UBND tỉnh (Fri 19/3 16:00), as the mirror stood: EXT extended to 24/3, with its reason.
    expect(world.summaries).toHaveLength(1);
    expect(minute(world.summaries[0]!.at)).toBe(at('03-19', '16:00:00'));
    expect(world.summaries[0]).toMatchObject({
      cycleKey: KEY,
      onTime: ['ONTIME'],
      late: [],
      notSubmitted: ['LATE', 'NEVER'],
      extended: [{ code: 'EXT', dueAt: endOf('03-24'), reason: 'Chờ số liệu của các xã sau sắp xếp' }],
      exempt: [],
    });
    expect(noticeLines(world.sent.filter((s) => s.input.purpose === 'UBND_SUMMARY'))).toEqual([
      ['03-19 16:00', `UBND_SUMMARY summary ${UBND} ubnd+snv_director email`],
    ]);

    // Follow-ups: 26/3 and 2/4 find no new report (LATE, NEVER and EXT missing); 9/4 counts LATE's
    // report of 2/4 10:00 as arrived; from then on NEVER and EXT are missing, until the final close.
    const followUps = world.followUps.map((f) => ({ ...f, since: minute(f.since) }));
    expect(followUps.slice(0, 3)).toEqual([
      { at: at('03-26', '09:00:00'), since: at('03-19', '16:00:00'), arrived: 0, missing: 3 },
      { at: at('04-02', '09:00:00'), since: at('03-26', '09:00:00'), arrived: 0, missing: 3 },
      { at: at('04-09', '09:00:00'), since: at('04-02', '09:00:00'), arrived: 1, missing: 2 },
    ]);
    expect(followUps.slice(3).every((f) => f.arrived === 0 && f.missing === 2)).toBe(true);
    expect(followUps.at(-1)!.at).toBeLessThan(FINAL_CLOSE);
    const digests = world.sent.filter((s) => s.input.purpose === 'FOLLOW_UP_DIGEST');
    expect(digests.map((s) => s.input.step)).toEqual(world.followUps.map((f) => `follow-up-${f.at}`));
    expect(digests.every((s) => s.line.endsWith(`${SNV} snv_desk email`))).toBe(true);
    expect(digests[2]!.input.data).toEqual({ cycleKey: KEY, since: at('04-02', '09:00:00') });

    // The final close: CLOSED at Tue 1/2/2028 17:00, every report told and ended then, read-only.
    expect(world.cycles.get(`cycle-${KEY}`)!.changes.map((c) => [c.status, minute(c.at)])).toEqual([
      ['CONSOLIDATED', at('03-19', '16:00:00')],
      ['CLOSED', FINAL_CLOSE],
    ]);
    expect(out.status).toMatchObject({ phase: 'CLOSED', key: KEY, drill: false });
    expect(world.signals.filter((s) => s.signal === 'closeReport')).toEqual([
      { at: expect.any(Number), signal: 'closeReport', count: 4, cycleWorkflowId: `cycle-${KEY}` },
    ]);
    expect(out.reports.map((r) => [r.agencyCode, r.state, r.closed])).toEqual([
      ['EXT', 'OVERDUE', true],
      ['LATE', 'SUBMITTED_LATE', true],
      ['NEVER', 'OVERDUE', true],
      ['ONTIME', 'SUBMITTED_ON_TIME', true],
    ]);
    for (const d of out.described) {
      expect(d.status.name).toBe('COMPLETED');
      expect(d.closeTime!.getTime()).toBeGreaterThanOrEqual(FINAL_CLOSE);
      expect(d.closeTime!.getTime()).toBeLessThan(FINAL_CLOSE + 60_000);
    }
    expect(out.afterClose).toBeInstanceOf(WorkflowNotFoundError);
    expect(world.submissions.map((s) => s.receiptNumber).sort()).toEqual([
      `TN-${KEY}-LATE-1`,
      `TN-${KEY}-ONTIME-1`,
    ]);
  });

  it('the reminder to all, extensions, exemptions, consolidate-now and the explicit final close do what the messages file says', async () => {
    // A submits, B never does, C is exempted, D is extended once overdue.
    units = ['A', 'B', 'C', 'D'];
    const worker = await newWorker('life-messages');
    const out = await worker.runUntil(async () => {
      await sleepUntil(at('03-01', '08:00:00'));
      const cycle = await startCycle('life-messages', { ref: REF, regime }, KEY);
      const r = (code: string) => report(KEY, code);
      const remindAll = async (n: number) => {
        await cycle.signal(remindAllSignal);
        await until(
          `reminder to all ${n}`,
          () => world.signals.filter((s) => s.signal === 'remindNowSignal').length === n,
        );
      };

      await sleepUntil(at('03-01', '10:00:00'));
      await r('A').executeUpdate(submitReportUpdate, { args: [document('A', '2027-03-01')] });
      const exempt = await r('C').executeUpdate(exemptUpdate, {
        args: [{ reason: 'Đơn vị giải thể theo Nghị quyết của HĐND tỉnh', approvedBy: 'Chủ tịch UBND tỉnh' }],
      });
      expect(exempt).toMatchObject({
        agencyCode: 'C',
        state: 'EXEMPT',
        exemptReason: 'Đơn vị giải thể theo Nghị quyết của HĐND tỉnh',
      });
      // Submitted or exempt: no manual reminder, no extension, no exemption; an exempt unit takes no report.
      const done = 'đơn vị đã nộp hoặc đã được miễn';
      expect(await rejection(r('A').executeUpdate(remindNowUpdate))).toBe(done);
      expect(await rejection(r('C').executeUpdate(remindNowUpdate))).toBe(done);
      expect(await rejection(r('A').executeUpdate(exemptUpdate, { args: [{ reason: 'Sáp nhập' }] }))).toBe(
        done,
      );
      expect(
        await rejection(
          r('C').executeUpdate(extendDeadlineUpdate, {
            args: [{ newDueDate: '2027-03-19', reason: 'Chờ số liệu', approvedBy: 'Giám đốc Sở Nội vụ' }],
          }),
        ),
      ).toBe(done);
      expect(
        await rejection(r('C').executeUpdate(submitReportUpdate, { args: [document('C', '2027-03-01')] })),
      ).toBe('đơn vị đã được miễn báo cáo kỳ này');

      // Tue 2/3: the reminder to all, twice, reaches only B and D (10 working days left: 3/3 … 16/3).
      await sleepUntil(at('03-02', '10:00:00'));
      await remindAll(1);
      await sleepUntil(at('03-02', '11:00:00'));
      await remindAll(2);
      await until('the reminders of 2/3', () => manualSends('report-').length === 4);
      // The cycle's first request again (a retried broadcast) is ignored; a reminder by hand is the third.
      await r('B').signal(remindNowSignal, { requestId: `${KEY}-remind-1` });
      expect(await r('B').executeUpdate(remindNowUpdate)).toEqual({ step: 'manual-3' });

      // Wed 17/3 10:00, B and D overdue since 08:00: the reminder to all says how late.
      await sleepUntil(at('03-17', '10:00:00'));
      await remindAll(3);
      await until('the reminders of 17/3', () => manualSends('report-').length === 7);
      expect(await r('D').query(reportStatusQuery)).toMatchObject({ state: 'OVERDUE', escalationLevel: 1 });

      // 11:00: D gets until Fri 19/3; it is owed again (PENDING, level 0); bad extensions are refused.
      await sleepUntil(at('03-17', '11:00:00'));
      const extend = (newDueDate: string) =>
        r('D').executeUpdate(extendDeadlineUpdate, {
          args: [{ newDueDate, reason: 'Chờ số liệu của cấp xã', approvedBy: 'Giám đốc Sở Nội vụ' }],
        });
      expect(await extend('2027-03-19')).toEqual({ dueDate: '2027-03-19', dueAt: endOf('03-19') });
      expect(await r('D').query(reportStatusQuery)).toMatchObject({
        state: 'PENDING',
        escalationLevel: 0,
        dueDate: '2027-03-19',
        extensions: [
          { dueDate: '2027-03-19', reason: 'Chờ số liệu của cấp xã', approvedBy: 'Giám đốc Sở Nội vụ' },
        ],
      });
      expect(await rejection(extend('2027-03-19'))).toBe('hạn mới phải sau hạn hiện tại');
      expect(await rejection(extend('2028-02-02'))).toBe(
        'hạn mới phải trước khi kỳ báo cáo kết thúc (chốt sổ)',
      );

      // Thu 18/3 10:00: consolidate now, a day and six hours before the consolidation point.
      await sleepUntil(at('03-18', '10:00:00'));
      await cycle.signal(consolidateNowSignal);
      await until(
        'the consolidation',
        async () => (await cycle.query(cycleStatusQuery)).phase === 'CONSOLIDATED',
      );

      // Mon 22/3 10:00, D overdue again since 08:00: the reminder to all still goes out after the summary.
      await sleepUntil(at('03-22', '10:00:00'));
      await remindAll(4);
      await until('the reminders of 22/3', () => manualSends('report-').length === 9);

      // Tue 23/3 10:00: the final close, by hand.
      await sleepUntil(at('03-23', '10:00:00'));
      await cycle.signal(closeFinalSignal);
      const status = await cycle.result();
      const reports = await Promise.all(units.map((c) => r(c).result() as Promise<AgencyReportStatus>));
      return { status, reports };
    });

    // The broadcast reaches only the reports the mirror shows as owed.
    expect(world.signals.filter((s) => s.signal === 'remindNowSignal').map((s) => s.count)).toEqual([
      2, 2, 2, 2,
    ]);
    const manual = noticeLines(manualSends('report-'));
    expect(manual).toEqual(
      sortNoticeLines([
        ['03-17 10:00', 'REPORT_OVERDUE manual-3 D focal_point email+sms'],
        ['03-17 10:00', 'REPORT_OVERDUE manual-4 B focal_point email+sms'],
        ['03-22 10:00', 'REPORT_OVERDUE manual-4 D focal_point email+sms'],
        ['03-22 10:00', 'REPORT_OVERDUE manual-5 B focal_point email+sms'],
        ['03-02 10:00', 'REPORT_REMINDER manual-1 B focal_point email+sms'],
        ['03-02 10:00', 'REPORT_REMINDER manual-1 D focal_point email+sms'],
        ['03-02 11:00', 'REPORT_REMINDER manual-2 B focal_point email+sms'],
        ['03-02 11:00', 'REPORT_REMINDER manual-2 D focal_point email+sms'],
        ['03-02 11:00', 'REPORT_REMINDER manual-3 B focal_point email+sms'],
      ]),
    );
    const sentOf = (line: string) => world.sent.find((s) => s.line === line)!;
    // Before the deadline: how many working days are left, useful until the deadline; after it: how late.
    expect(sentOf('REPORT_REMINDER manual-1 B focal_point email+sms').input).toMatchObject({
      data: { workingDaysLeft: 10, dueDate: '2027-03-16' },
      usefulUntil: endOf('03-16'),
    });
    expect(sentOf('REPORT_OVERDUE manual-4 B focal_point email+sms').input.data).toMatchObject({
      late: { unit: 'workingDays', amount: 1 },
    });
    // D's second overdue reminder counts from its extended date (Fri 19/3 → Mon 22/3: 1 working day).
    expect(sentOf('REPORT_OVERDUE manual-4 D focal_point email+sms').input.data).toMatchObject({
      dueDate: '2027-03-19',
      late: { unit: 'workingDays', amount: 1 },
    });

    // D after its extension: the steps of 19/3 still ahead (1-day reminder Thu 18/3, due day Fri
    // 19/3, overdue Mon 22/3); the 2-day one (Wed 17/3 08:00) was past and is not sent late.
    const planned = (code: string) =>
      linesOf(code).filter(([, l]) => !/ manual-\d+ /.test(l) && !l.startsWith('CYCLE_OPENING'));
    expect(planned('D')).toEqual(
      sortNoticeLines([
        ['03-17 11:00', 'DEADLINE_EXTENDED extended-1 D focal_point+head email'],
        ['03-16 08:00', 'REPORT_DUE_TODAY due-day D focal_point email+sms'],
        ['03-19 08:00', 'REPORT_DUE_TODAY due-day D focal_point email+sms'],
        ['03-17 08:00', 'REPORT_OVERDUE overdue D focal_point+head email+sms'],
        ['03-22 08:00', 'REPORT_OVERDUE overdue D focal_point+head email+sms'],
        ['03-15 08:00', 'REPORT_REMINDER reminder-1wd D focal_point email+sms'],
        ['03-18 08:00', 'REPORT_REMINDER reminder-1wd D focal_point email+sms'],
        ['03-12 08:00', 'REPORT_REMINDER reminder-2wd D focal_point email'],
        ['03-09 08:00', 'REPORT_REMINDER reminder-5wd D focal_point email'],
      ]),
    );
    // The exempt unit hears nothing after its exemption; the submitted one nothing after its receipt.
    expect(linesOf('C')).toEqual(
      sortNoticeLines([
        ['03-01 08:00', 'CYCLE_OPENING opening C focal_point email'],
        ['03-01 10:00', 'EXEMPTED exempted C focal_point+head email'],
      ]),
    );
    expect(linesOf('A')).toEqual(
      sortNoticeLines([
        ['03-01 08:00', 'CYCLE_OPENING opening A focal_point email'],
        ['03-01 10:00', 'SUBMISSION_RECEIPT receipt-1 A focal_point email'],
      ]),
    );

    // Consolidated on request at 18/3 10:00 (D, due 19/3, listed as extended), closed on request at 23/3 10:00.
    expect(world.summaries).toHaveLength(1);
    expect(minute(world.summaries[0]!.at)).toBe(at('03-18', '10:00:00'));
    expect(world.summaries[0]).toMatchObject({
      onTime: ['A'],
      late: [],
      notSubmitted: ['B'],
      extended: [{ code: 'D', dueAt: endOf('03-19'), reason: 'Chờ số liệu của cấp xã' }],
      exempt: ['C'],
    });
    expect(world.cycles.get(`cycle-${KEY}`)!.changes.map((c) => [c.status, minute(c.at)])).toEqual([
      ['CONSOLIDATED', at('03-18', '10:00:00')],
      ['CLOSED', at('03-23', '10:00:00')],
    ]);
    expect(world.signals.filter((s) => s.signal === 'closeReport').map((s) => s.count)).toEqual([4]);
    expect(out.status).toMatchObject({ phase: 'CLOSED', reminders: 4, remindsPending: 0 });
    expect(out.reports.map((x) => [x.agencyCode, x.state, x.closed])).toEqual([
      ['A', 'SUBMITTED_ON_TIME', true],
      ['B', 'OVERDUE', true],
      ['C', 'EXEMPT', true],
      ['D', 'OVERDUE', true],
    ]);
  });

  it('a drill and the real cycle of the same period run side by side and never touch each other', async () => {
    units = ['A', 'B'];
    const worker = await newWorker('life-drill');
    // The drill is due Mon 1/3 09:00 (D) with the default drill timings: it consolidates at D+95 s
    // and closes at D+185 s; the real cycle is due Tue 16/3.
    const D = at('03-01', '09:00:00');
    const out = await worker.runUntil(async () => {
      await sleepUntil(at('03-01', '08:00:00'));
      const real = await startCycle('life-drill', { ref: REF, regime }, KEY);
      const drill = await startCycle(
        'life-drill',
        { ref: DRILL_REF, regime, drill: { dueAt: '2027-03-01T09:00:00+07:00', timings: DRILL } },
        DRILL_KEY,
      );
      // Distinct workflows, each with its own reports.
      const ids = [
        `cycle-${KEY}`,
        `cycle-${DRILL_KEY}`,
        `report-${KEY}-A`,
        `report-${KEY}-B`,
        `report-${DRILL_KEY}-A`,
        `report-${DRILL_KEY}-B`,
      ];
      const runs = await Promise.all(ids.map((id) => env.client.workflow.getHandle(id).describe()));
      expect(runs.map((d) => d.status.name)).toEqual(ids.map(() => 'RUNNING'));
      expect(new Set(runs.map((d) => d.runId)).size).toBe(6);

      // A reminder to all in the drill reaches the drill's reports only, and the other way round.
      await sleepUntil(at('03-01', '08:30:00'));
      await drill.signal(remindAllSignal);
      await until('the drill reminders', () => manualSends(`report-${DRILL_KEY}-`).length === 2);
      await sleepUntil(at('03-01', '08:40:00'));
      await real.signal(remindAllSignal);
      // (the prefix of the real reports is also the drill's: 2 drill + 2 real)
      await until('the real reminders', () => manualSends(`report-${KEY}-`).length === 4);

      // B reports in the drill; the real B is untouched.
      await sleepUntil(D - 10_000);
      expect(
        await report(DRILL_KEY, 'B').executeUpdate(submitReportUpdate, {
          args: [document('B', '2027-03-01')],
        }),
      ).toMatchObject({ receiptNumber: `TN-${DRILL_KEY}-B-1`, onTime: true, dueDate: '2027-03-01' });
      expect(await report(KEY, 'B').query(reportStatusQuery)).toMatchObject({
        state: 'PENDING',
        submissions: [],
      });

      // Past the drill's final close. Not by awaiting its result: on the time-skipping server a
      // result() call lets time run free while it waits, and the real cycle's timers would fire.
      await sleepUntil(D + 186_000);
      const drillIds = [`cycle-${DRILL_KEY}`, ...units.map((c) => `report-${DRILL_KEY}-${c}`)];
      await until('the drill to end', async () => {
        const ds = await Promise.all(drillIds.map((id) => env.client.workflow.getHandle(id).describe()));
        return ds.every((d) => d.status.name === 'COMPLETED');
      });
      const drillStatus: CycleStatus = await drill.query(cycleStatusQuery);
      // The drill has ended; the real cycle and its reports run on, owed as before.
      const afterDrill = await Promise.all(ids.map((id) => env.client.workflow.getHandle(id).describe()));
      const realReports = await Promise.all(units.map((c) => report(KEY, c).query(reportStatusQuery)));
      const realCycle = await real.query(cycleStatusQuery);

      await sleepUntil(at('03-01', '10:00:00'));
      await real.signal(closeFinalSignal);
      const realStatus = await real.result();
      return { drillStatus, afterDrill, realReports, realCycle, realStatus };
    });

    expect(out.afterDrill.map((d) => d.status.name)).toEqual([
      'RUNNING',
      'COMPLETED',
      'RUNNING',
      'RUNNING',
      'COMPLETED',
      'COMPLETED',
    ]);
    expect(out.drillStatus).toMatchObject({
      key: DRILL_KEY,
      drill: true,
      phase: 'CLOSED',
      dates: { consolidationAt: D + 95_000, finalCloseAt: D + 185_000 },
    });
    expect(out.realCycle).toMatchObject({ key: KEY, drill: false, phase: 'OPEN', reminders: 1 });
    expect(out.realReports.map((r) => [r.agencyCode, r.state, r.closed, r.submissions.length])).toEqual([
      ['A', 'PENDING', false, 0],
      ['B', 'PENDING', false, 0],
    ]);

    // Every message names its own cycle; the real reports sent only their opening and the real reminder.
    const fromDrill = (s: SentNotice) => s.input.workflowId.includes(DRILL_KEY);
    expect(world.sent.filter(fromDrill).every((s) => s.input.data.cycleKey === DRILL_KEY)).toBe(true);
    expect(world.sent.filter((s) => !fromDrill(s)).every((s) => s.input.data.cycleKey === KEY)).toBe(true);
    expect(
      noticeLines(world.sent.filter((s) => s.input.workflowId.startsWith(`report-${KEY}-`) && !fromDrill(s))),
    ).toEqual(
      sortNoticeLines([
        ['03-01 08:00', 'CYCLE_OPENING opening A focal_point email'],
        ['03-01 08:00', 'CYCLE_OPENING opening B focal_point email'],
        ['03-01 08:40', 'REPORT_REMINDER manual-1 A focal_point email+sms'],
        ['03-01 08:40', 'REPORT_REMINDER manual-1 B focal_point email+sms'],
      ]),
    );
    // The drill's reminders, receipt, overdue notice, summary: its own.
    expect(
      world.sent
        .filter((s) => fromDrill(s) && s.input.purpose !== 'CYCLE_OPENING')
        .filter((s) => s.at <= D + 95_500)
        .map((s) => s.line)
        .sort(),
    ).toEqual(
      [
        'REPORT_REMINDER manual-1 A focal_point email+sms',
        'REPORT_REMINDER manual-1 B focal_point email+sms',
        'REPORT_REMINDER reminder-drill A focal_point email',
        'REPORT_REMINDER reminder-drill B focal_point email',
        'SUBMISSION_RECEIPT receipt-1 B focal_point email',
        'REPORT_OVERDUE overdue A focal_point+head email+sms',
        'REPORT_OVERDUE overdue-r1 A focal_point+head email+sms',
        `ESCALATION_SNV escalation-1-${D + 45_000} ${SNV} snv_desk email`,
        `ESCALATION_SNV escalation-2-${D + 75_000} ${SNV} snv_director email`,
        `UBND_SUMMARY summary ${UBND} ubnd+snv_director email`,
      ].sort(),
    );
    // The drill's receipt, rows and broadcasts are the drill's; the real cycle's stay its own.
    expect(world.submissions.map((s) => `${s.reportWorkflowId} ${s.receiptNumber}`)).toEqual([
      `report-${DRILL_KEY}-B TN-${DRILL_KEY}-B-1`,
    ]);
    expect(world.signals.map((s) => `${s.cycleWorkflowId} ${s.signal} ${s.count}`)).toEqual([
      `cycle-${DRILL_KEY} remindNowSignal 2`,
      `cycle-${KEY} remindNowSignal 2`,
      `cycle-${DRILL_KEY} closeReport 2`,
      `cycle-${KEY} closeReport 2`,
    ]);
    expect(world.escalations.map((e) => e.workflowId)).toEqual([
      `report-${DRILL_KEY}-A`,
      `report-${DRILL_KEY}-A`,
    ]);
    // The real cycle consolidated by hand before its deadline: its units are not late, nor
    // extended (no later deadline was given): they are listed as not submitted, without lateness.
    expect(
      world.summaries.map((s) => [s.cycleKey, s.onTime, s.notSubmitted, s.extended.map((e) => e.code)]),
    ).toEqual([
      [DRILL_KEY, ['B'], ['A'], []],
      [KEY, [], ['A', 'B'], []],
    ]);
    expect(
      [...world.rows.values()].map((r) => `${r.cycleWorkflowId} ${r.agencyCode} ${r.state}`).sort(),
    ).toEqual([
      `cycle-${KEY} A PENDING`,
      `cycle-${KEY} B PENDING`,
      `cycle-${DRILL_KEY} A OVERDUE`,
      `cycle-${DRILL_KEY} B SUBMITTED_ON_TIME`,
    ]);
    expect(world.cycles.get(`cycle-${KEY}`)!.changes.map((c) => [c.status, minute(c.at)])).toEqual([
      ['CONSOLIDATED', at('03-01', '10:00:00')],
      ['CLOSED', at('03-01', '10:00:00')],
    ]);
    expect(out.realStatus).toMatchObject({ phase: 'CLOSED', key: KEY });
  });

  it('on the real dev server, a finished drill leaves no workflow of its cycle running (visibility query)', async () => {
    // Real time: a drill due 6 s after its start, its steps 2 s apart: it consolidates at D+7 s and
    // closes at D+13 s.
    await env.teardown();
    env = await startTemporalDevServer({});
    units = ['A', 'B'];
    const worker = await newWorker('life-dev-drill');
    const timings = { reminderBeforeMs: 3_000, overdueAfterMs: 1_000, escalationStepMs: 2_000 };
    const out = await worker.runUntil(async () => {
      const dueAt = new Date(Date.now() + 6_000).toISOString();
      const cycle = await env.client.workflow.start(reportingCycle, {
        taskQueue: 'life-dev-drill',
        workflowId: `cycle-${DRILL_KEY}`,
        args: [{ ref: DRILL_REF, regime, drill: { dueAt, timings } }],
        typedSearchAttributes: [
          { key: SA_KIND, value: 'cycle' },
          { key: SA_REGIME, value: 'CCHC' },
          { key: SA_CYCLE, value: DRILL_KEY },
          { key: SA_YEAR, value: YEAR },
          { key: SA_PERIOD, value: 'Q1' },
          { key: SA_DRILL, value: true },
        ],
      });
      await until('the drill reports', () =>
        report(DRILL_KEY, 'B')
          .describe()
          .then(
            () => true,
            () => false,
          ),
      );
      await report(DRILL_KEY, 'B').executeUpdate(submitReportUpdate, {
        args: [document('B', new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10))],
      });
      const status = await cycle.result();
      // Visibility is eventually consistent: wait until it lists the cycle and both reports as ended.
      const query = `${SA_CYCLE.name} = "${DRILL_KEY}"`;
      const list = async () => {
        const xs: { id: string; status: string }[] = [];
        for await (const w of env.client.workflow.list({ query }))
          xs.push({ id: w.workflowId, status: w.status.name });
        return xs.sort((a, b) => (a.id < b.id ? -1 : 1));
      };
      await until('visibility to list the ended drill', async () => {
        const xs = await list();
        return xs.length === 3 && xs.every((x) => x.status !== 'RUNNING');
      });
      const running = await env.client.workflow.count(`${query} AND ExecutionStatus = "Running"`);
      const real = await cycleOf(KEY)
        .describe()
        .then(
          () => 'exists',
          (e: unknown) => (e instanceof WorkflowNotFoundError ? 'not found' : String(e)),
        );
      return { status, listed: await list(), running: running.count, real };
    });
    expect(out.status).toMatchObject({ phase: 'CLOSED', drill: true });
    expect(out.listed).toEqual([
      { id: `cycle-${DRILL_KEY}`, status: 'COMPLETED' },
      { id: `report-${DRILL_KEY}-A`, status: 'COMPLETED' },
      { id: `report-${DRILL_KEY}-B`, status: 'COMPLETED' },
    ]);
    expect(out.running).toBe(0);
    // The drill never created the real cycle.
    expect(out.real).toBe('not found');
  });
});
