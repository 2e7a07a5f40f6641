import { renderDocument, type EmailDocument, type RenderedEmail } from './document';
import * as consolidated from './email-consolidated';
import * as inspection from './email-inspection';
import * as reporting from './email-reporting';
import type { NotificationPurpose, TemplateData } from './schemas';

// Message templates, one per purpose: email (Vietnamese, HTML + plain text) and SMS (no diacritics).

export { escapeHtml, type RenderedEmail } from './document';
export { DRILL_MARK, REPORTING_PURPOSES, reportOf, type ReportingPurpose } from './cycle-words';
export { formatDate, formatLateness, formatLongDate, formatVnDateTime, periodOf } from './format';
export {
  NOTIFICATION_PURPOSES,
  listedAgencies,
  templateSchemas,
  cycleContextSchema,
  type AgencyRef,
  type CycleContext,
  type Lateness,
  type ListedAgency,
  type NotificationPurpose,
  type TemplateData,
  type TemplatePayload,
} from './schemas';
export { SMS_DRILL_MARK, renderSms } from './sms';
export { gsm7Segments, gsm7Septets, isGsm7, toSmsText } from '../sms-text';

const emailTemplates: { [P in NotificationPurpose]: (d: TemplateData<P>) => EmailDocument } = {
  CYCLE_OPENING: reporting.cycleOpening,
  REPORT_REMINDER: reporting.reportReminder,
  REPORT_DUE_TODAY: reporting.reportDueToday,
  REPORT_OVERDUE: reporting.reportOverdue,
  ESCALATION_SNV: consolidated.escalationSnv,
  SUBMISSION_RECEIPT: reporting.submissionReceipt,
  UBND_SUMMARY: consolidated.ubndSummary,
  FOLLOW_UP_DIGEST: consolidated.followUpDigest,
  DEADLINE_EXTENDED: reporting.deadlineExtended,
  EXEMPTED: reporting.exempted,
  INSPECTION_NOTICE: inspection.inspectionNotice,
  SELF_REPORT_REMINDER: inspection.selfReportReminder,
  SELF_REPORT_OVERDUE: inspection.selfReportOverdue,
  VISIT_REMINDER: inspection.visitReminder,
  VISIT_RESULT_REMINDER: inspection.visitResultReminder,
  REMEDIATION_REMINDER: inspection.remediationReminder,
  REMEDIATION_OVERDUE: inspection.remediationOverdue,
  INSPECTION_CONCLUSION: inspection.inspectionConclusion,
  INSPECTION_CANCELLED: inspection.inspectionCancelled,
};

/** The email for a purpose: subject, plain text and HTML (every value escaped). */
export function renderEmail<P extends NotificationPurpose>(purpose: P, data: TemplateData<P>): RenderedEmail {
  const template = emailTemplates[purpose] as (d: TemplateData<P>) => EmailDocument;
  return renderDocument(template(data));
}
