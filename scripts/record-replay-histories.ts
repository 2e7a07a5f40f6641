import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { loadRegime } from '../config/regimes';
import { createReportingWorld } from '../test/support/reporting-world';
import { bundleWorkflows, createTimeSkippingEnv } from '../test/support/time-skipping';
import { reportingCycle } from '../workflows';
import type { CycleRef } from '../domain/reporting/identity';
import {
  cycleStatusQuery,
  exemptUpdate,
  extendDeadlineUpdate,
  remindAllSignal,
  remindNowUpdate,
  submitReportUpdate,
} from '../workflows/reporting/messages';
import { cycleWorkflowId, reportWorkflowId } from '../workflows/reporting/ids';
import { projectRoot, resolveTestServer } from './lib/tools';

// Records the histories replayed by test/workflow/replay.test.ts: one whole Q1 2027 cycle of the
// CCHC regime, from its opening to its final close, on the time-skipping server with the in-memory
// database of the workflow tests; one JSON file per workflow ID in test/replay/.
// Format: `JSON.stringify(history)`, i.e. protobufjs's toJSON (enum names, int64 as strings, bytes
// base64), read back with `temporal.api.history.v1.History.fromObject`. Not historyToJSON /
// historyFromJSON: in this install @temporalio/common and @temporalio/proto each carry their own
// protobufjs 8 (the hoisted one is 7, for @grpc/proto-loader), and protojson then rejects the
// other copy's types ("type must be a Type").
// Run again after a deliberate, versioned change of the workflows' commands:
//   node --require tsx/cjs scripts/record-replay-histories.ts
//
// Q1 2027, default policy: opens Mon 1/3, units due Tue 16/3, overdue notice and level 1 Wed 17/3,
// level 2 Thu 18/3, consolidation Fri 19/3 16:00, follow-ups every 5 working days, the overdue
// notice again every 10 working days, final close Tue 1/2/2028 17:00. The units cover every path:
//   EXEMPT    exempted on the opening day
//   EXTENDED  extended on Fri 12/3 to Wed 17/3, submits on Wed 17/3 (on time)
//   LATE      submits Wed 24/3, after the summary (late by 6 working days)
//   NEVER     never submits: a manual reminder, the cycle's reminder to all, both levels, repeats
//   ONTIME    submits on the due day, then the same document again (a duplicate receipt)

const REF: CycleRef = { regime: 'CCHC', year: 2027, period: 'Q1' };
const UNITS = ['EXEMPT', 'EXTENDED', 'LATE', 'NEVER', 'ONTIME'];
const TASK_QUEUE = 'record-replay';
const OUT_DIR = path.join(projectRoot, 'test', 'replay');

const at = (day: string, time: string) => Date.parse(`${REF.year}-${day}T${time}:00+07:00`);

async function main(): Promise<void> {
  const server = resolveTestServer();
  if (server) process.env.TEMPORAL_TEST_SERVER_PATH = server;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const workflowBundle = await bundleWorkflows();
  const env = await createTimeSkippingEnv();
  const world = createReportingWorld({ units: () => UNITS, client: () => env.client });
  try {
    const sleepUntil = async (instant: number) => {
      const now = await env.currentTimeMs();
      if (instant > now) await env.sleep(instant - now);
    };
    const report = (code: string) => env.client.workflow.getHandle(reportWorkflowId(REF, code));
    const submit = (code: string, signedDate: string) =>
      report(code).executeUpdate(submitReportUpdate, {
        args: [{ documentNumber: `12/BC-${code}`, signedDate, channel: 'document_system' }],
      });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle,
      activities: world.activities,
    });

    const ids = await worker.runUntil(async () => {
      await sleepUntil(at('03-01', '08:00'));
      const cycle = await env.client.workflow.start(reportingCycle, {
        taskQueue: TASK_QUEUE,
        workflowId: cycleWorkflowId(REF),
        args: [{ ref: REF, regime: loadRegime(REF.regime) }],
      });
      const fannedOut = () =>
        cycle.query(cycleStatusQuery).then(
          (s) => s.fanOutDone && s.started === UNITS.length,
          () => false, // still setting up
        );
      while (!(await fannedOut())) await new Promise((r) => setTimeout(r, 50));

      await sleepUntil(at('03-01', '10:00'));
      await report('EXEMPT').executeUpdate(exemptUpdate, {
        args: [{ reason: 'Sáp nhập đơn vị theo quyết định của tỉnh' }],
      });
      await sleepUntil(at('03-12', '10:00'));
      await report('EXTENDED').executeUpdate(extendDeadlineUpdate, {
        args: [
          { newDueDate: '2027-03-17', reason: 'Chờ số liệu của cấp xã', approvedBy: 'Giám đốc Sở Nội vụ' },
        ],
      });
      await report('NEVER').executeUpdate(remindNowUpdate);
      await sleepUntil(at('03-15', '10:00'));
      await cycle.signal(remindAllSignal);
      await sleepUntil(at('03-16', '10:00'));
      await submit('ONTIME', '2027-03-15');
      await submit('ONTIME', '2027-03-15');
      await sleepUntil(at('03-17', '10:00'));
      await submit('EXTENDED', '2027-03-17');
      await sleepUntil(at('03-24', '10:00'));
      await submit('LATE', '2027-03-23');
      await cycle.result();
      // Every report ends at the final close: record complete histories. One at a time: each
      // result() locks and unlocks time skipping, and overlapping calls unbalance it.
      for (const code of UNITS) await report(code).result();
      return {
        firstCycleRun: cycle.firstExecutionRunId,
        reports: UNITS.map((code) => reportWorkflowId(REF, code)),
      };
    });

    fs.mkdirSync(OUT_DIR, { recursive: true });
    // Only this script's files: the launcher's and the inspections' are scripts/record-inspection-histories.ts's.
    for (const file of fs.readdirSync(OUT_DIR)) {
      if (/^(cycle|report)-.*\.json$/.test(file)) fs.rmSync(path.join(OUT_DIR, file));
    }
    const save = (name: string, history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>) => {
      const file = path.join(OUT_DIR, `${name}.json`);
      fs.writeFileSync(file, `${JSON.stringify(history, null, 2)}\n`);
      console.log(`${path.relative(projectRoot, file)}: ${history.events?.length ?? 0} events`);
    };
    // Every run of the cycle (it continues as new after its fan-out), following the chain.
    const cycleId = cycleWorkflowId(REF);
    let runId: string | undefined = ids.firstCycleRun;
    for (let run = 1; runId; run++) {
      const history = await env.client.workflow.getHandle(cycleId, runId).fetchHistory();
      save(`${cycleId}.run${run}`, history);
      const last = history.events?.at(-1);
      runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    for (const workflowId of ids.reports)
      save(workflowId, await env.client.workflow.getHandle(workflowId).fetchHistory());
  } finally {
    await env.teardown();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
