import { z } from 'zod';

// What each message needs, as workflows pass it: codes, dates and numbers, never contact details.
// The notify activity validates the payload against its purpose's schema and adds the agency.

export const NOTIFICATION_PURPOSES = [
  'CYCLE_OPENING',
  'REPORT_REMINDER',
  'REPORT_DUE_TODAY',
  'REPORT_OVERDUE',
  'ESCALATION_SNV',
  'SUBMISSION_RECEIPT',
  'UBND_SUMMARY',
  'INSPECTION_NOTICE',
  'SELF_REPORT_REMINDER',
  'SELF_REPORT_OVERDUE',
  'VISIT_REMINDER',
  'VISIT_RESULT_REMINDER',
  'REMEDIATION_REMINDER',
  'REMEDIATION_OVERDUE',
  'INSPECTION_CONCLUSION',
  'INSPECTION_CANCELLED',
  'DEADLINE_EXTENDED',
  'EXEMPTED',
  'FOLLOW_UP_DIGEST',
] as const;
export type NotificationPurpose = (typeof NOTIFICATION_PURPOSES)[number];

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày dạng YYYY-MM-DD')
  .refine((v) => {
    const [y, m, d] = v.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'ngày không tồn tại');

const agencyCode = z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/, 'mã đơn vị không hợp lệ');
const text = (max: number) => z.string().trim().min(1).max(max);
const count = z.number().int().min(0);
const days = z.number().int().min(0).max(3650);

/** An agency named in a list; the activity fills `name` from the agencies table when it is missing. */
const listedAgency = z.strictObject({ code: agencyCode, name: text(200).optional() });
export type ListedAgency = z.infer<typeof listedAgency>;

/**
 * The cycle a reporting message is about, as the notify activity fills it in from the cycle's
 * record (the workflow sends only `cycleKey`): the regime's words, the period, drill or real.
 */
export const cycleContextSchema = z.strictObject({
  key: text(60),
  regime: z.string().regex(/^[A-Z][A-Z0-9]{1,11}$/),
  /** `báo cáo CCHC`. */
  reportName: text(120),
  /** `Sở Nội vụ`: where the report is sent. */
  collectorName: text(120),
  deskName: text(160),
  directorName: text(160),
  /** The closing signature of every email. */
  signature: text(200),
  year: z.number().int().min(2000).max(2100),
  period: z.string().regex(/^[A-Z][A-Z0-9_]{0,19}$/),
  /** `Quý I`, `6 tháng đầu năm`, `Năm`. */
  periodName: text(60),
  /** A drill: every subject and SMS carries the drill mark, and times are exact. */
  drill: z.boolean(),
  /** Where and how to submit. */
  submission: z
    .strictObject({
      how: text(500),
      system: text(200).optional(),
      address: text(200).optional(),
      template: text(300).optional(),
    })
    .optional(),
});
export type CycleContext = z.infer<typeof cycleContextSchema>;

/** How late: working days for a real cycle, minutes for a drill (whose deadline is minutes away). */
export const latenessSchema = z.strictObject({
  unit: z.enum(['workingDays', 'minutes']),
  amount: z.number().int().min(1).max(100_000),
});
export type Lateness = z.infer<typeof latenessSchema>;

/** The deadline as an instant (epoch ms): a drill's is minutes away, a real one the end of its day. */
const dueAt = z.number().int().positive();

/** A contact of a late unit, shown to Sở Nội vụ to follow up (looked up at send time, never in a history). */
const followUpContact = z.strictObject({
  role: z.enum(['focal_point', 'head']),
  name: text(200),
  email: text(200).optional(),
  phone: text(30).optional(),
});

/** A late unit in a consolidated message, with whom to call about it. */
const lateUnit = z.strictObject({
  code: agencyCode,
  name: text(200),
  dueDate: isoDate,
  /** A drill's deadline to the minute. */
  dueAt: dueAt.optional(),
  late: latenessSchema,
  contacts: z.array(followUpContact).max(10),
});

const report = {
  cycle: cycleContextSchema,
};
const inspection = { year: z.number().int().min(2000).max(2100), visitDate: isoDate };
const finding = { code: text(20), description: text(500), dueDate: isoDate };
const escalationLevel = z.number().int().min(1).max(9);

export const templateSchemas = {
  CYCLE_OPENING: z.strictObject({
    ...report,
    windowStart: isoDate,
    cutoff: isoDate,
    dueDate: isoDate,
    dueAt,
    /** A successor's report opened by a merge during the cycle: the units it reports for, and since when. */
    inheritsFrom: z
      .array(z.strictObject({ code: agencyCode, name: text(200) }))
      .min(1)
      .max(50)
      .optional(),
    inheritedOn: isoDate.optional(),
  }),
  /** `workingDaysLeft` 0 (a reminder sent late on the due day) reads as "today". */
  REPORT_REMINDER: z.strictObject({ ...report, dueDate: isoDate, dueAt, workingDaysLeft: days }),
  REPORT_DUE_TODAY: z.strictObject({ ...report, dueDate: isoDate, dueAt }),
  REPORT_OVERDUE: z.strictObject({ ...report, dueDate: isoDate, dueAt, late: latenessSchema }),
  ESCALATION_SNV: z.strictObject({
    ...report,
    /** 1: the collector's desk (Phòng CCHC); 2 and up: its director. */
    level: escalationLevel,
    asOf: isoDate,
    lateAgencies: z.array(lateUnit).min(1, 'cần ít nhất một đơn vị'),
  }),
  SUBMISSION_RECEIPT: z.strictObject({
    ...report,
    dueDate: isoDate,
    dueAt,
    receiptNumber: text(60),
    documentNumber: text(60),
    receivedAt: z.iso.datetime({ offset: true }),
    onTime: z.boolean(),
    late: latenessSchema.optional(),
    version: z.number().int().min(1).optional(),
  }),
  UBND_SUMMARY: z.strictObject({
    ...report,
    dueDate: isoDate,
    /** A drill's deadline to the minute. */
    dueAt: dueAt.optional(),
    asOf: isoDate,
    totals: z.strictObject({
      agencies: count,
      onTime: count,
      late: count,
      notSubmitted: count,
      exempt: count,
      /** Still owed but given a deadline after the summary (not counted as late yet). */
      extended: count,
    }),
    late: z.array(listedAgency.extend({ late: latenessSchema })),
    notSubmitted: z.array(listedAgency.extend({ late: latenessSchema.optional() })),
    extended: z.array(listedAgency.extend({ dueDate: isoDate, dueAt: dueAt.optional() })),
    exempt: z.array(listedAgency.extend({ reason: text(300).optional() })),
    onTime: z.array(listedAgency),
  }),
  INSPECTION_NOTICE: z.strictObject({
    ...inspection,
    decisionRef: text(80).optional(),
    scope: text(500),
    selfReportDueDate: isoDate,
    /** A revised notice after a reschedule: the date the agency was told before, and why it moved. */
    previousVisitDate: isoDate.optional(),
    reason: text(300).optional(),
  }),
  SELF_REPORT_REMINDER: z.strictObject({ ...inspection, selfReportDueDate: isoDate, workingDaysLeft: days }),
  SELF_REPORT_OVERDUE: z.strictObject({
    ...inspection,
    selfReportDueDate: isoDate,
    workingDaysLate: days,
    /** Set on the copy escalated to Sở Nội vụ: 1 Phòng CCHC, 2 and up the Director. */
    escalationLevel: escalationLevel.optional(),
  }),
  VISIT_REMINDER: z.strictObject({
    ...inspection,
    scope: text(500).optional(),
    workingDaysLeft: days.optional(),
  }),
  VISIT_RESULT_REMINDER: z.strictObject({ ...inspection }),
  REMEDIATION_REMINDER: z.strictObject({
    ...inspection,
    findings: z.array(z.strictObject(finding)).min(1, 'cần ít nhất một tồn tại'),
  }),
  REMEDIATION_OVERDUE: z.strictObject({
    ...inspection,
    findings: z
      .array(z.strictObject({ ...finding, workingDaysLate: days }))
      .min(1, 'cần ít nhất một tồn tại'),
    /** Set on the copy escalated to Sở Nội vụ: 1 Phòng CCHC, 2 and up the Director. */
    escalationLevel: escalationLevel.optional(),
  }),
  INSPECTION_CONCLUSION: z.strictObject({
    ...inspection,
    concludedDate: isoDate,
    conclusionRef: text(80).optional(),
    findingsTotal: count,
    findingsRemediated: count,
  }),
  INSPECTION_CANCELLED: z.strictObject({ ...inspection, reason: text(300) }),
  DEADLINE_EXTENDED: z.strictObject({
    ...report,
    previousDueDate: isoDate,
    /** The deadline before the extension as an instant: a drill's old and new deadlines fall on one day. */
    previousDueAt: dueAt.optional(),
    dueDate: isoDate,
    dueAt,
    reason: text(300),
  }),
  EXEMPTED: z.strictObject({ ...report, reason: text(300) }),
  /** After the summary: reports that came in since the last digest, and units still owing. */
  FOLLOW_UP_DIGEST: z.strictObject({
    ...report,
    asOf: isoDate,
    since: isoDate,
    arrived: z.array(
      listedAgency.extend({ receivedAt: z.iso.datetime({ offset: true }), late: latenessSchema }),
    ),
    missing: z.array(lateUnit),
  }),
} satisfies Record<NotificationPurpose, z.ZodType>;

/** What a workflow passes for a purpose (the `data` of notify). */
export type TemplatePayload<P extends NotificationPurpose> = z.infer<(typeof templateSchemas)[P]>;

export interface AgencyRef {
  code: string;
  name: string;
}

/** What a template renders: the payload plus the agency the message is about. */
export type TemplateData<P extends NotificationPurpose> = TemplatePayload<P> & { agency: AgencyRef };

const LIST_FIELDS = [
  'lateAgencies',
  'onTime',
  'late',
  'notSubmitted',
  'exempt',
  'extended',
  'arrived',
  'missing',
] as const;

/** Every agency a payload lists (escalations, summaries), so the caller can fill in missing names. */
export function listedAgencies(payload: object): ListedAgency[] {
  const record = payload as Record<string, unknown>;
  return LIST_FIELDS.flatMap((field) =>
    Array.isArray(record[field]) ? (record[field] as ListedAgency[]) : [],
  );
}
