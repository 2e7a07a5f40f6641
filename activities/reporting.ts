import { ApplicationFailure, Context, heartbeat } from '@temporalio/activity';
import type { ContactRoleName } from '../domain/agencies';
import { vnDateOf, type IsoDate } from '../domain/calendar/dates';
import { regimeKinds, type Regime } from '../domain/regime';
import { unitsInForceWhere } from '../domain/unit-life';
import type { ReportState } from '../workflows/reporting/types';
import type { Prisma } from '../prisma/generated/client';
import type { ActivityDeps } from './deps';

// The database mirror of the reporting workflows: what officials' reports, `cchc cycle status` and
// the consolidated messages read. Every write is idempotent (an upsert keyed by workflow ID, or
// guarded by a version), so a retried activity is harmless.

export interface CycleRecord {
  workflowId: string;
  key: string;
  regime: Regime;
  year: number;
  period: string;
  drillNo: number;
  windowStart: string;
  cutoff: string;
  opensAt: number;
  agencyDueAt: number;
  provinceDueAt: number;
  consolidationAt: number;
  finalCloseAt: number;
}

export interface EnrolInput {
  cycleWorkflowId: string;
  /** Report workflow IDs are this prefix and the unit's code. */
  reportIdPrefix: string;
  participants: Regime['participants'];
  /** The last code of the previous page (codes are enrolled in order). */
  after?: string;
  limit: number;
  dueAt: number;
  /** Units in force on this day are enrolled (the cycle's opening date; a drill's, the day it starts). */
  onDate?: IsoDate;
}

export interface EnrolledUnit {
  code: string;
  name: string;
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
  /** The deadline missed: after an extension, the new deadline missed is a new escalation. */
  dueAt?: number;
}

const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
const KIND = (k: string) => k.toUpperCase();
const SIGNAL_PAGE = 500;

export function createReportingActivities({ db, signals }: Pick<ActivityDeps, 'db' | 'signals'>) {
  async function cycleId(workflowId: string): Promise<number> {
    const cycle = await db.reportingCycle.findUnique({ where: { workflowId }, select: { id: true } });
    if (!cycle) throw new Error(`cycle ${workflowId} not recorded yet`); // retried
    return cycle.id;
  }

  return {
    /** Records a cycle as it opens: its identity, the regime it runs, its dates. */
    async openCycleRecord(c: CycleRecord): Promise<void> {
      const data = {
        workflowId: c.workflowId,
        regime: c.regime.code,
        year: c.year,
        period: c.period,
        drillNo: c.drillNo,
        drill: c.drillNo > 0,
        regimeData: c.regime as unknown as Prisma.InputJsonValue,
        windowStart: date(c.windowStart),
        cutoff: date(c.cutoff),
        opensAt: new Date(c.opensAt),
        agencyDueAt: new Date(c.agencyDueAt),
        provinceDueAt: new Date(c.provinceDueAt),
        consolidationAt: new Date(c.consolidationAt),
        finalCloseAt: new Date(c.finalCloseAt),
      };
      await db.reportingCycle.upsert({
        where: { key: c.key },
        create: { key: c.key, ...data, status: 'OPEN' },
        update: data,
      });
    },

    /**
     * The next page of units that owe the regime's report (active, reporting, by kind or named, in
     * code order), each given its row in the mirror (PENDING) before its workflow starts.
     */
    async enrollUnits(input: EnrolInput): Promise<{ units: EnrolledUnit[]; done: boolean }> {
      const { participants: p } = input;
      // Cycles started before units had a life carry no date: the units in force on their due day.
      const onDate = input.onDate ?? vnDateOf(input.dueAt);
      const units = await db.agency.findMany({
        where: {
          // Each condition on its own: the in-force filter has an AND of its own.
          AND: [
            unitsInForceWhere(onDate, { reporting: true }),
            ...(input.after ? [{ code: { gt: input.after } }] : []),
            {
              OR: [{ kind: { in: regimeKinds(p.kinds).map(KIND) as never[] } }, { code: { in: p.include } }],
            },
            { code: { notIn: p.exclude } },
          ],
        },
        orderBy: { code: 'asc' },
        take: input.limit,
        select: { id: true, code: true, name: true },
      });
      if (units.length > 0) {
        const id = await cycleId(input.cycleWorkflowId);
        await db.cycleAgency.createMany({
          data: units.map((u) => ({
            workflowId: `${input.reportIdPrefix}${u.code}`,
            cycleId: id,
            agencyId: u.id,
            dueAt: new Date(input.dueAt),
          })),
          skipDuplicates: true,
        });
      }
      return { units: units.map(({ code, name }) => ({ code, name })), done: units.length < input.limit };
    },

    async setCycleStatus(input: {
      workflowId: string;
      status: 'CONSOLIDATED' | 'CLOSED' | 'CANCELLED';
      at: number;
    }): Promise<void> {
      await db.reportingCycle.update({
        where: { workflowId: input.workflowId },
        data: {
          status: input.status,
          ...(input.status === 'CONSOLIDATED'
            ? { consolidatedAt: new Date(input.at) }
            : { closedAt: new Date(input.at) }),
        },
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
      if (!(await db.agency.findUnique({ where: { code: report.agencyCode }, select: { id: true } })))
        throw ApplicationFailure.nonRetryable(`no agency with code ${report.agencyCode}`, 'UnknownAgency');
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
      const key = `${e.workflowId}:${e.subject}:${e.level}${e.dueAt === undefined ? '' : `:${e.dueAt}`}`;
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

    /**
     * Marks the escalations of each level that no consolidated message has told yet, and whose
     * report is still owed, as told by that level's step; returns how many units each message will
     * list (0: nothing to send). Retried, it finds the same units marked and gives the same counts.
     */
    async markEscalationsTold(input: {
      cycleWorkflowId: string;
      steps: { level: number; step: string }[];
    }): Promise<number[]> {
      const counts: number[] = [];
      for (const { level, step } of input.steps) {
        const told = `${input.cycleWorkflowId}:${step}`;
        await db.$executeRaw`
          UPDATE "Escalation" e SET "digestStep" = ${told}
          FROM "CycleAgency" ca, "ReportingCycle" c
          WHERE e."cycleAgencyId" = ca."id" AND ca."cycleId" = c."id" AND c."workflowId" = ${input.cycleWorkflowId}
            AND e."subject" = 'REPORT_OVERDUE' AND e."level" = ${level} AND e."digestStep" IS NULL
            AND e."resolvedAt" IS NULL AND ca."state" = 'OVERDUE'`;
        const [row] = await db.$queryRaw<{ n: bigint }[]>`
          SELECT count(DISTINCT "cycleAgencyId") AS n FROM "Escalation" WHERE "digestStep" = ${told}`;
        counts.push(Number(row?.n ?? 0));
      }
      return counts;
    },

    /**
     * A follow-up after the summary: records it at `at` and says what its digest covers, reports
     * that came in since `since` and units still owing. The same answer when retried.
     */
    async recordFollowUp(input: { cycleWorkflowId: string; since: number; at: number }): Promise<{
      arrived: number;
      missing: number;
    }> {
      const id = await cycleId(input.cycleWorkflowId);
      const [arrived, missing] = await Promise.all([
        db.submission.count({
          where: {
            version: 1,
            receivedAt: { gte: new Date(input.since), lt: new Date(input.at) },
            cycleAgency: { cycleId: id },
          },
        }),
        db.cycleAgency.count({
          where: { cycleId: id, state: { in: ['PENDING', 'OVERDUE'] }, dueAt: { lt: new Date(input.at) } },
        }),
      ]);
      await db.reportingCycle.update({ where: { id }, data: { followUpAt: new Date(input.at) } });
      return { arrived, missing };
    },

    /**
     * Signals every report of a cycle (optionally only those in `states`): the reminder to all, a
     * new calendar, the final close. The reports are read from the mirror, whose row each has before
     * its workflow starts, a page at a time; a retry resumes after the last page signalled.
     */
    async signalReports(input: {
      cycleWorkflowId: string;
      signal: 'remindNowSignal' | 'closeReport' | 'replan';
      args?: unknown[];
      states?: ReportState[];
    }): Promise<number> {
      if (!signals)
        throw ApplicationFailure.nonRetryable('no Temporal client for signalling reports', 'NoClient');
      const resumed = Context.current().info.heartbeatDetails as { after: number; count: number } | undefined;
      let { after, count } = resumed ?? { after: 0, count: 0 };
      for (;;) {
        const page = await db.cycleAgency.findMany({
          where: {
            cycle: { workflowId: input.cycleWorkflowId },
            id: { gt: after },
            ...(input.states?.length ? { state: { in: input.states } } : {}),
          },
          orderBy: { id: 'asc' },
          take: SIGNAL_PAGE,
          select: { id: true, workflowId: true },
        });
        if (page.length === 0) return count;
        await signals.signalAll(
          page.map((r) => r.workflowId),
          input.signal,
          input.args ?? [],
        );
        after = page.at(-1)!.id;
        count += page.length;
        heartbeat({ after, count });
      }
    },
  };
}
