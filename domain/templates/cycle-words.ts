import type { CycleDates, ReportingPolicy } from '../calendar';
import { formatVnDatePadded, vnDateTime, type IsoDate } from '../calendar/dates';
import type { Regime } from '../regime';
import { cycleKey, isDrill, type CycleRef } from '../reporting/identity';
import {
  deadlineOfDate,
  deadlineOfInstant,
  drillMilestones,
  type Deadline,
  type DrillTimings,
} from '../reporting/rules';
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

// ---------------------------------------------------------------------------------------------
// A cycle's start as the Temporal Web UI shows it (User Metadata: Summary and Details), the same
// for the three ways a cycle starts: `cycle start` or `drill start`, `cycle reopen --yes`, and the
// schedule's launcher. Shared by the client and the workflows, so it lives here. (What the cycle
// says of itself while it runs, its current details, is in workflows/reporting/cycle-words.ts.)

/** Markdown hard line breaks: the Web UI shows details in a frame of fixed height, so lines stay tight. */
const LINES = '  \n';

/**
 * A cycle as planned when it is started, before it runs: what its start says of it and how long it
 * may live. Plain data: the schedule's launcher carries it in its input.
 */
export interface CyclePlan {
  windowStart: IsoDate;
  cutoff: IsoDate;
  /** The agencies' deadline: the end of a day, or a drill's instant. */
  deadline: Deadline;
  consolidationAt: number;
  finalCloseAt: number;
}

/**
 * The plan of a cycle from its period's dates; for a drill (its deadline instant and step timings)
 * the deadline and milestones the cycle sets itself (workflows/reporting/cycle.ts, first run).
 */
export function planCycle(
  dates: CycleDates,
  policy: Pick<ReportingPolicy, 'escalations'>,
  drill?: { dueAt: string; timings: DrillTimings },
): CyclePlan {
  const window = { windowStart: dates.windowStart, cutoff: dates.cutoff };
  if (!drill)
    return {
      ...window,
      deadline: deadlineOfDate(dates.agencyDueDate),
      consolidationAt: dates.consolidationAt,
      finalCloseAt: dates.finalCloseAt,
    };
  const deadline = deadlineOfInstant(Date.parse(drill.dueAt), drill.timings);
  const m = drillMilestones(deadline, policy);
  return { ...window, deadline, consolidationAt: m.consolidationAt, finalCloseAt: m.finalCloseAt };
}

/** A cycle's workflow, or one of its reports, outlives the cycle's final close by at most this. */
export const LIFETIME_MARGIN_MS = 30 * 24 * 60 * 60_000;

/**
 * The execution timeout (a safety net: the workflow ends by itself at the final close) of a cycle's
 * workflow or of one of its reports started at `now`: until the final close, plus the margin. An
 * execution timeout spans every run of a workflow that continues as new.
 */
export function lifetimeAfter(finalCloseAt: number, now: number): number {
  return Math.max(1, finalCloseAt - now) + LIFETIME_MARGIN_MS;
}

const deadlineText = (d: Deadline) =>
  d.drill ? vnDateTime(d.dueAt) : `hết ngày ${formatVnDatePadded(d.dueDate)}`;

/**
 * A cycle's summary (`Báo cáo công tác cải cách hành chính: Quý I năm 2027 — hạn 16/03/2027`) and
 * details (markdown): regime, period and data window, the agencies' deadline, the consolidation,
 * the final close and the commands that act on it. Names only: the details are not encrypted, so
 * no address or phone number goes in them.
 */
export function cycleStartMetadata(
  ref: CycleRef,
  regime: Regime,
  plan: CyclePlan,
  opts: { reopenedAt?: number } = {},
): { staticSummary: string; staticDetails: string } {
  // 'Quý I năm 2027', '6 tháng đầu năm 2027', 'năm 2027'.
  const period = periodOf(regime.policy.periods[ref.period]?.name ?? ref.period, ref.year);
  const drill = isDrill(ref);
  const mark = drill ? `[DIỄN TẬP số ${ref.drill}] ` : '';
  const due = drill ? vnDateTime(plan.deadline.dueAt) : formatVnDatePadded(plan.deadline.dueDate);
  const target = `--regime ${ref.regime} --year ${ref.year} --period ${ref.period}${drill ? ` --drill ${ref.drill}` : ''}`;
  const actions = drill
    ? `\`cchc drill status | cancel | purge ${target}\`; \`cchc cycle remind | close ${target}\` (\`--final\`: kết thúc kỳ)`
    : `\`cchc cycle status | remind | close ${target}\` (close: tổng hợp ngay; \`--final\`: kết thúc kỳ); từng đơn vị: \`cchc cycle submit | extend | exempt … --agency <mã>\`; kỳ bị lỗi, bị dừng: \`cchc cycle reopen … --yes\``;
  return {
    staticSummary: `${mark}${regime.name}: ${period} — hạn ${due}`,
    staticDetails: [
      `**Chế độ báo cáo:** ${regime.name} (${regime.code}), nộp cho ${regime.collector.name}`,
      `**Kỳ:** ${period} (${cycleKey(ref)})${drill ? ' — diễn tập, không phải kỳ thật' : ''} · **số liệu:** từ ${formatVnDatePadded(plan.windowStart)} đến ${formatVnDatePadded(plan.cutoff)}`,
      `**Hạn các đơn vị nộp:** ${deadlineText(plan.deadline)}`,
      `**Tổng hợp gửi UBND tỉnh:** ${vnDateTime(plan.consolidationAt)}, sau đó vẫn nhận báo cáo trễ`,
      `**Kết thúc kỳ (chốt sổ):** ${vnDateTime(plan.finalCloseAt)}: hồ sơ cố định, không nhận thêm báo cáo`,
      ...(opts.reopenedAt !== undefined
        ? [
            `**Mở lại:** ${vnDateTime(opts.reopenedAt)}: báo cáo đang chạy giữ nguyên hạn, báo cáo đã kết thúc giữ kết quả, đơn vị chưa có báo cáo được mở mới`,
          ]
        : []),
      `**Thao tác:** ${actions}`,
    ].join(LINES),
  };
}

/** The schedule's launcher (`openCycle`): it starts the cycle under the cycle's own ID, then ends. */
export function launcherMetadata(
  ref: CycleRef,
  regime: Regime,
  plan: CyclePlan,
  opensAt: number,
): { staticSummary: string; staticDetails: string } {
  const cycle = cycleStartMetadata(ref, regime, plan);
  return {
    staticSummary: `Mở kỳ theo lịch: ${cycle.staticSummary}`,
    staticDetails: [
      `**Mở kỳ lúc:** ${vnDateTime(opensAt)}; quy trình này chỉ mở kỳ (cycle-${cycleKey(ref)}) rồi kết thúc; kỳ đã mở thì không mở lại`,
      cycle.staticDetails,
    ].join(LINES),
  };
}
