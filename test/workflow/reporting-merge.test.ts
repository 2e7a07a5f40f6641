import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadRegime } from '../../config/regimes';
import { transferReason, type Succession } from '../../activities/successions';
import type { CycleRef, SubmitReportInput } from '../../domain/reporting';
import { reportingCycle } from '../../workflows';
import {
  closeFinalSignal,
  cycleStatusQuery,
  extendDeadlineUpdate,
  reportStatusQuery,
  submitReportUpdate,
  unitsChangedSignal,
} from '../../workflows/reporting/messages';
import type { AgencyReportStatus } from '../../workflows/reporting/types';
import { createReportingWorld, type SentNotice } from '../support/reporting-world';
import { bundleWorkflows, createTimeSkippingEnv } from '../support/time-skipping';

// Units merged while a cycle runs (issue "The province as it is…", open obligations follow a merge),
// on the time-skipping server with the in-memory reporting world. The rules (activities/successions.ts):
// on the merge's day the predecessors' reports still owed end EXEMPT naming the successor, which owes
// one report by the latest of their deadlines; a predecessor that had reported keeps its receipt; a
// successor already in the cycle keeps its own report.
//
// Q1 2027 of CCHC, default policy: opening Mon 1/3, units due Tue 16/3, reminders 5, 2 and 1 working
// days before at 08:00 (9/3, 12/3, 15/3 for 16/3; for Fri 19/3: 12/3, 17/3, 18/3), the summary
// to UBND tỉnh Fri 19/3 16:00.
const REF: CycleRef = { regime: 'CCHC', year: 2027, period: 'Q1' };
const KEY = 'CCHC-2027-Q1';
const regime = loadRegime('CCHC');
const at = (day: string, time: string) => Date.parse(`2027-${day}T${time}+07:00`);
const endOf = (day: string) => Date.parse(`2027-${day}T00:00:00+07:00`) + 86_400_000 - 1;
const unit = (code: string) => ({ code, name: `Đơn vị ${code}` });

describe('units merged while a cycle runs', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  const units = ['A_OLD', 'B_OLD', 'E_OLD', 'KEEP', 'NEVER', 'S_OLD'];
  const world = createReportingWorld({ units: () => units, client: () => env.client });

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
  async function until(what: string, done: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const report = (code: string) => env.client.workflow.getHandle(`report-${KEY}-${code}`);
  const status = (code: string) => report(code).query(reportStatusQuery) as Promise<AgencyReportStatus>;
  const document = (code: string, signedDate: string): SubmitReportInput => ({
    documentNumber: `7/BC-${code.replace('_', '')}`,
    signedDate,
    channel: 'document_system',
  });
  /** `PURPOSE step` of the notices one unit got, in time order, with the day they went (dd/mm). */
  const noticesOf = (code: string, from = 0) =>
    world.sent
      .filter((s: SentNotice) => s.input.agencyCode === code && s.at >= from)
      .sort((a, b) => a.at - b.at)
      .map(
        (s) =>
          `${new Date(s.at + 7 * 3_600_000).toISOString().slice(8, 10)}/03 ${s.line.split(' ').slice(0, 2).join(' ')}`,
      );

  it('the successor owes one report by the latest deadline it took over, is reminded, and is counted once; receipts given stay; the old reports keep their history', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'merge',
      workflowBundle: bundle,
      activities: world.activities,
    });
    const M1: Succession = {
      changeKey: 'merge:2027-03-10:A_OLD+B_OLD+S_OLD>C_NEW',
      date: '2027-03-10',
      successor: unit('C_NEW'),
      predecessors: [unit('A_OLD'), unit('B_OLD'), unit('S_OLD')],
    };
    const M2: Succession = {
      changeKey: 'merge:2027-03-11:E_OLD>KEEP',
      date: '2027-03-11',
      successor: unit('KEEP'),
      predecessors: [unit('E_OLD')],
    };
    const out = await worker.runUntil(async () => {
      await sleepUntil(at('03-01', '08:00:00'));
      const cycle = await env.client.workflow.start(reportingCycle, {
        taskQueue: 'merge',
        workflowId: `cycle-${KEY}`,
        args: [{ ref: REF, regime }],
      });
      await until('the fan-out', () =>
        cycle.query(cycleStatusQuery).then(
          (s) => s.fanOutDone && s.started === units.length,
          () => false,
        ),
      );
      // S_OLD reports before the merge; B_OLD is given until Fri 19/3.
      await sleepUntil(at('03-02', '10:00:00'));
      await report('S_OLD').executeUpdate(submitReportUpdate, { args: [document('S_OLD', '2027-03-02')] });
      await report('B_OLD').executeUpdate(extendDeadlineUpdate, {
        args: [{ newDueDate: '2027-03-19', reason: 'Chờ sắp xếp đơn vị', approvedBy: 'Giám đốc Sở Nội vụ' }],
      });

      // Wed 3/3: the merge is recorded, taking effect on Wed 10/3. Nothing moves before that day.
      await sleepUntil(at('03-03', '11:00:00'));
      world.merges.push(M1);
      await cycle.signal(unitsChangedSignal);
      await until('the merge to be planned', () =>
        cycle.query(cycleStatusQuery).then((s) => s.successions?.nextAt === at('03-10', '00:00:00')),
      );
      await sleepUntil(at('03-09', '12:00:00'));
      const beforeMerge = await Promise.all(['A_OLD', 'B_OLD'].map(status));

      // Thu 11/3: on its day the merge was carried; a second one, recorded after its day, at once.
      await sleepUntil(at('03-11', '10:00:00'));
      const afterMerge = {
        a: await status('A_OLD'),
        b: await status('B_OLD'),
        s: await status('S_OLD'),
        c: await status('C_NEW'),
        cDescribed: await report('C_NEW')
          .describe()
          .then(async (d) => ({
            staticSummary: await d.staticSummary(),
            staticDetails: await d.staticDetails(),
          })),
      };
      world.merges.push(M2);
      await cycle.signal(unitsChangedSignal);
      await until('the second merge', () => world.transfers.length === 2);
      const afterSecond = { e: await status('E_OLD'), keep: await status('KEEP') };

      // Thu 18/3: the successor reports, on time for 19/3.
      await sleepUntil(at('03-18', '10:00:00'));
      const receipt = await report('C_NEW').executeUpdate(submitReportUpdate, {
        args: [document('C_NEW', '2027-03-18')],
      });
      await sleepUntil(at('03-19', '17:00:00'));
      await cycle.signal(closeFinalSignal);
      const final = await cycle.result();
      return { beforeMerge, afterMerge, afterSecond, receipt, final, sReceipt: afterMerge.s.submissions };
    });

    // Before its day, the merge changed nothing: A_OLD was reminded on 9/3 like any unit.
    expect(out.beforeMerge.map((s) => s.state)).toEqual(['PENDING', 'PENDING']);
    expect(noticesOf('A_OLD')).toEqual([
      '01/03 CYCLE_OPENING opening',
      '09/03 REPORT_REMINDER reminder-5wd',
      '10/03 EXEMPTED exempted',
    ]);

    // On 10/3 the reports still owed ended, naming the successor; the one given stays, receipt and all.
    expect(out.afterMerge.a).toMatchObject({ state: 'EXEMPT', exemptReason: transferReason(M1) });
    expect(out.afterMerge.a.exemptReason).toContain('Sáp nhập vào Đơn vị C_NEW (C_NEW) từ ngày 10/03/2027');
    expect(out.afterMerge.a.remindersSent).toEqual(['reminder-5wd.2027-03-16']); // its history is intact
    expect(out.afterMerge.b).toMatchObject({ state: 'EXEMPT', dueDate: '2027-03-19' });
    expect(out.afterMerge.s).toMatchObject({ state: 'SUBMITTED_ON_TIME' });
    expect(out.sReceipt.map((x) => x.receiptNumber)).toEqual([`TN-${KEY}-S_OLD-1`]);
    expect(world.transfers[0]).toMatchObject({
      changeKey: M1.changeKey,
      transferred: [
        { code: 'A_OLD', dueDate: '2027-03-16' },
        { code: 'B_OLD', dueDate: '2027-03-19' },
      ],
      kept: [{ code: 'S_OLD', state: 'SUBMITTED_ON_TIME' }],
      successorEnrolled: false,
    });

    // The successor owes one report, by the latest deadline it took over (B_OLD's extension).
    expect(out.afterMerge.c).toMatchObject({
      state: 'PENDING',
      dueDate: '2027-03-19',
      dueAt: endOf('03-19'),
    });
    expect(out.afterMerge.cDescribed.staticSummary).toBe(
      'Báo cáo CCHC Quý I/2027 — Đơn vị C_NEW — hạn 19/03/2027',
    );
    expect(out.afterMerge.cDescribed.staticDetails).toContain(
      'báo cáo thay cho Đơn vị A_OLD (A_OLD), Đơn vị B_OLD (B_OLD)',
    );
    const opening = world.sent.find(
      (s) => s.input.agencyCode === 'C_NEW' && s.input.purpose === 'CYCLE_OPENING',
    )!;
    expect(opening.input.data).toMatchObject({
      dueDate: '2027-03-19',
      inheritsFrom: [unit('A_OLD'), unit('B_OLD')],
      inheritedOn: '2027-03-10',
    });
    // Told and reminded from the merge on, by its own deadline; nothing after it reported.
    expect(noticesOf('C_NEW')).toEqual([
      '10/03 CYCLE_OPENING opening',
      '12/03 REPORT_REMINDER reminder-5wd',
      '17/03 REPORT_REMINDER reminder-2wd',
      '18/03 REPORT_REMINDER reminder-1wd',
      '18/03 SUBMISSION_RECEIPT receipt-1',
    ]);
    // The predecessors got nothing after the merge but the notice that their report passed on.
    expect(noticesOf('B_OLD', at('03-10', '00:00:00'))).toEqual(['10/03 EXEMPTED exempted']);
    expect(out.receipt).toMatchObject({ receiptNumber: `TN-${KEY}-C_NEW-1`, onTime: true });

    // A merge into a unit that has its own report: E_OLD's obligation ends there, KEEP's report stands.
    expect(out.afterSecond.e).toMatchObject({ state: 'EXEMPT', exemptReason: transferReason(M2) });
    expect(out.afterSecond.keep).toMatchObject({ state: 'PENDING', dueDate: '2027-03-16' });
    expect(world.transfers[1]).toMatchObject({ successorEnrolled: true, transferred: [{ code: 'E_OLD' }] });
    expect(
      world.sent.filter((s) => s.input.agencyCode === 'KEEP' && s.input.purpose === 'CYCLE_OPENING'),
    ).toHaveLength(1);

    // The cycle counts the successor once, and the summary lists each unit once.
    expect(out.final.started).toBe(units.length + 1);
    expect(out.final.successions?.followed).toEqual([M1.changeKey, M2.changeKey]);
    expect(world.summaries).toHaveLength(1);
    expect(world.summaries[0]).toMatchObject({
      onTime: ['C_NEW', 'S_OLD'],
      late: [],
      notSubmitted: ['KEEP', 'NEVER'],
      exempt: ['A_OLD', 'B_OLD', 'E_OLD'],
      extended: [],
    });
  }, 240_000);
});
