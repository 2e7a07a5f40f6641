import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  CancelInput,
  RemediationInput,
  RescheduleInput,
  SelfReportInput,
  VisitResultInput,
} from '../../domain/inspection-plan';
import type {
  CancelReceipt,
  InspectionPlanStatus,
  InspectionStatus,
  RemediationReceipt,
  RescheduleReceipt,
  SelfReportReceipt,
  VisitResultReceipt,
} from './types';

// Updates and queries of the inspection workflows: the one definition the workflows handle and the
// client sends. Importing this file never pulls a workflow body into the client.

// ---- inspectionPlan
export const planStatusQuery = defineQuery<InspectionPlanStatus>('status');

// ---- agencyInspection
export const inspectionStatusQuery = defineQuery<InspectionStatus>('status');
export const submitSelfReportUpdate = defineUpdate<SelfReportReceipt, [SelfReportInput]>('submitSelfReport');
export const recordVisitResultUpdate = defineUpdate<VisitResultReceipt, [VisitResultInput]>(
  'recordVisitResult',
);
export const submitRemediationUpdate = defineUpdate<RemediationReceipt, [RemediationInput]>(
  'submitRemediation',
);
export const rescheduleUpdate = defineUpdate<RescheduleReceipt, [RescheduleInput]>('reschedule');
export const cancelUpdate = defineUpdate<CancelReceipt, [CancelInput]>('cancel');
