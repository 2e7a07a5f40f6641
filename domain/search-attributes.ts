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

export const ALL_SEARCH_ATTRIBUTES = [SA_KIND, SA_YEAR, SA_PERIOD, SA_AGENCY, SA_STATE, SA_DUE_AT, SA_PLAN];
