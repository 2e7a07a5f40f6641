import { periodPhrase } from '../../documents/labels';
import { periodLabel } from '../../domain/templates/format';
import type { UnitKind, YearOutcomes } from '../services/exports';
import type { SheetColumn } from './cells';
import { KIND_VI, resultOf } from './outcomes';

// Each unit's reporting record over a year: the input of the "chấp hành chế độ báo cáo" criterion
// of the yearly CCHC index ranking. Seed plan (Kế hoạch CCHC 2022 of UBND tỉnh): II.7 (the Chỉ số
// CCHC scoring of departments and local governments) and IV.2 (Sở Nội vụ tracks, urges and ranks
// every unit each year). Only real, closed cycles count: drills never, and an open cycle's units
// are not yet late or missing for good.
//
// Rate and rank:
// - on-time rate = on time / (cycles the unit had to report in − cycles it was exempt from); a unit
//   exempt from all of them has no rate and is not ranked (listed last);
// - ranked by on-time rate (higher first), then fewer reports not submitted, then fewer working days
//   late in total; units equal on all three share a rank (1, 2, 2, 4) and are listed by code.

export interface YearRow {
  rank: number | null;
  code: string;
  name: string;
  kind: UnitKind;
  /** Cycles in which the unit had a report (a unit founded mid-year has fewer). */
  cycles: number;
  onTime: number;
  late: number;
  missing: number;
  exempt: number;
  workingDaysLate: number;
  /** 0..1; null when exempt from every cycle. */
  rate: number | null;
  /** The outcome in each counted cycle, by period code ('' where the unit had no report). */
  byCycle: Record<string, string>;
}

export interface YearTable {
  title: string;
  subtitle: string;
  periods: string[];
  rows: YearRow[];
}

const SHORT: Record<string, string> = { onTime: 'Đúng hạn', notSubmitted: 'Không gửi', exempt: 'Miễn' };

/** Better first: rate, then fewer missing, then fewer working days late. 0 when equal on all three. */
function compare(a: YearRow, b: YearRow): number {
  if (a.rate === null || b.rate === null) return (a.rate === null ? 1 : 0) - (b.rate === null ? 1 : 0);
  return b.rate - a.rate || a.missing - b.missing || a.workingDaysLate - b.workingDaysLate;
}

export function buildYearTable(year: YearOutcomes): YearTable {
  const units = new Map<string, YearRow>();
  for (const cycle of year.counted) {
    for (const u of cycle.units) {
      const row =
        units.get(u.code) ??
        ({
          rank: null,
          code: u.code,
          name: u.name,
          kind: u.kind,
          cycles: 0,
          onTime: 0,
          late: 0,
          missing: 0,
          exempt: 0,
          workingDaysLate: 0,
          rate: null,
          byCycle: {},
        } satisfies YearRow);
      // The name and kind of the latest cycle: a unit renamed mid-year reads as it is now.
      Object.assign(row, { name: u.name, kind: u.kind });
      const r = resultOf(u);
      row.cycles += 1;
      if (r.kind === 'onTime') row.onTime += 1;
      else if (r.kind === 'late') {
        row.late += 1;
        row.workingDaysLate += r.workingDaysLate ?? 1;
      } else if (r.kind === 'exempt') row.exempt += 1;
      else row.missing += 1; // not submitted, or on an extension the closed cycle never saw met
      row.byCycle[cycle.period] =
        r.kind === 'late' ? `Trễ ${r.workingDaysLate} ngày` : (SHORT[r.kind] ?? SHORT.notSubmitted!);
      units.set(u.code, row);
    }
  }
  const rows = [...units.values()];
  for (const row of rows) {
    const due = row.cycles - row.exempt;
    row.rate = due === 0 ? null : row.onTime / due;
  }
  rows.sort((a, b) => compare(a, b) || a.code.localeCompare(b.code));
  rows.forEach((row, i) => {
    if (row.rate === null) return;
    const previous = rows[i - 1];
    row.rank = previous && previous.rate !== null && compare(previous, row) === 0 ? previous.rank : i + 1;
  });
  const periods = year.counted.map((c) => c.period);
  const counted = year.counted.map((c) => periodPhrase(c)).join(', ') || 'chưa có kỳ nào đã đóng';
  const leftOut = year.leftOut.map(
    (c) => `${c.period} (${c.status === 'CANCELLED' ? 'đã hủy' : 'chưa đóng'})`,
  );
  return {
    title: `KẾT QUẢ CHẤP HÀNH CHẾ ĐỘ BÁO CÁO CCHC NĂM ${year.year}`,
    subtitle:
      `Các kỳ đã tính: ${counted}.${leftOut.length > 0 ? ` Chưa tính: ${leftOut.join(', ')}.` : ''} ` +
      `Tỷ lệ đúng hạn = số kỳ đúng hạn / (số kỳ phải báo cáo − số kỳ được miễn). Xếp hạng theo tỷ lệ đúng hạn, ` +
      `rồi ít kỳ không gửi hơn, rồi ít ngày làm việc trễ hơn; bằng nhau cả ba thì cùng hạng. ` +
      `Đơn vị được miễn mọi kỳ không xếp hạng.`,
    periods,
    rows,
  };
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const percentText = (rate: number) => `${(rate * 100).toFixed(1).replace('.', ',')}%`;

export function yearColumns(periods: string[]): SheetColumn<YearRow>[] {
  return [
    { header: 'Hạng', center: true, width: 6, value: (r) => r.rank },
    { header: 'Mã đơn vị', width: 12, value: (r) => r.code },
    { header: 'Tên đơn vị', width: 36, value: (r) => r.name },
    { header: 'Loại đơn vị', width: 16, value: (r) => KIND_VI[r.kind] },
    { header: 'Số kỳ phải báo cáo', center: true, width: 10, value: (r) => r.cycles },
    { header: 'Đúng hạn', center: true, width: 9, value: (r) => r.onTime },
    { header: 'Trễ hạn', center: true, width: 9, value: (r) => r.late },
    { header: 'Không gửi', center: true, width: 9, value: (r) => r.missing },
    { header: 'Được miễn', center: true, width: 9, value: (r) => r.exempt },
    {
      header: 'Tỷ lệ đúng hạn',
      center: true,
      width: 10,
      value: (r) => r.rate,
      numFmt: '0.0%',
      csv: percentText,
    },
    { header: 'Tổng số ngày làm việc trễ', center: true, width: 11, value: (r) => r.workingDaysLate },
    ...periods.map((p) => ({
      header: capitalised(periodLabel(p)),
      width: 13,
      value: (r: YearRow) => r.byCycle[p] ?? '',
    })),
  ];
}
