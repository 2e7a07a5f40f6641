import type { CycleDates, IsoDate, ReportingPolicy } from '../../domain/calendar';
import type { Deadline, DrillTimings, Receipt } from '../../domain/reporting';

// Inputs, states and answers of the reporting workflows, shared with the client (types only).

/** `reportingCycle` input. Everything else (window, deadlines, schedule) is computed from the policy. */
export interface ReportingCycleInput {
  year: number;
  period: string;
  /** A validated policy (domain/calendar parsePolicy); the default policy when absent. */
  policy?: ReportingPolicy;
  /** Drill: the agencies' deadline as an absolute ISO instant, overriding the policy (minutes away). */
  dueAtOverride?: string;
  /** Drill: the spacing of reminder, overdue notice and escalations around the deadline (default DRILL). */
  drillTimings?: DrillTimings;
  /** Fan-out: children started per workflow run before continuing as new (default 200). */
  maxChildrenPerRun?: number;
}

export type ReportState = 'PENDING' | 'SUBMITTED_ON_TIME' | 'SUBMITTED_LATE' | 'OVERDUE' | 'EXEMPT';

export interface AgencyReportInput {
  year: number;
  period: string;
  agencyCode: string;
  cycleWorkflowId: string;
  windowStart: IsoDate;
  cutoff: IsoDate;
  deadline: Deadline;
  policy: ReportingPolicy;
  /** Send the cycle's opening notice (false when the child starts after the opening, e.g. re-run). */
  sendOpening: boolean;
}

export interface SubmissionEntry extends Receipt {
  documentNumber: string;
  signedDate: IsoDate;
  channel: string;
  attachmentSha256?: string;
}

export interface AgencyReportStatus {
  agencyCode: string;
  year: number;
  period: string;
  state: ReportState;
  dueDate: IsoDate;
  dueAt: number;
  escalationLevel: number;
  submissions: SubmissionEntry[];
  extensions: { dueDate: IsoDate; dueAt: number; reason: string; approvedBy: string; at: number }[];
  exemptReason?: string;
  remindersSent: string[];
  closed: boolean;
}

/** What the cycle learns of each agency (signalled on every change). */
export interface ReportSummary {
  agencyCode: string;
  state: ReportState;
  dueDate: IsoDate;
  dueAt: number;
  escalationLevel: number;
  submittedAt?: number;
  workingDaysLate?: number;
  exemptReason?: string;
}

export interface CycleStatus {
  year: number;
  period: string;
  drill: boolean;
  dates: CycleDates;
  deadline: Deadline;
  consolidationAt: number;
  agencyCodes: string[];
  started: number;
  agencies: Record<string, ReportSummary>;
  /** Highest escalation level Sở Nội vụ has been told of, by agency. */
  escalatedToSnv: Record<string, number>;
  snvAgencyCode: string;
  ubndAgencyCode: string;
  closed: boolean;
  closeRequested: boolean;
}

/** What the launcher did: opened the cycle, or found it already opened (by hand or by an earlier trigger). */
export interface OpenCycleResult {
  cycleWorkflowId: string;
  outcome: 'started' | 'already-exists';
  /** Run ID of the cycle this launcher started (absent when it already existed). */
  runId?: string;
}
