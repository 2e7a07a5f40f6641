import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
