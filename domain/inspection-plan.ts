import { z } from 'zod';
import type { ContactRoleName } from './agencies';
import {
  CalendarDataError,
  compareDates,
  formatVnDate,
  isoDateSchema,
  weekdayVi,
  yearOf,
  type DayInfo,
  type IsoDate,
  type WorkingCalendar,
} from './calendar';
import { ESCALATION_ROLES, inspectionPolicySchema, visitDates } from './inspection-policy';

// An inspection plan (Kế hoạch kiểm tra công tác CCHC) as an official writes it, and the payloads
// of the messages that drive one inspection. Pure: the CLI checks the agencies it names against
// the database and passes them in as data.

/** Zod's error option: a missing field says so; a wrong type says what was expected. */
const expecting = (what: string) => ({
  error: (issue: { code?: string; input?: unknown }) =>
    issue.code !== 'invalid_type'
      ? undefined
      : issue.input === undefined
        ? 'bắt buộc, chưa có'
        : `mong đợi ${what}`,
});

const text = (max: number, what: string) =>
  z
    .string(expecting(`${what} (chuỗi ký tự)`))
    .trim()
    .min(1, `${what} không được để trống`)
    .max(max, `${what} dài quá ${max} ký tự`);

export const agencyCodeSchema = z
  .string(expecting('mã đơn vị, vd. STP'))
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{1,19}$/, 'mã đơn vị: 2-20 ký tự in hoa, số hoặc _ (vd. STP, H_CAOLANH)');

/** `KT-2022-01`: part of every workflow ID of the plan. */
export const planCodeSchema = z
  .string(expecting('mã kế hoạch, vd. KT-2022-01'))
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,29}$/, 'mã kế hoạch: 2-30 ký tự in hoa, số hoặc - (vd. KT-2022-01)');

export const planYearSchema = z
  .number(expecting('một số, vd. 2022'))
  .int('năm phải là số nguyên')
  .min(2021, 'năm từ 2021')
  .max(2099, 'năm đến 2099');

/**
 * A member of the inspection team. Team messages are addressed by role, and notify resolves Sở
 * Nội vụ's roles in any agency, so a member is one of those roles (the team is Sở Nội vụ's).
 */
export const contactRefSchema = z.strictObject(
  {
    agency: agencyCodeSchema,
    role: z.enum(ESCALATION_ROLES, {
      message: `vai trò trong đoàn kiểm tra phải là một trong: ${ESCALATION_ROLES.join(', ')} (người liên hệ của Sở Nội vụ)`,
    }),
  },
  expecting('{ agency: <mã đơn vị>, role: snv_desk | snv_director }'),
);
export type ContactRef = z.infer<typeof contactRefSchema>;

export const teamSchema = z.strictObject(
  {
    lead: contactRefSchema,
    members: z
      .array(contactRefSchema, expecting('một danh sách'))
      .max(20, 'nhiều nhất 20 thành viên')
      .default([]),
  },
  expecting('{ lead: …, members: [...] }'),
);
export type InspectionTeam = z.infer<typeof teamSchema>;

/** `Quyết định số 123/QĐ-UBND ngày 10/01/2022` is kept as `123/QĐ-UBND ngày 10/01/2022`: the notice adds the words. */
const decisionRefSchema = z
  .string(expecting('số quyết định, vd. Quyết định số 123/QĐ-UBND ngày 10/01/2022'))
  .trim()
  .transform((v) => v.replace(/^quyết định số\s*/i, '').trim())
  .pipe(text(80, 'số quyết định'));

export const plannedInspectionSchema = z.strictObject(
  {
    agency: agencyCodeSchema,
    visitDate: z.string(expecting('ngày dạng YYYY-MM-DD')).pipe(isoDateSchema),
    scope: text(500, 'nội dung kiểm tra'),
  },
  expecting('{ agency, visitDate, scope }'),
);
export type PlannedInspection = z.infer<typeof plannedInspectionSchema>;

export const planFileSchema = z.strictObject({
  year: planYearSchema,
  code: planCodeSchema,
  decisionRef: decisionRefSchema,
  team: teamSchema,
  policy: inspectionPolicySchema.default(() => inspectionPolicySchema.parse({})),
  inspections: z
    .array(plannedInspectionSchema, expecting('một danh sách các cuộc kiểm tra'))
    .min(1, 'cần ít nhất một cuộc kiểm tra')
    .max(200, 'nhiều nhất 200 cuộc kiểm tra một kế hoạch (tách thành nhiều kế hoạch)'),
});
/** A plan file after parsing: what `inspectionPlan` is started with. */
export type InspectionPlanInput = z.output<typeof planFileSchema>;

/** What the plan check needs to know about an agency (from the database). */
export interface AgencyFacts {
  name: string;
  active: boolean;
  /** Roles of its active contacts that have an email or a phone. */
  roles: ContactRoleName[];
}

export interface PlanIssue {
  path: (string | number)[];
  message: string;
}

/** `Thứ Bảy` or `ngày nghỉ Giỗ Tổ Hùng Vương`: why a date is not a working day. */
export function dayOffReason(info: DayInfo): string {
  return info.reason === 'weekend'
    ? `${weekdayVi(info.date)}, ngày nghỉ cuối tuần`
    : `ngày nghỉ ${info.reason}`;
}

/** Null for a working day; else why not, naming the holiday. Throws nothing: a missing year is a reason too. */
export function nonWorkingDayReason(date: IsoDate, calendar: WorkingCalendar): string | null {
  try {
    const info = calendar.dayInfo(date);
    return info.isWorkingDay ? null : `${formatVnDate(date)} là ${dayOffReason(info)}`;
  } catch (err) {
    if (err instanceof CalendarDataError) return err.message;
    throw err;
  }
}

/**
 * Everything a plan must satisfy beyond its shape: agencies known and active, one inspection per
 * agency, visits on working days of the plan's year and (given `today`) not already too late for
 * the self-report, the team's contacts present. Returns every issue with its path.
 */
export function checkPlan(
  plan: InspectionPlanInput,
  opts: { calendar: WorkingCalendar; agencies: ReadonlyMap<string, AgencyFacts>; today?: IsoDate },
): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const { calendar, agencies, today } = opts;
  const refs: [(string | number)[], ContactRef][] = [
    [['team', 'lead'], plan.team.lead],
    ...plan.team.members.map((m, i): [(string | number)[], ContactRef] => [['team', 'members', i], m]),
  ];
  for (const [path, ref] of refs) {
    const agency = agencies.get(ref.agency);
    if (!agency) issues.push({ path: [...path, 'agency'], message: unknownAgency(ref.agency) });
    else if (!agency.active)
      issues.push({ path: [...path, 'agency'], message: `đơn vị ${ref.agency} đã ngừng hoạt động` });
    else if (!agency.roles.includes(ref.role))
      issues.push({
        path: [...path, 'role'],
        message: `${ref.agency} không có người liên hệ vai trò ${ref.role} đang hoạt động (có email hoặc điện thoại)`,
      });
  }
  const firstIndex = new Map<string, number>();
  plan.inspections.forEach((inspection, i) => {
    const at = (field: string) => ['inspections', i, field];
    const agency = agencies.get(inspection.agency);
    if (!agency) issues.push({ path: at('agency'), message: unknownAgency(inspection.agency) });
    else if (!agency.active)
      issues.push({ path: at('agency'), message: `đơn vị ${inspection.agency} đã ngừng hoạt động` });
    const earlier = firstIndex.get(inspection.agency);
    if (earlier !== undefined)
      issues.push({
        path: at('agency'),
        message: `đơn vị ${inspection.agency} đã có ở inspections[${earlier}]: mỗi đơn vị một cuộc kiểm tra trong kế hoạch`,
      });
    else firstIndex.set(inspection.agency, i);

    const { visitDate } = inspection;
    if (yearOf(visitDate) !== plan.year) {
      issues.push({
        path: at('visitDate'),
        message: `ngày kiểm tra ${formatVnDate(visitDate)} không thuộc năm ${plan.year} của kế hoạch`,
      });
      return;
    }
    const reason = nonWorkingDayReason(visitDate, calendar);
    if (reason) {
      issues.push({ path: at('visitDate'), message: `${reason}: ngày kiểm tra phải là ngày làm việc` });
      return;
    }
    if (today !== undefined) {
      const { selfReportDueDate } = visitDates(visitDate, plan.policy, calendar);
      if (compareDates(visitDate, today) <= 0)
        issues.push({
          path: at('visitDate'),
          message: `ngày kiểm tra ${formatVnDate(visitDate)} đã qua hoặc là hôm nay`,
        });
      else if (compareDates(selfReportDueDate, today) < 0)
        issues.push({
          path: at('visitDate'),
          message:
            `quá gần: hạn báo cáo tự kiểm tra (${plan.policy.selfReportDueWorkingDaysBeforeVisit} ngày làm việc trước, ` +
            `${formatVnDate(selfReportDueDate)}) đã qua`,
        });
    }
  });
  return issues;
}

/** Inspected agencies that nobody would hear from: no focal point or head with an address. */
export function planWarnings(
  plan: InspectionPlanInput,
  agencies: ReadonlyMap<string, AgencyFacts>,
): PlanIssue[] {
  return plan.inspections.flatMap((inspection, i) => {
    const agency = agencies.get(inspection.agency);
    if (!agency || agency.roles.includes('focal_point') || agency.roles.includes('head')) return [];
    return [
      {
        path: ['inspections', i, 'agency'],
        message: `${inspection.agency} chưa có đầu mối CCHC hay thủ trưởng có email/điện thoại: đơn vị sẽ không nhận được thông báo`,
      },
    ];
  });
}

function unknownAgency(code: string): string {
  return `không có đơn vị mã ${code} (xem "cchc agencies list")`;
}

// ---- Messages that drive one inspection (update payloads), validated by the CLI and again by the workflow.

const documentNumberSchema = text(60, 'số văn bản');
const attachmentRefSchema = text(300, 'tệp đính kèm').optional();

export const findingCodeSchema = z
  .string(expecting('mã tồn tại, vd. F1'))
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9_.-]{0,19}$/, 'mã tồn tại: 1-20 ký tự chữ, số, _ . - (vd. F1)');

export const selfReportInputSchema = z.strictObject({
  /** Số văn bản of the self-inspection report, e.g. `15/BC-STP`. */
  documentNumber: documentNumberSchema,
  /** Date the report was signed; default today. */
  signedDate: isoDateSchema.optional(),
  attachmentRef: attachmentRefSchema,
});
export type SelfReportInput = z.input<typeof selfReportInputSchema>;

export const findingInputSchema = z.strictObject({
  /** F1, F2, … when omitted. */
  code: findingCodeSchema.optional(),
  description: text(500, 'nội dung tồn tại'),
  /** Default: the visit date + the policy's remediation period. */
  remediationDueDate: isoDateSchema.optional(),
});
export type FindingInput = z.input<typeof findingInputSchema>;

export const findingListSchema = z
  .array(findingInputSchema, { message: 'mong đợi một danh sách tồn tại' })
  .max(50, 'nhiều nhất 50 tồn tại')
  .superRefine((findings, ctx) => {
    const seen = new Set<string>();
    findings.forEach((f, i) => {
      if (!f.code) return;
      if (seen.has(f.code))
        ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `mã tồn tại ${f.code} bị lặp` });
      seen.add(f.code);
    });
  });

export const visitResultInputSchema = z.strictObject({
  /** Empty: no findings, the conclusion goes out at once. */
  findings: findingListSchema,
  /** When the visit took place, if not on the planned date (it must have happened already). */
  visitedOn: isoDateSchema.optional(),
  /** Số thông báo kết luận kiểm tra, quoted in the conclusion. */
  conclusionRef: text(80, 'số thông báo kết luận').optional(),
});
export type VisitResultInput = z.input<typeof visitResultInputSchema>;

export const remediationInputSchema = z.strictObject({
  findingCode: findingCodeSchema,
  documentNumber: documentNumberSchema,
  attachmentRef: attachmentRefSchema,
});
export type RemediationInput = z.input<typeof remediationInputSchema>;

export const rescheduleInputSchema = z.strictObject({
  visitDate: isoDateSchema,
  reason: text(300, 'lý do'),
});
export type RescheduleInput = z.input<typeof rescheduleInputSchema>;

export const cancelInputSchema = z.strictObject({ reason: text(300, 'lý do') });
export type CancelInput = z.input<typeof cancelInputSchema>;
