import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { IsoDate } from '../../domain/calendar/dates';
import type { CalendarSnapshot } from '../../domain/calendar/snapshot';
import type { Deadline, ExemptInput, ExtendDeadlineInput, SubmitReportInput } from '../../domain/reporting';
import type { AgencyReportStatus, CycleStatus, SubmissionEntry } from './types';

// Signals, updates and queries of the reporting workflows: the one definition the workflows handle
// and the client sends. Importing this file never pulls a workflow body into the client.

// ---- agencyReport
export const submitReportUpdate = defineUpdate<SubmissionEntry, [SubmitReportInput]>('submitReport');
export const extendDeadlineUpdate = defineUpdate<{ dueDate: IsoDate; dueAt: number }, [ExtendDeadlineInput]>(
  'extendDeadline',
);
export const exemptUpdate = defineUpdate<AgencyReportStatus, [ExemptInput]>('exempt');
export const remindNowUpdate = defineUpdate<{ step: string }, []>('remindNow');
/** The cycle's final close: the report takes nothing more and ends once its messages are out. */
export const closeReportSignal = defineSignal('closeReport');
/** The cycle's reminder to all; a request seen before (a retried broadcast) is ignored. */
export const remindNowSignal = defineSignal<[{ requestId: string }]>('remindNowSignal');
/** A new calendar version: replan future steps; `deadline` is the cycle's new base deadline, if it moved. */
export const replanSignal = defineSignal<[{ calendar: CalendarSnapshot; deadline?: Deadline }]>('replan');
export const reportStatusQuery = defineQuery<AgencyReportStatus>('status');

// ---- reportingCycle
export const cycleStatusQuery = defineQuery<CycleStatus>('cycleStatus');
/** Consolidate now (an official's decision) instead of at the consolidation point. */
export const consolidateNowSignal = defineSignal('consolidateNow');
/** End the cycle now: its record becomes final and its reports take nothing more. */
export const closeFinalSignal = defineSignal('closeFinal');
/** One extra reminder to every agency that has not reported. */
export const remindAllSignal = defineSignal('remindAll');
/** Units changed (a merge was recorded): the cycle looks for obligations to carry to successors. */
export const unitsChangedSignal = defineSignal('unitsChanged');
