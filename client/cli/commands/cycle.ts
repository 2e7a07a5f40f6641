import type { Command } from 'commander';
import { z } from 'zod';
import { isoDateSchema } from '../../../domain/calendar';
import { SUBMISSION_CHANNELS } from '../../../domain/reporting';
import type { ServiceContext } from '../../services/context';
import {
  cycleStatus,
  listOverdue,
  REPORT_STATES,
  type CycleStatusView,
  type OverdueRow,
} from '../../services/cycle-status';
import { closeCycleFinal, consolidateCycle, remindAll, reopenCycle, startCycle } from '../../services/cycles';
import {
  exemptAgency,
  extendDeadline,
  remindAgency,
  submitReport,
  type SubmitResult,
} from '../../services/reports';
import { vnDay, vnDeadline, vnLateness, vnTime } from '../dates';
import { CliError } from '../errors';
import { agencyOption, instantOption, loadPolicy, parseOptions } from '../options';
import { formatTable, print, printJson } from '../output';
import { run } from '../run';
import { cycleFlags, cycleTarget, reportFlags, type CycleFlags } from './cycle-options';

// `cchc cycle …` and `cchc overdue`: the officials' verbs for reporting cycles, on the services.

export const STATE_VI: Record<string, string> = {
  PENDING: 'chưa nộp',
  SUBMITTED_ON_TIME: 'đã nộp đúng hạn',
  SUBMITTED_LATE: 'đã nộp trễ hạn',
  OVERDUE: 'quá hạn',
  EXEMPT: 'được miễn',
};
/** A cycle's status (ReportingCycle.status) in officials' words. */
export const STATUS_VI: Record<string, string> = {
  PLANNED: 'chưa mở',
  OPEN: 'đang nhận báo cáo',
  CONSOLIDATED: 'đã tổng hợp, vẫn nhận báo cáo trễ',
  CLOSED: 'đã kết thúc (chốt sổ)',
  CANCELLED: 'đã hủy',
};

/** The successor's code when a merge ended this unit's report (activities/successions.ts writes the reason). */
export function mergedInto(exemptReason: string | null | undefined): string | undefined {
  return /^Sáp nhập vào .* \(([A-Z][A-Z0-9_]{1,19})\) từ ngày /.exec(exemptReason ?? '')?.[1];
}

/** `chưa nộp`, `được miễn (sáp nhập vào H_LAPVO)`. */
export function stateText(r: { state: string; exemptReason: string | null }): string {
  const into = r.state === 'EXEMPT' ? mergedInto(r.exemptReason) : undefined;
  return `${STATE_VI[r.state] ?? r.state}${into ? ` (sáp nhập vào ${into})` : ''}`;
}

/** Payload fields as the commands' flags name them. */
const FLAGS = {
  documentNumber: '--doc',
  signedDate: '--signed',
  newDueDate: '--to',
  newDueAt: '--to-instant',
  approvedBy: '--approved-by',
  dueAt: '--due',
};

/** How late a receipt says it was: working days, or for a drill minutes after its due instant. */
function verdictOf(r: SubmitResult): string {
  if (r.onTime) return 'đúng hạn';
  if (!r.drill) return `trễ ${vnLateness({ unit: 'workingDays', amount: r.workingDaysLate })}`;
  const lateMs = Date.parse(r.receivedAt) - r.dueAt;
  // A deadline moved later since (an extension) leaves only the fact that it was late.
  return lateMs > 0
    ? `trễ ${vnLateness({ unit: 'minutes', amount: Math.max(1, Math.ceil(lateMs / 60_000)) })}`
    : 'trễ hạn';
}

/** The receipt as the official reads it: number, when, on time or how late, against which deadline. */
export function receiptLine(r: SubmitResult, agency: string): string {
  const when = vnTime(Date.parse(r.receivedAt));
  const verdict = verdictOf(r);
  const due = r.drill ? vnTime(r.dueAt) : vnDay(r.dueDate);
  return r.duplicate
    ? `Văn bản này của ${agency} đã được tiếp nhận trước đó: biên nhận ${r.receiptNumber} (${when}, ${verdict}).`
    : `Đã tiếp nhận báo cáo của ${agency}: biên nhận ${r.receiptNumber}, lúc ${when}, ${verdict}` +
        ` (hạn ${due})${r.version > 1 ? `, bản sửa đổi lần ${r.version - 1}` : ''}.`;
}

function printReceipt(r: SubmitResult, agency: string, json: boolean | undefined): void {
  if (json) return printJson({ ...r, dueAt: new Date(r.dueAt).toISOString() });
  print(receiptLine(r, agency));
}

const contactOf = (f: { name: string; email: string | null; phone: string | null } | null) =>
  f ? [f.name, f.phone, f.email].filter(Boolean).join(', ') : '';

const levelOf = (r: { escalationLevel: number }) => (r.escalationLevel > 0 ? `cấp ${r.escalationLevel}` : '');

/** `cchc cycle status` as text: the cycle's line, each unit's row, the totals. */
export function cycleStatusText(s: CycleStatusView): string {
  const drill = s.drill > 0;
  const head =
    `${s.key} (${s.workflowId}): ${STATUS_VI[s.status] ?? s.status}; hạn nộp ${vnDeadline(s.agencyDueAt, drill)}` +
    `${drill ? ' (diễn tập)' : ''}` +
    (s.finalCloseAt ? `; kết thúc kỳ ${vnTime(s.finalCloseAt)}` : '');
  const table = formatTable(s.agencies, [
    { header: 'Mã', value: (r) => r.agency },
    { header: 'Đơn vị', value: (r) => r.name },
    { header: 'Tình trạng', value: (r) => stateText(r) },
    { header: 'Hạn', value: (r) => vnDeadline(r.dueAt, drill) },
    { header: 'Trễ', value: (r) => vnLateness(r.lateBy) },
    { header: 'Nộp lúc', value: (r) => (r.submittedAt ? vnTime(r.submittedAt) : '') },
    { header: 'Biên nhận', value: (r) => r.receiptNumber },
    { header: 'Vượt cấp', value: levelOf },
    { header: 'Đầu mối', value: (r) => contactOf(r.focalPoint) },
  ]);
  const shown = s.agencies.length < s.totals.agencies ? ` (hiện ${s.agencies.length})` : '';
  const totals =
    `Tổng: ${s.totals.agencies} đơn vị${shown}; ` +
    REPORT_STATES.map((st) => `${STATE_VI[st]}: ${s.totals[st]}`).join('; ');
  return `${head}\n\n${table}\n\n${totals}`;
}

/** `cchc overdue` as text: one row per unit still owing a report after its deadline, then the count. */
export function overdueText(rows: OverdueRow[], total: number): string {
  if (rows.length === 0) return 'Không có đơn vị nào quá hạn.';
  const table = formatTable(rows, [
    { header: 'Kỳ', value: (r) => `${r.cycleKey}${r.drill ? ' (diễn tập)' : ''}` },
    { header: 'Mã', value: (r) => r.agency },
    { header: 'Đơn vị', value: (r) => r.name },
    { header: 'Hạn', value: (r) => vnDeadline(r.dueAt, r.drill > 0) },
    { header: 'Trễ', value: (r) => vnLateness(r.lateBy) },
    { header: 'Vượt cấp', value: levelOf },
    { header: 'Đầu mối', value: (r) => contactOf(r.focalPoint) },
  ]);
  const more = rows.length < total ? ` (hiện ${rows.length}; dùng --limit để xem thêm)` : '';
  return `${table}\n\nTổng: ${total} đơn vị quá hạn${more}.`;
}

export function registerCycleCommands(program: Command, ctx: ServiceContext): void {
  const cycle = program.command('cycle').description('Kỳ báo cáo (quý, 6 tháng, năm) của một chế độ báo cáo');

  cycleFlags(cycle.command('start'), { drill: false })
    .description('Mở kỳ báo cáo thật ngay (thông thường do lịch tự mở); diễn tập: "cchc drill start"')
    .option('--due <thời điểm>', 'không dùng: diễn tập có lệnh riêng "cchc drill start"')
    .option('--policy <tệp>', 'tệp chính sách (YAML/JSON) thay chính sách của chế độ báo cáo')
    .option('--json', 'in dạng JSON')
    .action(
      run(FLAGS, async (opts: CycleFlags & { due?: string; policy?: string; json?: boolean }) => {
        if (opts.due)
          throw new CliError(
            `--due: diễn tập không mở kỳ thật; dùng "cchc drill start --year ${opts.year ?? '<năm>'} --period ${opts.period ?? '<kỳ>'} --due ${opts.due}"`,
          );
        const target = cycleTarget(opts);
        const started = await startCycle(ctx, {
          ...target,
          ...(opts.policy ? { policy: loadPolicy(opts.policy) } : {}),
        });
        const { dates } = started;
        if (opts.json)
          return printJson({
            workflowId: started.workflowId,
            key: started.key,
            agencies: started.agencies,
            windowStart: dates.windowStart,
            cutoff: dates.cutoff,
            agencyDueAt: new Date(started.agencyDueAt).toISOString(),
            drill: false,
          });
        print(
          `Đã mở kỳ ${dates.periodName} năm ${target.year} — ${started.regimeName} (${started.workflowId}) cho ${started.agencies} đơn vị.\n` +
            `Số liệu từ ${vnDay(dates.windowStart)} đến ${vnDay(dates.cutoff)}; hạn nộp: ${vnDeadline(started.agencyDueAt, false)}; ` +
            `tổng hợp: ${vnTime(dates.consolidationAt)}; kết thúc kỳ (chốt sổ): ${vnTime(dates.finalCloseAt)}.`,
        );
      }),
    );

  cycleFlags(cycle.command('reopen'), { drill: false })
    .description(
      'Mở lại một kỳ bị lỗi hoặc bị dừng: báo cáo đang chạy giữ nguyên, báo cáo đã xong giữ kết quả',
    )
    .option('--yes', 'xác nhận mở lại (không có: chỉ cho biết sẽ làm gì)')
    .option('--policy <tệp>', 'tệp chính sách thay chính sách của chế độ báo cáo')
    .action(
      run(FLAGS, async (opts: CycleFlags & { yes?: boolean; policy?: string }) => {
        const target = cycleTarget(opts);
        const r = await reopenCycle(ctx, target, {
          confirm: Boolean(opts.yes),
          ...(opts.policy ? { policy: loadPolicy(opts.policy) } : {}),
        });
        const what =
          `quy trình ${r.workflowId} (${r.status}): ${r.running} báo cáo đang chạy được giữ nguyên với hạn của chúng; ` +
          `${r.ended} báo cáo đã kết thúc giữ kết quả, không mở lại; đơn vị chưa có báo cáo được mở mới.`;
        print(r.reopened ? `Đã mở lại ${what}` : `Sẽ mở lại ${what}\nChạy lại với --yes để xác nhận.`);
      }),
    );

  cycleFlags(cycle.command('status'))
    .description('Tình hình nộp báo cáo của từng đơn vị trong kỳ')
    .option('--limit <số>', 'chỉ hiện chừng ấy đơn vị đầu (mặc định: tất cả)')
    .option('--json', 'in dạng JSON')
    .action(
      run(FLAGS, async (opts: CycleFlags & { limit?: string; json?: boolean }) => {
        const { limit } = parseOptions(z.object({ limit: limitOption.optional() }), { limit: opts.limit });
        const s = await cycleStatus(ctx, cycleTarget(opts), { limit });
        if (opts.json) return printJson(s);
        print(cycleStatusText(s));
      }),
    );

  reportFlags(cycle.command('submit'))
    .description('Ghi nhận báo cáo một đơn vị đã gửi (qua hệ thống văn bản, email…), in biên nhận')
    .requiredOption('--doc <số văn bản>', 'số văn bản, vd. 123/BC-STP')
    .option(
      '--signed <YYYY-MM-DD>',
      'ngày ký (mặc định: ngày ký đã ghi với cùng số văn bản trong kỳ này, chưa có thì hôm nay)',
    )
    .option('--file <tệp>', 'tệp đính kèm: lưu đường dẫn và mã SHA-256')
    .option('--channel <kênh>', `kênh nhận: ${SUBMISSION_CHANNELS.join(', ')}`, 'document_system')
    .option('--json', 'in dạng JSON')
    .action(
      run(
        FLAGS,
        async (
          opts: CycleFlags & {
            agency?: string;
            doc?: string;
            signed?: string;
            file?: string;
            channel?: string;
            json?: boolean;
          },
        ) => {
          const o = parseOptions(
            z.object({
              agency: agencyOption,
              signed: isoDateSchema.optional(),
              channel: z.enum(SUBMISSION_CHANNELS, {
                message: `kênh phải là một trong: ${SUBMISSION_CHANNELS.join(', ')}`,
              }),
            }),
            { agency: opts.agency, signed: opts.signed, channel: opts.channel },
          );
          const receipt = await submitReport(ctx, {
            ...cycleTarget(opts),
            agency: o.agency,
            documentNumber: opts.doc ?? '',
            ...(o.signed ? { signedDate: o.signed } : {}),
            channel: o.channel,
            ...(opts.file ? { file: opts.file } : {}),
          });
          printReceipt(receipt, o.agency, opts.json);
        },
      ),
    );

  reportFlags(cycle.command('extend'))
    .description('Gia hạn cho một đơn vị (nhắc hạn được lập lại theo hạn mới)')
    .option('--to <YYYY-MM-DD>', 'hạn mới (hết ngày)')
    .option('--to-instant <thời điểm>', 'diễn tập: hạn mới là thời điểm này (vd. 2026-12-01T10:30:00+07:00)')
    .requiredOption('--reason <lý do>', 'lý do gia hạn')
    .requiredOption('--approved-by <tên>', 'người phê duyệt')
    .option('--json', 'in dạng JSON')
    .action(
      run(
        FLAGS,
        async (
          opts: CycleFlags & {
            agency?: string;
            to?: string;
            toInstant?: string;
            reason?: string;
            approvedBy?: string;
            json?: boolean;
          },
        ) => {
          const o = parseOptions(
            z.object({
              agency: agencyOption,
              to: isoDateSchema.optional(),
              toInstant: instantOption.optional(),
            }),
            { agency: opts.agency, to: opts.to, toInstant: opts.toInstant },
          );
          if (Boolean(o.to) === Boolean(o.toInstant))
            throw new CliError('--to: cần đúng một trong --to hoặc --to-instant');
          const target = cycleTarget(opts);
          const result = await extendDeadline(ctx, {
            ...target,
            agency: o.agency,
            ...(o.to ? { newDueDate: o.to } : { newDueAt: o.toInstant }),
            reason: opts.reason ?? '',
            approvedBy: opts.approvedBy ?? '',
          });
          if (opts.json) return printJson(result);
          print(`Đã gia hạn cho ${o.agency} đến ${vnDeadline(result.dueAt, Boolean(target.drill))}.`);
        },
      ),
    );

  reportFlags(cycle.command('exempt'))
    .description('Miễn báo cáo kỳ này cho một đơn vị')
    .requiredOption('--reason <lý do>', 'lý do')
    .option('--approved-by <tên>', 'người phê duyệt')
    .action(
      run(FLAGS, async (opts: CycleFlags & { agency?: string; reason?: string; approvedBy?: string }) => {
        const { agency } = parseOptions(z.object({ agency: agencyOption }), { agency: opts.agency });
        const target = cycleTarget(opts);
        await exemptAgency(ctx, {
          ...target,
          agency,
          reason: opts.reason ?? '',
          ...(opts.approvedBy ? { approvedBy: opts.approvedBy } : {}),
        });
        print(`Đã miễn báo cáo kỳ ${target.period} năm ${target.year} cho ${agency}.`);
      }),
    );

  cycleFlags(cycle.command('remind'))
    .description('Nhắc thêm một lần: một đơn vị (--agency) hoặc mọi đơn vị chưa nộp')
    .option('--agency <mã>', 'mã đơn vị')
    .action(
      run(FLAGS, async (opts: CycleFlags & { agency?: string }) => {
        const { agency } = parseOptions(z.object({ agency: agencyOption.optional() }), {
          agency: opts.agency,
        });
        const target = cycleTarget(opts);
        if (agency) {
          await remindAgency(ctx, { ...target, agency });
          return print(`Đã gửi nhắc hạn cho ${agency}.`);
        }
        await remindAll(ctx, target);
        print(`Đã yêu cầu nhắc mọi đơn vị chưa nộp kỳ ${target.period} năm ${target.year}.`);
      }),
    );

  cycleFlags(cycle.command('close'))
    .description(
      'Tổng hợp ngay (gửi báo cáo tổng hợp cho UBND tỉnh; vẫn nhận báo cáo trễ); --final: kết thúc kỳ (chốt sổ)',
    )
    .option('--final', 'kết thúc kỳ: hồ sơ cố định, không nhận thêm báo cáo')
    .action(
      run(FLAGS, async (opts: CycleFlags & { final?: boolean }) => {
        const target = cycleTarget(opts);
        if (opts.final) {
          await closeCycleFinal(ctx, target);
          return print(
            `Đã yêu cầu kết thúc kỳ ${target.period} năm ${target.year} (chốt sổ): không nhận thêm báo cáo.`,
          );
        }
        await consolidateCycle(ctx, target);
        print(
          `Đã yêu cầu tổng hợp kỳ ${target.period} năm ${target.year}; báo cáo trễ vẫn được nhận đến khi kết thúc kỳ.`,
        );
      }),
    );

  program
    .command('overdue')
    .description('Mọi đơn vị đang quá hạn, trong mọi kỳ còn nhận báo cáo')
    .option('--regime <mã>', 'chỉ chế độ báo cáo này (vd. CCHC)')
    .option('--limit <số>', 'số dòng tối đa (mặc định 500)')
    .option('--json', 'in dạng JSON')
    .action(
      run(FLAGS, async (opts: { regime?: string; limit?: string; json?: boolean }) => {
        const { limit } = parseOptions(z.object({ limit: limitOption.optional() }), { limit: opts.limit });
        const { rows, total } = await listOverdue(ctx, {
          ...(opts.regime ? { regime: opts.regime.toUpperCase() } : {}),
          limit,
        });
        if (opts.json) return printJson({ total, rows });
        print(overdueText(rows, total));
      }),
    );
}

const limitOption = z
  .string()
  .regex(/^\d+$/, 'mong đợi một số nguyên dương')
  .transform(Number)
  .pipe(z.number().int().min(1, 'ít nhất 1').max(100_000, 'nhiều nhất 100000'));
