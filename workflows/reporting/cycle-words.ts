import { formatVnDatePadded } from '../../domain/calendar/dates';
import type { Regime } from '../../domain/regime';
import type { EnrolledUnit } from '../../activities/reporting';
import { deadlineText, vnDateTime } from './report-words';
import type { Deadline } from '../../domain/reporting';
import type { AgencyReportInput, CycleStatus } from './types';

/** Markdown hard line breaks: the Web UI shows details in a frame of fixed height, so lines stay tight. */
const LINES = '  \n';

// What the Temporal Web UI shows of a cycle and of each report it starts, in officials' words.

const PHASE_VI: Record<CycleStatus['phase'], string> = {
  OPEN: 'đang nhận báo cáo',
  CONSOLIDATED: 'đã tổng hợp, vẫn nhận báo cáo trễ',
  CLOSED: 'đã kết thúc (chốt sổ)',
};

const periodName = (cycle: CycleStatus, regime: Regime) =>
  regime.policy.periods[cycle.ref.period]?.name ?? cycle.ref.period;
const drillMark = (cycle: CycleStatus) => (cycle.drill ? `[DIỄN TẬP số ${cycle.ref.drill}] ` : '');

/** `Báo cáo CCHC Quý I/2027 — Sở Tư pháp — hạn 16/03/2027`: a report's fixed summary. */
export function reportTitle(
  cycle: CycleStatus,
  regime: Regime,
  unit: EnrolledUnit,
  deadline: Deadline = cycle.deadline,
): string {
  const report = regime.reportName.charAt(0).toUpperCase() + regime.reportName.slice(1);
  const due = cycle.drill ? vnDateTime(deadline.dueAt) : formatVnDatePadded(deadline.dueDate);
  return `${drillMark(cycle)}${report} ${periodName(cycle, regime)}/${cycle.ref.year} — ${unit.name} — hạn ${due}`;
}

/** A report's fixed details (markdown): unit, regime, period, window, deadline, who is told, the commands. */
export function reportStaticDetails(
  cycle: CycleStatus,
  regime: Regime,
  unit: EnrolledUnit,
  heir?: { deadline: Deadline; inherits: NonNullable<AgencyReportInput['inherits']> },
): string {
  const { ref } = cycle;
  const deadline = heir?.deadline ?? cycle.deadline;
  const target = `--regime ${ref.regime} --year ${ref.year} --period ${ref.period}${cycle.drill ? ` --drill ${ref.drill}` : ''} --agency ${unit.code}`;
  return [
    `**Đơn vị:** ${unit.name} (${unit.code})`,
    `**Chế độ báo cáo:** ${regime.name} (${regime.code})`,
    `**Kỳ:** ${periodName(cycle, regime)} năm ${ref.year}${cycle.drill ? ' — diễn tập, không phải kỳ thật' : ''}`,
    `**Số liệu:** từ ${formatVnDatePadded(cycle.dates.windowStart)} đến ${formatVnDatePadded(cycle.dates.cutoff)}`,
    `**Hạn nộp cho ${regime.collector.name}:** ${deadlineText(deadline)}`,
    ...(heir
      ? [
          `**Kế thừa:** báo cáo thay cho ${heir.inherits.from.map((u) => `${u.name} (${u.code})`).join(', ')}, sáp nhập từ ngày ${formatVnDatePadded(heir.inherits.date)}`,
        ]
      : []),
    `**Nhận nhắc hạn:** cán bộ đầu mối của đơn vị; quá hạn: cả Thủ trưởng đơn vị; báo cáo vượt cấp: ${regime.collector.deskName}, rồi ${regime.collector.directorName}`,
    `**Thao tác:** \`cchc cycle submit | extend | exempt | remind ${target}\` (submit: \`--doc <số văn bản>\`; extend: \`--to <ngày> --reason … --approved-by …\`; exempt: \`--reason …\`)`,
  ].join(LINES);
}

/** A cycle's current details (markdown). */
export function cycleDetails(cycle: CycleStatus, regime: Regime): string {
  return [
    `**${drillMark(cycle)}${regime.name}: ${periodName(cycle, regime)} năm ${cycle.ref.year}** (${cycle.key})`,
    `**Tình trạng:** ${PHASE_VI[cycle.phase]} · **đơn vị đã mở báo cáo:** ${cycle.started}${cycle.fanOutDone ? '' : ' (đang mở tiếp)'}`,
    `**Hạn nộp:** ${deadlineText(cycle.deadline)}`,
    `**Tổng hợp gửi UBND tỉnh:** ${vnDateTime(cycle.dates.consolidationAt)} · **kết thúc kỳ (chốt sổ):** ${vnDateTime(cycle.dates.finalCloseAt)}`,
  ].join(LINES);
}

/** What the cycle waits for now. */
export function cycleWait(cycle: CycleStatus, at: number): string {
  if (cycle.phase === 'OPEN' && at === cycle.dates.consolidationAt)
    return `Chờ tổng hợp gửi UBND tỉnh lúc ${vnDateTime(at)}`;
  if (at === cycle.dates.finalCloseAt) return `Chờ kết thúc kỳ (chốt sổ) lúc ${vnDateTime(at)}`;
  return `Chờ đến ${vnDateTime(at)}: rà soát đơn vị quá hạn, báo cáo vượt cấp`;
}
