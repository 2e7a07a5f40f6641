import type { ScheduledStep } from '../../domain/calendar/schedule';
import { formatVnDatePadded, vnDateTime } from '../../domain/calendar/dates';
import type { Deadline } from '../../domain/reporting';
import type { NotificationPurpose } from '../../domain/templates/schemas';
import type { AgencyReportStatus, ReportState } from './types';

/** Markdown hard line breaks: the Web UI shows details in a frame of fixed height, so lines stay tight. */
const LINES = '  \n';

// What the Temporal Web UI shows of a report, in officials' words: the summary of each timer and
// message, and the current details (state, deadline, escalation, receipt).

export const REPORT_STATE_VI: Record<ReportState, string> = {
  PENDING: 'chưa nộp',
  SUBMITTED_ON_TIME: 'đã nộp đúng hạn',
  SUBMITTED_LATE: 'đã nộp trễ hạn',
  OVERDUE: 'quá hạn',
  EXEMPT: 'được miễn',
};

/** `16/03/2027 08:00`, Vietnam time. */
export { vnDateTime };

/** The deadline as officials read it: the end of a day, or a drill's exact minute. */
export function deadlineText(d: Deadline): string {
  return d.drill ? vnDateTime(d.dueAt) : `hết ngày ${formatVnDatePadded(d.dueDate)}`;
}

const base = (step: string) => step.replace(/\.\d{4}-\d{2}-\d{2}$/, '');

/** `Nhắc hạn: 5 ngày làm việc trước hạn`, `Gửi thư quá hạn tới đơn vị`: one line per message. */
export function stepSummary(purpose: NotificationPurpose, step: string): string {
  const s = base(step);
  const days = /^reminder-(\d+)wd$/.exec(s);
  if (days) return `Nhắc hạn: ${days[1]} ngày làm việc trước hạn`;
  const repeat = /^overdue-r(\d+)$/.exec(s);
  if (repeat) return `Nhắc quá hạn lần ${Number(repeat[1]) + 1} tới đơn vị`;
  const manual = /^manual-(\d+)$/.exec(s);
  if (manual) return `Nhắc thêm lần ${manual[1]} (theo yêu cầu)`;
  if (s === 'reminder-drill') return 'Nhắc hạn (diễn tập)';
  if (s === 'due-day') return 'Nhắc hạn cuối trong ngày';
  if (s === 'overdue') return 'Gửi thư quá hạn tới đơn vị và Thủ trưởng';
  if (s === 'opening') return 'Gửi thông báo mở kỳ báo cáo';
  if (s.startsWith('receipt-')) return `Gửi biên nhận báo cáo (lần ${s.slice('receipt-'.length)})`;
  if (s.startsWith('extended-')) return 'Báo gia hạn nộp báo cáo';
  if (s === 'exempted') return 'Báo miễn nộp báo cáo';
  return `Gửi thông báo ${purpose}`;
}

/** What a report waits for now: its next step, the deadline, or the end of the cycle. */
export function waitSummary(next: ScheduledStep | undefined, at: number, deadline: Deadline): string {
  if (!next)
    return at === deadline.dueAt + 1
      ? `Chờ hạn nộp (${deadlineText(deadline)})`
      : `Chờ kết thúc kỳ (${vnDateTime(at)})`;
  const s = base(next.step);
  if (next.level !== undefined)
    return `Chờ đến ${vnDateTime(at)}: báo cáo vượt cấp ${next.level} nếu vẫn chưa nộp`;
  if (s.startsWith('reminder') || s === 'due-day')
    return `Chờ đến ${vnDateTime(at)}: ${stepSummary('REPORT_REMINDER', next.step)}`;
  return `Chờ đến ${vnDateTime(at)}: ${stepSummary('REPORT_OVERDUE', next.step)}`;
}

/** The report's current details (markdown), kept current on every change. */
export function reportDetails(state: AgencyReportStatus, deadline: Deadline): string {
  const lines = [
    `**Tình trạng:** ${REPORT_STATE_VI[state.state]}${state.closed ? ' (kỳ đã kết thúc)' : ''}`,
    `**Hạn nộp:** ${deadlineText(deadline)}${state.extensions.length > 0 ? ` (đã gia hạn ${state.extensions.length} lần)` : ''}`,
  ];
  if (state.escalationLevel > 0) lines.push(`**Báo cáo vượt cấp:** cấp ${state.escalationLevel}`);
  const first = state.submissions[0];
  if (first) {
    const verdict = first.onTime ? 'đúng hạn' : `trễ ${first.workingDaysLate} ngày làm việc`;
    lines.push(
      `**Biên nhận:** ${state.submissions.at(-1)!.receiptNumber} (${verdict}, văn bản ${first.documentNumber})`,
    );
  }
  if (state.exemptReason) lines.push(`**Lý do miễn:** ${state.exemptReason}`);
  return lines.join(LINES);
}
