import type { Command } from 'commander';
import { z } from 'zod';
import { formatVnDatePadded, vnDateOf } from '../../../domain/calendar';
import { agencyCodeSchema, planCodeSchema, type VisitResultInput } from '../../../domain/inspection-plan';
import { formatVnDateTime } from '../../../domain/templates/format';
import { issuePath } from '../../../domain/zod-format';
import type { InspectionStatus } from '../../../workflows/inspection/types';
import type { ServiceContext } from '../../services/context';
import {
  cancelInspection,
  INSPECTION_STATE_VI,
  listPlans,
  planStatus,
  readFindings,
  recordVisitResult,
  rescheduleInspection,
  startPlan,
  submitRemediation,
  submitSelfReport,
  type InspectionRef,
} from '../../services/inspections';
import { CliError } from '../errors';
import { formatTable, print, printJson } from '../output';
import { run } from '../run';

// `cchc inspection …`: start a plan from its file, follow it, and record what the agencies and the
// team send (self-report, visit result, remediation), reschedule or cancel one inspection.

const PLAN_VI = { ACTIVE: 'đang thực hiện', COMPLETED: 'đã hoàn thành', CANCELLED: 'đã hủy' } as const;

/** Payload fields as the inspection commands' flags name them. */
const FLAGS = {
  documentNumber: '--doc',
  signedDate: '--date',
  attachmentRef: '--attachment',
  visitedOn: '--visited-on',
  conclusionRef: '--conclusion-ref',
  findings: '--findings',
  findingCode: '--finding',
  visitDate: '--date',
  reason: '--reason',
};

const planRefSchema = z.object({
  plan: z
    .string()
    .trim()
    .regex(/^\d{4}\/\S+$/, 'mong đợi <năm>/<mã kế hoạch>, vd. 2022/KT-2022-01')
    .optional(),
  year: z
    .string()
    .trim()
    .regex(/^\d{4}$/, 'năm phải là số có 4 chữ số (vd. 2022)')
    .optional(),
  code: z.string().trim().toUpperCase().pipe(planCodeSchema).optional(),
});
const agencyOption = z.string().trim().toUpperCase().pipe(agencyCodeSchema);

/** Parses flags; a bad one becomes one line naming it (`--plan: …`). */
function parseFlags<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issuePath(issue.path);
  throw new CliError(`--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`);
}

/** `--plan 2022/KT-2022-01`, or `--year 2022 --code KT-2022-01`. */
function planRef(opts: { plan?: string; year?: string; code?: string }): { year: number; code: string } {
  const parsed = parseFlags(planRefSchema, opts);
  const [year, code] = parsed.plan ? parsed.plan.split('/') : [parsed.year, parsed.code];
  if (!year || !code) throw new CliError('cần --plan <năm>/<mã> hoặc --year <năm> --code <mã kế hoạch>');
  return {
    year: Number(year),
    code: parseFlags(z.object({ code: planRefSchema.shape.code }), { code }).code!,
  };
}

const when = (iso: string) => formatVnDateTime(iso);
const lateness = (onTime: boolean, days: number) => (onTime ? 'đúng hạn' : `chậm ${days} ngày làm việc`);

function selfReportCell(s: InspectionStatus): string {
  if (s.selfReport)
    return `${s.selfReport.documentNumber}, ${lateness(s.selfReport.onTime, s.selfReport.workingDaysLate)}`;
  if (s.state === 'CANCELLED') return '—';
  return `chưa nộp (hạn ${formatVnDatePadded(s.selfReportDueDate)})`;
}

function findingsCell(s: InspectionStatus): string {
  if (!s.resultRecordedAt) return '—';
  const closed = s.findings.filter((f) => f.state === 'REMEDIATED').length;
  return s.findings.length === 0 ? 'không có' : `${s.findings.length - closed} mở / ${closed} đã khắc phục`;
}

type InspectionOpts = { plan?: string; year?: string; code?: string; agency: string; json?: boolean };

const target = (opts: InspectionOpts): InspectionRef => ({
  ...planRef(opts),
  agency: parseFlags(z.object({ agency: agencyOption }), { agency: opts.agency }).agency,
});

export function registerInspectionCommands(program: Command, ctx: ServiceContext): void {
  const inspection = program
    .command('inspection')
    .description('Kế hoạch kiểm tra công tác CCHC: bắt đầu, theo dõi, ghi nhận báo cáo và kết quả');
  const withInspection = (cmd: Command) =>
    cmd
      .option('--plan <năm/mã>', 'kế hoạch, vd. 2022/KT-2022-01 (hoặc --year và --code)')
      .option('--year <năm>', 'năm của kế hoạch')
      .option('--code <mã>', 'mã kế hoạch, vd. KT-2022-01')
      .requiredOption('--agency <mã>', 'đơn vị được kiểm tra, vd. STP')
      .option('--json', 'in dạng JSON');

  inspection
    .command('start')
    .description('Bắt đầu một kế hoạch kiểm tra từ tệp YAML (không bắt đầu gì nếu tệp có lỗi)')
    .requiredOption('--plan <tệp>', 'tệp kế hoạch .yaml')
    .option('--json', 'in dạng JSON')
    .action(
      run(FLAGS, async (opts: { plan: string; json?: boolean }) => {
        const { workflowId, plan, inspections, warnings } = await startPlan(ctx, opts.plan);
        for (const w of warnings) process.stderr.write(`Cảnh báo: ${w}\n`);
        if (opts.json) return printJson({ workflowId, year: plan.year, code: plan.code, inspections });
        const today = vnDateOf(Date.now());
        print(
          `Đã bắt đầu kế hoạch kiểm tra ${plan.code} năm ${plan.year} (Quyết định số ${plan.decisionRef}): ${inspections.length} cuộc kiểm tra.`,
        );
        print(
          formatTable(inspections, [
            { header: 'Đơn vị', value: (r) => r.agency },
            { header: 'Ngày kiểm tra', value: (r) => formatVnDatePadded(r.visitDate) },
            {
              header: 'Thông báo',
              value: (r) => (r.noticeDate <= today ? 'gửi ngay' : formatVnDatePadded(r.noticeDate)),
            },
            { header: 'Hạn báo cáo tự kiểm tra', value: (r) => formatVnDatePadded(r.selfReportDueDate) },
          ]),
        );
        print(`Mã workflow: ${workflowId}`);
      }),
    );

  inspection
    .command('status')
    .description('Các kế hoạch kiểm tra; với --plan: từng cuộc kiểm tra của kế hoạch')
    .option('--plan <năm/mã>', 'kế hoạch, vd. 2022/KT-2022-01')
    .option('--year <năm>', 'năm của kế hoạch')
    .option('--code <mã>', 'mã kế hoạch')
    .option('--json', 'in dạng JSON')
    .action(
      run(FLAGS, async (opts: { plan?: string; year?: string; code?: string; json?: boolean }) => {
        if (!opts.plan && !opts.code) {
          const year = opts.year ? parseFlags(planRefSchema, { year: opts.year }).year : undefined;
          const summary = await listPlans(ctx, year ? Number(year) : undefined);
          if (opts.json) return printJson(summary);
          if (summary.length === 0) return print('Chưa có kế hoạch kiểm tra nào.');
          return print(
            formatTable(summary, [
              { header: 'Năm', value: (p) => p.year },
              { header: 'Mã', value: (p) => p.code },
              { header: 'Quyết định', value: (p) => p.decisionRef },
              { header: 'Trạng thái', value: (p) => PLAN_VI[p.status] },
              { header: 'Cuộc kiểm tra', value: (p) => `${p.done}/${p.inspections} đã xong` },
            ]),
          );
        }
        const { plan, inspections } = await planStatus(ctx, planRef(opts));
        if (opts.json) return printJson({ plan, inspections: inspections.filter((i) => i !== undefined) });
        print(
          `Kế hoạch kiểm tra ${plan.code} năm ${plan.year} (Quyết định số ${plan.decisionRef}): ${PLAN_VI[plan.status]}`,
        );
        const rows = plan.inspections.map((entry, n) => ({ entry, s: inspections[n] }));
        print(
          formatTable(rows, [
            { header: 'Đơn vị', value: (r) => r.entry.agencyCode },
            {
              header: 'Ngày kiểm tra',
              value: (r) => formatVnDatePadded(r.s?.visitDate ?? r.entry.visitDate),
            },
            { header: 'Trạng thái', value: (r) => (r.s ? INSPECTION_STATE_VI[r.s.state] : 'chưa bắt đầu') },
            { header: 'Báo cáo tự kiểm tra', value: (r) => (r.s ? selfReportCell(r.s) : '') },
            { header: 'Tồn tại', value: (r) => (r.s ? findingsCell(r.s) : '') },
            { header: 'Mức đôn đốc', value: (r) => r.s?.escalationLevel ?? '' },
          ]),
        );
      }),
    );

  withInspection(inspection.command('self-report'))
    .description('Ghi nhận báo cáo tự kiểm tra của đơn vị; in số biên nhận')
    .requiredOption('--doc <số văn bản>', 'số văn bản, vd. 15/BC-STP')
    .option('--date <YYYY-MM-DD>', 'ngày ký (mặc định hôm nay)')
    .option('--attachment <tham chiếu>', 'tệp đính kèm hoặc mã văn bản trên hệ thống')
    .action(
      run(FLAGS, async (opts: InspectionOpts & { doc: string; date?: string; attachment?: string }) => {
        const payload = { documentNumber: opts.doc, signedDate: opts.date, attachmentRef: opts.attachment };
        const ref = target(opts);
        const r = await submitSelfReport(ctx, ref, payload);
        if (opts.json) return printJson(r);
        print(
          `Đã nhận báo cáo tự kiểm tra số ${opts.doc.trim()} của ${ref.agency} lúc ${when(r.receivedAt)}: ` +
            `${lateness(r.onTime, r.workingDaysLate)} (hạn ${formatVnDatePadded(r.selfReportDueDate)}). Số biên nhận: ${r.receiptNumber}`,
        );
      }),
    );

  withInspection(inspection.command('result'))
    .description('Ghi nhận kết quả buổi kiểm tra: các tồn tại (tệp YAML) hoặc --no-findings')
    .option('--findings <tệp>', 'tệp YAML: danh sách { code?, description, remediationDueDate? }')
    .option('--no-findings', 'không có tồn tại: gửi thông báo kết luận ngay')
    .option('--visited-on <YYYY-MM-DD>', 'ngày thực tế đã kiểm tra, nếu khác ngày theo kế hoạch')
    .option('--conclusion-ref <số>', 'số thông báo kết luận kiểm tra, vd. 45/TB-SNV')
    .action(
      run(
        FLAGS,
        async (
          opts: InspectionOpts & { findings?: string | false; visitedOn?: string; conclusionRef?: string },
        ) => {
          if (opts.findings === undefined) throw new CliError('cần --findings <tệp> hoặc --no-findings');
          let findings: VisitResultInput['findings'] = [];
          if (opts.findings) {
            findings = readFindings(opts.findings);
            if (findings.length === 0)
              throw new CliError(`${opts.findings}: không có tồn tại nào; nếu đúng vậy, dùng --no-findings`);
          }
          const ref = target(opts);
          const r = await recordVisitResult(ctx, ref, {
            findings,
            visitedOn: opts.visitedOn,
            conclusionRef: opts.conclusionRef,
          });
          if (opts.json) return printJson(r);
          if (r.concluding) {
            return print(
              `Đã ghi nhận kết quả kiểm tra tại ${ref.agency} ngày ${formatVnDatePadded(r.visitedOn)}: không có tồn tại. Thông báo kết luận đang được gửi.`,
            );
          }
          print(
            `Đã ghi nhận kết quả kiểm tra tại ${ref.agency} ngày ${formatVnDatePadded(r.visitedOn)}: ${r.findings.length} tồn tại phải khắc phục.`,
          );
          print(
            formatTable(r.findings, [
              { header: 'Mã', value: (f) => f.code },
              { header: 'Nội dung', value: (f) => f.description },
              { header: 'Hạn khắc phục', value: (f) => formatVnDatePadded(f.dueDate) },
            ]),
          );
        },
      ),
    );

  withInspection(inspection.command('remediation'))
    .description('Ghi nhận báo cáo khắc phục một tồn tại')
    .requiredOption('--finding <mã>', 'mã tồn tại, vd. F1')
    .requiredOption('--doc <số văn bản>', 'số văn bản báo cáo khắc phục')
    .option('--attachment <tham chiếu>', 'tệp đính kèm')
    .action(
      run(FLAGS, async (opts: InspectionOpts & { finding: string; doc: string; attachment?: string }) => {
        const ref = target(opts);
        const r = await submitRemediation(ctx, ref, {
          findingCode: opts.finding,
          documentNumber: opts.doc,
          attachmentRef: opts.attachment,
        });
        if (opts.json) return printJson(r);
        print(
          `Đã nhận báo cáo khắc phục tồn tại ${r.findingCode} của ${ref.agency} (số ${opts.doc.trim()}) lúc ${when(r.remediatedAt)}: ` +
            `${lateness(r.onTime, r.workingDaysLate)} (hạn ${formatVnDatePadded(r.dueDate)}). Số biên nhận: ${r.receiptNumber}`,
        );
        print(
          r.remaining === 0
            ? 'Tất cả tồn tại đã được khắc phục: thông báo kết luận đang được gửi.'
            : `Còn ${r.remaining} tồn tại chưa khắc phục.`,
        );
      }),
    );

  withInspection(inspection.command('reschedule'))
    .description('Dời ngày kiểm tra; lịch nhắc được tính lại, đơn vị được thông báo')
    .requiredOption('--date <YYYY-MM-DD>', 'ngày kiểm tra mới (ngày làm việc)')
    .requiredOption('--reason <lý do>', 'lý do dời lịch')
    .action(
      run(FLAGS, async (opts: InspectionOpts & { date: string; reason: string }) => {
        const ref = target(opts);
        const r = await rescheduleInspection(ctx, ref, { visitDate: opts.date, reason: opts.reason });
        if (opts.json) return printJson(r);
        print(
          `Đã dời lịch kiểm tra tại ${ref.agency} từ ${formatVnDatePadded(r.previousVisitDate)} sang ${formatVnDatePadded(r.visitDate)}; ` +
            `hạn báo cáo tự kiểm tra: ${formatVnDatePadded(r.selfReportDueDate)}. ` +
            (r.revisedNotice
              ? 'Thông báo thay đổi lịch đang được gửi.'
              : `Thông báo kiểm tra sẽ gửi ngày ${formatVnDatePadded(r.noticeDate)} (hoặc ngay nếu đã qua).`),
        );
      }),
    );

  withInspection(inspection.command('cancel'))
    .description('Hủy cuộc kiểm tra tại một đơn vị; đơn vị được thông báo')
    .requiredOption('--reason <lý do>', 'lý do hủy')
    .action(
      run(FLAGS, async (opts: InspectionOpts & { reason: string }) => {
        const ref = target(opts);
        const r = await cancelInspection(ctx, ref, { reason: opts.reason });
        if (opts.json) return printJson(r);
        print(
          `Đã hủy cuộc kiểm tra tại ${ref.agency} lúc ${when(r.cancelledAt)}. Thông báo hủy đang được gửi cho đơn vị.`,
        );
      }),
    );
}
