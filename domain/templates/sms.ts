import { SMS_MAX_SEGMENTS, SMS_MAX_SEPTETS, gsm7Segments, toSmsText } from '../sms-text';
import { formatDate, reportName } from './format';
import type { NotificationPurpose, TemplateData } from './schemas';

// SMS as registered with the carrier: few, short and fixed wording, only codes, names, dates and
// numbers filled in; diacritics stripped. Details always stay in the email.

type SmsTemplate<P extends NotificationPurpose> = (d: TemplateData<P>, agency: string) => string;

const reportOf = (d: { year: number; period: string; periodLabel?: string }) =>
  `bao cao CCHC ${reportName(d.period, d.year, d.periodLabel)}`;
const IN_EMAIL = 'Chi tiet trong email.';

const templates: { [P in NotificationPurpose]: SmsTemplate<P> } = {
  CYCLE_OPENING: (d, a) =>
    `${a}: So Noi vu de nghi gui ${reportOf(d)} (so lieu tu ${formatDate(d.windowStart)} den ${formatDate(d.cutoff)}) ` +
    `truoc han ${formatDate(d.dueDate)}. ${IN_EMAIL}`,
  REPORT_REMINDER: (d, a) =>
    `${a}: han gui ${reportOf(d)} ve So Noi vu la ${formatDate(d.dueDate)} (con ${d.workingDaysLeft} ngay lam viec). ` +
    'De nghi gui dung han. Neu da gui, xin bo qua tin nay.',
  REPORT_DUE_TODAY: (d, a) =>
    `${a}: hom nay ${formatDate(d.dueDate)} la han cuoi gui ${reportOf(d)} ve So Noi vu. De nghi gui trong ngay.`,
  REPORT_OVERDUE: (d, a) =>
    `${a}: chua gui ${reportOf(d)} (han ${formatDate(d.dueDate)}), da cham ${d.workingDaysLate} ngay lam viec. ` +
    'De nghi Thu truong don vi chi dao gui ngay ve So Noi vu.',
  ESCALATION_SNV: (d) => {
    const head = `So Noi vu: ${d.lateAgencies.length} don vi chua gui ${reportOf(d)} da qua han: `;
    const items = d.lateAgencies.map((x) => `${x.code} (${x.workingDaysLate} ngay)`);
    return `${head}${fitList(items, SMS_MAX_SEPTETS - head.length - IN_EMAIL.length - 2)}. ${IN_EMAIL}`;
  },
  SUBMISSION_RECEIPT: (d, a) =>
    `So Noi vu da nhan ${reportOf(d)} cua ${a}, so bien nhan ${d.receiptNumber}, ` +
    `${d.onTime ? 'dung han' : `cham ${d.workingDaysLate ?? 0} ngay lam viec`}.`,
  UBND_SUMMARY: (d) =>
    `So Noi vu: ${reportOf(d)} (han ${formatDate(d.dueDate)}): ${d.totals.agencies} don vi, ${d.totals.onTime} dung han, ` +
    `${d.totals.late} cham, ${d.totals.notSubmitted} chua gui, ${d.totals.exempt} duoc mien. ${IN_EMAIL}`,
  INSPECTION_NOTICE: (d, a) =>
    d.previousVisitDate
      ? `${a}: lich kiem tra CCHC nam ${d.year} doi tu ngay ${formatDate(d.previousVisitDate)} sang ngay ` +
        `${formatDate(d.visitDate)}. Han gui bao cao tu kiem tra ${formatDate(d.selfReportDueDate)}. ${IN_EMAIL}`
      : `${a}: Doan kiem tra CCHC nam ${d.year} se lam viec tai don vi ngay ${formatDate(d.visitDate)}. ` +
        `De nghi gui bao cao tu kiem tra truoc ${formatDate(d.selfReportDueDate)}. ${IN_EMAIL}`,
  SELF_REPORT_REMINDER: (d, a) =>
    `${a}: han gui bao cao tu kiem tra CCHC nam ${d.year} la ${formatDate(d.selfReportDueDate)} ` +
    `(con ${d.workingDaysLeft} ngay lam viec). De nghi gui dung han.`,
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
  DEADLINE_EXTENDED: (d, a) =>
    `${a}: han gui ${reportOf(d)} duoc gia han den ${formatDate(d.dueDate)}. ${IN_EMAIL}`,
  EXEMPTED: (d, a) => `${a}: don vi duoc mien gui ${reportOf(d)}. ${IN_EMAIL}`,
};

/** As many items as fit in `budget` characters, then 'va N don vi khac'. */
function fitList(items: string[], budget: number): string {
  const all = items.join(', ');
  if (all.length <= budget) return all;
  let shown = items.length - 1;
  for (; shown > 0; shown--) {
    const text = `${items.slice(0, shown).join(', ')} va ${items.length - shown} don vi khac`;
    if (text.length <= budget) return text;
  }
  return `${items.length} don vi`;
}

/**
 * The SMS for a purpose: within two GSM-7 segments, without diacritics. An agency name too long
 * for that is replaced by its code; anything still too long is cut with '...'.
 */
export function renderSms<P extends NotificationPurpose>(purpose: P, data: TemplateData<P>): string {
  const template = templates[purpose] as SmsTemplate<P>;
  let text = '';
  for (const agency of [data.agency.name, data.agency.code]) {
    text = toSmsText(template(data, toSmsText(agency)));
    if (gsm7Segments(text) <= SMS_MAX_SEGMENTS) return text;
  }
  while (gsm7Segments(`${text}...`) > SMS_MAX_SEGMENTS) text = text.slice(0, -1);
  return `${text.trimEnd()}...`;
}
