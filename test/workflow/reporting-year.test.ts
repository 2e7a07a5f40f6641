import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadRegime } from '../../config/regimes';
import { createWorkingCalendar } from '../../domain/calendar';
import { reportingCycle } from '../../workflows';
import {
  cycleStatusQuery,
  exemptUpdate,
  extendDeadlineUpdate,
  reportStatusQuery,
  submitReportUpdate,
} from '../../workflows/reporting/messages';
import type { AgencyReportStatus } from '../../workflows/reporting/types';
import { createReportingWorld, noticeLines, sortNoticeLines } from '../support/reporting-world';
import { bundleWorkflows, createTimeSkippingEnv } from '../support/time-skipping';

// A whole reporting year (Q1, H1, Q3, YEAR of 2027) of the CCHC regime on the time-skipping test
// server, with the default policy, an in-memory database and six units that each behave
// differently, from the opening to the final close. 2027 is in the future of the test server's
// clock; its holidays are the calendar's data (Quốc khánh 2-3/9; Tết 2028 from 25/1 to 31/1, and
// 1/1/2028, a Saturday, given back on Monday 3/1).
//
// Worked out by hand from the rules (docs/domain.md, default policy: opening 10 working days before the
// cutoff, units due 2 working days after it, reminders 5/2/1 working days before and on the due
// day at 08:00, overdue notice and escalation level 1 one working day after, level 2 two working
// days after, the overdue notice again every 10 working days after that; Sở Nội vụ told of new
// escalations at 08:30; consolidation 1 working day before the province's deadline (day 20) at
// 16:00; after it a follow-up digest to Sở Nội vụ every 5 working days at 09:00 while a report is
// missing; the final close on 31/1 of the next year at 17:00, or the next working day):
//   Q1   cutoff Sun 14/3 → due Tue 16/3; opens Mon 1/3; r5 Tue 9/3, r2 Fri 12/3, r1 Mon 15/3;
//        overdue Wed 17/3; level 2 Thu 18/3; consolidation Fri 19/3 (province due Sat 20/3 → Mon
//        22/3); first repeat 12 working days after due: Thu 1/4; first follow-up Fri 26/3.
//   H1   cutoff Mon 14/6 → due Wed 16/6; opens Mon 31/5; r5 Wed 9/6, r2 Mon 14/6, r1 Tue 15/6;
//        overdue Thu 17/6; level 2 Fri 18/6; consolidation Fri 18/6 (province due Sun 20/6 → Mon
//        21/6); first repeat Fri 2/7; first follow-up Fri 25/6.
//   Q3   cutoff Tue 14/9 → due Thu 16/9; opens Fri 27/8 (2-3/9 off); r5 Thu 9/9, r2 Tue 14/9,
//        r1 Wed 15/9; overdue Fri 17/9; consolidation Fri 17/9; level 2 Mon 20/9, after the
//        summary (a report is still owed); first repeat Mon 4/10; first follow-up Fri 24/9.
//   YEAR cutoff Tue 14/12 → due Thu 16/12; opens Tue 30/11; r5 Thu 9/12, r2 Tue 14/12, r1 Wed 15/12;
//        overdue Fri 17/12; consolidation Fri 17/12; level 2 Mon 20/12; first repeat Tue 4/1/2028
//        (3/1 given back for New Year); first follow-up Fri 24/12.
//   All: final close 31/1/2028 falls in Tết, so Tue 1/2/2028 17:00.
interface PeriodDates {
  period: 'Q1' | 'H1' | 'Q3' | 'YEAR';
  opens: string;
  r5: string;
  r2: string;
  r1: string;
  due: string;
  overdue: string;
  level2: string;
  consolidation: string;
  firstRepeat: string;
  firstFollowUp: string;
}
const YEAR = 2027;
const PERIODS: PeriodDates[] = [
  {
    period: 'Q1',
    opens: '03-01',
    r5: '03-09',
    r2: '03-12',
    r1: '03-15',
    due: '03-16',
    overdue: '03-17',
    level2: '03-18',
    consolidation: '03-19',
    firstRepeat: '2027-04-01',
    firstFollowUp: '03-26',
  },
  {
    period: 'H1',
    opens: '05-31',
    r5: '06-09',
    r2: '06-14',
    r1: '06-15',
    due: '06-16',
    overdue: '06-17',
    level2: '06-18',
    consolidation: '06-18',
    firstRepeat: '2027-07-02',
    firstFollowUp: '06-25',
  },
  {
    period: 'Q3',
    opens: '08-27',
    r5: '09-09',
    r2: '09-14',
    r1: '09-15',
    due: '09-16',
    overdue: '09-17',
    level2: '09-20',
    consolidation: '09-17',
    firstRepeat: '2027-10-04',
    firstFollowUp: '09-24',
  },
  {
    period: 'YEAR',
    opens: '11-30',
    r5: '12-09',
    r2: '12-14',
    r1: '12-15',
    due: '12-16',
    overdue: '12-17',
    level2: '12-20',
    consolidation: '12-17',
    firstRepeat: '2028-01-04',
    firstFollowUp: '12-24',
  },
];
const FINAL_CLOSE = Date.parse('2028-02-01T17:00:00+07:00');
// The extended unit gets one more working day: the day after the due date in every period above.
const UNITS = ['EARLY', 'EXEMPT', 'EXTENDED', 'LATE', 'NEVER', 'ONTIME'];
const SNV = 'SNV';
const UBND = 'UBND_TINH';
const regime = loadRegime('CCHC');
const calendar = createWorkingCalendar();

const at = (day: string, time: string) => Date.parse(`${YEAR}-${day}T${time}:00+07:00`);
/** Activities start a few milliseconds after their timer fires. */
const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
const vnDay = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);

describe('a whole reporting year on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  const world = createReportingWorld({ units: () => UNITS, client: () => env.client });

  beforeAll(async () => {
    bundle = await bundleWorkflows();
  });
  // A server of its own for each period: time skipped while one cycle winds down must not move the
  // next one's clock.
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

  it.each(PERIODS)(
    '$period: every reminder, receipt, escalation, the summary, the follow-ups and the final close, on time',
    async (d) => {
      const taskQueue = `year-${d.period}`;
      const key = `CCHC-${YEAR}-${d.period}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: bundle,
        activities: world.activities,
      });
      const report = (code: string) => env.client.workflow.getHandle(`report-${key}-${code}`);
      const submit = (code: string) =>
        report(code).executeUpdate(submitReportUpdate, {
          args: [
            { documentNumber: `12/BC-${code}`, signedDate: `${YEAR}-${d.opens}`, channel: 'document_system' },
          ],
        });

      const { status, reports } = await worker.runUntil(async () => {
        await sleepUntil(at(d.opens, '08:00'));
        const cycle = await env.client.workflow.start(reportingCycle, {
          taskQueue,
          workflowId: `cycle-${key}`,
          args: [{ ref: { regime: 'CCHC', year: YEAR, period: d.period }, regime }],
        });
        // The units' workflows exist once the fan-out is done; the query fails while the cycle sets up.
        const fannedOut = () =>
          cycle.query(cycleStatusQuery).then(
            (s) => s.fanOutDone && s.started === UNITS.length,
            () => false,
          );
        while (!(await fannedOut())) await new Promise((r) => setTimeout(r, 50));
        await sleepUntil(at(d.opens, '10:00'));
        expect(await submit('EARLY')).toMatchObject({ onTime: true, receiptNumber: `TN-${key}-EARLY-1` });
        await report('EXEMPT').executeUpdate(exemptUpdate, {
          args: [{ reason: 'Sáp nhập đơn vị theo quyết định của tỉnh' }],
        });

        await sleepUntil(at(d.r2, '10:00'));
        await report('EXTENDED').executeUpdate(extendDeadlineUpdate, {
          args: [
            {
              newDueDate: `${YEAR}-${d.overdue}`,
              reason: 'Chờ số liệu của cấp xã',
              approvedBy: 'Giám đốc Sở Nội vụ',
            },
          ],
        });

        await sleepUntil(at(d.due, '10:00'));
        expect(await submit('ONTIME')).toMatchObject({ onTime: true, workingDaysLate: 0 });

        await sleepUntil(at(d.overdue, '10:00'));
        expect(await submit('LATE')).toMatchObject({ onTime: false, workingDaysLate: 1 });
        expect(await submit('EXTENDED')).toMatchObject({ onTime: true, dueDate: `${YEAR}-${d.overdue}` });
        expect((await report('NEVER').query(reportStatusQuery)).state).toBe('OVERDUE');
        const status = await cycle.result();
        const reports = await Promise.all(
          UNITS.map((c) => report(c).result() as Promise<AgencyReportStatus>),
        );
        return { status, reports };
      });

      const o = d.opens;
      const opening = (code: string): [string, string] => [
        `${o} 08:00`,
        `CYCLE_OPENING opening ${code} focal_point email`,
      ];
      const reminders = (code: string, until: 'r5' | 'r2' | 'r1' | 'due') => {
        const all: [string, string][] = [
          [`${d.r5} 08:00`, `REPORT_REMINDER reminder-5wd ${code} focal_point email`],
          [`${d.r2} 08:00`, `REPORT_REMINDER reminder-2wd ${code} focal_point email`],
          [`${d.r1} 08:00`, `REPORT_REMINDER reminder-1wd ${code} focal_point email+sms`],
          [`${d.due} 08:00`, `REPORT_DUE_TODAY due-day ${code} focal_point email+sms`],
        ];
        return all.slice(0, ['r5', 'r2', 'r1', 'due'].indexOf(until) + 1);
      };
      const sweep1 = at(d.overdue, '08:30');
      const sweep2 = at(d.level2, '08:30');
      const expectedBeforeRepeats: [string, string][] = [
        ...UNITS.map(opening),
        [`${o} 10:00`, `SUBMISSION_RECEIPT receipt-1 EARLY focal_point email`],
        [`${o} 10:00`, `EXEMPTED exempted EXEMPT focal_point+head email`],
        ...reminders('EXTENDED', 'r2'),
        [`${d.r2} 10:00`, `DEADLINE_EXTENDED extended-1 EXTENDED focal_point+head email`],
        // Re-planned for the new due date (one working day later): its 5-day reminder is already past,
        // its 2-day reminder falls on the old 1-day date, its 1-day reminder on the old due date.
        [`${d.r1} 08:00`, `REPORT_REMINDER reminder-2wd EXTENDED focal_point email`],
        [`${d.due} 08:00`, `REPORT_REMINDER reminder-1wd EXTENDED focal_point email+sms`],
        [`${d.overdue} 08:00`, `REPORT_DUE_TODAY due-day EXTENDED focal_point email+sms`],
        [`${d.overdue} 10:00`, `SUBMISSION_RECEIPT receipt-1 EXTENDED focal_point email`],
        ...reminders('LATE', 'due'),
        [`${d.overdue} 08:00`, `REPORT_OVERDUE overdue LATE focal_point+head email+sms`],
        [`${d.overdue} 10:00`, `SUBMISSION_RECEIPT receipt-1 LATE focal_point email`],
        ...reminders('NEVER', 'due'),
        [`${d.overdue} 08:00`, `REPORT_OVERDUE overdue NEVER focal_point+head email+sms`],
        ...reminders('ONTIME', 'due'),
        [`${d.due} 10:00`, `SUBMISSION_RECEIPT receipt-1 ONTIME focal_point email`],
        // Sở Nội vụ: one consolidated message per level; LATE had not reported yet at 08:30.
        [`${d.overdue} 08:30`, `ESCALATION_SNV escalation-1-${sweep1} ${SNV} snv_desk email`],
        [`${d.level2} 08:30`, `ESCALATION_SNV escalation-2-${sweep2} ${SNV} snv_director email`],
        [`${d.consolidation} 16:00`, `UBND_SUMMARY summary ${UBND} ubnd+snv_director email`],
      ];
      const isRepeat = (line: string) => /^REPORT_OVERDUE overdue-r\d+ /.test(line);
      const isFollowUp = (line: string) => line.startsWith('FOLLOW_UP_DIGEST ');
      const lines = noticeLines(world.sent);
      expect(lines.filter(([, l]) => !isRepeat(l) && !isFollowUp(l))).toEqual(
        sortNoticeLines(expectedBeforeRepeats),
      );

      // NEVER hears again every 10 working days, from 12 working days after its due date, until the final close.
      const repeats = world.sent.filter((s) => isRepeat(s.line));
      expect(
        repeats.every((s) => s.input.agencyCode === 'NEVER' && s.line.endsWith('focal_point+head email+sms')),
      ).toBe(true);
      expect(vnDay(repeats[0]!.at)).toBe(d.firstRepeat);
      for (let i = 1; i < repeats.length; i++)
        expect(calendar.workingDaysBetween(vnDay(repeats[i - 1]!.at), vnDay(repeats[i]!.at))).toBe(10);
      const lastRepeat = repeats.at(-1)!.at;
      expect(lastRepeat).toBeLessThan(FINAL_CLOSE);
      expect(calendar.workingDaysBetween(vnDay(lastRepeat), vnDay(FINAL_CLOSE))).toBeLessThanOrEqual(10);
      expect(repeats.map((s) => s.line)).toEqual(
        repeats.map((_, i) => `REPORT_OVERDUE overdue-r${i + 1} NEVER focal_point+head email+sms`),
      );
      // The repeat says how late, in working days.
      expect(repeats[0]!.input.data).toMatchObject({ late: { unit: 'workingDays', amount: 12 } });

      // After the summary, Sở Nội vụ gets a follow-up every 5 working days while NEVER owes its report.
      const followUps = world.sent.filter((s) => isFollowUp(s.line));
      expect(minute(followUps[0]!.at)).toBe(at(d.firstFollowUp, '09:00'));
      expect(followUps.every((s) => s.input.agencyCode === SNV && s.line.endsWith(' snv_desk email'))).toBe(
        true,
      );
      for (let i = 1; i < followUps.length; i++)
        expect(calendar.workingDaysBetween(vnDay(followUps[i - 1]!.at), vnDay(followUps[i]!.at))).toBe(5);
      expect(followUps.at(-1)!.at).toBeLessThan(FINAL_CLOSE);
      expect(
        calendar.workingDaysBetween(vnDay(followUps.at(-1)!.at), vnDay(FINAL_CLOSE)),
      ).toBeLessThanOrEqual(5);

      // Which units each consolidated escalation told: level 1 LATE and NEVER, level 2 NEVER.
      const told = (step: string) =>
        world.escalations
          .filter((e) => e.told === `cycle-${key}:${step}`)
          .map((e) => e.agencyCode)
          .sort();
      expect(told(`escalation-1-${sweep1}`)).toEqual(['LATE', 'NEVER']);
      expect(told(`escalation-2-${sweep2}`)).toEqual(['NEVER']);
      expect(
        world.escalations.map((e) => `${vnDay(e.at)} ${e.agencyCode} ${e.level} ${e.toRole}`).sort(),
      ).toEqual(
        [
          `${YEAR}-${d.overdue} LATE 1 snv_desk`,
          `${YEAR}-${d.overdue} NEVER 1 snv_desk`,
          `${YEAR}-${d.level2} NEVER 2 snv_director`,
        ].sort(),
      );
      expect(
        world.submissions
          .map((s) => `${s.receiptNumber} ${s.onTime ? 'on time' : `late ${s.lateWorkingDays}`}`)
          .sort(),
      ).toEqual(
        [
          `TN-${key}-EARLY-1 on time`,
          `TN-${key}-EXTENDED-1 on time`,
          `TN-${key}-LATE-1 late 1`,
          `TN-${key}-ONTIME-1 on time`,
        ].sort(),
      );

      // The cycle consolidated at its consolidation point and closed at the final close; every
      // report ended then, with its state as the mirror has it.
      const record = world.cycles.get(`cycle-${key}`)!;
      expect(record.changes.map((c) => [c.status, minute(c.at)])).toEqual([
        ['CONSOLIDATED', at(d.consolidation, '16:00')],
        ['CLOSED', FINAL_CLOSE],
      ]);
      expect(status).toMatchObject({ phase: 'CLOSED', key, dates: { finalCloseDate: '2028-02-01' } });
      expect(reports.map((r) => [r.agencyCode, r.state, r.closed])).toEqual([
        ['EARLY', 'SUBMITTED_ON_TIME', true],
        ['EXEMPT', 'EXEMPT', true],
        ['EXTENDED', 'SUBMITTED_ON_TIME', true],
        ['LATE', 'SUBMITTED_LATE', true],
        ['NEVER', 'OVERDUE', true],
        ['ONTIME', 'SUBMITTED_ON_TIME', true],
      ]);
      expect(reports.find((r) => r.agencyCode === 'NEVER')!.escalationLevel).toBe(2);
      expect([...world.rows.values()].map((r) => `${r.agencyCode} ${r.state}`).sort()).toEqual(
        reports.map((r) => `${r.agencyCode} ${r.state}`),
      );
    },
  );
});
