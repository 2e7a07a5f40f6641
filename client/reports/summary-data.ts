import { vnDateOf } from '../../domain/calendar';
import type { SummaryData } from '../../documents/summary-docx';
import type { CycleOutcomes } from '../services/exports';
import { resultOf } from './outcomes';

// The summary document's data from the database, in the shape of the UBND_SUMMARY email's payload,
// so that `cchc report summary` and the attachment of the summary email say the same. A unit still
// on an extension counts as not submitted, as at consolidation.

/** `asOf`: the day the figures stand at; default the day the cycle closed, or today. */
export function summaryDataOf(cycle: CycleOutcomes, now: Date): SummaryData {
  const results = cycle.units.map((u) => ({ u, r: resultOf(u) }));
  const listed = (kinds: string[]) =>
    results.filter(({ r }) => kinds.includes(r.kind)).map(({ u }) => ({ code: u.code, name: u.name }));
  const late = results
    .filter(({ r }) => r.kind === 'late')
    .map(({ u, r }) => ({ code: u.code, name: u.name, workingDaysLate: r.workingDaysLate ?? 1 }));
  const exempt = results
    .filter(({ r }) => r.kind === 'exempt')
    .map(({ u }) => ({ code: u.code, name: u.name, ...(u.exemptReason ? { reason: u.exemptReason } : {}) }));
  const notSubmitted = listed(['notSubmitted', 'extended']);
  const onTime = listed(['onTime']);
  return {
    year: cycle.year,
    period: cycle.period,
    drill: cycle.drill,
    dueDate: vnDateOf(cycle.agencyDueAt.getTime()),
    asOf: vnDateOf((cycle.closedAt ?? now).getTime()),
    totals: {
      agencies: cycle.units.length,
      onTime: onTime.length,
      late: late.length,
      notSubmitted: notSubmitted.length,
      exempt: exempt.length,
    },
    onTime,
    late,
    notSubmitted,
    exempt,
  };
}
