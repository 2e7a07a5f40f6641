import { ApplicationFailure } from '@temporalio/activity';
import type { ContactRoleName } from '../domain/agencies';
import { vnDateOf, type IsoDate } from '../domain/calendar/dates';
import { unitsInForceWhere } from '../domain/unit-life';
import type { ReportState } from '../workflows/reporting/types';
import type { ActivityDeps } from './deps';

// The database mirror of the reporting workflows: what officials' reports and `cchc cycle status`
// read. Every write is an idempotent upsert keyed by workflow ID, so a retried activity is harmless.

export interface CycleRecord {
  workflowId: string;
  year: number;
  period: string;
  windowStart: string;
  cutoff: string;
  opensAt: number;
  agencyDueAt: number;
  provinceDueAt: number;
  consolidationAt: number;
  drill: boolean;
}

export interface ReportRecord {
  workflowId: string;
  cycleWorkflowId: string;
  agencyCode: string;
  state: ReportState;
  dueAt: number;
  escalationLevel: number;
  extendedReason?: string;
  extendedBy?: string;
  exemptReason?: string;
  submittedAt?: number;
  receiptNumber?: string;
  /** Grows with every snapshot of the workflow: an older one never overwrites a newer one. */
  version: number;
}

export interface SubmissionRecord {
  reportWorkflowId: string;
  version: number;
  documentNumber: string;
  signedDate: string;
  receivedAt: number;
  channel: string;
  attachmentRef?: string;
  attachmentSha256?: string;
  summary?: Record<string, number>;
  receiptNumber: string;
  onTime: boolean;
  lateWorkingDays: number;
}

export interface EscalationRecord {
  workflowId: string;
  subject: 'REPORT_OVERDUE';
  agencyCode: string;
  level: number;
  toRole: ContactRoleName;
  escalatedAt: number;
}

/** The day whose units a cycle enrolls: the cycle's opening date (a drill's: the day it starts). */
export interface ReportingAgenciesInput {
  onDate: IsoDate;
}

export interface ReportingAgencies {
  /** Agencies in force on the date that report, by code. */
  agencyCodes: string[];
  /** The agency whose contacts hold the Sở Nội vụ roles, and UBND tỉnh's: consolidated messages are "about" them. */
  snvAgencyCode: string;
  ubndAgencyCode: string;
}

const date = (iso: string) => new Date(`${iso}T00:00:00Z`);

export function createReportingActivities({ db, now }: ActivityDeps) {
  async function agencyId(code: string): Promise<number> {
    const agency = await db.agency.findUnique({ where: { code }, select: { id: true } });
    if (!agency) throw ApplicationFailure.nonRetryable(`no agency with code ${code}`, 'UnknownAgency');
    return agency.id;
  }

  async function holderOf(role: 'SNV_DESK' | 'UBND', onDate: IsoDate): Promise<string> {
    const contact = await db.contact.findFirst({
      where: { role, active: true, agency: unitsInForceWhere(onDate) },
      orderBy: { id: 'asc' },
      select: { agency: { select: { code: true } } },
    });
    if (!contact) {
      throw ApplicationFailure.nonRetryable(
        `no active ${role} contact of a unit in force on ${onDate}: import the agencies file (cchc agencies import)`,
        'MissingContacts',
      );
    }
    return contact.agency.code;
  }

  return {
    /** Without an input (cycles started before units had a life): the units in force today. */
    async listReportingAgencies(input?: ReportingAgenciesInput): Promise<ReportingAgencies> {
      const today = vnDateOf(now().getTime());
      const onDate = input?.onDate ?? today;
      const agencies = await db.agency.findMany({
        where: unitsInForceWhere(onDate, { reporting: true }),
        orderBy: { code: 'asc' },
        select: { code: true },
      });
      return {
        agencyCodes: agencies.map((a) => a.code),
        // Roles are held by units in force when the messages go out, as the directory resolves them.
        snvAgencyCode: await holderOf('SNV_DESK', today),
        ubndAgencyCode: await holderOf('UBND', today),
      };
    },

    async recordCycle(cycle: CycleRecord): Promise<void> {
      const data = {
        year: cycle.year,
        period: cycle.period,
        windowStart: date(cycle.windowStart),
        cutoff: date(cycle.cutoff),
        opensAt: new Date(cycle.opensAt),
        agencyDueAt: new Date(cycle.agencyDueAt),
        provinceDueAt: new Date(cycle.provinceDueAt),
        consolidationAt: new Date(cycle.consolidationAt),
        drill: cycle.drill,
      };
      await db.reportingCycle.upsert({
        where: { workflowId: cycle.workflowId },
        create: { workflowId: cycle.workflowId, ...data, status: 'OPEN' },
        update: data,
      });
    },

    async closeCycleRecord(input: {
      workflowId: string;
      status: 'CLOSED' | 'CANCELLED';
      at: number;
    }): Promise<void> {
      await db.reportingCycle.update({
        where: { workflowId: input.workflowId },
        data: { status: input.status, closedAt: new Date(input.at) },
      });
    },

    /**
     * Writes one agency's report state as its workflow sees it, in one statement: inserted, or
     * updated only when the snapshot is newer than the one stored.
     */
    async recordReportState(report: ReportRecord): Promise<void> {
      const written = await db.$executeRaw`
        INSERT INTO "CycleAgency" ("workflowId", "cycleId", "agencyId", "state", "dueAt", "escalationLevel",
          "extendedReason", "extendedBy", "exemptReason", "submittedAt", "receiptNumber", "mirrorVersion", "updatedAt")
        SELECT ${report.workflowId}, c."id", a."id", ${report.state}::"ReportState", ${new Date(report.dueAt)},
          ${report.escalationLevel}, ${report.extendedReason ?? null}, ${report.extendedBy ?? null},
          ${report.exemptReason ?? null}, ${report.submittedAt ? new Date(report.submittedAt) : null},
          ${report.receiptNumber ?? null}, ${BigInt(report.version)}, now()
        FROM "ReportingCycle" c, "Agency" a
        WHERE c."workflowId" = ${report.cycleWorkflowId} AND a."code" = ${report.agencyCode}
        ON CONFLICT ("workflowId") DO UPDATE SET
          "state" = EXCLUDED."state", "dueAt" = EXCLUDED."dueAt", "escalationLevel" = EXCLUDED."escalationLevel",
          "extendedReason" = EXCLUDED."extendedReason", "extendedBy" = EXCLUDED."extendedBy",
          "exemptReason" = EXCLUDED."exemptReason", "submittedAt" = EXCLUDED."submittedAt",
          "receiptNumber" = EXCLUDED."receiptNumber", "mirrorVersion" = EXCLUDED."mirrorVersion", "updatedAt" = now()
        WHERE "CycleAgency"."mirrorVersion" < EXCLUDED."mirrorVersion"`;
      if (written > 0) return;
      // Nothing written: a newer snapshot is already stored, or the cycle or agency is missing.
      const stored = await db.cycleAgency.findUnique({
        where: { workflowId: report.workflowId },
        select: { id: true },
      });
      if (stored) return;
      await agencyId(report.agencyCode);
      throw new Error(`cycle ${report.cycleWorkflowId} not recorded yet`); // retried
    },

    async recordSubmission(s: SubmissionRecord): Promise<void> {
      const slot = await db.cycleAgency.findUniqueOrThrow({ where: { workflowId: s.reportWorkflowId } });
      await db.submission.upsert({
        where: { receiptNumber: s.receiptNumber },
        create: {
          cycleAgencyId: slot.id,
          version: s.version,
          documentNumber: s.documentNumber,
          signedDate: date(s.signedDate),
          receivedAt: new Date(s.receivedAt),
          channel: s.channel,
          attachmentRef: s.attachmentRef,
          attachmentSha256: s.attachmentSha256,
          summary: s.summary,
          receiptNumber: s.receiptNumber,
          onTime: s.onTime,
          lateWorkingDays: s.lateWorkingDays,
        },
        update: {},
      });
      // A report that arrives resolves the escalations it had.
      await db.escalation.updateMany({
        where: { workflowId: s.reportWorkflowId, resolvedAt: null },
        data: { resolvedAt: new Date(s.receivedAt) },
      });
    },

    async recordEscalation(e: EscalationRecord): Promise<void> {
      const slot = await db.cycleAgency.findUnique({
        where: { workflowId: e.workflowId },
        select: { id: true },
      });
      const key = `${e.workflowId}:${e.subject}:${e.level}`;
      await db.escalation.upsert({
        where: { key },
        create: {
          key,
          workflowId: e.workflowId,
          subject: e.subject,
          agencyCode: e.agencyCode,
          level: e.level,
          toRole: e.toRole.toUpperCase() as 'SNV_DESK',
          escalatedAt: new Date(e.escalatedAt),
          cycleAgencyId: slot?.id,
        },
        update: {},
      });
    },
  };
}
