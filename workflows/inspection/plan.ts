import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ParentClosePolicy,
  log,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { createWorkingCalendar, endOfDayInstant } from '../../domain/calendar';
import type { InspectionPlanInput } from '../../domain/inspection-plan';
import { inspectionWorkflowId } from './ids';
import { visitDates } from '../../domain/inspection-policy';
import { SA_AGENCY, SA_DUE_AT, SA_KIND, SA_PLAN, SA_STATE, SA_YEAR } from '../../domain/search-attributes';
import { agencyInspection } from './inspection';
import { planStatusQuery } from './messages';
import { proxySummarisedActivities } from '../kit/summarised-activities';
import { DATABASE } from '../kit/activity-options';
import { INSPECTION_STATE_VI, inspectionStaticDetails, inspectionTitle } from './inspection-words';
import type {
  AgencyInspectionInput,
  InspectionPlanExtras,
  InspectionPlanStatus,
  PlanInspectionEntry,
} from './types';

/** Markdown hard line breaks: the Web UI shows details in a frame of fixed height, so lines stay tight. */
const LINES = '  \n';

const db = proxySummarisedActivities(DATABASE);

/**
 * A yearly inspection plan (ID `inspection-plan-<year>-<code>`): records the plan, starts one
 * `agencyInspection` per inspection and completes when every one of them has concluded or been
 * cancelled. The children outlive a terminated plan (ABANDON): each inspection stands on its own.
 */
export async function inspectionPlan(
  plan: InspectionPlanInput,
  extras: InspectionPlanExtras = {},
): Promise<InspectionPlanStatus> {
  const { workflowId } = workflowInfo();
  const calendar = createWorkingCalendar();
  const status: InspectionPlanStatus = {
    workflowId,
    year: plan.year,
    code: plan.code,
    decisionRef: plan.decisionRef,
    status: 'ACTIVE',
    inspections: plan.inspections.map((i) => ({
      agencyCode: i.agency,
      workflowId: inspectionWorkflowId(plan.year, plan.code, i.agency),
      visitDate: i.visitDate,
    })),
  };
  setHandler(planStatusQuery, () => status);
  const publish = () => setCurrentDetails(planDetails(status, extras.names ?? {}));
  publish();

  await db.recordInspectionPlan({
    workflowId,
    year: plan.year,
    code: plan.code,
    decisionRef: plan.decisionRef,
    team: plan.team,
    policy: plan.policy,
    inspections: plan.inspections.map((i, n) => ({
      workflowId: status.inspections[n]!.workflowId,
      agencyCode: i.agency,
      scope: i.scope,
      visitDate: i.visitDate,
      selfReportDueAt: new Date(
        endOfDayInstant(visitDates(i.visitDate, plan.policy, calendar).selfReportDueDate),
      ).toISOString(),
    })),
  });

  await Promise.all(
    plan.inspections.map(async (i, n) => {
      const entry = status.inspections[n]!;
      const input: AgencyInspectionInput = {
        planWorkflowId: workflowId,
        year: plan.year,
        planCode: plan.code,
        decisionRef: plan.decisionRef,
        agencyCode: i.agency,
        scope: i.scope,
        visitDate: i.visitDate,
        team: plan.team,
        policy: plan.policy,
        ...(extras.names ? { names: extras.names } : {}),
      };
      try {
        const child = await startChild(agencyInspection, {
          workflowId: entry.workflowId,
          args: [input],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          staticSummary: inspectionTitle(input),
          staticDetails: inspectionStaticDetails(input, visitDates(i.visitDate, plan.policy, calendar)),
          typedSearchAttributes: [
            { key: SA_KIND, value: 'inspection' },
            { key: SA_YEAR, value: plan.year },
            { key: SA_PLAN, value: plan.code },
            { key: SA_AGENCY, value: i.agency },
            { key: SA_STATE, value: 'SCHEDULED' },
            {
              key: SA_DUE_AT,
              value: new Date(
                endOfDayInstant(visitDates(i.visitDate, plan.policy, calendar).selfReportDueDate),
              ),
            },
          ],
        });
        const result = await child.result();
        entry.outcome = result.state === 'CANCELLED' ? 'CANCELLED' : 'CONCLUDED';
        publish();
      } catch (err) {
        // A child that already exists (plan reset) runs on by itself; a failed one is reported.
        entry.outcome = err instanceof WorkflowExecutionAlreadyStartedError ? 'DETACHED' : 'FAILED';
        log.error('inspection not followed to the end', { workflowId: entry.workflowId, error: String(err) });
      }
    }),
  );

  status.status = status.inspections.every((i) => i.outcome === 'CANCELLED') ? 'CANCELLED' : 'COMPLETED';
  await db.completeInspectionPlan({ workflowId, status: status.status });
  upsertSearchAttributes([{ key: SA_STATE, value: status.status }]);
  publish();
  return status;
}

const OUTCOME_VI: Record<NonNullable<PlanInspectionEntry['outcome']>, string> = {
  CONCLUDED: INSPECTION_STATE_VI.CONCLUDED,
  CANCELLED: INSPECTION_STATE_VI.CANCELLED,
  FAILED: 'lỗi, không theo dõi tiếp được',
  DETACHED: 'đã có từ trước, chạy riêng',
};

/** A plan's current details (markdown): how far each inspection is. */
function planDetails(status: InspectionPlanStatus, names: Readonly<Record<string, string>>): string {
  const done = status.inspections.filter((i) => i.outcome).length;
  const phase =
    status.status === 'ACTIVE' ? 'đang thực hiện' : status.status === 'CANCELLED' ? 'đã hủy' : 'đã xong';
  return [
    `**Tình trạng:** ${phase} (${done}/${status.inspections.length} cuộc kiểm tra đã xong)`,
    status.inspections
      .map(
        (i) =>
          `- ${names[i.agencyCode] ?? i.agencyCode} (${i.agencyCode}): ${i.outcome ? OUTCOME_VI[i.outcome] : 'đang theo dõi'}`,
      )
      .join('\n'),
  ].join(LINES);
}
