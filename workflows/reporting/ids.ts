// Workflow IDs of the reporting feature: built here only, so the CLI, schedules and workflows agree.

export const cycleWorkflowId = (year: number, period: string) => `cycle-${year}-${period}`;
export const reportWorkflowId = (year: number, period: string, agencyCode: string) =>
  `report-${year}-${period}-${agencyCode}`;
/** The Temporal Schedule that opens a period's cycle, and the launcher run it starts. */
export const scheduleId = (year: number, period: string) => `cchc-cycle-${year}-${period}`;
export const openCycleWorkflowId = (year: number, period: string) => `open-cycle-${year}-${period}`;

const SCHEDULE_ID_RE = /^cchc-cycle-(\d{4})-([A-Z][A-Z0-9_]*)$/;

export function parseScheduleId(id: string): { year: number; period: string } | undefined {
  const m = SCHEDULE_ID_RE.exec(id);
  return m ? { year: Number(m[1]), period: m[2]! } : undefined;
}
