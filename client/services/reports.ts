import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { vnDateOf, type IsoDate } from '../../domain/calendar';
import {
  exemptSchema,
  extendDeadlineSchema,
  submissionProblem,
  submitReportSchema,
  type ExtendDeadlineInput,
  type SubmissionChannel,
} from '../../domain/reporting';
import { formatZodIssues } from '../../domain/zod-format';
import {
  exemptUpdate,
  extendDeadlineUpdate,
  remindNowUpdate,
  submitReportUpdate,
} from '../../workflows/reporting/messages';
import type { SubmissionEntry } from '../../workflows/reporting/types';
import type { ServiceContext } from './context';
import { describeTarget, takingReports, type CycleTarget } from './cycle-refs';
import { conflict, fieldError, invalid, notFound, type ServiceError } from './errors';
import { callWorkflow } from './workflow-calls';

// One agency's report in a cycle: log what it submitted (and get the receipt), extend its deadline,
// exempt it, remind it once more.

export interface ReportRef extends CycleTarget {
  agency: string;
}

export interface SubmitInput extends ReportRef {
  documentNumber: string;
  /** Default: today in Vietnam. */
  signedDate?: IsoDate;
  channel: SubmissionChannel;
  /** A file attached to the report: its absolute path and SHA-256 are recorded. */
  file?: string;
}

/** Bounds the attachment read into memory to hash it. */
const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

/** The first issue of a payload, as an error naming its field (`documentNumber: …`). */
const issueError = (line: string | undefined): ServiceError =>
  fieldError('invalid', line ?? 'dữ liệu không hợp lệ');
const schemaError = (error: Parameters<typeof formatZodIssues>[0]) => issueError(formatZodIssues(error)[0]);

async function knownAgency(ctx: ServiceContext, code: string): Promise<void> {
  const db = await ctx.db();
  if (!(await db.agency.findUnique({ where: { code }, select: { id: true } })))
    throw notFound('agency', `không có đơn vị mã ${code} (cchc agencies list)`);
}

/** The report's workflow (named by the cycle's mirror), with the errors an official understands. */
async function onReport<T>(
  ctx: ServiceContext,
  ref: ReportRef,
  call: Parameters<typeof callWorkflow<T>>[2],
  fields: readonly string[] = [],
): Promise<T> {
  await knownAgency(ctx, ref.agency);
  const cycle = await takingReports(ctx, ref);
  const db = await ctx.db();
  const slot = await db.cycleAgency.findFirst({
    where: { cycleId: cycle.id, agency: { code: ref.agency } },
    select: { workflowId: true },
  });
  if (!slot) throw notFound('agency', `đơn vị ${ref.agency} không phải nộp báo cáo ${describeTarget(ref)}`);
  return callWorkflow(await ctx.temporal(), slot.workflowId, call, {
    fields,
    notFound: () => notFound('agency', `đơn vị ${ref.agency} không phải nộp báo cáo ${describeTarget(ref)}`),
    ended: () => conflict(`${describeTarget(ref)} đã kết thúc (chốt sổ): không nhận thêm báo cáo`),
  });
}

function attachment(file: string): { attachmentRef: string; attachmentSha256: string } {
  const resolved = path.resolve(file);
  const stat = fs.existsSync(resolved) ? fs.statSync(resolved) : undefined;
  if (!stat?.isFile()) throw invalid('file', `không có tệp ${file}`);
  if (stat.size > MAX_ATTACHMENT_BYTES)
    throw invalid('file', `tệp lớn quá ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
  return {
    attachmentRef: resolved,
    attachmentSha256: createHash('sha256').update(fs.readFileSync(resolved)).digest('hex'),
  };
}

/** Logs a report an agency sent; returns its receipt (or the earlier one for the same document). */
export async function submitReport(ctx: ServiceContext, input: SubmitInput): Promise<SubmissionEntry> {
  const payload = submitReportSchema.safeParse({
    documentNumber: input.documentNumber,
    signedDate: input.signedDate ?? vnDateOf(Date.now()),
    channel: input.channel,
    ...(input.file ? attachment(input.file) : {}),
  });
  if (!payload.success) throw schemaError(payload.error);
  const problem = submissionProblem(payload.data, vnDateOf(Date.now()));
  if (problem) throw issueError(problem);
  return onReport(ctx, input, (h) => h.executeUpdate(submitReportUpdate, { args: [payload.data] }), [
    'documentNumber',
    'signedDate',
    'channel',
  ]);
}

export type ExtendInput = ReportRef & ExtendDeadlineInput;

/** Moves one agency's deadline later; its reminders are planned again from the new one. */
export async function extendDeadline(
  ctx: ServiceContext,
  input: ExtendInput,
): Promise<{ dueDate: IsoDate; dueAt: number }> {
  const { year: _y, period: _p, agency: _a, regime: _r, drill: _d, ...raw } = input;
  const payload = extendDeadlineSchema.safeParse(raw);
  if (!payload.success) throw schemaError(payload.error);
  return onReport(ctx, input, (h) => h.executeUpdate(extendDeadlineUpdate, { args: [payload.data] }), [
    'newDueDate',
    'newDueAt',
    'reason',
    'approvedBy',
  ]);
}

/** Exempts one agency from this cycle's report. */
export async function exemptAgency(
  ctx: ServiceContext,
  input: ReportRef & { reason: string; approvedBy?: string },
): Promise<void> {
  const payload = exemptSchema.safeParse({
    reason: input.reason,
    ...(input.approvedBy ? { approvedBy: input.approvedBy } : {}),
  });
  if (!payload.success) throw schemaError(payload.error);
  await onReport(ctx, input, (h) => h.executeUpdate(exemptUpdate, { args: [payload.data] }), [
    'reason',
    'approvedBy',
  ]);
}

/** One extra reminder to one agency. */
export async function remindAgency(ctx: ServiceContext, ref: ReportRef): Promise<{ step: string }> {
  return onReport(ctx, ref, (h) => h.executeUpdate(remindNowUpdate));
}
