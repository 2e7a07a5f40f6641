import {
  CalendarDataError,
  computeCycleDates,
  createWorkingCalendar,
  type CycleDates,
} from '../../domain/calendar';
import type { Regime } from '../../domain/regime';
import { cycleKey, DEFAULT_REGIME, type CycleRef } from '../../domain/reporting';
import { loadRegime } from '../../config/regimes';
import type { ServiceContext } from './context';
import { conflict, invalid, notFound } from './errors';

// How the services find a cycle: by its identity (regime, year, period, drill or real), through
// its database row, which names its workflow (so cycles started before regimes are still found).

/** What an official names a cycle by: the regime defaults to CCHC; `drill` is a drill's number. */
export interface CycleTarget {
  regime?: string;
  year: number;
  period: string;
  drill?: number;
}

export const refOf = (t: CycleTarget): CycleRef => ({
  regime: t.regime ?? DEFAULT_REGIME,
  year: t.year,
  period: t.period,
  ...(t.drill ? { drill: t.drill } : {}),
});

/** `Quý I năm 2027 (CCHC)`, `… (diễn tập số 2)`: how messages to officials name a cycle. */
export function describeTarget(t: CycleTarget): string {
  const ref = refOf(t);
  return `kỳ ${ref.period} năm ${ref.year} (${ref.regime}${ref.drill ? `, diễn tập số ${ref.drill}` : ''})`;
}

/** The regime with `code` from the regimes folder; an unknown one is refused naming the option. */
export function regimeOf(code: string | undefined): Regime {
  try {
    return loadRegime(code ?? DEFAULT_REGIME);
  } catch (err) {
    throw invalid('regime', (err as Error).message);
  }
}

/** The dates of a cycle under its regime's policy; a year without calendar data or an unknown period is refused. */
export function datesOf(ref: CycleRef, regime: Regime): CycleDates {
  try {
    return computeCycleDates(ref.year, ref.period, regime.policy, createWorkingCalendar());
  } catch (err) {
    if (err instanceof CalendarDataError) throw invalid('year', err.message);
    throw invalid('period', (err as Error).message);
  }
}

/** The cycle's database row; an unknown cycle names the option that points nowhere. */
export async function findCycle(ctx: ServiceContext, t: CycleTarget) {
  const ref = refOf(t);
  const db = await ctx.db();
  const row = await db.reportingCycle.findUnique({ where: { key: cycleKey(ref) } });
  if (!row) {
    const hint = ref.drill
      ? ''
      : ` (cchc cycle start${ref.regime === DEFAULT_REGIME ? '' : ` --regime ${ref.regime}`})`;
    throw notFound(ref.drill ? 'drill' : 'period', `chưa có ${describeTarget(t)}${hint}`);
  }
  return row;
}

/** The cycle's row, refusing one whose record is final (after its close) or that was cancelled. */
export async function takingReports(ctx: ServiceContext, t: CycleTarget) {
  const row = await findCycle(ctx, t);
  if (row.status === 'CLOSED')
    throw conflict(`${describeTarget(t)} đã kết thúc (chốt sổ): không nhận thêm báo cáo, hồ sơ đã cố định`);
  if (row.status === 'CANCELLED') throw conflict(`${describeTarget(t)} đã bị hủy`);
  return row;
}
