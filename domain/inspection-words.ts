import type { ContactRoleName } from './agencies';
import { formatVnDatePadded } from './calendar/dates';
import type { InspectionPlanInput } from './inspection-plan';

/** Markdown hard line breaks: the Web UI shows details in a frame of fixed height, so lines stay tight. */
const LINES = '  \n';

// Inspections in officials' words, for the CLI and the Temporal Web UI (a plan's summary and details).

/** The states of one inspection (the workflow's `InspectionState`). */
export type InspectionStateName =
  | 'SCHEDULED'
  | 'NOTIFIED'
  | 'SELF_REPORT_RECEIVED'
  | 'SELF_REPORT_OVERDUE'
  | 'VISITED'
  | 'REMEDIATING'
  | 'CONCLUDED'
  | 'CANCELLED';

export const INSPECTION_STATE_VI: Record<InspectionStateName, string> = {
  SCHEDULED: 'đã lên lịch',
  NOTIFIED: 'đã thông báo',
  SELF_REPORT_RECEIVED: 'đã nhận báo cáo tự kiểm tra',
  SELF_REPORT_OVERDUE: 'quá hạn báo cáo tự kiểm tra',
  VISITED: 'chờ kết quả kiểm tra',
  REMEDIATING: 'đang khắc phục',
  CONCLUDED: 'đã kết luận',
  CANCELLED: 'đã hủy',
};

export const ROLE_VI: Record<ContactRoleName, string> = {
  focal_point: 'đầu mối CCHC',
  head: 'Thủ trưởng',
  snv_desk: 'Phòng CCHC Sở Nội vụ',
  snv_director: 'Giám đốc Sở Nội vụ',
  ubnd: 'Văn phòng UBND tỉnh',
};

const d = formatVnDatePadded;
const nameOf = (names: Readonly<Record<string, string>> | undefined, code: string) => names?.[code] ?? code;

/** `Kế hoạch kiểm tra CCHC năm 2026 (KT-2026-01): 3 đơn vị`: a plan's fixed summary. */
export function planTitle(plan: InspectionPlanInput): string {
  return `Kế hoạch kiểm tra CCHC năm ${plan.year} (${plan.code}): ${plan.inspections.length} đơn vị`;
}

/** A plan's fixed details (markdown): decision, team, each inspection with its date, the commands. */
export function planStaticDetails(
  plan: InspectionPlanInput,
  names: Readonly<Record<string, string>>,
): string {
  const member = (m: { agency: string; role: ContactRoleName }) =>
    `${ROLE_VI[m.role]} (${nameOf(names, m.agency)})`;
  return [
    `**Kế hoạch kiểm tra:** ${plan.code} năm ${plan.year}, theo Quyết định số ${plan.decisionRef}`,
    `**Đoàn kiểm tra:** trưởng đoàn ${member(plan.team.lead)}${plan.team.members.length ? `; thành viên: ${plan.team.members.map(member).join(', ')}` : ''}`,
    `**Đơn vị được kiểm tra:**`,
    plan.inspections
      .map((i) => `- ${nameOf(names, i.agency)} (${i.agency}): ngày ${d(i.visitDate)} — ${i.scope}`)
      .join('\n'),
    `**Theo dõi:** \`cchc inspection status --plan ${plan.year}/${plan.code}\``,
  ].join(LINES);
}
