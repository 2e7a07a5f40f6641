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
  const drillNo = c.drill ? 1 : 0;
  const key = `CCHC-${c.year}-${c.period}${drillNo ? `-DT${drillNo}` : ''}`;
  const cycleId = `cycle-${key}`;
  const agencyDueAt = new Date(endOfDayInstant(c.dueDate));
  const cycle = await db.reportingCycle.create({
    data: {
      workflowId: cycleId,
      key,
      drillNo,
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
    const workflowId = `report-${key}-${code}`;
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

/**
 * Q1 2027, agencies due Tue 16/03/2027, closed Wed 24/03 16:00: three on time (SYT on an extension
 * to 23/03), SXD two working days late (Thu 18/03) then corrected, X_MYTHO five (Tue 23/03: Wed 17,
 * Thu 18, Fri 19, Mon 22, Tue 23), X_CAOLANH never, BQLKKT exempt.
 */
export const Q1_2027: SeedCycle = {
  year: 2027,
  period: 'Q1',
  dueDate: '2027-03-16',
  windowStart: '2026-12-15',
  cutoff: '2027-03-14',
  closedAt: '2027-03-24 16:00',
  units: {
    STP: {
      state: 'SUBMITTED_ON_TIME',
      submissions: [{ at: '2027-03-15 10:05', documentNumber: '12/BC-STP', lateWorkingDays: 0 }],
      sent: 3,
      failed: 1,
    },
    // Thu 18/03 is two working days after Tue 16/03 (Wed 17, Thu 18); a corrected copy on Fri 19/03.
    SXD: {
      state: 'SUBMITTED_LATE',
      escalationLevel: 1,
      submissions: [
        { at: '2027-03-18 09:30', documentNumber: '20/BC-SXD', lateWorkingDays: 2 },
        { at: '2027-03-19 14:00', documentNumber: '25/BC-SXD', lateWorkingDays: 3 },
      ],
      sent: 5,
    },
    // Tue 23/03: Wed 17, Thu 18, Fri 19, Mon 22, Tue 23 = five working days.
    X_MYTHO: {
      state: 'SUBMITTED_LATE',
      escalationLevel: 2,
      submissions: [{ at: '2027-03-23 08:15', documentNumber: '07/BC-UBND', lateWorkingDays: 5 }],
      sent: 7,
    },
    X_CAOLANH: { state: 'OVERDUE', escalationLevel: 2, sent: 6 },
    BQLKKT: { state: 'EXEMPT', exemptReason: 'Mới thành lập, chưa phát sinh kỳ báo cáo', sent: 1 },
    SYT: {
      state: 'SUBMITTED_ON_TIME',
      extendedTo: '2027-03-23',
      extendedReason: 'Chờ số liệu quý',
      submissions: [{ at: '2027-03-22 15:00', documentNumber: '31/BC-SYT', lateWorkingDays: 0 }],
      sent: 2,
    },
    SCT: {
      state: 'SUBMITTED_ON_TIME',
      submissions: [{ at: '2027-03-16 16:45', documentNumber: '09/BC-SCT', lateWorkingDays: 0 }],
    },
  },
};
