import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import { cycleKey, type CycleRef } from './reporting/identity';

// Custom search attributes: codes and dates only (they are never encrypted). Registered by the dev
// launcher, the tests and docker-compose's setup from this one list.
export const SA_KIND = defineSearchAttributeKey('CchcKind', SearchAttributeType.KEYWORD); // cycle | report | inspection-plan | inspection
export const SA_YEAR = defineSearchAttributeKey('CchcYear', SearchAttributeType.INT);
export const SA_PERIOD = defineSearchAttributeKey('CchcPeriod', SearchAttributeType.KEYWORD);
export const SA_AGENCY = defineSearchAttributeKey('CchcAgency', SearchAttributeType.KEYWORD);
export const SA_STATE = defineSearchAttributeKey('CchcState', SearchAttributeType.KEYWORD);
export const SA_DUE_AT = defineSearchAttributeKey('CchcDueAt', SearchAttributeType.DATETIME);
export const SA_PLAN = defineSearchAttributeKey('CchcPlan', SearchAttributeType.KEYWORD);
/** The report regime: CCHC, KSTTHC. */
export const SA_REGIME = defineSearchAttributeKey('CchcRegime', SearchAttributeType.KEYWORD);
/** The cycle's key, e.g. CCHC-2027-Q1 (a drill's ends in -DT<n>): everything of one cycle. */
export const SA_CYCLE = defineSearchAttributeKey('CchcCycle', SearchAttributeType.KEYWORD);
export const SA_DRILL = defineSearchAttributeKey('CchcDrill', SearchAttributeType.BOOL);
/** The escalation level a report has reached (0: none). */
export const SA_LEVEL = defineSearchAttributeKey('CchcLevel', SearchAttributeType.INT);

export const ALL_SEARCH_ATTRIBUTES = [
  SA_KIND,
  SA_YEAR,
  SA_PERIOD,
  SA_AGENCY,
  SA_STATE,
  SA_DUE_AT,
  SA_PLAN,
  SA_REGIME,
  SA_CYCLE,
  SA_DRILL,
  SA_LEVEL,
];

/**
 * A reporting cycle's attributes as it starts, the same from every start (the CLI, a re-opening,
 * the schedule's launcher); `dueAt` (the agencies' deadline) when the starter knows it.
 */
export function cycleStartAttributes(ref: CycleRef, drill: boolean, dueAt?: number): SearchAttributePair[] {
  return [
    { key: SA_KIND, value: 'cycle' },
    { key: SA_REGIME, value: ref.regime },
    { key: SA_CYCLE, value: cycleKey(ref) },
    { key: SA_YEAR, value: ref.year },
    { key: SA_PERIOD, value: ref.period },
    { key: SA_STATE, value: 'OPEN' },
    ...(dueAt === undefined ? [] : [{ key: SA_DUE_AT, value: new Date(dueAt) }]),
    { key: SA_DRILL, value: drill },
  ];
}

/** A report's attributes as its cycle starts it: codes of the cycle and the unit, PENDING, level 0. */
export function reportStartAttributes(
  ref: CycleRef,
  agencyCode: string,
  dueAt: number,
  drill: boolean,
): SearchAttributePair[] {
  return [
    { key: SA_KIND, value: 'report' },
    { key: SA_REGIME, value: ref.regime },
    { key: SA_CYCLE, value: cycleKey(ref) },
    { key: SA_YEAR, value: ref.year },
    { key: SA_PERIOD, value: ref.period },
    { key: SA_AGENCY, value: agencyCode },
    { key: SA_STATE, value: 'PENDING' },
    { key: SA_DUE_AT, value: new Date(dueAt) },
    { key: SA_DRILL, value: drill },
    { key: SA_LEVEL, value: 0 },
  ];
}
