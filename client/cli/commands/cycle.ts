import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  CalendarDataError,
  computeCycleDates,
  createWorkingCalendar,
  formatVnDate,
  formatVnInstant,
  isoDateSchema,
  vnDateOf,
} from '../../../domain/calendar';
import { documentNumberSchema, SUBMISSION_CHANNELS, type Receipt } from '../../../domain/reporting';
import {
  SA_AGENCY,
  SA_DUE_AT,
  SA_KIND,
  SA_PERIOD,
  SA_STATE,
  SA_YEAR,
} from '../../../domain/search-attributes';
import {
  exemptUpdate,
  extendDeadlineUpdate,
  remindNowUpdate,
  submitReportUpdate,
} from '../../../workflows/reporting/messages';
import { closeCycleSignal, remindAllSignal } from '../../../workflows/reporting/messages';
import { cycleWorkflowId, reportWorkflowId } from '../../../workflows/reporting/ids';
import type { CliContext } from '../../services/context';
import { CliError } from '../../services/errors';
import { agencyOption, loadPolicy, parseOptions, periodOption, temporalCall, yearOption } from '../options';
import { formatTable, print, printJson } from '../output';

// `cchc cycle …` and `cchc overdue`: the officials' verbs for reporting cycles.

export const STATE_VI: Record<string, string> = {
  PENDING: 'chưa nộp',
  SUBMITTED_ON_TIME: 'đã nộp đúng hạn',
  SUBMITTED_LATE: 'đã nộp trễ hạn',
  OVERDUE: 'quá hạn',
  EXEMPT: 'được miễn',
};

const cycleOptions = z.object({ year: yearOption, period: periodOption });
const reportOptions = cycleOptions.extend({ agency: agencyOption });

/** The cycle's database record; an unknown or closed cycle is an error naming it. */
async function openCycle(ctx: CliContext, year: number, period: string) {
  const db = await ctx.db();
  const cycle = await db.reportingCycle.findUnique({ where: { year_period: { year, period } } });
  if (!cycle) throw new CliError(`--period: chưa có kỳ báo cáo ${period} năm ${year} (cchc cycle start)`);
  if (cycle.status !== 'OPEN') throw new CliError(`kỳ báo cáo ${period} năm ${year} đã đóng`);
  return cycle;
}

async function knownAgency(ctx: CliContext, code: string): Promise<void> {
  const db = await ctx.db();
  const agency = await db.agency.findUnique({ where: { code } });
  if (!agency) throw new CliError(`--agency: không có đơn vị mã ${code} (cchc agencies list)`);
}

/** Sends an update to one agency's report; a rejection becomes one line with the workflow's reason. */
async function updateReport<R>(
  client: Client,
  workflowId: string,
  run: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<R>,
): Promise<R> {
  try {
    return await run(client.workflow.getHandle(workflowId));
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause instanceof Error ? err.cause.message : err.message;
      throw new CliError(`không chấp nhận: ${cause}`);
    }
    if (err instanceof WorkflowNotFoundError) {
      throw new CliError(`--agency: đơn vị không tham gia kỳ báo cáo này (${workflowId})`);
    }
    const text = err instanceof Error ? err.message : String(err);
    if (/completed|already completed|workflow execution.*(complete|closed)/i.test(text)) {
      throw new CliError('kỳ báo cáo đã đóng');
    }
    throw new CliError(`không gửi được tới ${workflowId}: ${text.split('\n')[0]}`);
  }
}

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

export function registerCycleCommands(program: Command, ctx: CliContext): void {
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
      async (opts: { year?: string; period?: string; due?: string; policy?: string; json?: boolean }) => {
        const { year, period, due } = parseOptions(
          cycleOptions.extend({
            due: z.iso
              .datetime({ offset: true, message: 'thời điểm ISO có múi giờ, vd. 2026-12-01T10:30:00+07:00' })
              .refine((v) => Date.parse(v) > Date.now(), 'hạn diễn tập phải ở tương lai')
              .optional(),
          }),
          opts,
        );
        const policy = loadPolicy(opts.policy);
        let dates;
        try {
          dates = computeCycleDates(year, period, policy, createWorkingCalendar());
        } catch (err) {
          if (err instanceof CalendarDataError) throw new CliError(`--year: ${err.message}`);
          throw new CliError(`--period: ${(err as Error).message}`);
        }
        const db = await ctx.db();
        const agencies = await db.agency.count({ where: { active: true, reporting: true } });
        if (agencies === 0) throw new CliError('chưa có đơn vị báo cáo nào (cchc agencies import <tệp>)');
        const client = await ctx.temporal();
        const workflowId = cycleWorkflowId(year, period);
        const dueAt = due ? Date.parse(due) : dates.agencyDueAt;
        try {
          await client.workflow.start('reportingCycle', {
            workflowId,
            taskQueue: ctx.config.temporal.taskQueue,
            args: [
              { year, period, policy, ...(due ? { dueAtOverride: new Date(dueAt).toISOString() } : {}) },
            ],
            // Same rule as the schedule's launcher: a running or finished cycle is never started again.
            workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
            typedSearchAttributes: [
              { key: SA_KIND, value: 'cycle' },
              { key: SA_YEAR, value: year },
              { key: SA_PERIOD, value: period },
              { key: SA_STATE, value: 'OPEN' },
              { key: SA_DUE_AT, value: new Date(dueAt) },
            ],
          });
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError) {
            throw new CliError(`kỳ báo cáo ${period} năm ${year} đã được mở (${workflowId}); không mở lại`);
          }
          throw new CliError(`không mở được kỳ báo cáo: ${(err as Error).message.split('\n')[0]}`);
        }
        const result = {
          workflowId,
          year,
          period,
          agencies,
          windowStart: dates.windowStart,
          cutoff: dates.cutoff,
          agencyDueAt: new Date(dueAt).toISOString(),
          drill: Boolean(due),
        };
        if (opts.json) return printJson(result);
        print(
          `Đã mở kỳ báo cáo ${dates.periodName} năm ${year} (${workflowId}) cho ${agencies} đơn vị.\n` +
            `Số liệu từ ${formatVnDate(dates.windowStart)} đến ${formatVnDate(dates.cutoff)}; ` +
            `hạn gửi Sở Nội vụ: ${due ? formatVnInstant(dueAt) + ' (diễn tập)' : formatVnDate(dates.agencyDueDate)}.`,
        );
      },
    );

  cycle
    .command('status')
    .description('Tình hình nộp báo cáo của từng đơn vị trong kỳ')
    .requiredOption('--year <Y>', 'năm')
    .requiredOption('--period <P>', 'kỳ')
    .option('--json', 'in dạng JSON')
    .action(async (opts: { year?: string; period?: string; json?: boolean }) => {
      const { year, period } = parseOptions(cycleOptions, opts);
      const db = await ctx.db();
      const record = await db.reportingCycle.findUnique({
        where: { year_period: { year, period } },
        include: { agencies: { include: { agency: true }, orderBy: { agency: { code: 'asc' } } } },
      });
      if (!record) throw new CliError(`--period: chưa có kỳ báo cáo ${period} năm ${year}`);
      const rows = record.agencies.map((a) => ({
        agency: a.agency.code,
        name: a.agency.name,
        state: a.state,
        dueAt: a.dueAt.toISOString(),
        submittedAt: a.submittedAt?.toISOString() ?? null,
        receiptNumber: a.receiptNumber,
        escalationLevel: a.escalationLevel,
        extendedReason: a.extendedReason,
        exemptReason: a.exemptReason,
      }));
      const totals = Object.fromEntries(
        Object.keys(STATE_VI).map((s) => [s, rows.filter((r) => r.state === s).length]),
      );
      if (opts.json) {
        return printJson({
          workflowId: record.workflowId,
          year,
          period,
          status: record.status,
          drill: record.drill,
          agencyDueAt: record.agencyDueAt.toISOString(),
          agencies: rows,
          totals: { agencies: rows.length, ...totals },
        });
      }
      print(
        `Kỳ ${period} năm ${year} (${record.workflowId}): ${record.status === 'OPEN' ? 'đang mở' : 'đã đóng'}; ` +
          `hạn ${formatVnInstant(record.agencyDueAt.getTime())}${record.drill ? ' (diễn tập)' : ''}\n`,
      );
      print(
        formatTable(rows, [
          { header: 'Mã', value: (r) => r.agency },
          { header: 'Đơn vị', value: (r) => r.name },
          { header: 'Tình trạng', value: (r) => STATE_VI[r.state] },
          { header: 'Hạn', value: (r) => formatVnInstant(Date.parse(r.dueAt)) },
          {
            header: 'Nộp lúc',
            value: (r) => (r.submittedAt ? formatVnInstant(Date.parse(r.submittedAt)) : ''),
          },
          { header: 'Biên nhận', value: (r) => r.receiptNumber },
          {
            header: 'Báo cáo vượt cấp',
            value: (r) => (r.escalationLevel > 0 ? `cấp ${r.escalationLevel}` : ''),
          },
        ]),
      );
      print(
        `\nTổng: ${rows.length} đơn vị; ` +
          Object.entries(totals)
            .map(([s, n]) => `${STATE_VI[s]}: ${n}`)
            .join('; '),
      );
    });

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
            doc: documentNumberSchema,
            signed: isoDateSchema.optional(),
            channel: z.enum(SUBMISSION_CHANNELS, {
              message: `kênh phải là một trong: ${SUBMISSION_CHANNELS.join(', ')}`,
            }),
            file: z.string().optional(),
          }),
          opts,
        );
        const today = vnDateOf(Date.now());
        const signedDate = o.signed ?? today;
        if (signedDate > today) throw new CliError(`--signed: ngày ký ${signedDate} ở tương lai`);
        let attachment: { attachmentRef: string; attachmentSha256: string } | undefined;
        if (o.file) {
          const file = path.resolve(o.file);
          if (!fs.existsSync(file) || !fs.statSync(file).isFile())
            throw new CliError(`--file: không có tệp ${o.file}`);
          attachment = {
            attachmentRef: file,
            attachmentSha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
          };
        }
        await knownAgency(ctx, o.agency);
        await openCycle(ctx, o.year, o.period);
        const client = await ctx.temporal();
        const receipt = await updateReport(client, reportWorkflowId(o.year, o.period, o.agency), (h) =>
          h.executeUpdate(submitReportUpdate, {
            args: [{ documentNumber: o.doc, signedDate, channel: o.channel, ...attachment }],
          }),
        );
        printReceipt(receipt, o.agency, opts.json);
      },
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
          reportOptions.extend({
            to: isoDateSchema.optional(),
            toInstant: z.iso.datetime({ offset: true, message: 'thời điểm ISO có múi giờ' }).optional(),
            reason: z.string().trim().min(3, 'lý do quá ngắn'),
            approvedBy: z.string().trim().min(2, 'cần người phê duyệt'),
          }),
          opts,
        );
        if (Boolean(o.to) === Boolean(o.toInstant))
          throw new CliError('--to: cần đúng một trong --to hoặc --to-instant');
        await knownAgency(ctx, o.agency);
        await openCycle(ctx, o.year, o.period);
        const client = await ctx.temporal();
        const result = await updateReport(client, reportWorkflowId(o.year, o.period, o.agency), (h) =>
          h.executeUpdate(extendDeadlineUpdate, {
            args: [
              {
                ...(o.to ? { newDueDate: o.to } : { newDueAt: o.toInstant }),
                reason: o.reason,
                approvedBy: o.approvedBy,
              },
            ],
          }),
        );
        if (opts.json) return printJson(result);
        print(`Đã gia hạn cho ${o.agency} đến hết ${formatVnInstant(result.dueAt)}.`);
      },
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
      async (opts: {
        year?: string;
        period?: string;
        agency?: string;
        reason?: string;
        approvedBy?: string;
      }) => {
        const o = parseOptions(
          reportOptions.extend({
            reason: z.string().trim().min(3, 'lý do quá ngắn'),
            approvedBy: z.string().trim().min(2).optional(),
          }),
          opts,
        );
        await knownAgency(ctx, o.agency);
        await openCycle(ctx, o.year, o.period);
        const client = await ctx.temporal();
        await updateReport(client, reportWorkflowId(o.year, o.period, o.agency), (h) =>
          h.executeUpdate(exemptUpdate, {
            args: [{ reason: o.reason, ...(o.approvedBy ? { approvedBy: o.approvedBy } : {}) }],
          }),
        );
        print(`Đã miễn báo cáo kỳ ${o.period} năm ${o.year} cho ${o.agency}.`);
      },
    );

  cycle
    .command('remind')
    .description('Nhắc thêm một lần: một đơn vị (--agency) hoặc mọi đơn vị chưa nộp')
    .requiredOption('--year <Y>', 'năm')
    .requiredOption('--period <P>', 'kỳ')
    .option('--agency <CODE>', 'mã đơn vị')
    .action(async (opts: { year?: string; period?: string; agency?: string }) => {
      const o = parseOptions(cycleOptions.extend({ agency: agencyOption.optional() }), opts);
      await openCycle(ctx, o.year, o.period);
      const client = await ctx.temporal();
      if (o.agency) {
        await knownAgency(ctx, o.agency);
        await updateReport(client, reportWorkflowId(o.year, o.period, o.agency), (h) =>
          h.executeUpdate(remindNowUpdate),
        );
        return print(`Đã gửi nhắc hạn cho ${o.agency}.`);
      }
      await temporalCall('không gửi được yêu cầu nhắc', () =>
        client.workflow.getHandle(cycleWorkflowId(o.year, o.period)).signal(remindAllSignal),
      );
      print(`Đã yêu cầu nhắc mọi đơn vị chưa nộp kỳ ${o.period} năm ${o.year}.`);
    });

  cycle
    .command('close')
    .description('Tổng hợp và đóng kỳ ngay (gửi báo cáo tổng hợp cho UBND tỉnh)')
    .requiredOption('--year <Y>', 'năm')
    .requiredOption('--period <P>', 'kỳ')
    .action(async (opts: { year?: string; period?: string }) => {
      const o = parseOptions(cycleOptions, opts);
      await openCycle(ctx, o.year, o.period);
      const client = await ctx.temporal();
      await temporalCall('không đóng được kỳ', () =>
        client.workflow.getHandle(cycleWorkflowId(o.year, o.period)).signal(closeCycleSignal),
      );
      print(`Đã yêu cầu tổng hợp và đóng kỳ ${o.period} năm ${o.year}.`);
    });

  program
    .command('overdue')
    .description('Mọi đơn vị đang quá hạn, trong mọi kỳ đang mở')
    .option('--json', 'in dạng JSON')
    .action(async (opts: { json?: boolean }) => {
      const client = await ctx.temporal();
      const query = `CchcKind = "report" AND CchcState = "OVERDUE" AND ExecutionStatus = "Running"`;
      const rows: { agency: string; year: number; period: string; dueAt: string; workflowId: string }[] = [];
      await temporalCall('không đọc được danh sách quá hạn', async () => {
        for await (const wf of client.workflow.list({ query })) {
          const sa = wf.typedSearchAttributes;
          rows.push({
            agency: String(sa.get(SA_AGENCY) ?? ''),
            year: Number(sa.get(SA_YEAR) ?? 0),
            period: String(sa.get(SA_PERIOD) ?? ''),
            dueAt: (sa.get(SA_DUE_AT) as Date | undefined)?.toISOString() ?? '',
            workflowId: wf.workflowId,
          });
        }
      });
      rows.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.agency.localeCompare(b.agency));
      if (opts.json) return printJson(rows);
      if (rows.length === 0) return print('Không có đơn vị nào quá hạn.');
      print(
        formatTable(rows, [
          { header: 'Mã', value: (r) => r.agency },
          { header: 'Kỳ', value: (r) => `${r.period}/${r.year}` },
          { header: 'Hạn', value: (r) => (r.dueAt ? formatVnInstant(Date.parse(r.dueAt)) : '') },
          { header: 'Workflow', value: (r) => r.workflowId },
        ]),
      );
      print(`\nTổng: ${rows.length} đơn vị quá hạn.`);
    });
}
