import type { ContactRoleName } from '../../domain/agencies';
import { formatVnDatePadded, vnDateTime, type IsoDate } from '../../domain/calendar';
import type { AgendaStep } from '../../domain/inspection-agenda';
import { INSPECTION_STATE_VI, ROLE_VI } from '../../domain/inspection-words';
import type { VisitDates } from '../../domain/inspection-policy';
import type { AgencyInspectionInput, InspectionStatus } from './types';

/** Markdown hard line breaks: the Web UI shows details in a frame of fixed height, so lines stay tight. */
const LINES = '  \n';

export { INSPECTION_STATE_VI };

// What the Temporal Web UI shows of a plan and of each inspection, in officials' words: the fixed
// summary and details set at start, the current details, and one line per timer and message.

const d = formatVnDatePadded;
const nameOf = (names: Readonly<Record<string, string>> | undefined, code: string) => names?.[code] ?? code;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `Kiểm tra CCHC 2026 — Sở Y tế — ngày kiểm tra 14/12/2026`: an inspection's fixed summary. */
export function inspectionTitle(input: AgencyInspectionInput): string {
  return `Kiểm tra CCHC năm ${input.year} (${input.planCode}) — ${nameOf(input.names, input.agencyCode)} — ngày kiểm tra ${d(input.visitDate)}`;
}

/** An inspection's fixed details (markdown): unit, plan, scope, dates, the team, who is told, the commands. */
export function inspectionStaticDetails(input: AgencyInspectionInput, dates: VisitDates): string {
  const target = `--plan ${input.year}/${input.planCode} --agency ${input.agencyCode}`;
  const member = (m: { agency: string; role: ContactRoleName }) =>
    `${ROLE_VI[m.role]} (${nameOf(input.names, m.agency)})`;
  const escalations = input.policy.selfReportEscalations.map((e) => `cấp ${e.level}: ${ROLE_VI[e.role]}`);
  return [
    `**Đơn vị được kiểm tra:** ${nameOf(input.names, input.agencyCode)} (${input.agencyCode})`,
    `**Kế hoạch:** ${input.planCode} năm ${input.year}${input.decisionRef ? `, theo Quyết định số ${input.decisionRef}` : ''}`,
    `**Nội dung kiểm tra:** ${input.scope}`,
    `**Ngày kiểm tra theo kế hoạch:** ${d(input.visitDate)}`,
    `**Thông báo kiểm tra:** ngày ${d(dates.noticeDate)}; **hạn báo cáo tự kiểm tra:** hết ngày ${d(dates.selfReportDueDate)}`,
    `**Đoàn kiểm tra:** trưởng đoàn ${member(input.team.lead)}${input.team.members.length ? `; thành viên: ${input.team.members.map(member).join(', ')}` : ''}`,
    `**Nhận thông báo:** đầu mối CCHC và Thủ trưởng đơn vị; chưa có báo cáo tự kiểm tra: báo cáo vượt cấp (${escalations.join('; ') || 'không'})`,
    `**Thao tác:** \`cchc inspection self-report | result | remediation | reschedule | cancel ${target}\` (xem \`cchc inspection <lệnh> --help\`)`,
  ].join(LINES);
}

/** An inspection's current details (markdown), kept current on every change. */
export function inspectionDetails(s: InspectionStatus): string {
  const lines = [`**Tình trạng:** ${INSPECTION_STATE_VI[s.state]}`];
  const moved = s.reschedules.at(-1);
  lines.push(
    `**Ngày kiểm tra:** ${d(s.visitedOn ?? s.visitDate)}${moved ? ` (dời từ ${d(moved.from)}: ${moved.reason})` : ''}`,
  );
  if (s.selfReport) {
    const verdict = s.selfReport.onTime ? 'đúng hạn' : `trễ ${s.selfReport.workingDaysLate} ngày làm việc`;
    lines.push(
      `**Báo cáo tự kiểm tra:** đã nhận, biên nhận ${s.selfReport.receiptNumber} (${verdict}, văn bản ${s.selfReport.documentNumber})`,
    );
  } else if (!s.resultRecordedAt) {
    lines.push(`**Báo cáo tự kiểm tra:** chưa nộp, hạn hết ngày ${d(s.selfReportDueDate)}`);
  }
  if (s.noticeSentAt) lines.push(`**Đã gửi thông báo kiểm tra:** ${vnDateTime(Date.parse(s.noticeSentAt))}`);
  if (s.resultRecordedAt) {
    const open = s.findings.filter((f) => f.state !== 'REMEDIATED');
    lines.push(
      s.findings.length === 0
        ? '**Kết quả kiểm tra:** không có tồn tại'
        : `**Tồn tại:** ${s.findings.length - open.length}/${s.findings.length} đã khắc phục${open.length ? `; còn ${open.map((f) => `${f.code} (hạn ${d(f.dueDate)}${f.state === 'OVERDUE' ? ', quá hạn' : ''})`).join(', ')}` : ''}`,
    );
  }
  if (s.escalationLevel > 0) lines.push(`**Báo cáo vượt cấp:** cấp ${s.escalationLevel}`);
  if (s.conclusionRef) lines.push(`**Thông báo kết luận:** ${s.conclusionRef}`);
  if (s.concludedDate) lines.push(`**Kết luận ngày:** ${d(s.concludedDate)}`);
  if (s.cancelReason) lines.push(`**Lý do hủy:** ${s.cancelReason}`);
  return lines.join(LINES);
}

const dueOf = (step: AgendaStep): IsoDate | undefined =>
  step.dueDate ?? (step.message?.data.selfReportDueDate as IsoDate | undefined);

/** What one agenda step does, as a phrase: `nhắc báo cáo tự kiểm tra (còn 3 ngày làm việc)`. */
function stepPhrase(step: AgendaStep): string {
  const data = step.message?.data ?? {};
  switch (step.kind) {
    case 'notice':
      return step.step.startsWith('notice-r') ? 'gửi thông báo dời lịch kiểm tra' : 'gửi thông báo kiểm tra';
    case 'selfReportDeadline':
      return `hết hạn báo cáo tự kiểm tra (${d(dueOf(step) ?? step.visitDate)})`;
    case 'selfReportEscalation':
      return `báo cáo vượt cấp ${step.level} tới ${ROLE_VI[step.role!]}: chưa có báo cáo tự kiểm tra`;
    case 'visitDay':
      return `ngày kiểm tra ${d(step.visitDate)}`;
    case 'remediationDeadline':
      return `hết hạn khắc phục tồn tại (${d(step.dueDate!)})`;
    case 'remediationEscalation':
      return `báo cáo vượt cấp ${step.level} tới ${ROLE_VI[step.role!]}: tồn tại chưa khắc phục`;
    case 'reminder':
      switch (step.message?.purpose) {
        case 'SELF_REPORT_REMINDER':
          return `nhắc báo cáo tự kiểm tra: còn ${String(data.workingDaysLeft)} ngày làm việc`;
        case 'SELF_REPORT_OVERDUE':
          return 'gửi thư quá hạn báo cáo tự kiểm tra tới đơn vị và Thủ trưởng';
        case 'VISIT_REMINDER':
          return step.step.startsWith('visit-reminder-team')
            ? 'nhắc đoàn kiểm tra lịch kiểm tra'
            : 'nhắc đơn vị lịch kiểm tra';
        case 'VISIT_RESULT_REMINDER':
          return 'nhắc trưởng đoàn ghi nhận kết quả kiểm tra';
        case 'REMEDIATION_REMINDER':
          return 'nhắc khắc phục tồn tại';
        case 'REMEDIATION_OVERDUE':
          return 'gửi thư quá hạn khắc phục tồn tại';
        default:
          return 'gửi thông báo';
      }
  }
}

/** The Web UI's line for a message an agenda step sends: `Gửi thông báo kiểm tra`. */
export function stepSummary(step: AgendaStep): string {
  return capital(stepPhrase(step));
}

/** The Web UI's line for the timer an inspection waits on: `Chờ đến 04/12/2026 08:00: gửi thông báo kiểm tra`. */
export function waitSummary(next: AgendaStep): string {
  return `Chờ đến ${vnDateTime(next.at)}: ${stepPhrase(next)}`;
}

/** The closing messages' lines. */
export const CONCLUSION_SUMMARY = 'Gửi thông báo kết luận kiểm tra';
export const CANCELLED_SUMMARY = 'Gửi thông báo hủy kiểm tra';
