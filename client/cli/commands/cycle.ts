import type { Command } from 'commander';
import { z } from 'zod';
import { formatVnDate, formatVnInstant, isoDateSchema } from '../../../domain/calendar';
import { SUBMISSION_CHANNELS, type Receipt } from '../../../domain/reporting';
import type { ServiceContext } from '../../services/context';
import {
  closeCycle,
  cycleStatus,
  listOverdue,
  remindAll,
  REPORT_STATES,
  startCycle,
} from '../../services/cycles';
import { exemptAgency, extendDeadline, remindAgency, submitReport } from '../../services/reports';
import { CliError } from '../errors';
import { agencyOption, loadPolicy, parseOptions, periodOption, yearOption } from '../options';
import { formatTable, print, printJson } from '../output';
import { run } from '../run';

// `cchc cycle …` and `cchc overdue`: the officials' verbs for reporting cycles, on the services.

export const STATE_VI: Record<string, string> = {
  PENDING: 'chưa nộp',
  SUBMITTED_ON_TIME: 'đã nộp đúng hạn',
  SUBMITTED_LATE: 'đã nộp trễ hạn',
  OVERDUE: 'quá hạn',
  EXEMPT: 'được miễn',
};

const cycleOptions = z.object({ year: yearOption, period: periodOption });
const reportOptions = cycleOptions.extend({ agency: agencyOption });
const isoInstant = z.iso.datetime({
  offset: true,
  message: 'thời điểm ISO có múi giờ, vd. 2026-12-01T10:30:00+07:00',
});

/** Payload fields as the commands' flags name them. */
const FLAGS = {
  documentNumber: '--doc',
  signedDate: '--signed',
  newDueDate: '--to',
  newDueAt: '--to-instant',
  approvedBy: '--approved-by',
  dueAt: '--due',
};

function printReceipt(r: Receipt, agency: string, json: boolean | undefined): void {
  if (json) return printJson(r);
  const when = formatVnInstant(Date.parse(r.receivedAt));
  const verdict = r.onTime ? 'đúng hạn' : `trễ ${r.workingDaysLate} ngày làm việc`;
  print(
    r.duplicate
      ? `Văn bản này của ${agency} đã được tiếp nhận trước đó: biên nhận ${r.receiptNumber} (${when}, ${verdict}).`
      : `Đã tiếp nhận báo cáo của ${agency}: biên nhận ${r.receiptNumber}, lúc ${when}, ${verdict}` +
          ` (hạn ${formatVnDate(r.dueDate)})${r.version > 1 ? `, bản sửa đổi lần ${r.version - 1}` : ''}.`,
  );
}

export function registerCycleCommands(program: Command, ctx: ServiceContext): void {
  const cycle = program.command('cycle').description('Kỳ báo cáo CCHC (quý, 6 tháng, năm)');

  cycle
    .command('start')
    .description('Mở kỳ báo cáo ngay (thông thường do lịch tự mở; --due để diễn tập với hạn gần)')
    .requiredOption('--year <Y>', 'năm')
    .requiredOption('--period <P>', 'kỳ: Q1, H1, Q3, YEAR…')
    .option('--due <ISO>', 'diễn tập: hạn nộp là thời điểm này (vd. 2026-12-01T10:30:00+07:00)')
    .option('--policy <file>', 'tệp chính sách (YAML/JSON)')
    .option('--json', 'in dạng JSON')
    .action(
      run(
        FLAGS,
        async (opts: { year?: string; period?: string; due?: string; policy?: string; json?: boolean }) => {
          const o = parseOptions(cycleOptions.extend({ due: isoInstant.optional() }), opts);
          const started = await startCycle(ctx, {
            year: o.year,
            period: o.period,
            policy: loadPolicy(opts.policy),
            ...(o.due ? { dueAt: Date.parse(o.due) } : {}),
          });
          const { dates, workflowId, agencies, drill } = started;
          if (opts.json)
            return printJson({
              workflowId,
              year: o.year,
              period: o.period,
              agencies,
              windowStart: dates.windowStart,
              cutoff: dates.cutoff,
              agencyDueAt: new Date(started.agencyDueAt).toISOString(),
              drill,
            });
          print(
            `Đã mở kỳ báo cáo ${dates.periodName} năm ${o.year} (${workflowId}) cho ${agencies} đơn vị.\n` +
              `Số liệu từ ${formatVnDate(dates.windowStart)} đến ${formatVnDate(dates.cutoff)}; ` +
              `hạn gửi Sở Nội vụ: ${drill ? formatVnInstant(started.agencyDueAt) + ' (diễn tập)' : formatVnDate(dates.agencyDueDate)}.`,
          );
        },
      ),
    );

  cycle
    .command('status')
    .description('Tình hình nộp báo cáo của từng đơn vị trong kỳ')
    .requiredOption('--year <Y>', 'năm')
    .requiredOption('--period <P>', 'kỳ')
    .option('--json', 'in dạng JSON')
    .action(
      run(FLAGS, async (opts: { year?: string; period?: string; json?: boolean }) => {
        const s = await cycleStatus(ctx, parseOptions(cycleOptions, opts));
        const iso = (d: Date | null) => d?.toISOString() ?? null;
        if (opts.json) {
          return printJson({
            workflowId: s.workflowId,
            year: s.year,
            period: s.period,
            status: s.status,
            drill: s.drill,
            agencyDueAt: s.agencyDueAt.toISOString(),
            agencies: s.agencies.map((a) => ({
              ...a,
              dueAt: a.dueAt.toISOString(),
              submittedAt: iso(a.submittedAt),
            })),
            totals: s.totals,
          });
        }
        print(
          `Kỳ ${s.period} năm ${s.year} (${s.workflowId}): ${s.status === 'OPEN' ? 'đang mở' : 'đã đóng'}; ` +
            `hạn ${formatVnInstant(s.agencyDueAt.getTime())}${s.drill ? ' (diễn tập)' : ''}\n`,
        );
        print(
          formatTable(s.agencies, [
            { header: 'Mã', value: (r) => r.agency },
            { header: 'Đơn vị', value: (r) => r.name },
            { header: 'Tình trạng', value: (r) => STATE_VI[r.state] },
            { header: 'Hạn', value: (r) => formatVnInstant(r.dueAt.getTime()) },
            {
              header: 'Nộp lúc',
              value: (r) => (r.submittedAt ? formatVnInstant(r.submittedAt.getTime()) : ''),
            },
            { header: 'Biên nhận', value: (r) => r.receiptNumber },
            {
              header: 'Báo cáo vượt cấp',
              value: (r) => (r.escalationLevel > 0 ? `cấp ${r.escalationLevel}` : ''),
            },
          ]),
        );
        print(
          `\nTổng: ${s.totals.agencies} đơn vị; ` +
            REPORT_STATES.map((st) => `${STATE_VI[st]}: ${s.totals[st]}`).join('; '),
        );
      }),
    );

  cycle
    .command('submit')
    .description('Ghi nhận báo cáo một đơn vị đã gửi (qua hệ thống văn bản, email…), in biên nhận')
    .requiredOption('--year <Y>', 'năm')
    .requiredOption('--period <P>', 'kỳ')
    .requiredOption('--agency <CODE>', 'mã đơn vị')
    .requiredOption('--doc <number>', 'số văn bản, vd. 123/BC-STP')
    .option('--signed <YYYY-MM-DD>', 'ngày ký (mặc định: hôm nay)')
    .option('--file <path>', 'tệp đính kèm: lưu đường dẫn và mã SHA-256')
    .option('--channel <c>', `kênh nhận: ${SUBMISSION_CHANNELS.join(', ')}`, 'document_system')
    .option('--json', 'in dạng JSON')
    .action(
      run(
        FLAGS,
        async (opts: {
          year?: string;
          period?: string;
          agency?: string;
          doc?: string;
          signed?: string;
          file?: string;
          channel?: string;
          json?: boolean;
        }) => {
          const o = parseOptions(
            reportOptions.extend({
              signed: isoDateSchema.optional(),
              channel: z.enum(SUBMISSION_CHANNELS, {
                message: `kênh phải là một trong: ${SUBMISSION_CHANNELS.join(', ')}`,
              }),
            }),
            opts,
          );
          const receipt = await submitReport(ctx, {
            year: o.year,
            period: o.period,
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

  cycle
    .command('extend')
    .description('Gia hạn cho một đơn vị (nhắc hạn được lập lại theo hạn mới)')
    .requiredOption('--year <Y>', 'năm')
    .requiredOption('--period <P>', 'kỳ')
    .requiredOption('--agency <CODE>', 'mã đơn vị')
    .option('--to <YYYY-MM-DD>', 'hạn mới (hết ngày)')
    .option('--to-instant <ISO>', 'diễn tập: hạn mới là thời điểm này')
    .requiredOption('--reason <text>', 'lý do gia hạn')
    .requiredOption('--approved-by <name>', 'người phê duyệt')
    .option('--json', 'in dạng JSON')
    .action(
      run(
        FLAGS,
        async (opts: {
          year?: string;
          period?: string;
          agency?: string;
          to?: string;
          toInstant?: string;
          reason?: string;
          approvedBy?: string;
          json?: boolean;
        }) => {
          const o = parseOptions(
            reportOptions.extend({ to: isoDateSchema.optional(), toInstant: isoInstant.optional() }),
            opts,
          );
          if (Boolean(o.to) === Boolean(o.toInstant))
            throw new CliError('--to: cần đúng một trong --to hoặc --to-instant');
          const result = await extendDeadline(ctx, {
            year: o.year,
            period: o.period,
            agency: o.agency,
            ...(o.to ? { newDueDate: o.to } : { newDueAt: o.toInstant }),
            reason: opts.reason ?? '',
            approvedBy: opts.approvedBy ?? '',
          });
          if (opts.json) return printJson(result);
          print(`Đã gia hạn cho ${o.agency} đến hết ${formatVnInstant(result.dueAt)}.`);
        },
      ),
    );

  cycle
    .command('exempt')
    .description('Miễn báo cáo kỳ này cho một đơn vị')
    .requiredOption('--year <Y>', 'năm')
    .requiredOption('--period <P>', 'kỳ')
    .requiredOption('--agency <CODE>', 'mã đơn vị')
    .requiredOption('--reason <text>', 'lý do')
    .option('--approved-by <name>', 'người phê duyệt')
    .action(
      run(
        FLAGS,
        async (opts: {
          year?: string;
          period?: string;
          agency?: string;
          reason?: string;
          approvedBy?: string;
        }) => {
          const o = parseOptions(reportOptions, opts);
          await exemptAgency(ctx, {
            ...o,
            reason: opts.reason ?? '',
            ...(opts.approvedBy ? { approvedBy: opts.approvedBy } : {}),
          });
          print(`Đã miễn báo cáo kỳ ${o.period} năm ${o.year} cho ${o.agency}.`);
        },
      ),
    );

  cycle
    .command('remind')
    .description('Nhắc thêm một lần: một đơn vị (--agency) hoặc mọi đơn vị chưa nộp')
    .requiredOption('--year <Y>', 'năm')
    .requiredOption('--period <P>', 'kỳ')
    .option('--agency <CODE>', 'mã đơn vị')
    .action(
      run(FLAGS, async (opts: { year?: string; period?: string; agency?: string }) => {
        const o = parseOptions(cycleOptions.extend({ agency: agencyOption.optional() }), opts);
        if (o.agency) {
          await remindAgency(ctx, { year: o.year, period: o.period, agency: o.agency });
          return print(`Đã gửi nhắc hạn cho ${o.agency}.`);
        }
        await remindAll(ctx, o);
        print(`Đã yêu cầu nhắc mọi đơn vị chưa nộp kỳ ${o.period} năm ${o.year}.`);
      }),
    );

  cycle
    .command('close')
    .description('Tổng hợp và đóng kỳ ngay (gửi báo cáo tổng hợp cho UBND tỉnh)')
    .requiredOption('--year <Y>', 'năm')
    .requiredOption('--period <P>', 'kỳ')
    .action(
      run(FLAGS, async (opts: { year?: string; period?: string }) => {
        const o = parseOptions(cycleOptions, opts);
        await closeCycle(ctx, o);
        print(`Đã yêu cầu tổng hợp và đóng kỳ ${o.period} năm ${o.year}.`);
      }),
    );

  program
    .command('overdue')
    .description('Mọi đơn vị đang quá hạn, trong mọi kỳ đang mở')
    .option('--json', 'in dạng JSON')
    .action(
      run(FLAGS, async (opts: { json?: boolean }) => {
        const rows = await listOverdue(ctx);
        if (opts.json) return printJson(rows.map((r) => ({ ...r, dueAt: r.dueAt?.toISOString() ?? '' })));
        if (rows.length === 0) return print('Không có đơn vị nào quá hạn.');
        print(
          formatTable(rows, [
            { header: 'Mã', value: (r) => r.agency },
            { header: 'Kỳ', value: (r) => `${r.period}/${r.year}` },
            { header: 'Hạn', value: (r) => (r.dueAt ? formatVnInstant(r.dueAt.getTime()) : '') },
            { header: 'Workflow', value: (r) => r.workflowId },
          ]),
        );
        print(`\nTổng: ${rows.length} đơn vị quá hạn.`);
      }),
    );
}
