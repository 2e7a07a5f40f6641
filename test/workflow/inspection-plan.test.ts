import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createPinnedTimeSkippingEnv } from '../support/pinned-clock';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { InspectionEscalationRecord, InspectionPlanRecord } from '../../activities/inspections';
import type { NotifyInput, NotifyResult } from '../../activities/notifications';
import { planFileSchema, type InspectionPlanInput } from '../../domain/inspection-plan';
import { inspectionPlan } from '../../workflows';
import {
  cancelUpdate,
  inspectionStatusQuery,
  recordVisitResultUpdate,
  rescheduleUpdate,
  submitRemediationUpdate,
  submitSelfReportUpdate,
} from '../../workflows/inspection/messages';
import { planStatusQuery } from '../../workflows/inspection/messages';
import type { InspectionStatus } from '../../workflows/inspection/types';

// A 2022 inspection plan of six agencies on the time-skipping test server, each agency taking
// another branch, with the default policy (notice 10 working days before the visit, self-report due
// 3 before, its reminders 2 and 1 before that, visit reminder 1 before, result reminder 3 after,
// remediation 30 working days, its reminders 5 and 1 before, overdue notice and level 1 one working
// day after a due date, level 2 two (self-report) or five (remediation) after; all at 08:00).
// 2022 days off that matter here: Mon 11/4 (Giỗ Tổ), Sat 30/4 – Tue 3/5.
//
// Worked out by hand, counting working days on the 2022 calendar:
// - STP, visit Thu 10/3: notice due Thu 24/2, before the plan starts (Tue 1/3 09:00), so it goes at
//   once; self-report due Mon 7/3; reminders Thu 3/3 (2wd) and Fri 4/3 (1wd); report Fri 4/3 10:00
//   (on time); visit reminder Wed 9/3; result without findings Thu 10/3 16:00 → conclusion then.
// - Visit Tue 22/3 for the other five: notice Tue 8/3; self-report due Thu 17/3; reminders Tue 15/3
//   and Wed 16/3; visit reminder Mon 21/3; result reminder Fri 25/3.
// - STC: report Wed 16/3; result Tue 22/3 17:00 with F1, F2 due by default 30 working days after
//   the visit: 23/3…31/3 (7), 1/4…8/4 (6), 12/4…15/4 (4, 11/4 off), 18/4…22/4 (5), 25/4…29/4 (5),
//   Wed 4/5 (28, 30/4–3/5 off), Thu 5/5, Fri 6/5 (30) → due Fri 6/5. F1 remediated Tue 26/4; the
//   5wd reminder (5/5, 4/5, 29/4, 28/4, 27/4 → Wed 27/4) lists F2 only; F2 remediated Fri 29/4 →
//   conclusion; the 1wd reminder (Thu 5/5) never goes.
// - SYT: report Thu 17/3 09:00 (the due day: on time); result Wed 23/3 with F1 due Fri 8/4;
//   reminders Fri 1/4 (5wd: 7, 6, 5, 4/4, 1/4) and Thu 7/4; overdue notice and level 1 one working
//   day after Fri 8/4, skipping Sat 9, Sun 10 and Mon 11/4 → Tue 12/4; level 2 five working days
//   after: 12, 13, 14, 15, Mon 18/4; remediated Wed 20/4, late by 7 working days (12–15, 18–20).
// - SXD: no report by Thu 17/3 → overdue notice and level 1 Fri 18/3, level 2 Mon 21/3 (with the
//   visit reminders); report Mon 21/3 11:00, late by 2 working days (18/3, 21/3); result not
//   recorded by Fri 25/3 → the team lead (snv_desk) is reminded; result Mon 28/3 → conclusion.
// - SKHDT: after the notice and the 2wd reminder (Tue 15/3 08:00), moved on Tue 15/3 14:00 to Tue
//   5/4: a revised notice at once; new due date Thu 31/3 (4/4, 1/4, 31/3); reminders Tue 29/3 and
//   Wed 30/3; report Wed 30/3; visit reminder Mon 4/4; result without findings Tue 5/4 → conclusion.
//   Nothing of the old schedule after 15/3 14:00 goes out.
// - SGTVT: cancelled Thu 10/3 10:00 after its notice: the cancellation goes at once, nothing else.

const YEAR = 2022;
const CODE = 'KT-2022-01';
const PLAN_START = '2022-03-01 09:00';
const wf = (agency: string) => `inspection-${YEAR}-${CODE}-${agency}`;
/** Epoch ms of a Vietnam wall-clock time `YYYY-MM-DD HH:MM`. */
const vn = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+07:00`);
/** `YYYY-MM-DD HH:MM` in Vietnam. */
const stamp = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

const AGENCY = ['focal_point', 'head'];
const TEAM = ['snv_desk', 'snv_director'];
const BOTH = ['email', 'sms'];
const EMAIL = ['email'];

interface Sent {
  order: number;
  at: string;
  agency: string;
  purpose: string;
  step: string;
  roles: string[];
  channels: string[];
  data: Record<string, unknown>;
}

const plan: InspectionPlanInput = planFileSchema.parse({
  year: YEAR,
  code: CODE,
  decisionRef: 'Quyết định số 123/QĐ-UBND ngày 10/01/2022',
  team: { lead: { agency: 'SNV', role: 'snv_desk' }, members: [{ agency: 'SNV', role: 'snv_director' }] },
  inspections: [
    { agency: 'STP', visitDate: '2022-03-10', scope: 'Cải cách thủ tục hành chính' },
    { agency: 'STC', visitDate: '2022-03-22', scope: 'Cải cách tài chính công' },
    { agency: 'SYT', visitDate: '2022-03-22', scope: 'Cải cách tổ chức bộ máy' },
    { agency: 'SXD', visitDate: '2022-03-22', scope: 'Xây dựng chính quyền số' },
    { agency: 'SKHDT', visitDate: '2022-03-22', scope: 'Cải cách thể chế' },
    { agency: 'SGTVT', visitDate: '2022-03-22', scope: 'Công tác chỉ đạo, điều hành CCHC' },
  ],
});

/** temporal.api.enums.v1.EventType: WORKFLOW_TASK_SCHEDULED, _STARTED, _COMPLETED. */
const WORKFLOW_TASK_EVENTS = [5, 6, 7];

type InspectionActivities = Pick<
  Activities,
  | 'notify'
  | 'recordAuditEvent'
  | 'recordInspectionPlan'
  | 'syncInspection'
  | 'recordInspectionEscalation'
  | 'resolveInspectionEscalations'
  | 'completeInspectionPlan'
>;

/** A time-skipping environment whose clock starts at `start` (Vietnam time), with our search attributes. */
const pinnedEnv = (start: string): Promise<TestWorkflowEnvironment> => createPinnedTimeSkippingEnv(vn(start));

/** Moves the test server's clock to a Vietnam wall-clock time, running every timer on the way. */
async function advanceTo(env: TestWorkflowEnvironment, local: string): Promise<void> {
  const now = await env.currentTimeMs();
  expect(now).toBeLessThanOrEqual(vn(local));
  await env.sleep(vn(local) - now);
}

let bundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: quietLogger,
  });
});

describe('an inspection plan through every branch (2022, time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  const sent: Sent[] = [];
  const snapshots = new Map<string, InspectionStatus>();
  const escalations: (InspectionEscalationRecord & { resolvedAt?: string })[] = [];
  const plans: InspectionPlanRecord[] = [];
  const completed: string[] = [];
  const audit: string[] = [];

  const activities: InspectionActivities = {
    async notify(input: NotifyInput): Promise<NotifyResult> {
      const { scheduledTimestampMs, activityId } = Context.current().info;
      sent.push({
        order: scheduledTimestampMs * 1000 + Number(activityId),
        at: stamp(scheduledTimestampMs),
        agency: input.agencyCode,
        purpose: input.purpose,
        step: input.step,
        roles: input.roles,
        channels: input.channels,
        data: input.data,
      });
      return {
        sent: input.roles.length,
        alreadySent: 0,
        deferred: [],
        failed: [],
        skipped: 0,
        noRecipients: false,
      };
    },
    async recordAuditEvent(e) {
      audit.push(`${e.agencyCode} ${e.kind}`);
      return audit.length;
    },
    async recordInspectionPlan(p) {
      plans.push(p);
    },
    async syncInspection(s) {
      snapshots.set(s.agencyCode, s);
    },
    async recordInspectionEscalation(e) {
      if (!escalations.some((x) => x.key === e.key)) escalations.push({ ...e });
    },
    async resolveInspectionEscalations({ keyPrefix, resolvedAt }) {
      const open = escalations.filter((e) => e.key.startsWith(keyPrefix) && !e.resolvedAt);
      for (const e of open) e.resolvedAt = resolvedAt;
      return open.length;
    },
    async completeInspectionPlan({ workflowId, status }) {
      completed.push(`${workflowId} ${status}`);
    },
  };

  beforeAll(async () => {
    env = await pinnedEnv('2022-03-01 08:00');
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const advance = (local: string) => advanceTo(env, local);
  // In the order the workflow scheduled them (sends run side by side, so they may finish in any order).
  const sentTo = (agency: string) =>
    sent
      .filter((s) => s.agency === agency)
      .sort((a, b) => a.order - b.order)
      .map((s) => `${s.at} ${s.purpose} ${s.step} [${s.roles.join(',')}] [${s.channels.join(',')}]`);
  const rejection = async (promise: Promise<unknown>): Promise<string> => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return ((err as WorkflowUpdateFailedError).cause as Error).message;
  };

  it('sends every message on its hand-worked date and follows each agency to its end', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'inspection-2022',
      workflowBundle: bundle,
      activities,
    });
    await worker.runUntil(async () => {
      await advance(PLAN_START);
      const planHandle = await env.client.workflow.start(inspectionPlan, {
        workflowId: `inspection-plan-${YEAR}-${CODE}`,
        taskQueue: 'inspection-2022',
        args: [plan],
      });
      const h = (agency: string): WorkflowHandle => env.client.workflow.getHandle(wf(agency));

      await advance('2022-03-04 10:00');
      const stpReceipt = await h('STP').executeUpdate(submitSelfReportUpdate, {
        args: [{ documentNumber: '15/BC-STP', signedDate: '2022-03-03' }],
      });
      expect(stamp(Date.parse(stpReceipt.receivedAt))).toBe('2022-03-04 10:00');
      expect(stpReceipt).toEqual({
        receiptNumber: 'KT-2022-01-STP-TKT1',
        receivedAt: stpReceipt.receivedAt,
        selfReportDueDate: '2022-03-07',
        onTime: true,
        workingDaysLate: 0,
        version: 1,
      });

      await advance('2022-03-10 10:00');
      await h('SGTVT').executeUpdate(cancelUpdate, { args: [{ reason: 'Đơn vị đang sáp nhập' }] });
      // Before the visit the result is refused by the validator: nothing of it enters the history.
      // (This server records the workflow task that ran the validator; the dev server does not: the
      // end-to-end test checks that the history length stays the same there.)
      const before = (await h('STC').fetchHistory()).events!.length;
      expect(
        await rejection(h('STC').executeUpdate(recordVisitResultUpdate, { args: [{ findings: [] }] })),
      ).toBe('chưa đến ngày kiểm tra (22/3/2022): chỉ ghi nhận kết quả sau buổi kiểm tra');
      const added = (await h('STC').fetchHistory()).events!.slice(before).map((e) => Number(e.eventType));
      expect(added.every((t) => WORKFLOW_TASK_EVENTS.includes(t))).toBe(true);

      await advance('2022-03-10 16:00');
      expect(
        await h('STP').executeUpdate(recordVisitResultUpdate, {
          args: [{ findings: [], conclusionRef: '45/TB-SNV' }],
        }),
      ).toEqual({ visitedOn: '2022-03-10', findings: [], concluding: true });

      await advance('2022-03-15 14:00');
      expect(
        await rejection(
          h('SKHDT').executeUpdate(rescheduleUpdate, {
            args: [{ visitDate: '2022-04-11', reason: 'Trùng lịch họp' }],
          }),
        ),
      ).toBe(
        'visitDate: 11/4/2022 là ngày nghỉ Giỗ Tổ Hùng Vương (nghỉ bù): ngày kiểm tra phải là ngày làm việc',
      );
      expect(
        await h('SKHDT').executeUpdate(rescheduleUpdate, {
          args: [{ visitDate: '2022-04-05', reason: 'Trùng lịch họp UBND tỉnh' }],
        }),
      ).toEqual({
        previousVisitDate: '2022-03-22',
        visitDate: '2022-04-05',
        noticeDate: '2022-03-22',
        selfReportDueDate: '2022-03-31',
        revisedNotice: true,
      });

      await advance('2022-03-16 14:00');
      await h('STC').executeUpdate(submitSelfReportUpdate, { args: [{ documentNumber: '20/BC-STC' }] });
      await advance('2022-03-17 09:00');
      await h('SYT').executeUpdate(submitSelfReportUpdate, { args: [{ documentNumber: '31/BC-SYT' }] });

      await advance('2022-03-21 10:00');
      const sxd = await h('SXD').query(inspectionStatusQuery);
      expect(sxd).toMatchObject({
        state: 'SELF_REPORT_OVERDUE',
        selfReportEscalationLevel: 2,
        escalationLevel: 2,
      });
      expect(snapshots.get('SXD')).toMatchObject({ state: 'SELF_REPORT_OVERDUE', escalationLevel: 2 });
      await advance('2022-03-21 11:00');
      expect(
        await h('SXD').executeUpdate(submitSelfReportUpdate, { args: [{ documentNumber: '08/BC-SXD' }] }),
      ).toMatchObject({ receiptNumber: 'KT-2022-01-SXD-TKT1', onTime: false, workingDaysLate: 2 });

      await advance('2022-03-22 17:00');
      expect(
        await h('STC').executeUpdate(recordVisitResultUpdate, {
          args: [
            {
              findings: [
                { description: 'Chưa niêm yết đầy đủ thủ tục hành chính' },
                { description: 'Chưa số hóa hồ sơ tiếp nhận' },
              ],
            },
          ],
        }),
      ).toEqual({
        visitedOn: '2022-03-22',
        findings: [
          { code: 'F1', description: 'Chưa niêm yết đầy đủ thủ tục hành chính', dueDate: '2022-05-06' },
          { code: 'F2', description: 'Chưa số hóa hồ sơ tiếp nhận', dueDate: '2022-05-06' },
        ],
        concluding: false,
      });
      await advance('2022-03-23 09:00');
      await h('SYT').executeUpdate(recordVisitResultUpdate, {
        args: [
          {
            findings: [
              { code: 'f1', description: 'Chưa ban hành kế hoạch CCHC', remediationDueDate: '2022-04-08' },
            ],
          },
        ],
      });
      await advance('2022-03-28 10:00');
      await h('SXD').executeUpdate(recordVisitResultUpdate, { args: [{ findings: [] }] });
      await advance('2022-03-30 15:00');
      await h('SKHDT').executeUpdate(submitSelfReportUpdate, { args: [{ documentNumber: '12/BC-SKHDT' }] });
      await advance('2022-04-05 15:00');
      await h('SKHDT').executeUpdate(recordVisitResultUpdate, { args: [{ findings: [] }] });

      await advance('2022-04-19 10:00');
      expect((await h('SYT').query(inspectionStatusQuery)).findings).toMatchObject([
        { code: 'F1', state: 'OVERDUE', escalationLevel: 2 },
      ]);
      expect(
        await rejection(
          h('SYT').executeUpdate(submitRemediationUpdate, {
            args: [{ findingCode: 'F9', documentNumber: '1/BC' }],
          }),
        ),
      ).toBe('findingCode: không có tồn tại mã F9 (các mã: F1)');
      await advance('2022-04-20 10:00');
      expect(
        await h('SYT').executeUpdate(submitRemediationUpdate, {
          args: [{ findingCode: 'F1', documentNumber: '40/BC-SYT' }],
        }),
      ).toMatchObject({
        receiptNumber: 'KT-2022-01-SYT-F1-KP',
        dueDate: '2022-04-08',
        onTime: false,
        workingDaysLate: 7,
        remaining: 0,
      });

      await advance('2022-04-26 10:00');
      await h('STC').executeUpdate(submitRemediationUpdate, {
        args: [{ findingCode: 'F1', documentNumber: '41/BC-STC' }],
      });
      await advance('2022-04-29 10:00');
      expect(
        await h('STC').executeUpdate(submitRemediationUpdate, {
          args: [{ findingCode: 'F2', documentNumber: '42/BC-STC' }],
        }),
      ).toMatchObject({ onTime: true, workingDaysLate: 0, remaining: 0 });

      const result = await planHandle.result();
      expect(result.status).toBe('COMPLETED');
      expect(result.inspections.map((i) => `${i.agencyCode} ${i.outcome}`)).toEqual([
        'STP CONCLUDED',
        'STC CONCLUDED',
        'SYT CONCLUDED',
        'SXD CONCLUDED',
        'SKHDT CONCLUDED',
        'SGTVT CANCELLED',
      ]);
      expect(await planHandle.query(planStatusQuery)).toEqual(result);
      // The plan ends with its last inspection: STC's conclusion.
      expect(stamp((await planHandle.describe()).closeTime!.getTime())).toBe('2022-04-29 10:00');
    });

    const visit22 = (agency: string) => [
      `2022-03-08 08:00 INSPECTION_NOTICE notice-2022-03-22 [${AGENCY}] [${BOTH}]`,
      `2022-03-15 08:00 SELF_REPORT_REMINDER sr-reminder-2wd-2022-03-22 [focal_point] [${EMAIL}]`,
      ...(agency === 'SKHDT'
        ? []
        : [`2022-03-16 08:00 SELF_REPORT_REMINDER sr-reminder-1wd-2022-03-22 [focal_point] [${BOTH}]`]),
    ];
    const visitReminders = (day: string, visit: string) => [
      `${day} 08:00 VISIT_REMINDER visit-reminder-${visit} [${AGENCY}] [${BOTH}]`,
      `${day} 08:00 VISIT_REMINDER visit-reminder-team-${visit} [${TEAM}] [${EMAIL}]`,
    ];
    const conclusion = (at: string) => `${at} INSPECTION_CONCLUSION conclusion [${AGENCY}] [${EMAIL}]`;

    expect(sentTo('STP')).toEqual([
      `2022-03-01 09:00 INSPECTION_NOTICE notice-2022-03-10 [${AGENCY}] [${BOTH}]`,
      `2022-03-03 08:00 SELF_REPORT_REMINDER sr-reminder-2wd-2022-03-10 [focal_point] [${EMAIL}]`,
      `2022-03-04 08:00 SELF_REPORT_REMINDER sr-reminder-1wd-2022-03-10 [focal_point] [${BOTH}]`,
      ...visitReminders('2022-03-09', '2022-03-10'),
      conclusion('2022-03-10 16:00'),
    ]);
    expect(sentTo('STC')).toEqual([
      ...visit22('STC'),
      ...visitReminders('2022-03-21', '2022-03-22'),
      `2022-04-27 08:00 REMEDIATION_REMINDER rem-reminder-5wd-2022-05-06 [focal_point] [${EMAIL}]`,
      conclusion('2022-04-29 10:00'),
    ]);
    expect(sentTo('SYT')).toEqual([
      ...visit22('SYT'),
      ...visitReminders('2022-03-21', '2022-03-22'),
      `2022-04-01 08:00 REMEDIATION_REMINDER rem-reminder-5wd-2022-04-08 [focal_point] [${EMAIL}]`,
      `2022-04-07 08:00 REMEDIATION_REMINDER rem-reminder-1wd-2022-04-08 [focal_point] [${BOTH}]`,
      `2022-04-12 08:00 REMEDIATION_OVERDUE rem-overdue-2022-04-08 [${AGENCY}] [${BOTH}]`,
      `2022-04-12 08:00 REMEDIATION_OVERDUE rem-esc-1-2022-04-08 [snv_desk] [${EMAIL}]`,
      `2022-04-18 08:00 REMEDIATION_OVERDUE rem-esc-2-2022-04-08 [snv_director] [${EMAIL}]`,
      conclusion('2022-04-20 10:00'),
    ]);
    expect(sentTo('SXD')).toEqual([
      ...visit22('SXD'),
      `2022-03-18 08:00 SELF_REPORT_OVERDUE sr-overdue-2022-03-22 [${AGENCY}] [${BOTH}]`,
      `2022-03-18 08:00 SELF_REPORT_OVERDUE sr-esc-1-2022-03-22 [snv_desk] [${EMAIL}]`,
      `2022-03-21 08:00 SELF_REPORT_OVERDUE sr-esc-2-2022-03-22 [snv_director] [${EMAIL}]`,
      ...visitReminders('2022-03-21', '2022-03-22'),
      `2022-03-25 08:00 VISIT_RESULT_REMINDER result-reminder-2022-03-22 [snv_desk] [${EMAIL}]`,
      conclusion('2022-03-28 10:00'),
    ]);
    expect(sentTo('SKHDT')).toEqual([
      ...visit22('SKHDT'),
      `2022-03-15 14:00 INSPECTION_NOTICE notice-r1-2022-04-05 [${AGENCY}] [${BOTH}]`,
      `2022-03-29 08:00 SELF_REPORT_REMINDER sr-reminder-2wd-2022-04-05 [focal_point] [${EMAIL}]`,
      `2022-03-30 08:00 SELF_REPORT_REMINDER sr-reminder-1wd-2022-04-05 [focal_point] [${BOTH}]`,
      ...visitReminders('2022-04-04', '2022-04-05'),
      conclusion('2022-04-05 15:00'),
    ]);
    expect(sentTo('SGTVT')).toEqual([
      `2022-03-08 08:00 INSPECTION_NOTICE notice-2022-03-22 [${AGENCY}] [${BOTH}]`,
      `2022-03-10 10:00 INSPECTION_CANCELLED cancelled [${AGENCY}] [${BOTH}]`,
    ]);

    // What the messages say: the dates and numbers in their payloads.
    const data = (agency: string, step: string) =>
      sent.find((s) => s.agency === agency && s.step === step)?.data;
    expect(data('STP', 'notice-2022-03-10')).toEqual({
      year: 2022,
      visitDate: '2022-03-10',
      decisionRef: '123/QĐ-UBND ngày 10/01/2022',
      scope: 'Cải cách thủ tục hành chính',
      selfReportDueDate: '2022-03-07',
    });
    expect(data('STP', 'conclusion')).toEqual({
      year: 2022,
      visitDate: '2022-03-10',
      concludedDate: '2022-03-10',
      conclusionRef: '45/TB-SNV',
      findingsTotal: 0,
      findingsRemediated: 0,
    });
    expect(data('STC', 'sr-reminder-1wd-2022-03-22')).toEqual({
      year: 2022,
      visitDate: '2022-03-22',
      selfReportDueDate: '2022-03-17',
      workingDaysLeft: 1,
    });
    expect(data('STC', 'rem-reminder-5wd-2022-05-06')).toEqual({
      year: 2022,
      visitDate: '2022-03-22',
      findings: [{ code: 'F2', description: 'Chưa số hóa hồ sơ tiếp nhận', dueDate: '2022-05-06' }],
    });
    expect(data('STC', 'conclusion')).toMatchObject({
      concludedDate: '2022-04-29',
      findingsTotal: 2,
      findingsRemediated: 2,
    });
    expect(data('SYT', 'rem-esc-2-2022-04-08')).toEqual({
      year: 2022,
      visitDate: '2022-03-22',
      findings: [
        { code: 'F1', description: 'Chưa ban hành kế hoạch CCHC', dueDate: '2022-04-08', workingDaysLate: 5 },
      ],
      escalationLevel: 2,
    });
    expect(data('SYT', 'rem-overdue-2022-04-08')).toMatchObject({ findings: [{ workingDaysLate: 1 }] });
    expect(data('SXD', 'sr-overdue-2022-03-22')).toEqual({
      year: 2022,
      visitDate: '2022-03-22',
      selfReportDueDate: '2022-03-17',
      workingDaysLate: 1,
    });
    expect(data('SXD', 'sr-esc-2-2022-03-22')).toMatchObject({ workingDaysLate: 2, escalationLevel: 2 });
    expect(data('SKHDT', 'notice-r1-2022-04-05')).toEqual({
      year: 2022,
      visitDate: '2022-04-05',
      decisionRef: '123/QĐ-UBND ngày 10/01/2022',
      scope: 'Cải cách thể chế',
      selfReportDueDate: '2022-03-31',
      previousVisitDate: '2022-03-22',
      reason: 'Trùng lịch họp UBND tỉnh',
    });
    expect(data('SGTVT', 'cancelled')).toEqual({
      year: 2022,
      visitDate: '2022-03-22',
      reason: 'Đơn vị đang sáp nhập',
    });

    // The database mirror: the plan, each inspection's last state, the escalations and when they closed.
    expect(plans).toHaveLength(1);
    expect(
      plans[0]!.inspections.map(
        (i) => `${i.agencyCode} ${i.visitDate} ${stamp(Date.parse(i.selfReportDueAt))}`,
      ),
    ).toEqual([
      'STP 2022-03-10 2022-03-07 23:59',
      'STC 2022-03-22 2022-03-17 23:59',
      'SYT 2022-03-22 2022-03-17 23:59',
      'SXD 2022-03-22 2022-03-17 23:59',
      'SKHDT 2022-03-22 2022-03-17 23:59',
      'SGTVT 2022-03-22 2022-03-17 23:59',
    ]);
    expect(completed).toEqual([`inspection-plan-${YEAR}-${CODE} COMPLETED`]);
    expect(snapshots.get('SKHDT')).toMatchObject({
      state: 'CONCLUDED',
      visitDate: '2022-04-05',
      reschedules: [{ from: '2022-03-22', to: '2022-04-05', reason: 'Trùng lịch họp UBND tỉnh' }],
    });
    expect(snapshots.get('SGTVT')).toMatchObject({
      state: 'CANCELLED',
      cancelReason: 'Đơn vị đang sáp nhập',
    });
    expect(snapshots.get('STC')!.findings.map((f) => `${f.code} ${f.state} ${f.documentNumber}`)).toEqual([
      'F1 REMEDIATED 41/BC-STC',
      'F2 REMEDIATED 42/BC-STC',
    ]);
    expect(snapshots.get('SYT')!.findings).toMatchObject([
      { code: 'F1', state: 'REMEDIATED', escalationLevel: 2 },
    ]);
    expect(
      escalations.map(
        (e) =>
          `${e.key} ${e.toRole} ${stamp(Date.parse(e.escalatedAt))} → ${stamp(Date.parse(e.resolvedAt!))}`,
      ),
    ).toEqual([
      `${wf('SXD')}:SELF_REPORT_OVERDUE:2022-03-17:1 snv_desk 2022-03-18 08:00 → 2022-03-21 11:00`,
      `${wf('SXD')}:SELF_REPORT_OVERDUE:2022-03-17:2 snv_director 2022-03-21 08:00 → 2022-03-21 11:00`,
      `${wf('SYT')}:REMEDIATION_OVERDUE:F1:1 snv_desk 2022-04-12 08:00 → 2022-04-20 10:00`,
      `${wf('SYT')}:REMEDIATION_OVERDUE:F1:2 snv_director 2022-04-18 08:00 → 2022-04-20 10:00`,
    ]);
    for (const agency of ['STP', 'STC', 'SYT', 'SXD', 'SKHDT'])
      expect(snapshots.get(agency)).toMatchObject({ state: 'CONCLUDED', escalationLevel: 0 });
    expect(sent.filter((s) => s.purpose === 'INSPECTION_NOTICE')).toHaveLength(7);
  });
});

// SMS outside the allowed hours: notify stores it and says when it may go; the workflow calls again
// then with the same step (the outbox sends only what is still owed). Once an inspection is
// cancelled, only its cancellation is still worth the wait.
describe('SMS held back by quiet hours (2022, time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await pinnedEnv('2022-03-01 08:00');
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('sends again when the gateway allows, and drops reminders of a cancelled inspection', async () => {
    const calls: string[] = [];
    /** First call of these steps: the SMS must wait until the given time. */
    const quiet: Record<string, string> = {
      'STP notice-2022-03-22': '2022-03-08 09:30',
      'STC notice-2022-03-22': '2022-03-08 09:30',
      'STC cancelled': '2022-03-08 10:00',
    };
    const activities: InspectionActivities = {
      async notify(input) {
        const at = Context.current().info.scheduledTimestampMs;
        // A call useful only until before it was scheduled is a withdrawal: it records skips, sends nothing.
        const withdrawn = input.usefulUntil !== undefined && input.usefulUntil < at;
        calls.push(`${stamp(at)} ${input.agencyCode} ${input.step}${withdrawn ? ' (withdrawn)' : ''}`);
        const until = quiet[`${input.agencyCode} ${input.step}`];
        delete quiet[`${input.agencyCode} ${input.step}`];
        return {
          sent: until ? 1 : 0,
          alreadySent: until ? 0 : 1,
          deferred: until ? [{ channel: 'sms', contactId: 7, until: new Date(vn(until)).toISOString() }] : [],
          failed: [],
          skipped: 0,
          noRecipients: false,
        };
      },
      recordAuditEvent: async () => 0,
      recordInspectionPlan: async () => undefined,
      syncInspection: async () => undefined,
      recordInspectionEscalation: async () => undefined,
      resolveInspectionEscalations: async () => 0,
      completeInspectionPlan: async () => undefined,
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'inspection-quiet',
      workflowBundle: bundle,
      activities,
    });
    const quietPlan = planFileSchema.parse({
      ...plan,
      code: 'KT-2022-02',
      inspections: plan.inspections
        .filter((i) => i.agency === 'STP' || i.agency === 'STC')
        .map((i) => ({ ...i, visitDate: '2022-03-22' })),
    });
    const result = await worker.runUntil(async () => {
      await advanceTo(env, PLAN_START);
      const handle = await env.client.workflow.start(inspectionPlan, {
        workflowId: 'inspection-plan-2022-KT-2022-02',
        taskQueue: 'inspection-quiet',
        args: [quietPlan],
      });
      const h = (agency: string) => env.client.workflow.getHandle(`inspection-2022-KT-2022-02-${agency}`);
      await advanceTo(env, '2022-03-08 09:00');
      await h('STC').executeUpdate(cancelUpdate, { args: [{ reason: 'Đơn vị đang sáp nhập' }] });
      await advanceTo(env, '2022-03-08 12:00');
      await h('STP').executeUpdate(cancelUpdate, { args: [{ reason: 'Hoãn kiểm tra' }] });
      return handle.result();
    });
    // Notices at 8/3 08:00 (10 working days before Tue 22/3); the two workflows run side by side.
    // STC's cancellation at 09:00 withdraws its notice's SMS still waiting for 09:30.
    expect(calls.sort()).toEqual([
      '2022-03-08 08:00 STC notice-2022-03-22',
      '2022-03-08 08:00 STP notice-2022-03-22',
      '2022-03-08 09:00 STC cancelled',
      '2022-03-08 09:00 STC notice-2022-03-22 (withdrawn)',
      '2022-03-08 09:30 STP notice-2022-03-22',
      '2022-03-08 10:00 STC cancelled',
      '2022-03-08 12:00 STP cancelled',
    ]);
    expect(result.status).toBe('CANCELLED');
  });
});

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};
