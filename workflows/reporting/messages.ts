import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { IsoDate } from '../../domain/calendar';
import type { ExemptInput, ExtendDeadlineInput, SubmitReportInput } from '../../domain/reporting';
import type { AgencyReportStatus, CycleStatus, ReportSummary, SubmissionEntry } from './types';

// Signals, updates and queries of the reporting workflows: the one definition the workflows handle
// and the client sends. Importing this file never pulls a workflow body into the client.

// ---- agencyReport
export const submitReportUpdate = defineUpdate<SubmissionEntry, [SubmitReportInput]>('submitReport');
export const extendDeadlineUpdate = defineUpdate<{ dueDate: IsoDate; dueAt: number }, [ExtendDeadlineInput]>(
  'extendDeadline',
);
export const exemptUpdate = defineUpdate<AgencyReportStatus, [ExemptInput]>('exempt');
export const remindNowUpdate = defineUpdate<{ step: string }, []>('remindNow');
export const closeReportSignal = defineSignal('closeReport');
/** The cycle's broadcast reminder (a workflow cannot send updates); ignored once nothing is owed. */
export const remindNowSignal = defineSignal('remindNowSignal');
export const reportStatusQuery = defineQuery<AgencyReportStatus>('status');

// ---- reportingCycle
/** Sent by each agencyReport to its cycle. */
export const reportChangedSignal = defineSignal<[ReportSummary]>('reportChanged');
export const cycleStatusQuery = defineQuery<CycleStatus>('cycleStatus');
/** Consolidate and close now (an official's decision), instead of at the consolidation point. */
export const closeCycleSignal = defineSignal('closeCycle');
/** One extra reminder to every agency that has not reported. */
export const remindAllSignal = defineSignal('remindAll');
