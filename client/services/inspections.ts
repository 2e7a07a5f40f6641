import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { z } from 'zod';
import type { ContactRoleName } from '../../domain/agencies';
import { createWorkingCalendar, vnDateOf } from '../../domain/calendar';
import {
  cancelInputSchema,
  remediationInputSchema,
  rescheduleInputSchema,
  selfReportInputSchema,
  visitResultInputSchema,
  type AgencyFacts,
  type CancelInput,
  type InspectionPlanInput,
  type RemediationInput,
  type RescheduleInput,
  type SelfReportInput,
  type VisitResultInput,
} from '../../domain/inspection-plan';
import { visitDates, type VisitDates } from '../../domain/inspection-policy';
import { SA_KIND, SA_PLAN, SA_STATE, SA_YEAR } from '../../domain/search-attributes';
import { formatZodIssues } from '../../domain/zod-format';
import { inspectionWorkflowId, planWorkflowId } from '../../workflows/inspection/ids';
import {
  cancelUpdate,
  inspectionStatusQuery,
  planStatusQuery,
  recordVisitResultUpdate,
  rescheduleUpdate,
  submitRemediationUpdate,
  submitSelfReportUpdate,
} from '../../workflows/inspection/messages';
import { INSPECTION_STATE_VI, planStaticDetails, planTitle } from '../../domain/inspection-words';
import type {
  InspectionPlanExtras,
  InspectionPlanStatus,
  InspectionStatus,
} from '../../workflows/inspection/types';
import { FileError, loadPlanFile, readFindingsFile, readPlanFile } from '../files/plan-file';
import type { ServiceContext } from './context';
import { conflict, fieldError, notFound, ServiceError } from './errors';
import { callWorkflow } from './workflow-calls';

// The yearly inspection plan: start it from its file, follow it, and record what the agencies and
// the team send for one inspection (self-report, visit result, remediation), reschedule or cancel it.

export { INSPECTION_STATE_VI };

export interface PlanRef {
  year: number;
  code: string;
}

export interface InspectionRef extends PlanRef {
  agency: string;
}

/** A file the service refuses: every problem as a line, then the verdict. */
function fileRefused(err: FileError, verdict: string): ServiceError {
  return new ServiceError('invalid', `${err.issues.length} lỗi trong ${err.file}; ${verdict}`, {
    details: err.lines(),
  });
}

async function agencyFacts(ctx: ServiceContext, codes: string[]): Promise<Map<string, AgencyFacts>> {
  const db = await ctx.db();
  const rows = await db.agency.findMany({
    where: { code: { in: [...new Set(codes)] } },
    include: {
      contacts: { where: { active: true, OR: [{ email: { not: null } }, { phone: { not: null } }] } },
    },
  });
  return new Map(
    rows.map((a) => [
      a.code,
      {
        name: a.name,
        active: a.active,
        roles: [...new Set(a.contacts.map((c) => c.role.toLowerCase() as ContactRoleName))],
      },
    ]),
  );
}

export interface StartedPlan {
  workflowId: string;
  plan: InspectionPlanInput;
  inspections: (InspectionPlanInput['inspections'][number] & VisitDates)[];
  warnings: string[];
}

/** Starts a plan from its YAML file; a file with any problem starts nothing. */
export async function startPlan(ctx: ServiceContext, file: string): Promise<StartedPlan> {
  const calendar = createWorkingCalendar();
  let loaded;
  let facts: Map<string, AgencyFacts>;
  try {
    const { plan: shape } = readPlanFile(file);
    const codes = [shape.team.lead, ...shape.team.members, ...shape.inspections].map((x) => x.agency);
    facts = await agencyFacts(ctx, codes);
    loaded = loadPlanFile(file, {
      calendar,
      agencies: facts,
      today: vnDateOf(Date.now()),
    });
  } catch (err) {
    if (err instanceof FileError) throw fileRefused(err, 'không bắt đầu kế hoạch nào');
    throw err;
  }
  const { plan } = loaded;
  const client = await ctx.temporal();
  const workflowId = planWorkflowId(plan.year, plan.code);
  // Unit names for the Web UI's words (names, never contacts).
  const names = Object.fromEntries([...facts].map(([code, f]) => [code, f.name]));
  const extras: InspectionPlanExtras = { names };
  try {
    await client.workflow.start('inspectionPlan', {
      workflowId,
      taskQueue: ctx.config.temporal.taskQueue,
      args: [plan, extras],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      staticSummary: planTitle(plan),
      staticDetails: planStaticDetails(plan, names),
      typedSearchAttributes: [
        { key: SA_KIND, value: 'inspection-plan' },
        { key: SA_YEAR, value: plan.year },
        { key: SA_PLAN, value: plan.code },
        { key: SA_STATE, value: 'ACTIVE' },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const running = (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
    throw conflict(
      `kế hoạch ${plan.code} năm ${plan.year} ${running ? 'đang chạy' : 'đã chạy xong'} (${workflowId}): ` +
        `không bắt đầu lại; xem "cchc inspection status --plan ${plan.year}/${plan.code}"`,
    );
  }
  // A separate calendar: the table's later dates must not add warnings about next year's holidays.
  const later = createWorkingCalendar();
  return {
    workflowId,
    plan,
    inspections: plan.inspections.map((i) => ({ ...i, ...visitDates(i.visitDate, plan.policy, later) })),
    warnings: [...loaded.warnings, ...calendar.warnings],
  };
}

export interface PlanSummary {
  year: number;
  code: string;
  decisionRef: string;
  status: 'ACTIVE' | 'COMPLETED' | 'CANCELLED';
  inspections: number;
  done: number;
}

/** Every plan (of a year), from the database mirror. */
export async function listPlans(ctx: ServiceContext, year?: number): Promise<PlanSummary[]> {
  const db = await ctx.db();
  const plans = await db.inspectionPlan.findMany({
    where: year ? { year } : {},
    orderBy: [{ year: 'asc' }, { code: 'asc' }],
    include: { inspections: { select: { state: true } } },
  });
  return plans.map((p) => ({
    year: p.year,
    code: p.code,
    decisionRef: p.decisionRef,
    status: p.status,
    inspections: p.inspections.length,
    done: p.inspections.filter((i) => i.state === 'CONCLUDED' || i.state === 'CANCELLED').length,
  }));
}

async function planQuery(client: Client, ref: PlanRef): Promise<InspectionPlanStatus> {
  return client.workflow
    .getHandle(planWorkflowId(ref.year, ref.code))
    .query(planStatusQuery)
    .catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError)
        throw notFound(
          undefined,
          `không có kế hoạch kiểm tra ${ref.code} năm ${ref.year} (đã chạy "cchc inspection start" chưa?)`,
        );
      throw err;
    });
}

/** A plan and the current state of each of its inspections (undefined: not reachable). */
export async function planStatus(
  ctx: ServiceContext,
  ref: PlanRef,
): Promise<{ plan: InspectionPlanStatus; inspections: (InspectionStatus | undefined)[] }> {
  const client = await ctx.temporal();
  const plan = await planQuery(client, ref);
  const inspections = await Promise.all(
    plan.inspections.map((i) =>
      client.workflow
        .getHandle(i.workflowId)
        .query(inspectionStatusQuery)
        .catch(() => undefined),
    ),
  );
  return { plan, inspections };
}

/** The running inspection of one agency, with clear errors for a wrong plan or agency or an ended one. */
async function runningInspection(ctx: ServiceContext, ref: InspectionRef): Promise<WorkflowHandle> {
  const client = await ctx.temporal();
  const handle = client.workflow.getHandle(inspectionWorkflowId(ref.year, ref.code, ref.agency));
  const description = await handle.describe().catch(async (err: unknown) => {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    const plan = await planQuery(client, ref);
    const agencies = plan.inspections.map((i) => i.agencyCode).join(', ');
    throw notFound(
      'agency',
      `kế hoạch ${ref.code} năm ${ref.year} không kiểm tra đơn vị ${ref.agency} (có: ${agencies})`,
    );
  });
  if (description.status.name !== 'RUNNING') {
    const state = await handle.query(inspectionStatusQuery).then(
      (s) => INSPECTION_STATE_VI[s.state],
      () => description.status.name,
    );
    throw conflict(
      `cuộc kiểm tra tại ${ref.agency} (kế hoạch ${ref.code} năm ${ref.year}) đã kết thúc: ${state}`,
    );
  }
  return handle;
}

/** Validates a payload with its schema, then sends it as an update to the agency's inspection. */
async function updateInspection<S extends z.ZodType, R>(
  ctx: ServiceContext,
  ref: InspectionRef,
  schema: S,
  payload: unknown,
  send: (handle: WorkflowHandle, payload: z.infer<S>) => Promise<R>,
): Promise<R> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success)
    throw fieldError('invalid', formatZodIssues(parsed.error)[0] ?? 'dữ liệu không hợp lệ');
  const handle = await runningInspection(ctx, ref);
  return callWorkflow(await ctx.temporal(), handle.workflowId, () => send(handle, parsed.data), {
    fields: Object.keys((schema as unknown as { shape?: object }).shape ?? {}),
    notFound: () => notFound('agency', `không có cuộc kiểm tra tại ${ref.agency}`),
    ended: () => conflict(`cuộc kiểm tra tại ${ref.agency} đã kết thúc`),
  });
}

export const submitSelfReport = (ctx: ServiceContext, ref: InspectionRef, payload: SelfReportInput) =>
  updateInspection(ctx, ref, selfReportInputSchema, payload, (h, p) =>
    h.executeUpdate(submitSelfReportUpdate, { args: [p] }),
  );

export const recordVisitResult = (ctx: ServiceContext, ref: InspectionRef, payload: VisitResultInput) =>
  updateInspection(ctx, ref, visitResultInputSchema, payload, (h, p) =>
    h.executeUpdate(recordVisitResultUpdate, { args: [p] }),
  );

export const submitRemediation = (ctx: ServiceContext, ref: InspectionRef, payload: RemediationInput) =>
  updateInspection(ctx, ref, remediationInputSchema, payload, (h, p) =>
    h.executeUpdate(submitRemediationUpdate, { args: [p] }),
  );

export const rescheduleInspection = (ctx: ServiceContext, ref: InspectionRef, payload: RescheduleInput) =>
  updateInspection(ctx, ref, rescheduleInputSchema, payload, (h, p) =>
    h.executeUpdate(rescheduleUpdate, { args: [p] }),
  );

export const cancelInspection = (ctx: ServiceContext, ref: InspectionRef, payload: CancelInput) =>
  updateInspection(ctx, ref, cancelInputSchema, payload, (h, p) =>
    h.executeUpdate(cancelUpdate, { args: [p] }),
  );

/** The findings of a visit from a YAML file; a bad file records nothing. */
export function readFindings(file: string): VisitResultInput['findings'] {
  try {
    return readFindingsFile(file);
  } catch (err) {
    if (err instanceof FileError) throw fileRefused(err, 'không ghi nhận gì');
    throw err;
  }
}
