// A cycle's identity: (regime, year, period, drill or real). Every workflow ID, database key,
// schedule and receipt number of a cycle is built from its key, so a drill never touches the real
// cycle of the same period and two regimes never touch each other.

export const DEFAULT_REGIME = 'CCHC';

/** `CCHC`, `KSTTHC`: 2–12 capitals and digits, starting with a letter. */
export const REGIME_CODE_RE = /^[A-Z][A-Z0-9]{1,11}$/;
export const PERIOD_CODE_RE = /^[A-Z][A-Z0-9_]{0,19}$/;

export interface CycleRef {
  regime: string;
  year: number;
  period: string;
  /** A drill's number (1, 2, …) within its regime, year and period; absent for the real cycle. */
  drill?: number;
}

/** `CCHC-2027-Q1` for the real cycle, `CCHC-2027-Q1-DT2` for drill (diễn tập) number 2. */
export function cycleKey(ref: CycleRef): string {
  return `${ref.regime}-${ref.year}-${ref.period}${ref.drill ? `-DT${ref.drill}` : ''}`;
}

const KEY_RE = /^([A-Z][A-Z0-9]{1,11})-(\d{4})-([A-Z][A-Z0-9_]{0,19}?)(?:-DT(\d{1,4}))?$/;

export function parseCycleKey(key: string): CycleRef | undefined {
  const m = KEY_RE.exec(key);
  if (!m) return undefined;
  return { regime: m[1]!, year: Number(m[2]), period: m[3]!, ...(m[4] ? { drill: Number(m[4]) } : {}) };
}

/** `Quý I/2027 (diễn tập số 2)`: how officials name a cycle. */
export function isDrill(ref: Pick<CycleRef, 'drill'>): boolean {
  return ref.drill !== undefined && ref.drill > 0;
}
