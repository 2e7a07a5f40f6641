import { ApplicationFailure } from '@temporalio/activity';
import { endOfDayInstant } from '../domain/calendar';
import type { ContactRole } from '../prisma/generated/client';
import type { InspectionStatus } from '../workflows/inspection/types';
import type { ActivityDeps } from './deps';

// The database mirror of the inspection workflows: the plan, one row per inspection and per
// finding, and the escalations. Workflows hold the truth; these writes are idempotent upserts of
// the whole current state (codes and dates only), so a retried or repeated call changes nothing.

export interface InspectionPlanRecord {
  workflowId: string;
  year: number;
  code: string;
  decisionRef: string;
  team: unknown;
  policy: unknown;
  inspections: {
    workflowId: string;
    agencyCode: string;
    scope: string;
    visitDate: string;
    /** ISO instant: the last moment of the self-report's due day. */
    selfReportDueAt: string;
  }[];
}

export interface InspectionEscalationRecord {
  /** Unique: workflowId:subject:qualifier:level. */
  key: string;
  workflowId: string;
  subject: 'SELF_REPORT_OVERDUE' | 'REMEDIATION_OVERDUE';
  agencyCode: string;
  level: number;
  /** snv_desk | snv_director */
  toRole: string;
  escalatedAt: string;
}

const dateOnly = (date: string) => new Date(`${date}T00:00:00.000Z`);
const instant = (iso: string | undefined) => (iso === undefined ? null : new Date(iso));
const contactRole = (role: string) => role.toUpperCase() as ContactRole;

export function createInspectionActivities({ db }: Pick<ActivityDeps, 'db'>) {
  async function agencyIds(codes: string[]): Promise<Map<string, number>> {
    const rows = await db.agency.findMany({
      where: { code: { in: codes } },
      select: { id: true, code: true },
    });
    const ids = new Map(rows.map((r) => [r.code, r.id]));
    const missing = codes.filter((c) => !ids.has(c));
    if (missing.length > 0)
      throw ApplicationFailure.nonRetryable(`no agency with code ${missing.join(', ')}`, 'UnknownAgency');
    return ids;
  }

  return {
    /** Records the plan and a SCHEDULED row per inspection; rows that exist keep their state. */
    async recordInspectionPlan(plan: InspectionPlanRecord): Promise<void> {
      const ids = await agencyIds(plan.inspections.map((i) => i.agencyCode));
      await db.$transaction(async (tx) => {
        const row = await tx.inspectionPlan.upsert({
          where: { workflowId: plan.workflowId },
          create: {
            workflowId: plan.workflowId,
            year: plan.year,
            code: plan.code,
            decisionRef: plan.decisionRef,
            team: plan.team as never,
            policy: plan.policy as never,
          },
          update: {},
        });
        await tx.inspection.createMany({
          data: plan.inspections.map((i) => ({
            workflowId: i.workflowId,
            planId: row.id,
            agencyId: ids.get(i.agencyCode)!,
            scope: i.scope,
            visitDate: dateOnly(i.visitDate),
            selfReportDueAt: new Date(i.selfReportDueAt),
          })),
          skipDuplicates: true,
        });
      });
    },

    /** Writes an inspection's whole current state (the workflow's status) and its findings. */
    async syncInspection(s: InspectionStatus & { mirrorVersion: number }): Promise<void> {
      const [plan, ids] = await Promise.all([
        db.inspectionPlan.findUnique({ where: { workflowId: s.planWorkflowId }, select: { id: true } }),
        agencyIds([s.agencyCode]),
      ]);
      if (!plan)
        throw ApplicationFailure.retryable(`plan ${s.planWorkflowId} not recorded yet`, 'PlanNotRecorded');
      const fields = {
        scope: s.scope,
        visitDate: dateOnly(s.visitedOn ?? s.visitDate),
        state: s.state,
        selfReportDueAt: new Date(endOfDayInstant(s.selfReportDueDate)),
        selfReportAt: instant(s.selfReport?.receivedAt),
        selfReportReceipt: s.selfReport?.receiptNumber ?? null,
        visitRecordedAt: instant(s.resultRecordedAt),
        escalationLevel: s.escalationLevel,
        rescheduleReason: s.reschedules.at(-1)?.reason ?? null,
        cancelReason: s.cancelReason ?? null,
        concludedAt: instant(s.concludedAt),
      };
      const mirrorVersion = BigInt(s.mirrorVersion);
      await db.$transaction(async (tx) => {
        // The stored snapshot, locked: an older attempt that lands late changes nothing.
        const [stored] = await tx.$queryRaw<{ mirrorVersion: bigint }[]>`
          SELECT "mirrorVersion" FROM "Inspection" WHERE "workflowId" = ${s.workflowId} FOR UPDATE`;
        if (stored && stored.mirrorVersion >= mirrorVersion) return;
        const row = await tx.inspection.upsert({
          where: { workflowId: s.workflowId },
          create: {
            workflowId: s.workflowId,
            planId: plan.id,
            agencyId: ids.get(s.agencyCode)!,
            ...fields,
            mirrorVersion,
          },
          update: { ...fields, mirrorVersion },
        });
        for (const f of s.findings) {
          const findingFields = {
            description: f.description,
            remediationDueAt: new Date(endOfDayInstant(f.dueDate)),
            state: f.state,
            remediatedAt: instant(f.remediatedAt),
            remediationReport: f.documentNumber ?? null,
            escalationLevel: f.escalationLevel,
          };
          await tx.finding.upsert({
            where: { inspectionId_code: { inspectionId: row.id, code: f.code } },
            create: { inspectionId: row.id, code: f.code, ...findingFields },
            update: findingFields,
          });
        }
      });
    },

    /** One escalation step, once per key. */
    async recordInspectionEscalation(e: InspectionEscalationRecord): Promise<void> {
      const inspection = await db.inspection.findUnique({
        where: { workflowId: e.workflowId },
        select: { id: true },
      });
      await db.escalation.createMany({
        data: [
          {
            key: e.key,
            workflowId: e.workflowId,
            subject: e.subject,
            agencyCode: e.agencyCode,
            level: e.level,
            toRole: contactRole(e.toRole),
            escalatedAt: new Date(e.escalatedAt),
            inspectionId: inspection?.id ?? null,
          },
        ],
        skipDuplicates: true,
      });
    },

    /** Closes the open escalations whose key starts with `keyPrefix` (received, remediated, moved or cancelled). */
    async resolveInspectionEscalations(input: { keyPrefix: string; resolvedAt: string }): Promise<number> {
      const { count } = await db.escalation.updateMany({
        where: { key: { startsWith: input.keyPrefix }, resolvedAt: null },
        data: { resolvedAt: new Date(input.resolvedAt) },
      });
      return count;
    },

    async completeInspectionPlan(input: {
      workflowId: string;
      status: 'COMPLETED' | 'CANCELLED';
    }): Promise<void> {
      await db.inspectionPlan.update({
        where: { workflowId: input.workflowId },
        data: { status: input.status },
      });
    },
  };
}
