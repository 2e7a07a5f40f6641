import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { NotifyInput, NotifyResult } from '../../activities/notifications';
import { cycleStatusQuery } from '../../workflows/reporting/messages';
import type { CycleStatus } from '../../workflows/reporting/types';
import {
  exemptUpdate,
  extendDeadlineUpdate,
  reportStatusQuery,
  submitReportUpdate,
} from '../../workflows/reporting/messages';
import { reportingCycle } from '../../workflows';
import { bundleWorkflows, createTimeSkippingEnv } from '../support/time-skipping';

// A whole reporting year (Q1, H1, Q3, YEAR of 2027) on the time-skipping test server, with the default
// policy, fake activities and six agencies that each behave differently. 2027 is in the future of
// the test server's clock; its holidays are the calendar's lunar proposal (Quốc khánh 2-3/9).
//
// Worked out by hand from the rules (docs/domain.md, default policy: opening 10 working days before the
// cutoff, agencies due 2 working days after it, reminders 5/2/1 working days before and on the due
// day at 08:00, overdue notice and escalation level 1 one working day after, level 2 two working
// days after, consolidation 1 working day before the province's deadline (day 20) at 16:00):
//   Q1   cutoff Sun 14/3 → due Tue 16/3; opens Mon 1/3; r5 Tue 9/3, r2 Fri 12/3, r1 Mon 15/3;
//        overdue Wed 17/3; level 2 Thu 18/3; province due Sat 20/3 → Mon 22/3; consolidation Fri 19/3.
//   H1   cutoff Mon 14/6 → due Wed 16/6; opens Mon 31/5; r5 Wed 9/6, r2 Mon 14/6, r1 Tue 15/6;
//        overdue Thu 17/6; level 2 Fri 18/6; province due Sun 20/6 → Mon 21/6; consolidation Fri 18/6.
//   Q3   cutoff Tue 14/9 → due Thu 16/9; opens Fri 27/8 (2-3/9 off); r5 Thu 9/9, r2 Tue 14/9,
//        r1 Wed 15/9; overdue Fri 17/9; province due Mon 20/9; consolidation Fri 17/9, so level 2
//        (Mon 20/9) never comes: the cycle has closed.
//   YEAR cutoff Tue 14/12 → due Thu 16/12; opens Tue 30/11; r5 Thu 9/12, r2 Tue 14/12, r1 Wed 15/12;
//        overdue Fri 17/12; province due Mon 20/12; consolidation Fri 17/12 (no level 2 either).
interface PeriodDates {
  period: 'Q1' | 'H1' | 'Q3' | 'YEAR';
  opens: string;
  r5: string;
  r2: string;
  r1: string;
  due: string;
  overdue: string;
  level2: string | null;
  consolidation: string;
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
  },
  {
    period: 'Q3',
    opens: '08-27',
    r5: '09-09',
    r2: '09-14',
    r1: '09-15',
    due: '09-16',
    overdue: '09-17',
    level2: null,
    consolidation: '09-17',
  },
  {
    period: 'YEAR',
    opens: '11-30',
    r5: '12-09',
    r2: '12-14',
    r1: '12-15',
    due: '12-16',
    overdue: '12-17',
    level2: null,
    consolidation: '12-17',
  },
];
// The extended agency gets one more working day: the day after the due date in every period above.
const AGENCIES = ['EARLY', 'EXEMPT', 'EXTENDED', 'LATE', 'NEVER', 'ONTIME'];
const SNV = 'SNV';
const UBND = 'UBND_TINH';

const at = (day: string, time: string) => Date.parse(`${YEAR}-${day}T${time}:00+07:00`);
const stamp = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(5, 16).replace('T', ' ');

interface Sent {
  at: string;
  line: string;
  input: NotifyInput;
}

describe('a whole reporting year on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  const sent: Sent[] = [];
  const escalations: string[] = [];
  const submissions: string[] = [];

  beforeAll(async () => {
    bundle = await bundleWorkflows();
  });
  // A server of its own for each period: time skipping left over from one cycle's end (its agencies'
  // workflows winding down) must not move the next one's clock.
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  // Fakes typed against the real factory: they record what would be sent, and when (server time).
  const scheduledAt = () => Context.current().info.currentAttemptScheduledTimestampMs;
  const activities: Partial<Activities> = {
    async notify(input: NotifyInput): Promise<NotifyResult> {
      const line = `${input.purpose} ${input.step.replace(/\.\d{4}-\d{2}-\d{2}$/, '')} ${input.agencyCode} ${input.roles.join('+')} ${input.channels.join('+')}`;
      sent.push({ at: stamp(scheduledAt()), line, input });
      return { sent: 1, alreadySent: 0, deferred: [], failed: [], skipped: 0, noRecipients: false };
    },
    async listReportingAgencies() {
      return { agencyCodes: AGENCIES, snvAgencyCode: SNV, ubndAgencyCode: UBND };
    },
    async recordCycle() {},
    async closeCycleRecord() {},
    async recordReportState() {},
    async recordSubmission(s) {
      submissions.push(`${s.receiptNumber} ${s.onTime ? 'on time' : `late ${s.lateWorkingDays}`}`);
    },
    async recordEscalation(e) {
      escalations.push(`${stamp(scheduledAt())} ${e.agencyCode} level ${e.level} ${e.toRole}`);
    },
    async recordAuditEvent() {
      return 0;
    },
  };

  async function sleepUntil(instant: number): Promise<void> {
    const now = await env.currentTimeMs();
    if (instant > now) await env.sleep(instant - now);
  }

  it.each(PERIODS)(
    '$period: every reminder, receipt, escalation and the summary, at the right time',
    async (d) => {
      const taskQueue = `year-${d.period}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: bundle,
        activities,
      });
      sent.length = 0;
      escalations.length = 0;
      submissions.length = 0;
      const report = (code: string) => env.client.workflow.getHandle(`report-${YEAR}-${d.period}-${code}`);
      const submit = (code: string) =>
        report(code).executeUpdate(submitReportUpdate, {
          args: [
            { documentNumber: `12/BC-${code}`, signedDate: `${YEAR}-${d.opens}`, channel: 'document_system' },
          ],
        });

      const status = await worker.runUntil(async () => {
        await sleepUntil(at(d.opens, '08:00'));
        const cycle = await env.client.workflow.start(reportingCycle, {
          taskQueue,
          workflowId: `cycle-${YEAR}-${d.period}`,
          args: [{ year: YEAR, period: d.period }],
        });
        // The agencies' workflows exist once the fan-out is done.
        const fannedOut = () =>
          cycle.query(cycleStatusQuery).then(
            (s) => s.started === AGENCIES.length,
            () => false, // still setting up
          );
        while (!(await fannedOut())) await new Promise((r) => setTimeout(r, 50));
        await sleepUntil(at(d.opens, '10:00'));
        expect(await submit('EARLY')).toMatchObject({
          onTime: true,
          receiptNumber: `TN-${YEAR}-${d.period}-EARLY-1`,
        });
        await report('EXEMPT').executeUpdate(exemptUpdate, {
          args: [{ reason: 'Sáp nhập đơn vị theo quyết định của tỉnh' }],
        });

        await sleepUntil(at(d.r2, '10:00'));
        const nextDay = d.overdue; // one more working day
        await report('EXTENDED').executeUpdate(extendDeadlineUpdate, {
          args: [
            {
              newDueDate: `${YEAR}-${nextDay}`,
              reason: 'Chờ số liệu của cấp xã',
              approvedBy: 'Giám đốc Sở Nội vụ',
            },
          ],
        });

        await sleepUntil(at(d.due, '10:00'));
        expect(await submit('ONTIME')).toMatchObject({ onTime: true, workingDaysLate: 0 });

        await sleepUntil(at(d.overdue, '10:00'));
        expect(await submit('LATE')).toMatchObject({ onTime: false, workingDaysLate: 1 });
        expect(await submit('EXTENDED')).toMatchObject({ onTime: true, dueDate: `${YEAR}-${nextDay}` });
        expect((await report('NEVER').query(reportStatusQuery)).state).toBe('OVERDUE');
        return (await cycle.result()) as CycleStatus;
      });

      const o = d.opens;
      const opening = (code: string) => [`${o} 08:00`, `CYCLE_OPENING opening ${code} focal_point email`];
      const reminders = (code: string, until: 'r5' | 'r2' | 'r1' | 'due') => {
        const all: [string, string][] = [
          [`${d.r5} 08:00`, `REPORT_REMINDER reminder-5wd ${code} focal_point email`],
          [`${d.r2} 08:00`, `REPORT_REMINDER reminder-2wd ${code} focal_point email`],
          [`${d.r1} 08:00`, `REPORT_REMINDER reminder-1wd ${code} focal_point email+sms`],
          [`${d.due} 08:00`, `REPORT_DUE_TODAY due-day ${code} focal_point email+sms`],
        ];
        return all.slice(0, ['r5', 'r2', 'r1', 'due'].indexOf(until) + 1);
      };
      const expected: [string, string][] = [
        ...(['EARLY', 'EXEMPT', 'EXTENDED', 'LATE', 'NEVER', 'ONTIME'].map(opening) as [string, string][]),
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
        // Sở Nội vụ: one consolidated message per level; LATE had not reported yet at 08:00.
        [`${d.overdue} 08:00`, `ESCALATION_SNV escalation-1-${at(d.overdue, '08:00')} ${SNV} snv_desk email`],
        ...(d.level2
          ? ([
              [
                `${d.level2} 08:00`,
                `ESCALATION_SNV escalation-2-${at(d.level2, '08:00')} ${SNV} snv_director email`,
              ],
            ] as [string, string][])
          : []),
        [`${d.consolidation} 16:00`, `UBND_SUMMARY summary ${UBND} ubnd+snv_director email`],
      ];
      const actual = sent.map((s) => [s.at, s.line] as [string, string]);
      const sort = (xs: [string, string][]) =>
        [...xs].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : 1));
      expect(sort(actual)).toEqual(sort(expected.map(([day, line]) => [`${day}`.padStart(11, '0'), line])));

      // The escalation messages list the agencies that were late at that instant.
      const level1 = sent.find((s) => s.input.purpose === 'ESCALATION_SNV' && s.input.data.level === 1)!;
      expect(level1.input.data.lateAgencies).toEqual([
        { code: 'LATE', dueDate: `${YEAR}-${d.due}`, workingDaysLate: 1 },
        { code: 'NEVER', dueDate: `${YEAR}-${d.due}`, workingDaysLate: 1 },
      ]);
      if (d.level2) {
        const level2 = sent.find((s) => s.input.purpose === 'ESCALATION_SNV' && s.input.data.level === 2)!;
        expect(level2.input.data.lateAgencies).toEqual([
          { code: 'NEVER', dueDate: `${YEAR}-${d.due}`, workingDaysLate: 2 },
        ]);
      }
      const summary = sent.find((s) => s.input.purpose === 'UBND_SUMMARY')!;
      expect(summary.input.data).toMatchObject({
        totals: { agencies: 6, onTime: 3, late: 1, notSubmitted: 1, exempt: 1 },
        onTime: [{ code: 'EARLY' }, { code: 'EXTENDED' }, { code: 'ONTIME' }],
        late: [{ code: 'LATE', workingDaysLate: 1 }],
        notSubmitted: [{ code: 'NEVER' }],
        exempt: [{ code: 'EXEMPT', reason: 'Sáp nhập đơn vị theo quyết định của tỉnh' }],
      });

      // Escalations recorded by the agencies' own workflows (level 1 to the desk, level 2 to the Director).
      expect(escalations.sort()).toEqual(
        [
          `${d.overdue} 08:00 LATE level 1 snv_desk`,
          `${d.overdue} 08:00 NEVER level 1 snv_desk`,
          ...(d.level2 ? [`${d.level2} 08:00 NEVER level 2 snv_director`] : []),
        ].sort(),
      );
      expect(submissions.sort()).toEqual(
        [
          `TN-${YEAR}-${d.period}-EARLY-1 on time`,
          `TN-${YEAR}-${d.period}-EXTENDED-1 on time`,
          `TN-${YEAR}-${d.period}-LATE-1 late 1`,
          `TN-${YEAR}-${d.period}-ONTIME-1 on time`,
        ].sort(),
      );
      expect(status.closed).toBe(true);
      expect(status.agencies.NEVER).toMatchObject({ state: 'OVERDUE', escalationLevel: d.level2 ? 2 : 1 });
    },
  );
});
