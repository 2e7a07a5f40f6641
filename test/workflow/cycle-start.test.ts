import { ApplicationFailure } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadRegime } from '../../config/regimes';
import { computeCycleDates, createWorkingCalendar } from '../../domain/calendar';
import { regimeForWorkflow } from '../../domain/regime';
import { DRILL, type CycleRef } from '../../domain/reporting';
import {
  cycleStartMetadata,
  lifetimeAfter,
  LIFETIME_MARGIN_MS,
  planCycle,
} from '../../domain/templates/cycle-words';
import { reportingCycle } from '../../workflows';
import { createReportingWorld } from '../support/reporting-world';
import { startTemporalDevServer } from '../../scripts/lib/temporal-dev';
import { bundleWorkflows } from '../support/time-skipping';

// How a cycle is started, on a Temporal dev server of its own with the in-memory reporting world:
// the schedule's launcher gives the cycle its Web UI summary and details and its lifetime from the
// plan `schedule apply` put in its input (and, for a schedule applied before that, the summary as
// before); the lifetime (execution timeout) holds over every run of a cycle that continues as new;
// and the journal entry written when a message cannot be sent has its Vietnamese summary.

const CCHC = regimeForWorkflow(loadRegime('CCHC'));
const calendar = createWorkingCalendar();
const DAY = 24 * 60 * 60_000;
const { EventType } = temporal.api.enums.v1;
type History = temporal.api.history.v1.IHistory;

const ms = (d: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(d?.seconds ?? 0) * 1000 + Math.round((d?.nanos ?? 0) / 1e6);

describe('starting a cycle', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  let agencies: string[] = [];
  let failNotify = false;
  const world = createReportingWorld({
    units: () => agencies,
    client: () => env.client,
    notify: (input) => {
      if (failNotify) throw ApplicationFailure.nonRetryable('no such contact', 'InvalidNotification');
      return {
        sent: input.channels.length,
        alreadySent: 0,
        deferred: [],
        failed: [],
        skipped: 0,
        noRecipients: false,
      };
    },
  });

  beforeAll(async () => {
    bundle = await bundleWorkflows();
    // The real dev server: the Java time-skipping server caps an execution timeout at ten years and
    // gives each run continued as new a timeout of its own, which the real server never does.
    env = await startTemporalDevServer({});
  });
  afterAll(async () => {
    await env?.teardown();
  });
  beforeEach(() => {
    world.reset();
    failNotify = false;
  });

  const newWorker = (taskQueue: string) =>
    Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: world.activities,
    });
  const started = async (workflowId: string, runId?: string) => {
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    return history.events![0]!.workflowExecutionStartedEventAttributes!;
  };

  it("the launcher gives the cycle the plan's summary, details and lifetime; without a plan, its summary", async () => {
    const ref: CycleRef = { regime: 'CCHC', year: 2038, period: 'Q1' };
    const plan = planCycle(computeCycleDates(2038, 'Q1', CCHC.policy, calendar), CCHC.policy);
    agencies = [];
    const worker = await newWorker('start-launcher');
    const out = await worker.runUntil(async () => {
      const opened = await env.client.workflow.execute('openCycle', {
        taskQueue: 'start-launcher',
        workflowId: 'open-cycle-CCHC-2038-Q1-test',
        args: [{ ref, regime: CCHC, plan }],
      });
      const before = await env.client.workflow.execute('openCycle', {
        taskQueue: 'start-launcher',
        workflowId: 'open-cycle-CCHC-2038-H1-test',
        args: [{ ref: { ...ref, period: 'H1' }, regime: CCHC }],
      });
      const q1 = await env.client.workflow.getHandle('cycle-CCHC-2038-Q1').describe();
      const h1 = await env.client.workflow.getHandle('cycle-CCHC-2038-H1').describe();
      const q1Started = await started('cycle-CCHC-2038-Q1');
      const h1Started = await started('cycle-CCHC-2038-H1');
      for (const id of ['cycle-CCHC-2038-Q1', 'cycle-CCHC-2038-H1'])
        await env.client.workflow.getHandle(id).terminate('test over');
      return {
        opened,
        before,
        q1: {
          summary: await q1.staticSummary(),
          details: await q1.staticDetails(),
          args: defaultPayloadConverter.fromPayload(q1Started.input!.payloads![0]!),
          timeout: ms(q1Started.workflowExecutionTimeout),
          startedAt: q1.startTime.getTime(),
        },
        h1: {
          summary: await h1.staticSummary(),
          details: await h1.staticDetails(),
          timeout: ms(h1Started.workflowExecutionTimeout),
        },
      };
    });
    expect(out.opened).toMatchObject({ outcome: 'started' });
    expect(out.before).toMatchObject({ outcome: 'started' });
    const words = cycleStartMetadata(ref, CCHC, plan);
    expect(out.q1.summary).toBe(words.staticSummary);
    expect(out.q1.details).toBe(words.staticDetails);
    // The cycle's own input, without the plan (a cycle does not carry it over its runs).
    expect(out.q1.args).toEqual({ ref, regime: CCHC });
    // Until the final close, plus 30 days, from when the launcher started it (to the second).
    expect(Math.abs(out.q1.timeout - lifetimeAfter(plan.finalCloseAt, out.q1.startedAt))).toBeLessThan(2_000);
    expect(out.h1).toEqual({
      // As the launcher named the cycle before (in a schedule applied before the plan).
      summary: 'Báo cáo công tác cải cách hành chính: 6 tháng đầu năm năm 2038',
      details: undefined,
      timeout: 0,
    });
  });

  it('keeps its lifetime over every run when it continues as new', async () => {
    agencies = ['SCT', 'STP', 'SYT'];
    const ref: CycleRef = { regime: 'CCHC', year: 2027, period: 'Q1', drill: 7 };
    const now = Date.now();
    const drill = { dueAt: new Date(now + 10 * 60_000).toISOString(), timings: DRILL };
    const plan = planCycle(computeCycleDates(2027, 'Q1', CCHC.policy, calendar), CCHC.policy, drill);
    const lifetime = lifetimeAfter(plan.finalCloseAt, now);
    const worker = await newWorker('start-lifetime');
    const runs = await worker.runUntil(async () => {
      const cycle = await env.client.workflow.start(reportingCycle, {
        taskQueue: 'start-lifetime',
        workflowId: 'cycle-CCHC-2027-Q1-DT7',
        args: [{ ref, regime: CCHC, drill, maxChildrenPerRun: 1 }],
        workflowExecutionTimeout: lifetime,
        ...cycleStartMetadata(ref, CCHC, plan),
      });
      // One report per run: three runs, the first two continued as new.
      for (;;) {
        const reports = await Promise.all(
          agencies.map((code) =>
            env.client.workflow
              .getHandle(`report-CCHC-2027-Q1-DT7-${code}`)
              .describe()
              .then(
                () => true,
                () => false,
              ),
          ),
        );
        if (reports.every(Boolean)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const found: { timeout: number; expires: number; last?: number | null }[] = [];
      let runId: string | undefined = cycle.firstExecutionRunId;
      while (runId) {
        const history: History = await env.client.workflow.getHandle(cycle.workflowId, runId).fetchHistory();
        const first = history.events![0]!.workflowExecutionStartedEventAttributes!;
        const last = history.events!.at(-1);
        found.push({
          timeout: ms(first.workflowExecutionTimeout),
          expires: ms(first.workflowExecutionExpirationTime),
          last: last?.eventType,
        });
        runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      }
      await cycle.terminate('test over');
      return found;
    });
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.slice(0, -1).map((r) => r.last)).toEqual(
      runs.slice(0, -1).map(() => EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW),
    );
    // The same timeout, and the same instant it expires at, in every run: the lifetime is the chain's.
    expect(runs.map((r) => r.timeout)).toEqual(runs.map(() => lifetime));
    expect(new Set(runs.map((r) => r.expires)).size).toBe(1);
    expect(lifetime).toBeGreaterThan(LIFETIME_MARGIN_MS);
    expect(lifetime).toBeLessThan(LIFETIME_MARGIN_MS + DAY);
  });

  it('writes the journal entry of a message it could not send with a Vietnamese summary', async () => {
    agencies = ['STP'];
    failNotify = true;
    const ref: CycleRef = { regime: 'CCHC', year: 2027, period: 'Q1', drill: 8 };
    const now = Date.now();
    const drill = { dueAt: new Date(now + 10 * 60_000).toISOString(), timings: DRILL };
    const worker = await newWorker('start-journal');
    const summaries = await worker.runUntil(async () => {
      const cycle = await env.client.workflow.start(reportingCycle, {
        taskQueue: 'start-journal',
        workflowId: 'cycle-CCHC-2027-Q1-DT8',
        args: [{ ref, regime: CCHC, drill }],
      });
      const report = env.client.workflow.getHandle('report-CCHC-2027-Q1-DT8-STP');
      // The opening notice fails (refused as invalid): its journal entry follows.
      for (;;) {
        const events = await report.fetchHistory().then(
          (h) => h.events ?? [],
          () => [],
        );
        const audits = events.filter(
          (e) =>
            e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
            e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordAuditEvent',
        );
        if (audits.length > 0) {
          await cycle.terminate('test over');
          await report.terminate('test over');
          return audits.map((e) => defaultPayloadConverter.fromPayload<string>(e.userMetadata!.summary!));
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    expect(summaries[0]).toBe('Ghi nhật ký: gửi thông báo không thành công');
  });
});
