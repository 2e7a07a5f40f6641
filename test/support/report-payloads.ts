import { cycleContext } from '../../domain/regime';
import type { CycleContext } from '../../domain/templates';
import { loadRegime } from '../../config/regimes';

// Reporting payloads as the notify activity sees them once the cycle is expanded: the regime's
// words from the shipped regime files and a cycle's identity.

/** The context of a real (or drill) cycle of `regime`. */
export function contextOf(regime: string, year: number, period: string, drill = false): CycleContext {
  const key = `${regime}-${year}-${period}${drill ? '-DT1' : ''}`;
  return cycleContext(loadRegime(regime), { key, year, period, drill });
}

/** A reminder's data for the CCHC report of `year` `period` due at the end of `dueDate`. */
export function reminderData(year: number, period: string, dueDate: string, workingDaysLeft = 3) {
  return {
    cycle: contextOf('CCHC', year, period),
    dueDate,
    dueAt: Date.parse(`${dueDate}T23:59:59+07:00`),
    workingDaysLeft,
  };
}
