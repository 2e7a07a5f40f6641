import { addDays, vnDateOf, weekday } from '../../../domain/calendar';
import {
  cancelUpdate,
  recordVisitResultUpdate,
  rescheduleUpdate,
  submitRemediationUpdate,
  submitSelfReportUpdate,
} from '../../../workflows/inspection/messages';
import {
  exemptUpdate,
  extendDeadlineUpdate,
  submitReportUpdate,
} from '../../../workflows/reporting/messages';
import { TARGET } from './stack';

// Malformed update payloads sent straight to the workflows (as a web page or a script could), past
// every check of the CLI and the services: the workflow's own validator must refuse each one,
// naming the field, before anything enters the history.

export interface PayloadCase {
  name: string;
  workflowType: 'agencyInspection' | 'agencyReport';
  /** The update's name (its definition from the workflows' messages). */
  update: string;
  payload: unknown;
  /** The payload field the refusal must name, as the validator spells it. */
  field: string;
  says?: RegExp;
  gap?: string;
}

const today = vnDateOf(Date.now());
const nextSaturday = addDays(TARGET.visit, (6 - weekday(TARGET.visit) + 7) % 7 || 7);
const long = (n: number) => 'x'.repeat(n);

type Row = [
  name: string,
  update: { name: string },
  payload: unknown,
  field: string,
  more?: Partial<PayloadCase>,
];

// prettier-ignore
const inspectionRows: Row[] = [
  ['self-report: null', submitSelfReportUpdate, null, '(root)'],
  ['self-report: a string', submitSelfReportUpdate, '15/BC-STP', '(root)'],
  ['self-report: empty object', submitSelfReportUpdate, {}, 'documentNumber'],
  ['self-report: number for the document', submitSelfReportUpdate, { documentNumber: 15 }, 'documentNumber'],
  ['self-report: blank document', submitSelfReportUpdate, { documentNumber: '  ' }, 'documentNumber'],
  ['self-report: document of 61 characters', submitSelfReportUpdate, { documentNumber: long(61) }, 'documentNumber'],
  ['self-report: impossible signing day', submitSelfReportUpdate, { documentNumber: '15/BC', signedDate: '2026-02-30' }, 'signedDate'],
  ['self-report: signed tomorrow', submitSelfReportUpdate, { documentNumber: '15/BC', signedDate: addDays(today, 1) }, 'signedDate'],
  ['self-report: unknown key', submitSelfReportUpdate, { documentNumber: '15/BC', by: 'x' }, 'by'],
  ['self-report: attachment of 301 characters', submitSelfReportUpdate, { documentNumber: '15/BC', attachmentRef: long(301) }, 'attachmentRef'],
  ['self-report: 100,000-character document', submitSelfReportUpdate, { documentNumber: long(100_000) }, 'documentNumber'],
  ['result: findings a string', recordVisitResultUpdate, { findings: 'none' }, 'findings'],
  ['result: finding without description', recordVisitResultUpdate, { findings: [{}] }, 'findings[0].description'],
  ['result: fifty-one findings', recordVisitResultUpdate, { findings: Array.from({ length: 51 }, () => ({ description: 'x' })) }, 'findings'],
  ['result: description of 501 characters', recordVisitResultUpdate, { findings: [{ description: long(501) }] }, 'findings[0].description'],
  ['result: finding code twice', recordVisitResultUpdate, { findings: [{ code: 'F1', description: 'a' }, { code: 'F1', description: 'b' }] }, 'findings[1].code'],
  ['result: visit not held yet', recordVisitResultUpdate, { findings: [], visitedOn: addDays(today, 1) }, 'visitedOn'],
  ['result: conclusion of 81 characters', recordVisitResultUpdate, { findings: [], conclusionRef: long(81) }, 'conclusionRef'],
  ['result: no findings key', recordVisitResultUpdate, { visitedOn: today }, 'findings'],
  ['remediation: code with a space', submitRemediationUpdate, { findingCode: 'F 1', documentNumber: '20/BC' }, 'findingCode'],
  ['remediation: no document', submitRemediationUpdate, { findingCode: 'F1' }, 'documentNumber'],
  ['reschedule: impossible day', rescheduleUpdate, { visitDate: '2026-02-30', reason: 'Trùng lịch' }, 'visitDate'],
  ['reschedule: a Saturday', rescheduleUpdate, { visitDate: nextSaturday, reason: 'Trùng lịch' }, 'visitDate'],
  ['reschedule: today', rescheduleUpdate, { visitDate: today, reason: 'Trùng lịch' }, 'visitDate'],
  ['reschedule: blank reason', rescheduleUpdate, { visitDate: addDays(TARGET.visit, 1), reason: '' }, 'reason'],
  ['reschedule: reason of 301 characters', rescheduleUpdate, { visitDate: addDays(TARGET.visit, 1), reason: long(301) }, 'reason'],
  ['reschedule: date a number', rescheduleUpdate, { visitDate: 20261215, reason: 'Trùng lịch' }, 'visitDate'],
  ['cancel: empty object', cancelUpdate, {}, 'reason'],
  ['cancel: reason a number', cancelUpdate, { reason: 5 }, 'reason'],
  ['cancel: reason of 301 characters', cancelUpdate, { reason: long(301) }, 'reason'],
  ['cancel: unknown key', cancelUpdate, { reason: 'Trùng lịch', by: 'x' }, 'by'],
];

// prettier-ignore
const reportRows: Row[] = [
  ['submit: empty object', submitReportUpdate, {}, 'documentNumber'],
  ['submit: malformed document', submitReportUpdate, { documentNumber: 'abc', signedDate: today, channel: 'email' }, 'documentNumber'],
  ['submit: by fax', submitReportUpdate, { documentNumber: '12/BC-STP', signedDate: today, channel: 'fax' }, 'channel'],
  ['submit: signed next year', submitReportUpdate, { documentNumber: '12/BC-STP', signedDate: addDays(today, 365), channel: 'email' }, 'signedDate'],
  ['submit: impossible signing day', submitReportUpdate, { documentNumber: '12/BC-STP', signedDate: '2027-02-30', channel: 'email' }, 'signedDate'],
  ['submit: attachment of 501 characters', submitReportUpdate, { documentNumber: '12/BC-STP', signedDate: today, channel: 'email', attachmentRef: long(501) }, 'attachmentRef'],
  ['submit: checksum not hex', submitReportUpdate, { documentNumber: '12/BC-STP', signedDate: today, channel: 'email', attachmentSha256: 'zz' }, 'attachmentSha256'],
  ['submit: summary key with a space', submitReportUpdate, { documentNumber: '12/BC-STP', signedDate: today, channel: 'email', summary: { 'thủ tục': 1 } }, 'summary.thủ tục'],
  ['submit: 10,000 summary figures', submitReportUpdate, { documentNumber: '12/BC-STP', signedDate: today, channel: 'email', summary: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])) }, 'summary'],
  ['submit: unknown key', submitReportUpdate, { documentNumber: '12/BC-STP', signedDate: today, channel: 'email', by: 'x' }, 'by'],
  ['extend: no new date', extendDeadlineUpdate, { reason: 'Chờ số liệu', approvedBy: 'Giám đốc' }, 'newDueDate'],
  ['extend: date and instant', extendDeadlineUpdate, { newDueDate: '2027-12-30', newDueAt: '2027-12-30T10:00:00+07:00', reason: 'Chờ số liệu', approvedBy: 'Giám đốc' }, 'newDueDate'],
  ['extend: impossible day', extendDeadlineUpdate, { newDueDate: '2027-02-30', reason: 'Chờ số liệu', approvedBy: 'Giám đốc' }, 'newDueDate'],
  ['extend: reason too short', extendDeadlineUpdate, { newDueDate: '2027-12-30', reason: 'x', approvedBy: 'Giám đốc' }, 'reason'],
  ['extend: reason of 501 characters', extendDeadlineUpdate, { newDueDate: '2027-12-30', reason: long(501), approvedBy: 'Giám đốc' }, 'reason'],
  ['extend: approver of 201 characters', extendDeadlineUpdate, { newDueDate: '2027-12-30', reason: 'Chờ số liệu', approvedBy: long(201) }, 'approvedBy'],
  ['exempt: empty object', exemptUpdate, {}, 'reason'],
  ['exempt: reason too short', exemptUpdate, { reason: 'x' }, 'reason'],
  ['exempt: reason of 501 characters', exemptUpdate, { reason: long(501) }, 'reason'],
  ['exempt: unknown key', exemptUpdate, { reason: 'Sáp nhập đơn vị', by: 'x' }, 'by'],
];

const toCases = (workflowType: PayloadCase['workflowType'], rows: Row[]): PayloadCase[] =>
  rows.map(([name, update, payload, field, more]) => ({
    name,
    workflowType,
    update: update.name,
    payload,
    field,
    ...more,
  }));

export const PAYLOAD_CASES: PayloadCase[] = [
  ...toCases('agencyInspection', inspectionRows),
  ...toCases('agencyReport', reportRows),
];
