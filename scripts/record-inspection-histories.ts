import fs from 'node:fs';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities } from '../activities';
import type { NotifyInput, NotifyResult } from '../activities/notify-contract';
import { desiredSchedules } from '../client/services/schedule-specs';
import { loadRegime } from '../config/regimes';
import { createWorkingCalendar } from '../domain/calendar';
import { planFileSchema } from '../domain/inspection-plan';
import { createPinnedTimeSkippingEnv } from '../test/support/pinned-clock';
import { createReportingWorld } from '../test/support/reporting-world';
import { bundleWorkflows } from '../test/support/time-skipping';
import { inspectionPlan, openCycle } from '../workflows';
import { inspectionWorkflowId, planWorkflowId } from '../workflows/inspection/ids';
import {
  recordVisitResultUpdate,
  submitRemediationUpdate,
  submitSelfReportUpdate,
} from '../workflows/inspection/messages';
import { openCycleWorkflowId } from '../workflows/reporting/ids';
import { projectRoot, resolveTestServer } from './lib/tools';

// Records the histories of the workflows that scripts/record-replay-histories.ts does not: the
// schedule's launcher that opens a cycle (openCycle), and a 2027 inspection plan with its three
// inspections, each run to its end; replayed by test/workflow/replay.test.ts. On the Java
// time-skipping server with its clock pinned (test/support/pinned-clock.ts), so a re-run records
// the same commands whatever the day it runs; fake activities as in
// test/workflow/inspection-plan.test.ts (every message sent at once, the database mirror ignored).
// Same format as the other script: `JSON.stringify(history)` (protobufjs's toJSON), read back with
// `temporal.api.history.v1.History.fromObject`. Writes only its own files in test/replay/.
// Run again after a deliberate, versioned change of these workflows' commands:
//   node --require tsx/cjs scripts/record-inspection-histories.ts
//
// 1. open-cycle-CCHC-2027-Q1: the launcher the Q1 2027 schedule starts at the period's opening
//    (Mon 1/3/2027 08:00), with the schedule's own input (desiredSchedules). It starts the cycle
//    and completes; the cycle it started is not recorded (its own histories are the other script's).
// 2. inspection-plan-2027-KT-2027-01 from Mon 6/9/2027 09:00, default policy (notice 10 working
//    days before the visit, self-report due 3 before, reminders 2 and 1 before that, visit reminder
//    1 before, result reminder 3 after, remediation 30 working days, its reminders 5 and 1 before,
//    overdue notice and level 1 one working day after a due date, level 2 two (self-report) or
//    five (remediation) after; all at 08:00). The plan completes with its last inspection.
//    - STP, visit Thu 14/10: notice Thu 30/9; self-report due Mon 11/10, reminders Thu 7/10 and
//      Fri 8/10; report Fri 8/10 10:00 (on time); visit reminders Wed 13/10; result without
//      findings Thu 14/10 16:00 → conclusion.
//    - SXD, visit Tue 26/10: notice Tue 12/10; self-report due Thu 21/10, reminders Tue 19/10 and
//      Wed 20/10; none by then → overdue notice and level 1 Fri 22/10, level 2 Mon 25/10 (with the
//      visit reminders); report Mon 25/10 11:00 (late by 2 working days; escalations resolved);
//      the result is not recorded by Fri 29/10 → the team lead is reminded; result Mon 1/11 with
//      F1 due Fri 19/11; its reminders Fri 12/11 and Thu 18/11; remediated Wed 17/11 → conclusion.
//    - STC, visit Wed 1/12: notice Wed 17/11; self-report due Fri 26/11, reminders Wed 24/11 and
//      Thu 25/11; report Thu 25/11 14:00 (on time); visit reminders Tue 30/11; result Thu 2/12
//      with F1 due Fri 17/12 and F2 due by default 30 working days after the visit, Thu 13/1/2028
//      (into next year, on its proposed calendar); F1 remediated Wed 15/12 (on time); F2's reminders
//      Thu 6/1/2028 and Wed 12/1; overdue notice and level 1 Fri 14/1, level 2 Thu 20/1 (14, 17,
//      18, 19, 20); remediated Fri 21/1/2028 10:00, late by 6 working days → conclusion, and the
//      plan completes.

const TASK_QUEUE = 'record-replay';
const OUT_DIR = path.join(projectRoot, 'test', 'replay');
const YEAR = 2027;
const CODE = 'KT-2027-01';

/** Epoch ms of a Vietnam wall-clock time `YYYY-MM-DD HH:MM`. */
const vn = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+07:00`);
/** `YYYY-MM-DD HH:MM` in Vietnam. */
const stamp = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

const NAMES: Record<string, string> = {
  SNV: 'Sở Nội vụ',
  STP: 'Sở Tư pháp',
  SXD: 'Sở Xây dựng',
  STC: 'Sở Tài chính',
};

const plan = planFileSchema.parse({
  year: YEAR,
  code: CODE,
  decisionRef: 'Quyết định số 45/QĐ-UBND ngày 15/01/2027',
  team: { lead: { agency: 'SNV', role: 'snv_desk' }, members: [{ agency: 'SNV', role: 'snv_director' }] },
  inspections: [
    { agency: 'STP', visitDate: '2027-10-14', scope: 'Cải cách thủ tục hành chính' },
    { agency: 'SXD', visitDate: '2027-10-26', scope: 'Xây dựng chính quyền số' },
    { agency: 'STC', visitDate: '2027-12-01', scope: 'Cải cách tài chính công' },
  ],
});

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

/** The inspection workflows' activities: every message goes at once, the mirror is not kept. */
function inspectionActivities(sent: string[]): InspectionActivities {
  return {
    async notify(input: NotifyInput): Promise<NotifyResult> {
      const at = Context.current().info.scheduledTimestampMs;
      sent.push(`${stamp(at)} ${input.agencyCode} ${input.purpose} ${input.step} [${input.roles.join(',')}]`);
      return {
        sent: input.roles.length,
        alreadySent: 0,
        deferred: [],
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
}

/** Runs `fn` on a fresh time-skipping server whose clock starts at `start` (Vietnam time). */
async function onPinnedServer<T>(
  start: string,
  fn: (env: TestWorkflowEnvironment) => Promise<T>,
): Promise<T> {
  const env = await createPinnedTimeSkippingEnv(vn(start));
  try {
    return await fn(env);
  } finally {
    await env.teardown();
  }
}

const advanceTo = async (env: TestWorkflowEnvironment, local: string) => {
  const now = await env.currentTimeMs();
  if (vn(local) < now) throw new Error(`already past ${local} (${stamp(now)})`);
  await env.sleep(vn(local) - now);
};

/** The Q1 2027 launcher, started as its schedule would; its history once it has completed. */
async function recordOpenCycle(workflowBundle: WorkflowBundleWithSourceMap): Promise<[string, History][]> {
  const regime = loadRegime('CCHC');
  const schedule = desiredSchedules(YEAR, regime, createWorkingCalendar(), TASK_QUEUE).find(
    (s) => s.period === 'Q1',
  )!;
  const { action } = schedule.options;
  if (action.type !== 'startWorkflow' || !action.args) throw new Error('unexpected schedule action');
  const [input] = action.args;
  const workflowId = openCycleWorkflowId(input.ref);
  return onPinnedServer(stamp(schedule.opensAt - 60_000), async (env) => {
    // The cycle the launcher starts runs on the same queue: on the in-memory world, until the end of this server.
    const world = createReportingWorld({ units: () => ['ONE'], client: () => env.client });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle,
      activities: world.activities,
    });
    return worker.runUntil(async () => {
      await advanceTo(env, stamp(schedule.opensAt));
      const launcher = await env.client.workflow.start(openCycle, {
        taskQueue: TASK_QUEUE,
        workflowId,
        args: [input],
      });
      const result = await launcher.result();
      if (result.outcome !== 'started') throw new Error(`launcher: ${JSON.stringify(result)}`);
      console.log(`${workflowId}: ${result.outcome} ${result.cycleWorkflowId}`);
      return [[workflowId, await launcher.fetchHistory()]];
    });
  });
}

/** The 2027 plan and its inspections, driven through their paths to the plan's end. */
async function recordInspections(workflowBundle: WorkflowBundleWithSourceMap): Promise<[string, History][]> {
  return onPinnedServer('2027-09-06 08:00', async (env) => {
    const sent: string[] = [];
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle,
      activities: inspectionActivities(sent),
    });
    const advance = (local: string) => advanceTo(env, local);
    const h = (agency: string) => env.client.workflow.getHandle(inspectionWorkflowId(YEAR, CODE, agency));
    const selfReport = (agency: string, documentNumber: string, signedDate: string) =>
      h(agency).executeUpdate(submitSelfReportUpdate, { args: [{ documentNumber, signedDate }] });
    const remediation = (agency: string, findingCode: string, documentNumber: string) =>
      h(agency).executeUpdate(submitRemediationUpdate, { args: [{ findingCode, documentNumber }] });

    const result = await worker.runUntil(async () => {
      await advance('2027-09-06 09:00');
      const planHandle = await env.client.workflow.start(inspectionPlan, {
        workflowId: planWorkflowId(YEAR, CODE),
        taskQueue: TASK_QUEUE,
        args: [plan, { names: NAMES }],
      });

      await advance('2027-10-08 10:00');
      await selfReport('STP', '21/BC-STP', '2027-10-07');
      await advance('2027-10-14 16:00');
      await h('STP').executeUpdate(recordVisitResultUpdate, {
        args: [{ findings: [], conclusionRef: '112/TB-SNV' }],
      });

      await advance('2027-10-25 11:00');
      await selfReport('SXD', '30/BC-SXD', '2027-10-25');
      await advance('2027-11-01 10:00');
      await h('SXD').executeUpdate(recordVisitResultUpdate, {
        args: [
          {
            findings: [
              {
                description: 'Chưa cập nhật cơ sở dữ liệu thủ tục hành chính',
                remediationDueDate: '2027-11-19',
              },
            ],
          },
        ],
      });
      await advance('2027-11-17 10:00');
      await remediation('SXD', 'F1', '41/BC-SXD');

      await advance('2027-11-25 14:00');
      await selfReport('STC', '52/BC-STC', '2027-11-24');
      await advance('2027-12-02 09:00');
      await h('STC').executeUpdate(recordVisitResultUpdate, {
        args: [
          {
            findings: [
              { description: 'Chưa công khai dự toán ngân sách', remediationDueDate: '2027-12-17' },
              { description: 'Chưa số hóa hồ sơ tiếp nhận' },
            ],
          },
        ],
      });
      await advance('2027-12-15 10:00');
      await remediation('STC', 'F1', '60/BC-STC');
      await advance('2028-01-21 10:00');
      const late = await remediation('STC', 'F2', '3/BC-STC');
      if (late.onTime || late.workingDaysLate !== 6 || late.remaining !== 0)
        throw new Error(`STC F2: ${JSON.stringify(late)}`);
      return planHandle.result();
    });

    console.log(sent.sort().join('\n'));
    const outcomes = result.inspections.map((i) => `${i.agencyCode} ${i.outcome}`).join(', ');
    console.log(`${result.workflowId}: ${result.status} (${outcomes})`);
    if (result.status !== 'COMPLETED' || result.inspections.some((i) => i.outcome !== 'CONCLUDED'))
      throw new Error('the plan did not end with every inspection concluded');
    const ids = [result.workflowId, ...result.inspections.map((i) => i.workflowId)];
    const histories: [string, History][] = [];
    for (const id of ids) histories.push([id, await env.client.workflow.getHandle(id).fetchHistory()]);
    return histories;
  });
}

async function main(): Promise<void> {
  const server = resolveTestServer();
  if (server) process.env.TEMPORAL_TEST_SERVER_PATH = server;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const workflowBundle = await bundleWorkflows();
  const histories = [
    ...(await recordOpenCycle(workflowBundle)),
    ...(await recordInspections(workflowBundle)),
  ];

  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const [workflowId, history] of histories) {
    const file = path.join(OUT_DIR, `${workflowId}.json`);
    fs.writeFileSync(file, `${JSON.stringify(history, null, 2)}\n`);
    console.log(`${path.relative(projectRoot, file)}: ${history.events?.length ?? 0} events`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
