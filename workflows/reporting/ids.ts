import { cycleKey, type CycleRef } from '../../domain/reporting/identity';

// Workflow and schedule IDs of the reporting feature: built here only, from the cycle's key, so
// the CLI, schedules and workflows agree and a drill never shares an ID with a real cycle.

export const cycleWorkflowId = (ref: CycleRef) => `cycle-${cycleKey(ref)}`;
export const reportWorkflowId = (ref: CycleRef, agencyCode: string) =>
  `report-${cycleKey(ref)}-${agencyCode}`;
/** The Temporal Schedule that opens a period's real cycle, and the launcher run it starts. */
export const scheduleId = (regime: string, year: number, period: string) =>
  `cycle-schedule-${regime}-${year}-${period}`;
export const openCycleWorkflowId = (ref: CycleRef) => `open-cycle-${cycleKey(ref)}`;

const SCHEDULE_ID_RE = /^cycle-schedule-([A-Z][A-Z0-9]{1,11})-(\d{4})-([A-Z][A-Z0-9_]*)$/;
/** Schedules created before regimes: `cchc-cycle-<year>-<period>`, the CCHC regime's. */
const LEGACY_SCHEDULE_ID_RE = /^cchc-cycle-(\d{4})-([A-Z][A-Z0-9_]*)$/;

export function parseScheduleId(id: string): { regime: string; year: number; period: string } | undefined {
  const m = SCHEDULE_ID_RE.exec(id);
  if (m) return { regime: m[1]!, year: Number(m[2]), period: m[3]! };
  const legacy = LEGACY_SCHEDULE_ID_RE.exec(id);
  return legacy ? { regime: 'CCHC', year: Number(legacy[1]), period: legacy[2]! } : undefined;
}
