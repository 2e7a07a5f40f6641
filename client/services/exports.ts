import type { AgencyKindValue } from '../../domain/agencies';
import type { ReportState } from '../../workflows/reporting/types';
import type { ServiceContext } from './context';
import { listRegimeCodes } from '../../config/regimes';
import { invalid, notFound } from './errors';

// What the exports read from the database, in one place: a cycle (regime, year, period, drill
// number) with each unit's outcome, and a regime's real cycles of a year.

export const DEFAULT_REGIME = 'CCHC';

export interface CycleKey {
  /** Default CCHC. */
  regime?: string;
  year: number;
  period: string;
  /** A drill of that period rather than the real cycle: its number, or true for the latest. */
  drill?: number | boolean;
}

export interface YearKey {
  regime?: string;
  year: number;
}

/** The database's kind of a unit (district and commune for units before 1/7/2025; xã, phường, đặc khu after). */
export type UnitKind = AgencyKindValue;

/** One unit's obligation in a cycle, as mirrored from its report workflow. */
export interface UnitOutcome {
  code: string;
  name: string;
  kind: UnitKind;
  state: ReportState;
  /** The deadline in force (the extended one, if extended). */
  dueAt: Date;
  extendedReason: string | null;
  exemptReason: string | null;
  escalationLevel: number;
  /** The first submission: it decides on time or late. */
  submittedAt: Date | null;
  /** Working days late of the first submission (0 when on time); null when nothing was submitted. */
  workingDaysLate: number | null;
  /** Document number and receipt of the latest submission (a corrected version replaces the first). */
  documentNumber: string | null;
  receiptNumber: string | null;
  versions: number;
  /** Notification rows SENT for this unit's report (each email or SMS to each recipient). */
  noticesSent: number;
}

export interface CycleOutcomes {
  regime: string;
  year: number;
  period: string;
  drill: boolean;
  workflowId: string;
  status: 'PLANNED' | 'OPEN' | 'CONSOLIDATED' | 'CLOSED' | 'CANCELLED';
  windowStart: Date;
  cutoff: Date;
  /** The agencies' deadline of the cycle (before any extension). */
  agencyDueAt: Date;
  closedAt: Date | null;
  units: UnitOutcome[];
}

export interface YearOutcomes {
  regime: string;
  year: number;
  /** Real cycles of the year closed for good (final close): the record counts these. */
  counted: CycleOutcomes[];
  /** Real cycles left out: still open, consolidated but still taking late reports, planned or cancelled. */
  leftOut: { period: string; status: CycleOutcomes['status'] }[];
}

function regimeOf(key: { regime?: string }): string {
  const regime = (key.regime ?? DEFAULT_REGIME).toUpperCase();
  const known = listRegimeCodes();
  if (!known.includes(regime))
    throw notFound('regime', `không có chế độ báo cáo ${regime} (có: ${known.join(', ')})`);
  return regime;
}

const cycleInclude = {
  agencies: {
    include: {
      agency: { select: { code: true, name: true, kind: true } },
      submissions: {
        orderBy: { version: 'asc' },
        select: { version: true, documentNumber: true, receiptNumber: true, lateWorkingDays: true },
      },
    },
    orderBy: { agency: { code: 'asc' } },
  },
} as const;

type Db = Awaited<ReturnType<ServiceContext['db']>>;
type CycleRow = NonNullable<Awaited<ReturnType<typeof findCycle>>>;

function findCycle(db: Db, regime: string, year: number, period: string, drill: number | boolean) {
  if (drill === true)
    return db.reportingCycle.findFirst({
      where: { regime, year, period, drillNo: { gt: 0 } },
      orderBy: { drillNo: 'desc' },
      include: cycleInclude,
    });
  return db.reportingCycle.findUnique({
    where: { regime_year_period_drillNo: { regime, year, period, drillNo: drill === false ? 0 : drill } },
    include: cycleInclude,
  });
}

/** SENT notification rows per report workflow ID. */
async function noticesSent(db: Db, workflowIds: string[]): Promise<Map<string, number>> {
  if (workflowIds.length === 0) return new Map();
  const groups = await db.notification.groupBy({
    by: ['workflowId'],
    where: { workflowId: { in: workflowIds }, status: 'SENT' },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.workflowId, g._count._all]));
}

function outcomesOf(regime: string, row: CycleRow, sent: Map<string, number>): CycleOutcomes {
  return {
    regime,
    year: row.year,
    period: row.period,
    drill: row.drill,
    workflowId: row.workflowId,
    status: row.status,
    windowStart: row.windowStart,
    cutoff: row.cutoff,
    agencyDueAt: row.agencyDueAt,
    closedAt: row.closedAt,
    units: row.agencies.map((slot) => {
      const first = slot.submissions[0];
      const latest = slot.submissions.at(-1);
      return {
        code: slot.agency.code,
        name: slot.agency.name,
        kind: slot.agency.kind,
        state: slot.state,
        dueAt: slot.dueAt,
        extendedReason: slot.extendedReason,
        exemptReason: slot.exemptReason,
        escalationLevel: slot.escalationLevel,
        submittedAt: slot.submittedAt,
        workingDaysLate: first ? first.lateWorkingDays : null,
        documentNumber: latest?.documentNumber ?? null,
        receiptNumber: latest?.receiptNumber ?? slot.receiptNumber,
        versions: slot.submissions.length,
        noticesSent: sent.get(slot.workflowId) ?? 0,
      };
    }),
  };
}

/** One cycle and each unit's outcome, units by code. */
export async function loadCycleOutcomes(ctx: ServiceContext, key: CycleKey): Promise<CycleOutcomes> {
  const regime = regimeOf(key);
  const drill = key.drill ?? false;
  const db = await ctx.db();
  const row = await findCycle(db, regime, key.year, key.period, drill);
  const what = `${drill === false ? 'kỳ báo cáo' : `kỳ diễn tập${typeof drill === 'number' ? ` số ${drill}` : ''}`} ${key.period} năm ${key.year} (${regime})`;
  if (!row) {
    // The period has only drills: say so rather than "no such cycle".
    const drills =
      drill === false &&
      (await db.reportingCycle.count({
        where: { regime, year: key.year, period: key.period, drillNo: { gt: 0 } },
      })) > 0;
    throw notFound(
      drill === false ? 'period' : 'drill',
      `chưa có ${what}${drills ? ': chỉ có kỳ diễn tập (thêm --drill)' : ''}`,
    );
  }
  if (row.status === 'PLANNED') throw invalid('period', `${what} chưa mở`);
  return outcomesOf(
    regime,
    row,
    await noticesSent(
      db,
      row.agencies.map((a) => a.workflowId),
    ),
  );
}

/** The real cycles of a year, by opening date; the closed ones are counted, the others named. */
export async function loadYearOutcomes(ctx: ServiceContext, key: YearKey): Promise<YearOutcomes> {
  const regime = regimeOf(key);
  const db = await ctx.db();
  const rows = await db.reportingCycle.findMany({
    where: { regime, year: key.year, drillNo: 0 },
    include: cycleInclude,
    orderBy: { opensAt: 'asc' },
  });
  const closed = rows.filter((r) => r.status === 'CLOSED');
  const sent = await noticesSent(
    db,
    closed.flatMap((r) => r.agencies.map((a) => a.workflowId)),
  );
  return {
    regime,
    year: key.year,
    counted: closed.map((r) => outcomesOf(regime, r, sent)),
    leftOut: rows.filter((r) => r.status !== 'CLOSED').map((r) => ({ period: r.period, status: r.status })),
  };
}
