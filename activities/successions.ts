import { ApplicationFailure } from '@temporalio/activity';
import { formatVnDatePadded, type IsoDate } from '../domain/calendar/dates';
import type { ExemptInput } from '../domain/reporting';
import type { AgencyReportStatus } from '../workflows/reporting/types';
import type { ActivityDeps } from './deps';
import type { EnrolledUnit } from './reporting';

// A merge recorded while a cycle runs: the report the merged units still owe passes to their
// successor (one report owed, not two). The rules, as an official expects them:
// - on the merge's date (at once when it is already past), each predecessor's report still owed
//   (PENDING or OVERDUE) ends EXEMPT, its reason naming the successor; it is told so, and its
//   history, reminders sent and escalations stay as they were;
// - a predecessor that had already reported keeps its report and receipt: they count as given;
// - the successor then owes one report in this cycle, by the latest deadline among those it took
//   over (extensions carry over); if it already had a report of its own in the cycle, that one
//   stands, with its own deadline;
// - when every predecessor had reported, the successor owes nothing in this cycle.
// Only merges move obligations: after a split or a dissolution the official decides (exempt or extend).

export interface Succession {
  /** The unit change (`merge:2027-02-01:A+B>C`). */
  changeKey: string;
  /** The day it takes effect (Vietnam). */
  date: IsoDate;
  successor: EnrolledUnit;
  /** Predecessors with a report in the cycle, in code order. */
  predecessors: EnrolledUnit[];
}

export interface TransferInput extends Succession {
  cycleWorkflowId: string;
  /** Report workflow IDs are this prefix and the unit's code. */
  reportIdPrefix: string;
}

export interface TransferResult {
  /** Reports that were still owed and now pass to the successor, with the deadline each had. */
  transferred: { code: string; name: string; dueDate: IsoDate; dueAt: number }[];
  /** Reports that stay as they were (submitted, exempted, or already ended). */
  kept: { code: string; state: string }[];
  /** The successor has a report of its own in the cycle (started earlier, or by an earlier merge). */
  successorEnrolled: boolean;
}

/** How an activity reaches one report workflow. */
export interface ReportCalls {
  /** Its status; undefined when no such workflow exists. */
  status(workflowId: string): Promise<AgencyReportStatus | undefined>;
  /** Its `exempt` update; rejects when the report refuses it (no longer owed). */
  exempt(workflowId: string, input: ExemptInput): Promise<AgencyReportStatus>;
}

/** The reason a predecessor's report ends with: also how a retried transfer recognises its own work. */
export function transferReason(s: Pick<Succession, 'date' | 'successor'>): string {
  return `Sáp nhập vào ${s.successor.name} (${s.successor.code}) từ ngày ${formatVnDatePadded(s.date)}: báo cáo kỳ này do ${s.successor.name} gửi`;
}

const OWED = new Set(['PENDING', 'OVERDUE']);

/** Ends each predecessor report still owed, and says which were (idempotent: a retry finds its own reason). */
export async function transferOwed(
  calls: ReportCalls,
  input: TransferInput,
): Promise<Omit<TransferResult, 'successorEnrolled'>> {
  const reason = transferReason(input);
  const result: Omit<TransferResult, 'successorEnrolled'> = { transferred: [], kept: [] };
  for (const unit of input.predecessors) {
    const workflowId = `${input.reportIdPrefix}${unit.code}`;
    let status = await calls.status(workflowId);
    if (status && OWED.has(status.state)) {
      try {
        status = await calls.exempt(workflowId, { reason });
      } catch {
        // Refused: it was submitted (or ended) in between. What it is now decides.
        status = await calls.status(workflowId);
      }
    }
    if (status?.state === 'EXEMPT' && status.exemptReason === reason) {
      result.transferred.push({
        code: unit.code,
        name: unit.name,
        dueDate: status.dueDate,
        dueAt: status.dueAt,
      });
    } else {
      result.kept.push({ code: unit.code, state: status?.state ?? 'NONE' });
    }
  }
  return result;
}

export function createSuccessionActivities({ db, signals }: Pick<ActivityDeps, 'db' | 'signals'>) {
  return {
    /**
     * The merges not yet followed whose predecessors have a report in this cycle: from the units'
     * record, so a merge recorded before the cycle opened but dated after it is found too.
     */
    async successionsToFollow(input: { cycleWorkflowId: string; followed: string[] }): Promise<Succession[]> {
      const links = await db.agencySuccession.findMany({
        where: {
          change: { kind: 'MERGE', key: { notIn: input.followed } },
          predecessor: { cycleSlots: { some: { cycle: { workflowId: input.cycleWorkflowId } } } },
        },
        select: {
          change: { select: { key: true, date: true } },
          predecessor: { select: { code: true, name: true } },
          successor: { select: { code: true, name: true } },
        },
        orderBy: [{ change: { date: 'asc' } }, { changeId: 'asc' }],
        take: 1_000,
      });
      const byChange = new Map<string, Succession>();
      for (const l of links) {
        const s = byChange.get(l.change.key) ?? {
          changeKey: l.change.key,
          date: l.change.date.toISOString().slice(0, 10) as IsoDate,
          successor: l.successor,
          predecessors: [],
        };
        s.predecessors.push(l.predecessor);
        byChange.set(l.change.key, s);
      }
      for (const s of byChange.values()) s.predecessors.sort((a, b) => (a.code < b.code ? -1 : 1));
      return [...byChange.values()];
    },

    /**
     * Carries one merge into the cycle: the predecessors' reports still owed end (EXEMPT, naming the
     * successor) and the successor gets its row in the mirror, due by the latest of their deadlines.
     */
    async transferReports(input: TransferInput): Promise<TransferResult> {
      if (!signals?.query || !signals.update)
        throw ApplicationFailure.nonRetryable('no Temporal client for reaching reports', 'NoClient');
      const { query, update } = signals;
      const calls: ReportCalls = {
        status: (id) => query<AgencyReportStatus>(id, 'status'),
        exempt: (id, payload) => update<AgencyReportStatus>(id, 'exempt', [payload]),
      };
      const moved = await transferOwed(calls, input);
      const cycle = await db.reportingCycle.findUniqueOrThrow({
        where: { workflowId: input.cycleWorkflowId },
        select: { id: true },
      });
      const successor = await db.agency.findUniqueOrThrow({
        where: { code: input.successor.code },
        select: { id: true },
      });
      const existing = await db.cycleAgency.findUnique({
        where: { cycleId_agencyId: { cycleId: cycle.id, agencyId: successor.id } },
        select: { id: true, workflowId: true },
      });
      // A row this transfer wrote on an earlier attempt has no report yet; one the fan-out wrote has.
      const own = `${input.reportIdPrefix}${input.successor.code}`;
      const hadReport = existing !== null && (await query(existing.workflowId, 'status')) !== undefined;
      if (!existing && moved.transferred.length > 0) {
        await db.cycleAgency.createMany({
          data: [
            {
              workflowId: own,
              cycleId: cycle.id,
              agencyId: successor.id,
              dueAt: new Date(Math.max(...moved.transferred.map((t) => t.dueAt))),
            },
          ],
          skipDuplicates: true,
        });
      }
      return { ...moved, successorEnrolled: hadReport };
    },
  };
}
