import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { ReportRecord } from '../../activities/reporting';
import { ServiceContext } from '../../client/services/context';
import { drillTimings } from '../../client/services/drills';
import { submitReport } from '../../client/services/reports';
import { loadConfig } from '../../config';
import { loadRegime } from '../../config/regimes';
import { addDays, computeCycleDates, createWorkingCalendar, vnDateOf } from '../../domain/calendar';
import { sliceSnapshot } from '../../domain/calendar/snapshot';
import { regimeForWorkflow } from '../../domain/regime';
import { cycleKey, deadlineOfInstant, drillMilestones, type CycleRef } from '../../domain/reporting';
import { reportStartAttributes } from '../../domain/search-attributes';
import { createActivityDeps } from '../../worker/deps';
import { workflowBundlerOptions, workflowsPath } from '../../worker/worker';
import { cycleWorkflowId, reportWorkflowId } from '../../workflows/reporting/ids';
import { reportStatusQuery } from '../../workflows/reporting/messages';
import type { AgencyReportInput, ReportRules } from '../../workflows/reporting/types';
import { until } from '../support/app-stack';
import { freshDatabase } from '../support/db';

// Issue 9: the database mirror of a report keeps the newest state when the main loop and an update
// write at the same time, and when an older attempt of a write lands late. On the real stack: the
// dev server, the project's workflow bundle, PostgreSQL and the real activities, except that
// recordReportState is wrapped so the test can hold one write in flight and see every call.
//
// The report is a drill's (deadline seconds away), started as its cycle starts it, with the rows
// the cycle's own activities write (openCycleRecord, enrollUnits). The main loop's only mirror
// writes come after the deadline (PENDING → OVERDUE, escalations), so the submission that races
// it is necessarily late: the newest state is SUBMITTED_LATE with the update's receipt.

const AGENCY = 'STP';
const STEP_MS = 5_000;

interface MirrorCall {
  /** The order the workflow issued the write in (the wrapper saw the call). */
  issued: number;
  record: ReportRecord;
  held: boolean;
  /** The order it completed in. */
  completed?: number;
}

describe('report mirror: a concurrent update and the main loop leave the newest state', () => {
  const regime = regimeForWorkflow(loadRegime('CCHC'));
  // A drill number of its own, so the workflow IDs are this run's alone on the dev server.
  const ref: CycleRef = { regime: 'CCHC', year: 2026, period: 'YEAR', drill: 100 + (Date.now() % 900) };
  const key = cycleKey(ref);
  const reportId = reportWorkflowId(ref, AGENCY);

  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let deps: ReturnType<typeof createActivityDeps>;
  let real: ReturnType<typeof createActivities>;
  let nativeConnection: NativeConnection;
  let connection: Connection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  let ctx: ServiceContext;
  const taskQueue = `it-mirror-order-${Date.now()}`;

  const calls: MirrorCall[] = [];
  let completions = 0;
  let releaseHeld: () => void = () => undefined;
  const heldGate = new Promise<void>((resolve) => (releaseHeld = resolve));
  let holding = true;

  beforeAll(async () => {
    database = await freshDatabase();
    await database.db.agency.create({ data: { code: AGENCY, name: 'Sở Tư pháp', kind: 'DEPARTMENT' } });
    const env = {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMS_PROVIDER: 'capture',
    };
    deps = createActivityDeps(loadConfig(env), database.db);
    real = createActivities(deps);
    const activities = {
      ...real,
      // The real write, seen: the first one of the report waits for the test's word.
      async recordReportState(record: ReportRecord): Promise<void> {
        const call: MirrorCall = { issued: calls.length, record, held: false };
        calls.push(call);
        if (holding && record.workflowId === reportId) {
          holding = false;
          call.held = true;
          await heldGate;
        }
        await real.recordReportState(record);
        call.completed = completions++;
      },
    };
    nativeConnection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
    connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
    client = new Client({ connection });
    // As createWorker builds it (the project's workflows bundle), with the wrapped activities.
    worker = await Worker.create({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      workflowsPath,
      bundlerOptions: workflowBundlerOptions,
      activities,
      shutdownGraceTime: '5 seconds',
    });
    running = worker.run();
    ctx = new ServiceContext(env);
  });

  afterAll(async () => {
    releaseHeld();
    await client?.workflow
      .getHandle(reportId)
      .terminate('test over')
      .catch(() => undefined);
    if (worker) {
      worker.shutdown();
      await running;
    }
    deps?.close();
    await ctx?.close();
    await connection?.close();
    await nativeConnection?.close();
    await database?.drop();
  });

  const row = () => database.db.cycleAgency.findUniqueOrThrow({ where: { workflowId: reportId } });

  it('holds the main loop’s write, submits meanwhile, replays the older write late: the row keeps the newest', async () => {
    // The cycle's opening, as reportingCycle's first run does it for a drill.
    const dueAt = Date.now() + 6_000;
    const deadline = deadlineOfInstant(dueAt, drillTimings(STEP_MS));
    const milestones = drillMilestones(deadline, regime.policy);
    const today = vnDateOf(Date.now());
    const dates = {
      ...computeCycleDates(ref.year, ref.period, regime.policy, createWorkingCalendar()),
      opensOn: today,
      opensAt: Date.now(),
      consolidationAt: milestones.consolidationAt,
      consolidationDate: vnDateOf(milestones.consolidationAt),
      finalCloseAt: milestones.finalCloseAt,
      finalCloseDate: vnDateOf(milestones.finalCloseAt),
    };
    await real.openCycleRecord({
      workflowId: cycleWorkflowId(ref),
      key,
      regime,
      year: ref.year,
      period: ref.period,
      drillNo: ref.drill!,
      windowStart: dates.windowStart,
      cutoff: dates.cutoff,
      opensAt: dates.opensAt,
      agencyDueAt: dueAt,
      provinceDueAt: dates.provinceDueAt,
      consolidationAt: dates.consolidationAt,
      finalCloseAt: dates.finalCloseAt,
    });
    const enrolled = await real.enrollUnits({
      cycleWorkflowId: cycleWorkflowId(ref),
      reportIdPrefix: reportWorkflowId(ref, ''),
      participants: regime.participants,
      limit: 200,
      dueAt,
      onDate: today,
    });
    expect(enrolled.units.map((u) => u.code)).toEqual([AGENCY]);
    const enrolledRow = await row();
    expect(enrolledRow).toMatchObject({ state: 'PENDING', mirrorVersion: 0n });

    const policy = regime.policy;
    const rules: ReportRules = {
      sendTime: policy.sendTime,
      reminders: policy.reminders,
      dueDayReminder: policy.dueDayReminder,
      overdue: policy.overdue,
      escalations: policy.escalations,
      quietHours: policy.quietHours,
    };
    const snapshot = await real.loadCalendarSnapshot({ from: addDays(today, -7), to: addDays(today, 120) });
    const input: AgencyReportInput = {
      ref,
      cycleKey: key,
      agencyCode: AGENCY,
      cycleWorkflowId: cycleWorkflowId(ref),
      windowStart: dates.windowStart,
      cutoff: dates.cutoff,
      deadline,
      finalCloseAt: dates.finalCloseAt,
      rules,
      calendar: sliceSnapshot(
        snapshot,
        addDays(dates.opensOn, -7),
        addDays(dates.finalCloseDate, Math.ceil(policy.overdue.repeatEveryWorkingDays * 1.5) + 21),
      ),
      sendOpening: true,
      plannedFrom: dates.opensAt,
    };
    const handle = await client.workflow.start('agencyReport', {
      workflowId: reportId,
      taskQueue,
      args: [input],
      workflowExecutionTimeout: 10 * 60_000,
      typedSearchAttributes: reportStartAttributes(ref, AGENCY, dueAt, true),
    });

    // 1. Past the deadline the main loop marks the report OVERDUE and writes the mirror: held.
    const held = await until(
      'the main loop’s mirror write, held in flight',
      async () => calls.find((c) => c.held),
      Boolean,
      30_000,
    );
    expect(held!.record).toMatchObject({ workflowId: reportId, state: 'OVERDUE' });
    expect((await handle.query(reportStatusQuery)).state).toBe('OVERDUE');

    // 2. Meanwhile the agency's report is logged through the service: the update changes the state
    // at once, and its mirror write queues behind the held one (not issued while that is in flight).
    const submitting = submitReport(ctx, {
      ...ref,
      agency: AGENCY,
      documentNumber: '15/BC-STP',
      channel: 'document_system',
    });
    await until(
      'the update applied while the main loop’s write is in flight',
      async () => (await handle.query(reportStatusQuery)).state,
      (s) => s === 'SUBMITTED_LATE',
      30_000,
    );
    expect(calls).toHaveLength(1);
    expect(held!.completed).toBeUndefined();
    expect(await row()).toEqual(enrolledRow);

    // 3. The held write lands; then the update's; the update answers once its write is done.
    releaseHeld();
    const receipt = await submitting;
    expect(receipt).toMatchObject({ onTime: false, duplicate: false, version: 1 });
    expect(receipt.receiptNumber).toBe(`TN-${key}-${AGENCY}-1`);

    const issued = calls.filter((c) => c.record.workflowId === reportId);
    expect(issued.map((c) => c.record.state)).toEqual(['OVERDUE', 'SUBMITTED_LATE']);
    // Versions strictly increase in the order the workflow issued the writes, which is also the
    // order they completed in.
    const versions = issued.map((c) => c.record.version);
    for (let i = 1; i < versions.length; i++) expect(versions[i]!).toBeGreaterThan(versions[i - 1]!);
    expect(issued.map((c) => c.completed)).toEqual([0, 1]);
    const newest = issued.at(-1)!.record;
    expect(newest.receiptNumber).toBe(receipt.receiptNumber);

    const written = await row();
    expect(written).toMatchObject({
      state: 'SUBMITTED_LATE',
      receiptNumber: receipt.receiptNumber,
      submittedAt: new Date(receipt.receivedAt),
      escalationLevel: 0,
      mirrorVersion: BigInt(Math.max(...versions)),
    });

    // 4. An older attempt of the main loop's write, delayed, lands now: the real activity, the held
    // snapshot with its older version. Under a naive last-write-wins upsert (no version guard) the
    // row would become this snapshot (OVERDUE, no receipt, the older version); the guard keeps the
    // row exactly as it was, to its updatedAt.
    const late: ReportRecord = { ...held!.record };
    expect(late.version).toBeLessThan(newest.version);
    await real.recordReportState(late);
    const after = await row();
    expect(after).toEqual(written);
    expect(after.state).not.toBe(late.state); // what last-write-wins would leave
    expect(after.mirrorVersion).not.toBe(BigInt(late.version));

    // The workflow's own state is the row's.
    const status = await handle.query(reportStatusQuery);
    expect({
      state: after.state,
      dueAt: after.dueAt.getTime(),
      escalationLevel: after.escalationLevel,
      receiptNumber: after.receiptNumber,
      submittedAt: after.submittedAt?.getTime(),
    }).toEqual({
      state: status.state,
      dueAt: status.dueAt,
      escalationLevel: status.escalationLevel,
      receiptNumber: status.submissions.at(-1)?.receiptNumber,
      submittedAt: Date.parse(status.submissions[0]!.receivedAt),
    });
    // The submission itself is recorded against the row.
    expect(
      await database.db.submission.findMany({
        where: { cycleAgencyId: after.id },
        select: { receiptNumber: true },
      }),
    ).toEqual([{ receiptNumber: receipt.receiptNumber }]);
  });
});
