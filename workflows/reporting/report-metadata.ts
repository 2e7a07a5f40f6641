import { setCurrentDetails } from '@temporalio/workflow';
import type { Deadline } from '../../domain/reporting';
import { SA_DUE_AT, SA_LEVEL, SA_STATE } from '../../domain/search-attributes';
import { createSearchAttributeWriter } from '../kit/search-attributes';
import { reportDetails } from './report-words';
import type { AgencyReportInput, AgencyReportStatus } from './types';

/** Keeps a report's search attributes (codes) and its Web UI details (Vietnamese) current. */
export function createReportMetadata(input: AgencyReportInput) {
  // What the cycle set when it started the report: only changes are upserted.
  const searchAttributes = createSearchAttributeWriter([
    { key: SA_STATE, value: 'PENDING' },
    { key: SA_DUE_AT, value: new Date(input.deadline.dueAt) },
    { key: SA_LEVEL, value: 0 },
  ]);
  let details = '';
  return {
    update(state: AgencyReportStatus, deadline: Deadline): void {
      searchAttributes.set([
        { key: SA_STATE, value: state.state },
        { key: SA_DUE_AT, value: new Date(deadline.dueAt) },
        { key: SA_LEVEL, value: state.escalationLevel },
      ]);
      const next = reportDetails(state, deadline);
      if (next !== details) setCurrentDetails((details = next));
    },
  };
}
