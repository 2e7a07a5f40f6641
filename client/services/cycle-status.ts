import { createWorkingCalendar, vnDateOf } from '../../domain/calendar';
import type { ReportState } from '../../workflows/reporting/types';
import type { ServiceContext } from './context';
import { findCycle, type CycleTarget } from './cycle-refs';

// What officials read of cycles, from the database mirror: each unit's state with its focal point,
// how late it is and how far it was escalated; and every overdue unit across running cycles.

export const REPORT_STATES: readonly ReportState[] = [
  'PENDING',
  'SUBMITTED_ON_TIME',
  'SUBMITTED_LATE',
  'OVERDUE',
  'EXEMPT',
];

export interface FocalPoint {
  name: string;
  email: string | null;
  phone: string | null;
}

export interface UnitStatusRow {
  agency: string;
  name: string;
  state: ReportState;
  dueAt: Date;
  submittedAt: Date | null;
  receiptNumber: string | null;
  escalationLevel: number;
  extendedReason: string | null;
  exemptReason: string | null;
  /** Working days (a drill: minutes) late now, for a report still owed after its deadline. */
  lateBy: { unit: 'workingDays' | 'minutes'; amount: number } | null;
  focalPoint: FocalPoint | null;
}

export interface CycleStatusView {
  key: string;
  workflowId: string;
  regime: string;
  year: number;
  period: string;
  drill: number;
  status: string;
  agencyDueAt: Date;
  consolidationAt: Date | null;
  finalCloseAt: Date | null;
  /** The page of units asked for (all by default). */
  agencies: UnitStatusRow[];
  totals: Record<ReportState, number> & { agencies: number };
}

type Slot = {
  state: ReportState;
  dueAt: Date;
  agency: {
    code: string;
    name: string;
    contacts: { name: string; email: string | null; phone: string | null }[];
  };
  submittedAt: Date | null;
  receiptNumber: string | null;
  escalationLevel: number;
  extendedReason: string | null;
  exemptReason: string | null;
};

const FOCAL = {
  where: { role: 'FOCAL_POINT' as const, active: true },
  orderBy: { id: 'asc' as const },
  take: 1,
  select: { name: true, email: true, phone: true },
};

function row(s: Slot, drill: boolean, now: number, calendar = createWorkingCalendar()): UnitStatusRow {
  const owed = s.state === 'PENDING' || s.state === 'OVERDUE';
  const late = owed && s.dueAt.getTime() < now;
  return {
    agency: s.agency.code,
    name: s.agency.name,
    state: s.state,
    dueAt: s.dueAt,
    submittedAt: s.submittedAt,
    receiptNumber: s.receiptNumber,
    escalationLevel: s.escalationLevel,
    extendedReason: s.extendedReason,
    exemptReason: s.exemptReason,
    lateBy: !late
      ? null
      : drill
        ? { unit: 'minutes', amount: Math.max(1, Math.ceil((now - s.dueAt.getTime()) / 60_000)) }
        : {
            unit: 'workingDays',
            amount: Math.max(1, calendar.workingDaysBetween(vnDateOf(s.dueAt.getTime()), vnDateOf(now))),
          },
    focalPoint: s.agency.contacts[0] ?? null,
  };
}

/** Each unit's state in a cycle; `limit`/`offset` page the units (the totals are of all). */
export async function cycleStatus(
  ctx: ServiceContext,
  target: CycleTarget,
  page: { limit?: number; offset?: number } = {},
): Promise<CycleStatusView> {
  const record = await findCycle(ctx, target);
  const db = await ctx.db();
  const [slots, groups] = await Promise.all([
    db.cycleAgency.findMany({
      where: { cycleId: record.id },
      include: { agency: { select: { code: true, name: true, contacts: FOCAL } } },
      orderBy: { agency: { code: 'asc' } },
      ...(page.limit ? { take: page.limit } : {}),
      ...(page.offset ? { skip: page.offset } : {}),
    }),
    db.cycleAgency.groupBy({ by: ['state'], where: { cycleId: record.id }, _count: true }),
  ]);
  const totals = Object.fromEntries(REPORT_STATES.map((s) => [s, 0])) as Record<ReportState, number>;
  for (const g of groups) totals[g.state] = g._count;
  const calendar = createWorkingCalendar();
  const now = Date.now();
  return {
    key: record.key,
    workflowId: record.workflowId,
    regime: record.regime,
    year: record.year,
    period: record.period,
    drill: record.drillNo,
    status: record.status,
    agencyDueAt: record.agencyDueAt,
    consolidationAt: record.consolidationAt,
    finalCloseAt: record.finalCloseAt,
    agencies: slots.map((s) => row(s, record.drill, now, calendar)),
    totals: { agencies: Object.values(totals).reduce((a, b) => a + b, 0), ...totals },
  };
}

export interface OverdueRow extends UnitStatusRow {
  cycleKey: string;
  regime: string;
  year: number;
  period: string;
  drill: number;
}

/** Every unit still owing a report after its deadline, in every cycle still taking reports, earliest first. */
export async function listOverdue(
  ctx: ServiceContext,
  opts: { regime?: string; limit?: number; offset?: number } = {},
): Promise<{ rows: OverdueRow[]; total: number }> {
  const db = await ctx.db();
  const now = new Date();
  const where = {
    state: { in: ['PENDING', 'OVERDUE'] as ReportState[] },
    dueAt: { lt: now },
    cycle: {
      status: { in: ['OPEN', 'CONSOLIDATED'] as ('OPEN' | 'CONSOLIDATED')[] },
      ...(opts.regime ? { regime: opts.regime } : {}),
    },
  };
  const [slots, total] = await Promise.all([
    db.cycleAgency.findMany({
      where,
      include: {
        agency: { select: { code: true, name: true, contacts: FOCAL } },
        cycle: { select: { key: true, regime: true, year: true, period: true, drillNo: true, drill: true } },
      },
      orderBy: [{ dueAt: 'asc' }, { agency: { code: 'asc' } }],
      take: opts.limit ?? 500,
      ...(opts.offset ? { skip: opts.offset } : {}),
    }),
    db.cycleAgency.count({ where }),
  ]);
  const calendar = createWorkingCalendar();
  return {
    rows: slots.map((s) => ({
      ...row(s, s.cycle.drill, now.getTime(), calendar),
      cycleKey: s.cycle.key,
      regime: s.cycle.regime,
      year: s.cycle.year,
      period: s.cycle.period,
      drill: s.cycle.drillNo,
    })),
    total,
  };
}
