import type { IsoDate, ReportingPolicy } from '../domain/calendar';

// Inputs and states of the reporting workflows, shared with the client (types only).

/** `reportingCycle` input. Everything else (window, deadlines, schedule) is computed from the policy. */
export interface ReportingCycleInput {
  year: number;
  period: string;
  /** A validated policy (domain/calendar parsePolicy); the default policy when absent. */
  policy?: ReportingPolicy;
  /** Drill: the agencies' deadline as an absolute ISO instant, overriding the policy (minutes away). */
  dueAtOverride?: string;
  /** Fan-out: children started per workflow run before continuing as new (default 200). */
  maxChildrenPerRun?: number;
}

export type ReportState = 'PENDING' | 'SUBMITTED_ON_TIME' | 'SUBMITTED_LATE' | 'OVERDUE' | 'EXEMPT';

/** The schedule of one agency's report: absolute instants (epoch ms), recomputed on extension. */
export interface ReportPlan {
  dueDate: IsoDate;
  dueAt: number;
}

export const cycleWorkflowId = (year: number, period: string) => `cycle-${year}-${period}`;
export const reportWorkflowId = (year: number, period: string, agencyCode: string) =>
  `report-${year}-${period}-${agencyCode}`;
