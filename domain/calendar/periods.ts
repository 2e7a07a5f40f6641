import { addDays, addMonths, isoDate, type IsoDate } from './dates';

/**
 * How a period's data window is cut (Công văn 581/BNV-CCHC; NĐ 09/2019/NĐ-CP uses the same
 * cut): the window ends on `cutoffDay` of `endMonth` and starts the day after the cutoff day of
 * the month `months` months earlier, so a Q1 window runs 15/12 of the previous year – 14/3.
 */
export interface PeriodWindowRule {
  endMonth: number;
  months: number;
  cutoffDay: number;
}

/** A kind of reporting period: `Q1`, `H1`, a monthly `M04`, or one defined in a policy file. */
export interface PeriodKind extends PeriodWindowRule {
  code: string;
  /** Vietnamese name for officials, e.g. `Quý I`. */
  name: string;
}

const DAY = 14;

function kind(code: string, name: string, endMonth: number, months: number): PeriodKind {
  return { code, name, endMonth, months, cutoffDay: DAY };
}

/** Period kinds a policy may name without defining them; other kinds need a `window` in the policy. */
export const PERIOD_CATALOGUE: Readonly<Record<string, PeriodKind>> = Object.fromEntries(
  [
    kind('Q1', 'Quý I', 3, 3),
    kind('Q2', 'Quý II', 6, 3),
    kind('H1', '6 tháng đầu năm', 6, 6),
    kind('Q3', 'Quý III', 9, 3),
    kind('NINE_MONTHS', '9 tháng', 9, 9),
    kind('Q4', 'Quý IV', 12, 3),
    kind('YEAR', 'Năm', 12, 12),
    ...Array.from({ length: 12 }, (_, i) =>
      kind(`M${String(i + 1).padStart(2, '0')}`, `Tháng ${i + 1}`, i + 1, 1),
    ),
  ].map((k) => [k.code, k]),
);

/** The periods of the CCHC regime (docs/domain.md): what runs when no policy file says otherwise. */
export const DEFAULT_PERIOD_CODES = ['Q1', 'H1', 'Q3', 'YEAR'] as const;

export interface PeriodWindow {
  /** First day of the data window (may be in the previous year). */
  windowStart: IsoDate;
  /** Last day of the data window (chốt số liệu). */
  cutoff: IsoDate;
}

/** The data window of a period of `year` (the year of its last month). */
export function periodWindow(year: number, rule: PeriodWindowRule): PeriodWindow {
  const cutoff = isoDate(year, rule.endMonth, rule.cutoffDay);
  const start = addMonths(year, rule.endMonth, -rule.months);
  return { windowStart: addDays(isoDate(start.year, start.month, rule.cutoffDay), 1), cutoff };
}
