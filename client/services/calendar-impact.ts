import type { Db } from '../../config/connections';
import {
  DEFAULT_POLICY,
  parsePolicy,
  vnDateOf,
  type ReportingPolicy,
  type WorkingCalendar,
} from '../../domain/calendar';
import {
  cycleImpact,
  inspectionImpact,
  type InspectionImpact,
  type ReportGroupImpact,
  type StepMove,
} from '../../domain/calendar-impact';
import { defaultInspectionPolicy, inspectionPolicySchema } from '../../domain/inspection-policy';

// The running workflows a new calendar version would move, found from their database rows: open
// and consolidated cycles (with their agencies' reports still owed; drills are timed in minutes) and inspections not yet concluded or cancelled. Only those
// whose calendar snapshot covers the published year can be affected.

export interface AffectedWorkflow {
  kind: 'cycle' | 'inspection';
  workflowId: string;
  /** The cycle's or the plan's year: the workflow's snapshot covers the year before to the year after. */
  year: number;
  /** `Kỳ Q1 năm 2031`, `Kiểm tra KT1 năm 2031 – STP`. */
  label: string;
  moves: StepMove[];
  /** A cycle's reports whose steps move, grouped by due date. */
  reports: ReportGroupImpact[];
  nowDaysOff: InspectionImpact['nowDaysOff'];
  /** Why the steps were computed with an assumption (no policy in the row…). */
  notes: string[];
}

export interface WorkflowImpact {
  affected: AffectedWorkflow[];
  /** Running workflows looked at whose steps do not move. */
  unaffected: number;
}

const dateOf = (d: Date) => d.toISOString().slice(0, 10);

/** The policy stored with a cycle (its regime's, as the cycle started with it), else the default policy. */
function cyclePolicy(row: object): { policy: ReportingPolicy; note?: string } {
  // The regime a cycle runs is stored whole, its policy already parsed.
  const regime = (row as { regimeData?: { policy?: ReportingPolicy } | null }).regimeData;
  if (regime?.policy) return { policy: regime.policy };
  const stored = (row as { policy?: unknown }).policy;
  if (stored === undefined || stored === null)
    return { policy: DEFAULT_POLICY, note: 'tính theo chính sách mặc định: kỳ không lưu chính sách' };
  try {
    return { policy: parsePolicy(stored) };
  } catch {
    return {
      policy: DEFAULT_POLICY,
      note: 'tính theo chính sách mặc định: chính sách đã lưu không đọc được',
    };
  }
}

/** Running workflows of the years whose snapshots cover `year`, and what moves in each. */
export async function workflowImpact(
  db: Db,
  year: number,
  before: WorkingCalendar,
  after: WorkingCalendar,
  now: number,
): Promise<WorkflowImpact> {
  const years = { in: [year - 1, year, year + 1] };
  const [cycles, inspections] = await Promise.all([
    db.reportingCycle.findMany({
      // Consolidated cycles still take late reports: their overdue repeats and final close can move.
      where: { status: { in: ['OPEN', 'CONSOLIDATED'] }, drill: false, year: years },
      include: { agencies: { where: { state: { in: ['PENDING', 'OVERDUE'] } } } },
      orderBy: [{ year: 'asc' }, { period: 'asc' }],
    }),
    db.inspection.findMany({
      where: {
        state: { notIn: ['CONCLUDED', 'CANCELLED'] },
        plan: { status: 'ACTIVE', year: years },
      },
      include: { plan: true, agency: { select: { code: true } }, findings: true },
      orderBy: { workflowId: 'asc' },
    }),
  ]);
  const affected: AffectedWorkflow[] = [];
  let unaffected = 0;
  const add = (w: AffectedWorkflow) => {
    if (w.moves.length + w.reports.length + w.nowDaysOff.length > 0) affected.push(w);
    else unaffected++;
  };

  for (const c of cycles) {
    const { policy, note } = cyclePolicy(c);
    const notes = note ? [note] : [];
    let impact;
    try {
      const reports = c.agencies.map((a) => ({
        dueDate: vnDateOf(a.dueAt.getTime()),
        explicit: a.extendedReason !== null || a.dueAt.getTime() !== c.agencyDueAt.getTime(),
      }));
      impact = cycleImpact({ year: c.year, period: c.period, policy, reports }, before, after, now);
    } catch (err) {
      notes.push(`không tính được các bước: ${(err as Error).message}`);
      impact = { moves: [], reports: [] };
    }
    add({
      kind: 'cycle',
      workflowId: c.workflowId,
      year: c.year,
      label: `Kỳ ${c.period} năm ${c.year}`,
      moves: impact.moves,
      reports: impact.reports,
      nowDaysOff: [],
      notes,
    });
  }

  for (const i of inspections) {
    const parsed = inspectionPolicySchema.safeParse(i.plan.policy);
    const notes = parsed.success
      ? []
      : ['tính theo chính sách kiểm tra mặc định: chính sách đã lưu không đọc được'];
    let impact: InspectionImpact;
    try {
      impact = inspectionImpact(
        {
          year: i.plan.year,
          scope: i.scope,
          policy: parsed.success ? parsed.data : defaultInspectionPolicy(),
          state: i.state,
          visitDate: dateOf(i.visitDate),
          noticeSent: i.state !== 'SCHEDULED',
          selfReportReceived: i.selfReportAt !== null,
          ...(i.visitRecordedAt ? { resultRecordedAt: i.visitRecordedAt.toISOString() } : {}),
          findings: i.findings.map((f) => ({
            code: f.code,
            description: f.description,
            dueDate: vnDateOf(f.remediationDueAt.getTime()),
            state: f.state,
          })),
        },
        before,
        after,
        now,
      );
    } catch (err) {
      notes.push(`không tính được các bước: ${(err as Error).message}`);
      impact = { moves: [], nowDaysOff: [] };
    }
    add({
      kind: 'inspection',
      workflowId: i.workflowId,
      year: i.plan.year,
      label: `Kiểm tra ${i.plan.code} năm ${i.plan.year} – ${i.agency.code}`,
      moves: impact.moves,
      reports: [],
      nowDaysOff: impact.nowDaysOff,
      notes,
    });
  }
  return { affected, unaffected };
}
