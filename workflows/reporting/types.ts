import type { CycleDates, IsoDate, ReportingPolicy } from '../../domain/calendar';
import type { CalendarSnapshot } from '../../domain/calendar/snapshot';
import type { Regime } from '../../domain/regime';
import type { CyclePlan } from '../../domain/templates/cycle-words';
import type { CycleRef, Deadline, DrillTimings, Receipt } from '../../domain/reporting';

// Inputs, states and answers of the reporting workflows, shared with the client (types only).

/** A drill: the agencies' deadline is an instant minutes away and the steps are spaced by `timings`. */
export interface DrillSettings {
  /** ISO instant. */
  dueAt: string;
  timings: DrillTimings;
}

/** `reportingCycle` input: its identity and the regime it runs; dates come from the policy and the calendar. */
export interface ReportingCycleInput {
  ref: CycleRef;
  regime: Regime;
  drill?: DrillSettings;
  /**
   * Fan-out: children started per workflow run before continuing as new (default 1,000; 500 in runs
   * recorded before the fan-out was pipelined).
   */
  maxChildrenPerRun?: number;
  /** An official re-opened a cycle that had failed or been terminated: reports still running are kept. */
  reopened?: boolean;
}

/** The input of cycles started before regimes (year, period, policy): still accepted. */
export interface LegacyCycleInput {
  year: number;
  period: string;
  policy?: ReportingPolicy;
  dueAtOverride?: string;
  drillTimings?: DrillTimings;
  maxChildrenPerRun?: number;
}

export type ReportState = 'PENDING' | 'SUBMITTED_ON_TIME' | 'SUBMITTED_LATE' | 'OVERDUE' | 'EXEMPT';

/** The part of the policy one agency's report runs by. */
export type ReportRules = Pick<
  ReportingPolicy,
  'sendTime' | 'reminders' | 'dueDayReminder' | 'overdue' | 'escalations' | 'quietHours'
>;

export interface AgencyReportInput {
  ref: CycleRef;
  /** `CCHC-2027-Q1`: messages name the cycle by it; the notify activity looks up its wording. */
  cycleKey: string;
  agencyCode: string;
  cycleWorkflowId: string;
  windowStart: IsoDate;
  cutoff: IsoDate;
  deadline: Deadline;
  /** The report ends here: nothing is taken after it. */
  finalCloseAt: number;
  rules: ReportRules;
  /** The working days it lives by (from its cycle's snapshot). */
  calendar: CalendarSnapshot;
  /** Send the cycle's opening notice (false when the child starts after the opening, e.g. re-opened). */
  sendOpening: boolean;
  /**
   * Steps planned at or before this instant are not sent (the cycle opened after them, or it was
   * re-opened); those after it go out even when the report itself starts late (a slow fan-out, a
   * worker down), a reminder only while it is still before the deadline. Absent: the report's start.
   */
  plannedFrom?: number;
  /** Started by a merge during the cycle: the units whose report this one takes over, and when. */
  inherits?: { from: { code: string; name: string }[]; date: IsoDate };
}

export interface SubmissionEntry extends Receipt {
  documentNumber: string;
  signedDate: IsoDate;
  channel: string;
  attachmentSha256?: string;
}

export interface AgencyReportStatus {
  agencyCode: string;
  cycleKey: string;
  state: ReportState;
  dueDate: IsoDate;
  dueAt: number;
  escalationLevel: number;
  submissions: SubmissionEntry[];
  extensions: { dueDate: IsoDate; dueAt: number; reason: string; approvedBy: string; at: number }[];
  exemptReason?: string;
  remindersSent: string[];
  /** The cycle ended (final close): the record is read-only. */
  closed: boolean;
}

export type CyclePhase = 'OPEN' | 'CONSOLIDATED' | 'CLOSED';

/** What the cycle itself knows (the agencies' states are in the database mirror). */
export interface CycleStatus {
  ref: CycleRef;
  key: string;
  drill: boolean;
  phase: CyclePhase;
  dates: CycleDates;
  deadline: Deadline;
  /** When this cycle's workflow first ran (a cycle opened late plans its reports from then). */
  openedAt?: number;
  /** Units enrolled and their reports started so far. */
  started: number;
  /** The last unit code enrolled (the fan-out's cursor), undefined before the first. */
  cursor?: string;
  fanOutDone: boolean;
  calendar: CalendarSnapshot;
  /** The last escalation sweep (epoch ms): later sweeps tell Sở Nội vụ of escalations since. */
  lastSweepAt?: number;
  /** The last follow-up digest after the summary (epoch ms). */
  followUpAt?: number;
  /** Reminders to all sent so far, and those asked for but not yet sent. */
  reminders: number;
  remindsPending: number;
  consolidateRequested: boolean;
  finalRequested: boolean;
  /** Merges carried into the cycle (their change keys), and when the next dated one takes effect. */
  successions?: { followed: string[]; nextAt?: number };
}

/** What the launcher did: opened the cycle, or found it already opened (by hand or by an earlier trigger). */
export interface OpenCycleResult {
  cycleWorkflowId: string;
  outcome: 'started' | 'already-exists';
  /** Run ID of the cycle this launcher started (absent when it already existed). */
  runId?: string;
}

/** The schedule's launcher input: the cycle's, and the cycle's plan as `schedule apply` computed it. */
export interface OpenCycleInput extends ReportingCycleInput {
  /** For the cycle's Web UI details and its lifetime; absent in schedules applied before it existed. */
  plan?: CyclePlan;
}
