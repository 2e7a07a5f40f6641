import type { Block, Cell, SignOff } from './document';
import { formatDate, formatLongDate, formatVnDateTime, periodOf } from './format';
import type { CycleContext, ListedAgency, NotificationPurpose, TemplateData } from './schemas';

// The words every reporting message shares, taken from the cycle's regime: the report's name, the
// collector and its desk, the signature, the drill mark, the deadline and where to submit.

/** The purposes whose data carries a `cycle`: they speak the regime's words. */
export const REPORTING_PURPOSES = [
  'CYCLE_OPENING',
  'REPORT_REMINDER',
  'REPORT_DUE_TODAY',
  'REPORT_OVERDUE',
  'ESCALATION_SNV',
  'SUBMISSION_RECEIPT',
  'UBND_SUMMARY',
  'DEADLINE_EXTENDED',
  'EXEMPTED',
  'FOLLOW_UP_DIGEST',
] as const satisfies readonly NotificationPurpose[];
export type ReportingPurpose = (typeof REPORTING_PURPOSES)[number];

type Contact = TemplateData<'ESCALATION_SNV'>['lateAgencies'][number]['contacts'][number];

export const DRILL_MARK = '[DIỄN TẬP]';

/** `[CCHC] …`, or `[DIỄN TẬP] [KSTTHC] …` for a drill. */
export function subjectOf(c: CycleContext, text: string): string {
  return `${c.drill ? `${DRILL_MARK} ` : ''}[${c.regime}] ${text}`;
}

/** `báo cáo CCHC Quý I năm 2027`, `báo cáo kiểm soát TTHC năm 2027`. */
export function reportOf(c: CycleContext): string {
  return `${c.reportName} ${periodOf(c.periodName, c.year)}`;
}

/**
 * The deadline as a sentence says it: a drill's to the minute (`01:02 ngày 02/12/2026`), a real
 * one as the end of its day (`hết ngày thứ Ba, 16/03/2027`).
 */
export function deadlineOf(c: CycleContext, dueDate: string, dueAt: number | undefined): string {
  return c.drill && dueAt !== undefined ? formatVnDateTime(dueAt) : `hết ngày ${formatLongDate(dueDate)}`;
}

/** The deadline in a subject or a table: `16/03/2027`, or a drill's `01:02 ngày 02/12/2026`. */
export function shortDeadlineOf(c: CycleContext, dueDate: string, dueAt: number | undefined): string {
  return c.drill && dueAt !== undefined ? formatVnDateTime(dueAt) : formatDate(dueDate);
}

/** At the top of every drill email: nothing in it is a real request. */
export function drillNotice(c: CycleContext): Block[] {
  if (!c.drill) return [];
  return [
    {
      kind: 'notice',
      text:
        `ĐÂY LÀ THƯ DIỄN TẬP (${c.key}): thư được gửi để thử quy trình theo dõi ${c.reportName}, ` +
        'không phải yêu cầu hay báo cáo chính thức; các thời hạn trong thư chỉ dùng cho buổi diễn tập.',
    },
  ];
}

export function signOffOf(c: CycleContext): SignOff {
  return {
    signature: ['Trân trọng,', c.signature],
    note:
      `Thư này được gửi tự động từ hệ thống theo dõi ${c.reportName} của ${c.collectorName}. ` +
      `Vui lòng không trả lời thư này; khi cần, xin liên hệ ${c.deskName}.`,
  };
}

/** Where and how to submit, as the regime says. */
export function submissionBlocks(c: CycleContext): Block[] {
  const s = c.submission;
  if (!s) {
    return [{ kind: 'p', text: `Đơn vị gửi báo cáo về ${c.collectorName} theo hướng dẫn hiện hành.` }];
  }
  const rows: [string, string][] = [];
  if (s.system) rows.push(['Hệ thống', s.system]);
  if (s.address) rows.push(['Địa chỉ nhận', s.address]);
  if (s.template) rows.push(['Mẫu báo cáo', s.template]);
  return [
    { kind: 'heading', text: 'Cách gửi báo cáo' },
    { kind: 'p', text: s.how },
    ...(rows.length > 0 ? [{ kind: 'facts' as const, rows }] : []),
  ];
}

export const IF_ALREADY_SENT = 'Nếu đơn vị đã gửi báo cáo, xin bỏ qua thư này.';

export function greetingOf(d: { agency: { name: string } }): string {
  return `Kính gửi: ${d.agency.name}.`;
}

export const nameOf = (a: ListedAgency) => a.name ?? a.code;

const ROLE_LABELS: Record<Contact['role'], string> = { focal_point: 'Đầu mối', head: 'Thủ trưởng' };

/** Whom to call about a late unit, one line each, the focal point first. */
export function contactCell(contacts: Contact[]): Cell {
  if (contacts.length === 0) return ['chưa có thông tin liên hệ'];
  const order = (c: Contact) => (c.role === 'focal_point' ? 0 : 1);
  return [...contacts]
    .sort((a, b) => order(a) - order(b))
    .map((c) => [`${ROLE_LABELS[c.role]}: ${c.name}`, c.phone, c.email].filter(Boolean).join(', '));
}
