import { formatDate } from './format';
import type { NotificationPurpose, TemplateData } from './schemas';
import type { ReportingPurpose } from './cycle-words';

// SMS of a CCHC inspection, as registered with the carrier (unaccented wording, values filled in).

export const IN_EMAIL = 'Chi tiet trong email.';

type InspectionPurpose = Exclude<NotificationPurpose, ReportingPurpose>;
type Sms<P extends NotificationPurpose> = (d: TemplateData<P>, agency: string) => string;

export const inspectionSms: { [P in InspectionPurpose]: Sms<P> } = {
  INSPECTION_NOTICE: (d, a) =>
    d.previousVisitDate
      ? `${a}: lich kiem tra CCHC nam ${d.year} doi tu ngay ${formatDate(d.previousVisitDate)} sang ngay ` +
        `${formatDate(d.visitDate)}. Han gui bao cao tu kiem tra ${formatDate(d.selfReportDueDate)}. ${IN_EMAIL}`
      : `${a}: Doan kiem tra CCHC nam ${d.year} se lam viec tai don vi ngay ${formatDate(d.visitDate)}. ` +
        `De nghi gui bao cao tu kiem tra truoc ${formatDate(d.selfReportDueDate)}. ${IN_EMAIL}`,
  SELF_REPORT_REMINDER: (d, a) =>
    `${a}: han gui bao cao tu kiem tra CCHC nam ${d.year} la ${formatDate(d.selfReportDueDate)} ` +
    `(${d.workingDaysLeft === 0 ? 'hom nay' : `con ${d.workingDaysLeft} ngay lam viec`}). De nghi gui dung han.`,
  SELF_REPORT_OVERDUE: (d, a) =>
    `${a}: chua gui bao cao tu kiem tra CCHC nam ${d.year} (han ${formatDate(d.selfReportDueDate)}), ` +
    `da cham ${d.workingDaysLate} ngay lam viec. De nghi gui ngay.`,
  VISIT_REMINDER: (d, a) =>
    `${a}: Doan kiem tra CCHC nam ${d.year} se lam viec tai don vi ngay ${formatDate(d.visitDate)}. ` +
    'De nghi chuan bi ho so, tai lieu.',
  VISIT_RESULT_REMINDER: (d, a) =>
    `Doan kiem tra CCHC: chua cap nhat ket qua kiem tra tai ${a} ngay ${formatDate(d.visitDate)}. ` +
    'De nghi cap nhat tren he thong.',
  REMEDIATION_REMINDER: (d, a) =>
    `${a}: con ${d.findings.length} noi dung phai khac phuc sau kiem tra CCHC nam ${d.year}, ` +
    `han gan nhat ${formatDate(d.findings.map((f) => f.dueDate).sort()[0]!)}. De nghi khac phuc va bao cao dung han.`,
  REMEDIATION_OVERDUE: (d, a) =>
    `${a}: ${d.findings.length} noi dung khac phuc sau kiem tra CCHC nam ${d.year} da qua han. ` +
    'De nghi Thu truong don vi chi dao khac phuc, bao cao ngay.',
  INSPECTION_CONCLUSION: (d, a) =>
    `${a}: Doan kiem tra CCHC nam ${d.year} da ket luan kiem tra ngay ${formatDate(d.concludedDate)}` +
    `${d.conclusionRef ? ` (so ${d.conclusionRef})` : ''}. ${IN_EMAIL}`,
  INSPECTION_CANCELLED: (d, a) =>
    `${a}: lich kiem tra CCHC nam ${d.year} ngay ${formatDate(d.visitDate)} da duoc huy. ${IN_EMAIL}`,
};
