import type { InspectionStateName } from '../../domain/inspection-words';
import type { IsoDate } from '../../domain/calendar';
import type { InspectionTeam } from '../../domain/inspection-plan';
import type { InspectionPolicy } from '../../domain/inspection-policy';

// Inputs, states and answers of the inspection workflows, shared with the client (types only).

/** The states of one inspection, named once (with their Vietnamese words) in domain/. */
export type InspectionState = InspectionStateName;

export type FindingState = 'OPEN' | 'REMEDIATED' | 'OVERDUE';

/** `agencyInspection` input: codes and dates only; contacts are looked up when a message goes out. */
export interface AgencyInspectionInput {
  planWorkflowId: string;
  year: number;
  planCode: string;
  /** `123/QĐ-UBND ngày 10/01/2022`, quoted in the notice. */
  decisionRef?: string;
  agencyCode: string;
  scope: string;
  visitDate: IsoDate;
  team: InspectionTeam;
  policy: InspectionPolicy;
  /** Unit names by code (the inspected unit, the team's), for the Web UI's words; codes where absent. */
  names?: Record<string, string>;
}

/** What the client adds to a plan at start: unit names for the Web UI (absent in older plans). */
export interface InspectionPlanExtras {
  names?: Record<string, string>;
}

export interface SelfReportRecord {
  /** 1 for the first report, +1 for each corrected one. */
  version: number;
  documentNumber: string;
  signedDate: IsoDate;
  attachmentRef?: string;
  /** ISO instant. */
  receivedAt: string;
  receiptNumber: string;
  onTime: boolean;
  workingDaysLate: number;
}

export interface FindingStatus {
  code: string;
  description: string;
  dueDate: IsoDate;
  state: FindingState;
  /** Highest escalation level reached while overdue (0: none). */
  escalationLevel: number;
  remediatedAt?: string;
  documentNumber?: string;
  receiptNumber?: string;
  onTime?: boolean;
  workingDaysLate?: number;
}

export interface RescheduleRecord {
  from: IsoDate;
  to: IsoDate;
  reason: string;
  /** ISO instant. */
  at: string;
}

/** The whole state of one inspection: what the `status` query returns and the workflow's result. */
export interface InspectionStatus {
  workflowId: string;
  planWorkflowId: string;
  year: number;
  planCode: string;
  agencyCode: string;
  scope: string;
  state: InspectionState;
  /** The visit date now planned (after any reschedule). */
  visitDate: IsoDate;
  noticeDate: IsoDate;
  selfReportDueDate: IsoDate;
  /** The visit date the agency was last told about; undefined until the notice goes out. */
  noticeSentFor?: IsoDate;
  noticeSentAt?: string;
  selfReport?: SelfReportRecord;
  /** Escalation level of the missing self-report (0: none or resolved). */
  selfReportEscalationLevel: number;
  /** When the visit took place (the planned date unless the team said otherwise). */
  visitedOn?: IsoDate;
  resultRecordedAt?: string;
  conclusionRef?: string;
  findings: FindingStatus[];
  /** Highest unresolved escalation level (self-report or remediation). */
  escalationLevel: number;
  reschedules: RescheduleRecord[];
  cancelReason?: string;
  cancelledAt?: string;
  concludedAt?: string;
  concludedDate?: IsoDate;
  /** Epoch ms from which the current schedule runs (start or last reschedule): earlier reminders are skipped. */
  scheduledFrom: number;
  /** Steps already carried out (notification steps and state transitions). */
  doneSteps: string[];
}

export interface SelfReportReceipt {
  receiptNumber: string;
  receivedAt: string;
  selfReportDueDate: IsoDate;
  onTime: boolean;
  workingDaysLate: number;
  version: number;
}

export interface VisitResultReceipt {
  visitedOn: IsoDate;
  findings: { code: string; description: string; dueDate: IsoDate }[];
  /** No findings: the conclusion goes out now. */
  concluding: boolean;
}

export interface RemediationReceipt {
  findingCode: string;
  receiptNumber: string;
  remediatedAt: string;
  dueDate: IsoDate;
  onTime: boolean;
  workingDaysLate: number;
  /** Findings still open; 0: the conclusion goes out now. */
  remaining: number;
}

export interface RescheduleReceipt {
  previousVisitDate: IsoDate;
  visitDate: IsoDate;
  noticeDate: IsoDate;
  selfReportDueDate: IsoDate;
  /** The agency had been told the old date: a revised notice goes out now. */
  revisedNotice: boolean;
}

export interface CancelReceipt {
  cancelledAt: string;
}

export type PlanStatusName = 'ACTIVE' | 'COMPLETED' | 'CANCELLED';

export interface PlanInspectionEntry {
  agencyCode: string;
  workflowId: string;
  visitDate: IsoDate;
  /** How the child ended; undefined while it runs. DETACHED: it already existed and is not followed. */
  outcome?: 'CONCLUDED' | 'CANCELLED' | 'FAILED' | 'DETACHED';
}

export interface InspectionPlanStatus {
  workflowId: string;
  year: number;
  code: string;
  decisionRef: string;
  status: PlanStatusName;
  inspections: PlanInspectionEntry[];
}
