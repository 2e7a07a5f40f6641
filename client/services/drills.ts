import { WorkflowNotFoundError } from '@temporalio/client';
import type { DrillTimings } from '../../domain/reporting';
import type { ServiceContext } from './context';
import { describeTarget, findCycle, type CycleTarget } from './cycle-refs';
import { startCycle, type StartedCycle } from './cycles';
import { conflict, invalid, ServiceError } from './errors';
import { temporalCall } from './workflow-calls';

// Drills (diễn tập): a cycle of its own identity (`<regime>-<year>-<period>-DT<n>`), so it never
// touches the real cycle of the same period, its schedule or its receipts; every message carries the
// drill mark; it can be cancelled, and purged without a trace (workflows, histories and rows).

const SECOND = 1000;
/** A drill's deadline is minutes away: at most a day ahead. */
const MAX_AHEAD_MS = 24 * 60 * 60 * SECOND;

/** The spacing of a drill's steps from one step length: reminder a step before, overdue a sixth after, a step between escalations. */
export function drillTimings(stepMs: number): DrillTimings {
  if (!Number.isInteger(stepMs) || stepMs < 5 * SECOND || stepMs > 60 * 60 * SECOND)
    throw invalid('step', 'bước diễn tập từ 5 giây đến 1 giờ (vd. 30s, 2m)');
  return {
    reminderBeforeMs: stepMs,
    overdueAfterMs: Math.max(SECOND, Math.round(stepMs / 6)),
    escalationStepMs: stepMs,
  };
}

/** `30s`, `2m`, `1h` → milliseconds. */
export function parseStep(text: string): number | undefined {
  const m = /^(\d{1,4})(s|m|h)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * { s: SECOND, m: 60 * SECOND, h: 3600 * SECOND }[m[2] as 's' | 'm' | 'h'];
}

/** Starts a drill of a period with its deadline at `dueAt` (epoch ms), numbered after the period's earlier drills. */
export async function startDrill(
  ctx: ServiceContext,
  input: Omit<CycleTarget, 'drill'> & { dueAt: number; stepMs: number },
): Promise<StartedCycle & { drill: true; number: number }> {
  const now = Date.now();
  if (input.dueAt <= now) throw invalid('due', 'hạn diễn tập phải ở tương lai');
  if (input.dueAt > now + MAX_AHEAD_MS) throw invalid('due', 'hạn diễn tập phải trong vòng 24 giờ tới');
  const timings = drillTimings(input.stepMs);
  const db = await ctx.db();
  const regime = input.regime ?? 'CCHC';
  for (let attempt = 0; attempt < 3; attempt++) {
    const last = await db.reportingCycle.aggregate({
      where: { regime, year: input.year, period: input.period },
      _max: { drillNo: true },
    });
    const number = (last._max.drillNo ?? 0) + 1 + attempt;
    try {
      const started = await startCycle(ctx, {
        ...input,
        regime,
        drill: number,
        drillSettings: { dueAt: new Date(input.dueAt).toISOString(), timings },
      });
      return { ...started, drill: true, number };
    } catch (err) {
      // Another drill of the period took this number a moment ago: the next one.
      if (!(err instanceof ServiceError && err.kind === 'conflict' && /đã được mở/.test(err.message)))
        throw err;
    }
  }
  throw conflict('không cấp được số diễn tập: thử lại');
}

function requireDrill(target: CycleTarget): asserts target is CycleTarget & { drill: number } {
  if (!target.drill) throw invalid('drill', 'cần số diễn tập (--drill N): chỉ diễn tập mới hủy hay xóa được');
}

/** The workflows of a drill: its cycle and every report, from the mirror and from the server's list. */
async function drillWorkflows(ctx: ServiceContext, key: string, cycleWorkflowId: string, cycleId: number) {
  const db = await ctx.db();
  const client = await ctx.temporal();
  const ids = new Set([cycleWorkflowId]);
  for (const s of await db.cycleAgency.findMany({ where: { cycleId }, select: { workflowId: true } }))
    ids.add(s.workflowId);
  await temporalCall('không đọc được danh sách quy trình của diễn tập', async () => {
    for await (const wf of client.workflow.list({ query: `CchcCycle = "${key}"` })) ids.add(wf.workflowId);
  });
  return [...ids];
}

async function terminateAll(ctx: ServiceContext, ids: string[], reason: string): Promise<number> {
  const client = await ctx.temporal();
  let stopped = 0;
  for (const id of ids) {
    const handle = client.workflow.getHandle(id);
    const status = await handle.describe().then(
      (d) => d.status.name,
      (err: unknown) => (err instanceof WorkflowNotFoundError ? undefined : Promise.reject(err)),
    );
    if (status !== 'RUNNING') continue;
    await handle.terminate(reason);
    stopped += 1;
  }
  return stopped;
}

/** Stops a drill: its workflows are terminated, its record marked cancelled (what it sent stays listed). */
export async function cancelDrill(ctx: ServiceContext, target: CycleTarget): Promise<{ stopped: number }> {
  requireDrill(target);
  const row = await findCycle(ctx, target);
  const ids = await drillWorkflows(ctx, row.key, row.workflowId, row.id);
  const stopped = await terminateAll(ctx, ids, `Hủy ${describeTarget(target)}`);
  await (
    await ctx.db()
  ).reportingCycle.update({ where: { id: row.id }, data: { status: 'CANCELLED', closedAt: new Date() } });
  return { stopped };
}

export interface PurgeResult {
  workflows: number;
  notifications: number;
  auditEvents: number;
  submissions: number;
  reports: number;
}

/** Removes a drill completely: its workflows and their histories, and every row it left. */
export async function purgeDrill(ctx: ServiceContext, target: CycleTarget): Promise<PurgeResult> {
  requireDrill(target);
  const row = await findCycle(ctx, target);
  const ids = await drillWorkflows(ctx, row.key, row.workflowId, row.id);
  await terminateAll(ctx, ids, `Xóa ${describeTarget(target)}`);
  const client = await ctx.temporal();
  let workflows = 0;
  for (const id of ids) {
    const deleted = await client.workflowService
      .deleteWorkflowExecution({
        namespace: ctx.config.temporal.namespace,
        workflowExecution: { workflowId: id },
      })
      .then(
        () => true,
        (err: { code?: number }) => (err.code === 5 /* NOT_FOUND */ ? false : Promise.reject(err)),
      );
    if (deleted) workflows += 1;
  }
  const db = await ctx.db();
  const slots = await db.cycleAgency.findMany({ where: { cycleId: row.id }, select: { id: true } });
  const slotIds = slots.map((s) => s.id);
  const [notifications, auditEvents, , submissions, reports] = await db.$transaction([
    db.notification.deleteMany({ where: { workflowId: { in: ids } } }),
    db.auditEvent.deleteMany({ where: { workflowId: { in: ids } } }),
    db.escalation.deleteMany({ where: { cycleAgencyId: { in: slotIds } } }),
    db.submission.deleteMany({ where: { cycleAgencyId: { in: slotIds } } }),
    db.cycleAgency.deleteMany({ where: { cycleId: row.id } }),
    db.reportingCycle.delete({ where: { id: row.id } }),
  ]);
  return {
    workflows,
    notifications: notifications.count,
    auditEvents: auditEvents.count,
    submissions: submissions.count,
    reports: reports.count,
  };
}

/** The drills of a regime (and year), newest first. */
export async function listDrills(ctx: ServiceContext, filter: { regime?: string; year?: number } = {}) {
  const db = await ctx.db();
  return db.reportingCycle.findMany({
    where: {
      drillNo: { gt: 0 },
      ...(filter.regime ? { regime: filter.regime } : {}),
      ...(filter.year ? { year: filter.year } : {}),
    },
    orderBy: [{ createdAt: 'desc' }],
    select: {
      key: true,
      regime: true,
      year: true,
      period: true,
      drillNo: true,
      status: true,
      agencyDueAt: true,
      createdAt: true,
    },
  });
}
