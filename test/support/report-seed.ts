import { endOfDayInstant, vnInstant } from '../../domain/calendar';
import type { Db } from '../../config/connections';

// Cycles, units, submissions and sent notices written straight into the database, as the reporting
// workflows' mirror would have left them: the hand-worked cases of the export tests.

export const UNITS = {
  STP: { name: 'Sở Tư pháp', kind: 'DEPARTMENT' },
  SXD: { name: 'Sở Xây dựng', kind: 'DEPARTMENT' },
  SYT: { name: 'Sở Y tế', kind: 'DEPARTMENT' },
  SCT: { name: 'Sở Công Thương', kind: 'DEPARTMENT' },
  BQLKKT: { name: 'Ban Quản lý Khu kinh tế tỉnh', kind: 'DEPARTMENT' },
  X_MYTHO: { name: 'Phường Mỹ Tho', kind: 'COMMUNE' },
  X_CAOLANH: { name: 'Phường Cao Lãnh', kind: 'COMMUNE' },
} as const;
export type UnitCode = keyof typeof UNITS;

export async function seedUnits(db: Db, codes: UnitCode[] = Object.keys(UNITS) as UnitCode[]): Promise<void> {
  for (const code of codes) await db.agency.create({ data: { code, ...UNITS[code] } });
}

export interface SeedSubmission {
  /** 'YYYY-MM-DD HH:mm', Vietnam time. */
  at: string;
  documentNumber: string;
  lateWorkingDays: number;
}

export interface SeedUnit {
  state: 'PENDING' | 'SUBMITTED_ON_TIME' | 'SUBMITTED_LATE' | 'OVERDUE' | 'EXEMPT';
  submissions?: SeedSubmission[];
  escalationLevel?: number;
  /** An extension to the end of this day. */
  extendedTo?: string;
  extendedReason?: string;
  exemptReason?: string;
  /** Notification rows for this unit's report: how many SENT, how many FAILED (not counted). */
  sent?: number;
  failed?: number;
}

export interface SeedCycle {
  year: number;
  period: string;
  drill?: boolean;
  status?: 'OPEN' | 'CLOSED';
  /** The agencies' due day, YYYY-MM-DD. */
  dueDate: string;
  windowStart: string;
  cutoff: string;
  closedAt?: string;
  units: Partial<Record<UnitCode, SeedUnit>>;
}

const instant = (local: string) => {
  const [date, time] = local.split(' ');
  return new Date(vnInstant(date!, time));
};
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

export async function seedCycle(db: Db, c: SeedCycle): Promise<void> {
  const cycleId = `cycle-${c.year}-${c.period}`;
  const agencyDueAt = new Date(endOfDayInstant(c.dueDate));
  const cycle = await db.reportingCycle.create({
    data: {
      workflowId: cycleId,
      year: c.year,
      period: c.period,
      windowStart: day(c.windowStart),
      cutoff: day(c.cutoff),
      opensAt: instant(`${c.cutoff} 08:00`),
      agencyDueAt,
      provinceDueAt: new Date(agencyDueAt.getTime() + 4 * 86_400_000),
      drill: c.drill ?? false,
      status: c.status ?? 'CLOSED',
      closedAt: c.closedAt ? instant(c.closedAt) : null,
    },
  });
  for (const [code, u] of Object.entries(c.units) as [UnitCode, SeedUnit][]) {
    const agency = await db.agency.findUniqueOrThrow({ where: { code } });
    const workflowId = `report-${c.year}-${c.period}-${code}`;
    const subs = u.submissions ?? [];
    const receipt = (v: number) => `BN-${c.year}-${c.period}-${code}-${v}`;
    await db.cycleAgency.create({
      data: {
        workflowId,
        cycleId: cycle.id,
        agencyId: agency.id,
        state: u.state,
        dueAt: u.extendedTo ? new Date(endOfDayInstant(u.extendedTo)) : agencyDueAt,
        extendedReason: u.extendedReason ?? (u.extendedTo ? 'Đơn vị đề nghị' : null),
        exemptReason: u.exemptReason ?? null,
        escalationLevel: u.escalationLevel ?? 0,
        submittedAt: subs[0] ? instant(subs[0].at) : null,
        receiptNumber: subs.length > 0 ? receipt(subs.length) : null,
        submissions: {
          create: subs.map((s, i) => ({
            version: i + 1,
            documentNumber: s.documentNumber,
            signedDate: day(s.at.slice(0, 10)),
            receivedAt: instant(s.at),
            channel: 'email',
            receiptNumber: receipt(i + 1),
            onTime: s.lateWorkingDays === 0,
            lateWorkingDays: s.lateWorkingDays,
          })),
        },
      },
    });
    const rows = [
      ...Array.from({ length: u.sent ?? 0 }, () => 'SENT' as const),
      ...Array.from({ length: u.failed ?? 0 }, () => 'FAILED' as const),
    ];
    await db.notification.createMany({
      data: rows.map((status, i) => ({
        idempotencyKey: `${workflowId}:REPORT_REMINDER:r-${i}:email:x${i}@dongthap.example`,
        channel: 'EMAIL',
        purpose: 'REPORT_REMINDER',
        workflowId,
        agencyCode: code,
        recipient: `x${i}@dongthap.example`,
        status,
      })),
    });
  }
}
