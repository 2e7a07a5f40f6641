import { OUTCOME_LABELS, ddmmyyyy, periodPhrase, type OutcomeCounts } from '../../documents/labels';
import type { CycleOutcomes, UnitOutcome } from '../services/exports';
import type { SheetColumn } from './cells';
import {
  countOutcomes,
  formatDeadline,
  formatInstant,
  isEndOfDay,
  KIND_VI,
  resultOf,
  type UnitResult,
} from './outcomes';

// The cycle export as a table, independent of the file format: its title lines, one row per unit,
// the totals. The XLSX and CSV writers only lay these out.

export interface CycleRow {
  index: number;
  unit: UnitOutcome;
  result: UnitResult;
}

export const CYCLE_COLUMNS: SheetColumn<CycleRow>[] = [
  { header: 'STT', center: true, width: 5, value: (r) => r.index },
  { header: 'Mã đơn vị', width: 12, value: (r) => r.unit.code },
  { header: 'Tên đơn vị', width: 36, value: (r) => r.unit.name },
  { header: 'Loại đơn vị', width: 16, value: (r) => KIND_VI[r.unit.kind] },
  {
    header: 'Hạn gửi',
    center: true,
    width: 12,
    value: (r) => ({ at: r.unit.dueAt, time: !isEndOfDay(r.unit.dueAt) }),
  },
  {
    header: 'Thời điểm gửi',
    center: true,
    width: 17,
    value: (r) => (r.unit.submittedAt ? { at: r.unit.submittedAt, time: true } : null),
  },
  { header: 'Số văn bản', width: 16, value: (r) => r.unit.documentNumber },
  { header: 'Số biên nhận', width: 22, value: (r) => r.unit.receiptNumber },
  { header: 'Kết quả', width: 22, value: (r) => r.result.text },
  { header: 'Số ngày làm việc trễ', center: true, width: 10, value: (r) => r.result.workingDaysLate },
  { header: 'Mức đôn đốc', center: true, width: 9, value: (r) => r.unit.escalationLevel },
  { header: 'Số thông báo đã gửi', center: true, width: 10, value: (r) => r.unit.noticesSent },
  { header: 'Ghi chú', width: 40, value: (r) => r.result.note || null },
];

export interface CycleTable {
  title: string;
  /** The title as the chart shows it (not in capitals). */
  chartTitle: string;
  /** Deadline, data window, state of the cycle, when exported. */
  subtitle: string;
  rows: CycleRow[];
  counts: OutcomeCounts;
  /** The totals block: label, count, share of all units. */
  totals: { label: string; count: number; share: number | null }[];
}

const isoOf = (d: Date) => d.toISOString().slice(0, 10);

const STATUS_VI: Record<CycleOutcomes['status'], string> = {
  PLANNED: 'chưa mở',
  OPEN: 'đang mở',
  CONSOLIDATED: 'đã tổng hợp, còn nhận báo cáo trễ',
  CLOSED: 'đã kết thúc (chốt sổ)',
  CANCELLED: 'đã hủy',
};

export function cycleTitle(c: Pick<CycleOutcomes, 'year' | 'period' | 'drill'>): string {
  return `Tình hình gửi báo cáo CCHC ${periodPhrase(c)}${c.drill ? ' (diễn tập)' : ''}`;
}

export function buildCycleTable(cycle: CycleOutcomes, exportedAt: Date): CycleTable {
  const rows = cycle.units.map((unit, i) => ({ index: i + 1, unit, result: resultOf(unit) }));
  const counts = countOutcomes(rows.map((r) => r.result));
  const all = rows.length;
  const share = (n: number) => (all === 0 ? null : n / all);
  const keys = (Object.keys(OUTCOME_LABELS) as (keyof OutcomeCounts)[]).filter(
    (k) => k !== 'extended' || counts.extended > 0,
  );
  const closed = cycle.closedAt ? ` ngày ${formatInstant(cycle.closedAt)}` : '';
  return {
    title: cycleTitle(cycle).toUpperCase(),
    chartTitle: cycleTitle(cycle),
    subtitle:
      `Hạn gửi Sở Nội vụ: ${formatDeadline(cycle.agencyDueAt)}. ` +
      `Số liệu từ ${ddmmyyyy(isoOf(cycle.windowStart))} đến ${ddmmyyyy(isoOf(cycle.cutoff))}. ` +
      `Kỳ báo cáo ${STATUS_VI[cycle.status]}${closed}. Số liệu lúc ${formatInstant(exportedAt)}.`,
    rows,
    counts,
    totals: [
      ...keys.map((k) => ({ label: OUTCOME_LABELS[k], count: counts[k], share: share(counts[k]) })),
      { label: 'Tổng số đơn vị', count: all, share: share(all) },
    ],
  };
}
