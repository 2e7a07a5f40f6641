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
  /**
   * Default: the signing date of this agency's earlier submission with the same document number
   * in this cycle (so logging the same document again is a duplicate), else today in Vietnam.
   */
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

/** The agency's report in the cycle (the cycle's mirror row), refusing a cycle no longer taking reports. */
async function reportSlot(ctx: ServiceContext, ref: ReportRef) {
  await knownAgency(ctx, ref.agency);
  const cycle = await takingReports(ctx, ref);
  const db = await ctx.db();
  const slot = await db.cycleAgency.findFirst({
    where: { cycleId: cycle.id, agency: { code: ref.agency } },
    select: { id: true, workflowId: true, dueAt: true },
  });
  if (!slot) throw notFound('agency', `đơn vị ${ref.agency} không phải nộp báo cáo ${describeTarget(ref)}`);
  return { ...slot, drill: cycle.drill };
}

type Slot = Awaited<ReturnType<typeof reportSlot>>;

/** The report's workflow (named by the cycle's mirror), with the errors an official understands. */
async function onReport<T>(
  ctx: ServiceContext,
  ref: ReportRef,
  call: Parameters<typeof callWorkflow<T>>[2],
  fields: readonly string[] = [],
  known?: Slot,
): Promise<T> {
  const slot = known ?? (await reportSlot(ctx, ref));
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

/** A receipt, with the deadline it was judged against (a drill's is an instant: its lateness is in minutes). */
export interface SubmitResult extends SubmissionEntry {
  /** The report's deadline when it was logged (epoch ms). */
  dueAt: number;
  drill: boolean;
}

/** The signing date of the agency's latest submission in this cycle with this document number. */
async function signedDateOf(
  ctx: ServiceContext,
  slot: Slot,
  documentNumber: string,
): Promise<IsoDate | undefined> {
  const db = await ctx.db();
  const earlier = await db.submission.findFirst({
    where: { cycleAgencyId: slot.id, documentNumber },
    orderBy: { version: 'desc' },
    select: { signedDate: true },
  });
  return earlier?.signedDate.toISOString().slice(0, 10);
}

/**
 * Logs a report an agency sent; returns its receipt (or the earlier one for the same document).
 * The same document is the same number and signing date, with or without a file; a signing date
 * left out is the one the same number was logged with before in this cycle, else today.
 */
export async function submitReport(ctx: ServiceContext, input: SubmitInput): Promise<SubmitResult> {
  const today = vnDateOf(Date.now());
  const fields = {
    documentNumber: input.documentNumber,
    channel: input.channel,
    ...(input.file ? attachment(input.file) : {}),
  };
  const first = submitReportSchema().safeParse({ ...fields, signedDate: input.signedDate ?? today });
  if (!first.success) throw schemaError(first.error);
  const problem = submissionProblem(first.data, today);
  if (problem) throw issueError(problem);
  const slot = await reportSlot(ctx, input);
  let payload = first.data;
  if (input.signedDate === undefined) {
    // A date the same number was accepted with before: not in the future either.
    const before = await signedDateOf(ctx, slot, payload.documentNumber);
    if (before) payload = { ...payload, signedDate: before };
  }
  const entry = await onReport(
    ctx,
    input,
    (h) => h.executeUpdate(submitReportUpdate, { args: [payload] }),
    ['documentNumber', 'signedDate', 'channel'],
    slot,
  );
  return { ...entry, dueAt: slot.dueAt.getTime(), drill: slot.drill };
}

export type ExtendInput = ReportRef & ExtendDeadlineInput;

/** Moves one agency's deadline later; its reminders are planned again from the new one. */
export async function extendDeadline(
  ctx: ServiceContext,
  input: ExtendInput,
): Promise<{ dueDate: IsoDate; dueAt: number }> {
  const { year: _y, period: _p, agency: _a, regime: _r, drill: _d, ...raw } = input;
  const payload = extendDeadlineSchema().safeParse(raw);
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
  const payload = exemptSchema().safeParse({
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
