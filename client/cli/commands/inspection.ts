import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import type { Command } from 'commander';
import { z } from 'zod';
import type { ContactRoleName } from '../../../domain/agencies';
import { createWorkingCalendar, formatVnDate, formatVnDatePadded, vnDateOf } from '../../../domain/calendar';
import {
  agencyCodeSchema,
  cancelInputSchema,
  planCodeSchema,
  remediationInputSchema,
  rescheduleInputSchema,
  selfReportInputSchema,
  visitResultInputSchema,
  type AgencyFacts,
} from '../../../domain/inspection-plan';
import { inspectionWorkflowId, planWorkflowId } from '../../../workflows/inspection/ids';
import { visitDates } from '../../../domain/inspection-policy';
import { SA_KIND, SA_PLAN, SA_STATE, SA_YEAR } from '../../../domain/search-attributes';
import { formatVnDateTime } from '../../../domain/templates/format';
import { issuePath } from '../../../domain/zod-format';
import { inspectionPlan } from '../../../workflows';
import {
  cancelUpdate,
  inspectionStatusQuery,
  recordVisitResultUpdate,
  rescheduleUpdate,
  submitRemediationUpdate,
  submitSelfReportUpdate,
} from '../../../workflows/inspection/messages';
import { planStatusQuery } from '../../../workflows/inspection/messages';
import type {
  InspectionPlanStatus,
  InspectionState,
  InspectionStatus,
} from '../../../workflows/inspection/types';
import type { CliContext } from '../../services/context';
import { CliError } from '../../services/errors';
import { formatTable, print, printJson } from '../output';
import { FileError, loadPlanFile, readFindingsFile, readPlanFile } from '../../files/plan-file';

// `cchc inspection …`: start a plan from its file, follow it, and record what the agencies and the
// team send (self-report, visit result, remediation), reschedule or cancel one inspection.

const STATE_VI: Record<InspectionState, string> = {
  SCHEDULED: 'đã lên lịch',
  NOTIFIED: 'đã thông báo',
  SELF_REPORT_RECEIVED: 'đã nhận báo cáo tự kiểm tra',
  SELF_REPORT_OVERDUE: 'quá hạn báo cáo tự kiểm tra',
  VISITED: 'chờ kết quả kiểm tra',
  REMEDIATING: 'đang khắc phục',
  CONCLUDED: 'đã kết luận',
  CANCELLED: 'đã hủy',
};
const PLAN_VI = { ACTIVE: 'đang thực hiện', COMPLETED: 'đã hoàn thành', CANCELLED: 'đã hủy' } as const;

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

/** Parses options or payloads; a bad one becomes one line naming the flag (`--doc: …`). */
function parseFlags<T extends z.ZodType>(
  schema: T,
  value: unknown,
  flags: Record<string, string> = {},
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issuePath(issue.path);
  const flag = flags[String(issue.path[0])] ?? `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new CliError(`${flag}${issue.path.length > 1 ? ` (${field})` : ''}: ${issue.message}`);
}

/** A workflow validator's message names payload fields; say the flag the official typed instead. */
function rejected(err: unknown, flags: Record<string, string>): never {
  if (err instanceof WorkflowUpdateFailedError) {
    let message = err.cause?.message ?? err.message;
    for (const [field, flag] of Object.entries(flags))
      message = message.replace(new RegExp(`^${field}(?=[:.\\[])`), flag);
    throw new CliError(message);
  }
  throw err;
}

async function agencyFacts(ctx: CliContext, codes: string[]): Promise<Map<string, AgencyFacts>> {
  const db = await ctx.db();
  const rows = await db.agency.findMany({
    where: { code: { in: [...new Set(codes)] } },
    include: {
      contacts: { where: { active: true, OR: [{ email: { not: null } }, { phone: { not: null } }] } },
    },
  });
  return new Map(
    rows.map((a) => [
      a.code,
      {
        name: a.name,
        active: a.active,
        roles: [...new Set(a.contacts.map((c) => c.role.toLowerCase() as ContactRoleName))],
      },
    ]),
  );
}

/** The running (or finished) inspection of one agency, with clear errors for a wrong plan or agency. */
async function inspectionHandle(
  client: Client,
  ref: { year: number; code: string },
  agency: string,
): Promise<WorkflowHandle> {
  const handle = client.workflow.getHandle(inspectionWorkflowId(ref.year, ref.code, agency));
  const description = await handle.describe().catch(async (err: unknown) => {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    const plan = await planStatus(client, ref);
    const agencies = plan.inspections.map((i) => i.agencyCode).join(', ');
    throw new CliError(
      `--agency: kế hoạch ${ref.code} năm ${ref.year} không kiểm tra đơn vị ${agency} (có: ${agencies})`,
    );
  });
  if (description.status.name !== 'RUNNING') {
    const state = await handle.query(inspectionStatusQuery).then(
      (s) => STATE_VI[s.state],
      () => description.status.name,
    );
    throw new CliError(
      `cuộc kiểm tra tại ${agency} (kế hoạch ${ref.code} năm ${ref.year}) đã kết thúc: ${state}`,
    );
  }
  return handle;
}

async function planStatus(
  client: Client,
  ref: { year: number; code: string },
): Promise<InspectionPlanStatus> {
  return client.workflow
    .getHandle(planWorkflowId(ref.year, ref.code))
    .query(planStatusQuery)
    .catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError)
        throw new CliError(
          `không có kế hoạch kiểm tra ${ref.code} năm ${ref.year} (đã chạy "cchc inspection start" chưa?)`,
        );
      throw err;
    });
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

export function registerInspectionCommands(program: Command, ctx: CliContext): void {
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
  type InspectionOpts = { plan?: string; year?: string; code?: string; agency: string; json?: boolean };
  const target = async (opts: InspectionOpts) => {
    const ref = planRef(opts);
    const agency = parseFlags(z.object({ agency: agencyOption }), { agency: opts.agency }).agency;
    return { ref, agency, handle: await inspectionHandle(await ctx.temporal(), ref, agency) };
  };

  inspection
    .command('start')
    .description('Bắt đầu một kế hoạch kiểm tra từ tệp YAML (không bắt đầu gì nếu tệp có lỗi)')
    .requiredOption('--plan <tệp>', 'tệp kế hoạch .yaml')
    .option('--json', 'in dạng JSON')
    .action(async (opts: { plan: string; json?: boolean }) => {
      const calendar = createWorkingCalendar();
      let loaded;
      try {
        const { plan: shape } = readPlanFile(opts.plan);
        const codes = [shape.team.lead, ...shape.team.members, ...shape.inspections].map((x) => x.agency);
        loaded = loadPlanFile(opts.plan, {
          calendar,
          agencies: await agencyFacts(ctx, codes),
          today: vnDateOf(Date.now()),
        });
      } catch (err) {
        if (!(err instanceof FileError)) throw err;
        for (const line of err.lines()) process.stderr.write(`${line}\n`);
        throw new CliError(`${err.issues.length} lỗi trong ${opts.plan}; không bắt đầu kế hoạch nào`);
      }
      const { plan, warnings } = loaded;
      for (const w of [...warnings, ...calendar.warnings]) process.stderr.write(`Cảnh báo: ${w}\n`);
      const client = await ctx.temporal();
      const workflowId = planWorkflowId(plan.year, plan.code);
      try {
        await client.workflow.start(inspectionPlan, {
          workflowId,
          taskQueue: ctx.config.temporal.taskQueue,
          args: [plan],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: [
            { key: SA_KIND, value: 'inspection-plan' },
            { key: SA_YEAR, value: plan.year },
            { key: SA_PLAN, value: plan.code },
            { key: SA_STATE, value: 'ACTIVE' },
          ],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        const running = (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
        throw new CliError(
          `kế hoạch ${plan.code} năm ${plan.year} ${running ? 'đang chạy' : 'đã chạy xong'} (${workflowId}): ` +
            `không bắt đầu lại; xem "cchc inspection status --plan ${plan.year}/${plan.code}"`,
        );
      }
      // A separate calendar: the table's later dates must not add warnings about next year's holidays.
      const rows = plan.inspections.map((i) => ({
        ...i,
        ...visitDates(i.visitDate, plan.policy, createWorkingCalendar()),
      }));
      const today = vnDateOf(Date.now());
      if (opts.json) {
        printJson({ workflowId, year: plan.year, code: plan.code, inspections: rows });
        return;
      }
      print(
        `Đã bắt đầu kế hoạch kiểm tra ${plan.code} năm ${plan.year} (Quyết định số ${plan.decisionRef}): ${rows.length} cuộc kiểm tra.`,
      );
      print(
        formatTable(rows, [
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
    });

  inspection
    .command('status')
    .description('Các kế hoạch kiểm tra; với --plan: từng cuộc kiểm tra của kế hoạch')
    .option('--plan <năm/mã>', 'kế hoạch, vd. 2022/KT-2022-01')
    .option('--year <năm>', 'năm của kế hoạch')
    .option('--code <mã>', 'mã kế hoạch')
    .option('--json', 'in dạng JSON')
    .action(async (opts: { plan?: string; year?: string; code?: string; json?: boolean }) => {
      if (!opts.plan && !opts.code) {
        const db = await ctx.db();
        const year = opts.year ? parseFlags(planRefSchema, { year: opts.year }).year : undefined;
        const plans = await db.inspectionPlan.findMany({
          where: year ? { year: Number(year) } : {},
          orderBy: [{ year: 'asc' }, { code: 'asc' }],
          include: { inspections: { select: { state: true } } },
        });
        const summary = plans.map((p) => ({
          year: p.year,
          code: p.code,
          decisionRef: p.decisionRef,
          status: p.status,
          inspections: p.inspections.length,
          done: p.inspections.filter((i) => i.state === 'CONCLUDED' || i.state === 'CANCELLED').length,
        }));
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
      const ref = planRef(opts);
      const client = await ctx.temporal();
      const plan = await planStatus(client, ref);
      const inspections = await Promise.all(
        plan.inspections.map((i) =>
          client.workflow
            .getHandle(i.workflowId)
            .query(inspectionStatusQuery)
            .catch(() => undefined),
        ),
      );
      if (opts.json) return printJson({ plan, inspections: inspections.filter((i) => i !== undefined) });
      print(
        `Kế hoạch kiểm tra ${plan.code} năm ${plan.year} (Quyết định số ${plan.decisionRef}): ${PLAN_VI[plan.status]}`,
      );
      const rows = plan.inspections.map((entry, n) => ({ entry, s: inspections[n] }));
      print(
        formatTable(rows, [
          { header: 'Đơn vị', value: (r) => r.entry.agencyCode },
          { header: 'Ngày kiểm tra', value: (r) => formatVnDatePadded(r.s?.visitDate ?? r.entry.visitDate) },
          { header: 'Trạng thái', value: (r) => (r.s ? STATE_VI[r.s.state] : 'chưa bắt đầu') },
          { header: 'Báo cáo tự kiểm tra', value: (r) => (r.s ? selfReportCell(r.s) : '') },
          { header: 'Tồn tại', value: (r) => (r.s ? findingsCell(r.s) : '') },
          { header: 'Mức đôn đốc', value: (r) => r.s?.escalationLevel ?? '' },
        ]),
      );
    });

  withInspection(inspection.command('self-report'))
    .description('Ghi nhận báo cáo tự kiểm tra của đơn vị; in số biên nhận')
    .requiredOption('--doc <số văn bản>', 'số văn bản, vd. 15/BC-STP')
    .option('--date <YYYY-MM-DD>', 'ngày ký (mặc định hôm nay)')
    .option('--attachment <tham chiếu>', 'tệp đính kèm hoặc mã văn bản trên hệ thống')
    .action(async (opts: InspectionOpts & { doc: string; date?: string; attachment?: string }) => {
      const flags = { documentNumber: '--doc', signedDate: '--date', attachmentRef: '--attachment' };
      const payload = parseFlags(
        selfReportInputSchema,
        { documentNumber: opts.doc, signedDate: opts.date, attachmentRef: opts.attachment },
        flags,
      );
      const { agency, handle } = await target(opts);
      const r = await handle
        .executeUpdate(submitSelfReportUpdate, { args: [payload] })
        .catch((e: unknown) => rejected(e, flags));
      if (opts.json) return printJson(r);
      print(
        `Đã nhận báo cáo tự kiểm tra số ${payload.documentNumber} của ${agency} lúc ${when(r.receivedAt)}: ` +
          `${lateness(r.onTime, r.workingDaysLate)} (hạn ${formatVnDate(r.selfReportDueDate)}). Số biên nhận: ${r.receiptNumber}`,
      );
    });

  withInspection(inspection.command('result'))
    .description('Ghi nhận kết quả buổi kiểm tra: các tồn tại (tệp YAML) hoặc --no-findings')
    .option('--findings <tệp>', 'tệp YAML: danh sách { code?, description, remediationDueDate? }')
    .option('--no-findings', 'không có tồn tại: gửi thông báo kết luận ngay')
    .option('--visited-on <YYYY-MM-DD>', 'ngày thực tế đã kiểm tra, nếu khác ngày theo kế hoạch')
    .option('--conclusion-ref <số>', 'số thông báo kết luận kiểm tra, vd. 45/TB-SNV')
    .action(
      async (
        opts: InspectionOpts & { findings?: string | false; visitedOn?: string; conclusionRef?: string },
      ) => {
        if (opts.findings === undefined) throw new CliError('cần --findings <tệp> hoặc --no-findings');
        let findings: z.input<typeof visitResultInputSchema>['findings'] = [];
        if (opts.findings) {
          try {
            findings = readFindingsFile(opts.findings);
          } catch (err) {
            if (!(err instanceof FileError)) throw err;
            for (const line of err.lines()) process.stderr.write(`${line}\n`);
            throw new CliError(`${err.issues.length} lỗi trong ${opts.findings}; không ghi nhận gì`);
          }
          if (findings.length === 0)
            throw new CliError(`${opts.findings}: không có tồn tại nào; nếu đúng vậy, dùng --no-findings`);
        }
        const flags = {
          visitedOn: '--visited-on',
          conclusionRef: '--conclusion-ref',
          findings: '--findings',
        };
        const payload = parseFlags(
          visitResultInputSchema,
          { findings, visitedOn: opts.visitedOn, conclusionRef: opts.conclusionRef },
          flags,
        );
        const { agency, handle } = await target(opts);
        const r = await handle
          .executeUpdate(recordVisitResultUpdate, { args: [payload] })
          .catch((e: unknown) => rejected(e, flags));
        if (opts.json) return printJson(r);
        if (r.concluding) {
          print(
            `Đã ghi nhận kết quả kiểm tra tại ${agency} ngày ${formatVnDate(r.visitedOn)}: không có tồn tại. Thông báo kết luận đang được gửi.`,
          );
          return;
        }
        print(
          `Đã ghi nhận kết quả kiểm tra tại ${agency} ngày ${formatVnDate(r.visitedOn)}: ${r.findings.length} tồn tại phải khắc phục.`,
        );
        print(
          formatTable(r.findings, [
            { header: 'Mã', value: (f) => f.code },
            { header: 'Nội dung', value: (f) => f.description },
            { header: 'Hạn khắc phục', value: (f) => formatVnDatePadded(f.dueDate) },
          ]),
        );
      },
    );

  withInspection(inspection.command('remediation'))
    .description('Ghi nhận báo cáo khắc phục một tồn tại')
    .requiredOption('--finding <mã>', 'mã tồn tại, vd. F1')
    .requiredOption('--doc <số văn bản>', 'số văn bản báo cáo khắc phục')
    .option('--attachment <tham chiếu>', 'tệp đính kèm')
    .action(async (opts: InspectionOpts & { finding: string; doc: string; attachment?: string }) => {
      const flags = { findingCode: '--finding', documentNumber: '--doc', attachmentRef: '--attachment' };
      const payload = parseFlags(
        remediationInputSchema,
        { findingCode: opts.finding, documentNumber: opts.doc, attachmentRef: opts.attachment },
        flags,
      );
      const { agency, handle } = await target(opts);
      const r = await handle
        .executeUpdate(submitRemediationUpdate, { args: [payload] })
        .catch((e: unknown) => rejected(e, flags));
      if (opts.json) return printJson(r);
      print(
        `Đã nhận báo cáo khắc phục tồn tại ${r.findingCode} của ${agency} (số ${payload.documentNumber}) lúc ${when(r.remediatedAt)}: ` +
          `${lateness(r.onTime, r.workingDaysLate)} (hạn ${formatVnDate(r.dueDate)}). Số biên nhận: ${r.receiptNumber}`,
      );
      print(
        r.remaining === 0
          ? 'Tất cả tồn tại đã được khắc phục: thông báo kết luận đang được gửi.'
          : `Còn ${r.remaining} tồn tại chưa khắc phục.`,
      );
    });

  withInspection(inspection.command('reschedule'))
    .description('Dời ngày kiểm tra; lịch nhắc được tính lại, đơn vị được thông báo')
    .requiredOption('--date <YYYY-MM-DD>', 'ngày kiểm tra mới (ngày làm việc)')
    .requiredOption('--reason <lý do>', 'lý do dời lịch')
    .action(async (opts: InspectionOpts & { date: string; reason: string }) => {
      const flags = { visitDate: '--date', reason: '--reason' };
      const payload = parseFlags(rescheduleInputSchema, { visitDate: opts.date, reason: opts.reason }, flags);
      const { agency, handle } = await target(opts);
      const r = await handle
        .executeUpdate(rescheduleUpdate, { args: [payload] })
        .catch((e: unknown) => rejected(e, flags));
      if (opts.json) return printJson(r);
      print(
        `Đã dời lịch kiểm tra tại ${agency} từ ${formatVnDate(r.previousVisitDate)} sang ${formatVnDate(r.visitDate)}; ` +
          `hạn báo cáo tự kiểm tra: ${formatVnDate(r.selfReportDueDate)}. ` +
          (r.revisedNotice
            ? 'Thông báo thay đổi lịch đang được gửi.'
            : `Thông báo kiểm tra sẽ gửi ngày ${formatVnDate(r.noticeDate)} (hoặc ngay nếu đã qua).`),
      );
    });

  withInspection(inspection.command('cancel'))
    .description('Hủy cuộc kiểm tra tại một đơn vị; đơn vị được thông báo')
    .requiredOption('--reason <lý do>', 'lý do hủy')
    .action(async (opts: InspectionOpts & { reason: string }) => {
      const flags = { reason: '--reason' };
      const payload = parseFlags(cancelInputSchema, { reason: opts.reason }, flags);
      const { agency, handle } = await target(opts);
      const r = await handle
        .executeUpdate(cancelUpdate, { args: [payload] })
        .catch((e: unknown) => rejected(e, flags));
      if (opts.json) return printJson(r);
      print(
        `Đã hủy cuộc kiểm tra tại ${agency} lúc ${when(r.cancelledAt)}. Thông báo hủy đang được gửi cho đơn vị.`,
      );
    });
}
