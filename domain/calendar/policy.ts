import { z } from 'zod';
import { CONTACT_ROLES, type ContactRoleName } from '../agencies';
import { formatZodIssues, whenValid } from '../zod-format';
import { timeOfDaySchema } from './date-schemas';
import { parseTimeOfDay } from './dates';
import { DEFAULT_PERIOD_CODES, PERIOD_CATALOGUE, type PeriodKind } from './periods';

// The reporting policy: which periods run, their deadlines, and the reminder / escalation timing.
// Data, not code: an official's policy file (YAML or JSON) is parsed here; every key has a default,
// so a file states only what differs. Offsets count working days (reminders may count hours).

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

const int = (min: number, max: number) =>
  z.number().int('phải là số nguyên').min(min, `nhỏ nhất là ${min}`).max(max, `lớn nhất là ${max}`);

/** A default that hands every parse its own copy, so that no two policies share arrays. */
const copy =
  <T>(value: T): (() => T) =>
  () =>
    JSON.parse(JSON.stringify(value)) as T;

const channelsSchema = z
  .array(z.enum(CHANNELS, { message: `kênh phải là một trong: ${CHANNELS.join(', ')}` }))
  .min(1, 'cần ít nhất một kênh')
  .max(CHANNELS.length, `tối đa ${CHANNELS.length} kênh`)
  .refine((cs) => new Set(cs).size === cs.length, { message: 'kênh bị lặp', ...whenValid });

const rolesSchema = z
  .array(z.enum(CONTACT_ROLES, { message: `vai trò phải là một trong: ${CONTACT_ROLES.join(', ')}` }))
  .min(1, 'cần ít nhất một vai trò')
  .max(CONTACT_ROLES.length, `tối đa ${CONTACT_ROLES.length} vai trò`)
  .refine((rs) => new Set(rs).size === rs.length, { message: 'vai trò bị lặp', ...whenValid });

/** How a deadline's date is found, before it moves off a weekend or holiday. */
export const dueRuleSchema = z.discriminatedUnion(
  'rule',
  [
    /** N working days after the cutoff (0: the cutoff, or the next working day). */
    z.object({ rule: z.literal('workingDaysAfterCutoff'), days: int(0, 60) }).strict(),
    /** Day D of the period's last month (31 means its last day in shorter months). */
    z.object({ rule: z.literal('dayOfLastMonth'), day: int(1, 31) }).strict(),
  ],
  { message: 'rule phải là workingDaysAfterCutoff hoặc dayOfLastMonth' },
);
export type DueRule = z.infer<typeof dueRuleSchema>;

export const DEFAULT_AGENCY_DUE: DueRule = { rule: 'workingDaysAfterCutoff', days: 2 };
export const DEFAULT_PROVINCE_DUE: DueRule = { rule: 'dayOfLastMonth', day: 20 };

const periodCodeSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,19}$/, 'mã kỳ: chữ in hoa, số hoặc _ (vd. Q1, H1, M04)');

const periodPolicySchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'tên kỳ không được để trống')
      .max(100, 'tên kỳ dài quá 100 ký tự')
      .optional(),
    window: z
      .object({ endMonth: int(1, 12), months: int(1, 12), cutoffDay: int(1, 28).default(14) })
      .strict()
      .optional(),
    agencyDue: dueRuleSchema.default(copy(DEFAULT_AGENCY_DUE)),
    provinceDue: dueRuleSchema.default(copy(DEFAULT_PROVINCE_DUE)),
  })
  .strict();

const reminderSchema = z
  .object({
    workingDaysBefore: int(1, 60).optional(),
    hoursBefore: int(1, 240).optional(),
    channels: channelsSchema,
    roles: rolesSchema.default(copy<ContactRoleName[]>(['focal_point'])),
  })
  .strict()
  .refine((r) => (r.workingDaysBefore === undefined) !== (r.hoursBefore === undefined), {
    message: 'cần đúng một trong workingDaysBefore hoặc hoursBefore',
    ...whenValid,
  });

const escalationSchema = z
  .object({
    level: int(1, 9),
    workingDaysAfterDue: int(1, 60),
    roles: rolesSchema,
    channels: channelsSchema.default(copy<Channel[]>(['email'])),
  })
  .strict();

/** Every default except the periods. */
const DEFAULTS: Readonly<Omit<ReportingPolicy, 'periods'>> = {
  sendTime: '08:00',
  opening: { workingDaysBeforeCutoff: 10 },
  reminders: [
    { workingDaysBefore: 5, channels: ['email'], roles: ['focal_point'] },
    { workingDaysBefore: 2, channels: ['email'], roles: ['focal_point'] },
    { workingDaysBefore: 1, channels: ['email', 'sms'], roles: ['focal_point'] },
  ],
  dueDayReminder: { channels: ['email', 'sms'], roles: ['focal_point'] },
  overdue: {
    workingDaysAfterDue: 1,
    channels: ['email', 'sms'],
    roles: ['focal_point', 'head'],
    repeatEveryWorkingDays: 10,
  },
  escalations: [
    { level: 1, workingDaysAfterDue: 1, roles: ['snv_desk'], channels: ['email'] },
    { level: 2, workingDaysAfterDue: 2, roles: ['snv_director'], channels: ['email'] },
  ],
  quietHours: { start: '07:30', end: '17:30' },
  consolidation: { workingDaysBeforeProvinceDue: 1, time: '16:00' },
  followUp: { everyWorkingDays: 5, roles: ['snv_desk'], channels: ['email'] },
  closing: { month: 1, day: 31, yearsAfter: 1, time: '17:00' },
};

/** Monthly reports are the most frequent regime there is: 12 periods, with room for a few more. */
const MAX_PERIODS = 24;

type PeriodsInput = Record<string, z.output<typeof periodPolicySchema>>;

/** Every code must name a catalogue kind or define its window; a day-of-month deadline must follow the cutoff. */
function checkPeriods(periods: PeriodsInput, ctx: z.RefinementCtx): void {
  const count = Object.keys(periods).length;
  if (count === 0) ctx.addIssue({ code: 'custom', message: 'cần ít nhất một kỳ báo cáo' });
  if (count > MAX_PERIODS)
    ctx.addIssue({ code: 'custom', message: `tối đa ${MAX_PERIODS} kỳ báo cáo một năm (có ${count})` });
  for (const [code, period] of Object.entries(periods)) {
    const known = PERIOD_CATALOGUE[code];
    if (!known && !period.window) {
      ctx.addIssue({
        code: 'custom',
        path: [code],
        message: `kỳ báo cáo không xác định "${code}" (có sẵn: ${Object.keys(PERIOD_CATALOGUE).join(', ')}; kỳ mới cần khai báo window: { endMonth, months })`,
      });
      continue;
    }
    const cutoffDay = period.window?.cutoffDay ?? known!.cutoffDay;
    for (const key of ['agencyDue', 'provinceDue'] as const) {
      const due = period[key];
      if (due.rule === 'dayOfLastMonth' && due.day <= cutoffDay) {
        ctx.addIssue({
          code: 'custom',
          path: [code, key, 'day'],
          message: `phải sau ngày chốt số liệu (ngày ${cutoffDay})`,
        });
      }
    }
  }
}

function checkReminders(reminders: z.output<typeof reminderSchema>[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  reminders.forEach((r, i) => {
    const key = r.workingDaysBefore !== undefined ? `d${r.workingDaysBefore}` : `h${r.hoursBefore}`;
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: 'lần nhắc bị lặp' });
    seen.add(key);
  });
}

/** Levels are unique, and a higher level never comes earlier than a lower one. */
function checkEscalations(escalations: z.output<typeof escalationSchema>[], ctx: z.RefinementCtx): void {
  const byLevel = [...escalations].sort((a, b) => a.level - b.level);
  byLevel.forEach((e, i) => {
    const prev = byLevel[i - 1];
    const index = escalations.indexOf(e);
    if (prev && prev.level === e.level) {
      ctx.addIssue({ code: 'custom', path: [index, 'level'], message: `cấp ${e.level} bị lặp` });
    } else if (prev && prev.workingDaysAfterDue > e.workingDaysAfterDue) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'workingDaysAfterDue'],
        message: `không được sớm hơn cấp ${prev.level}`,
      });
    }
  });
}

/** Minutes since midnight, or null for a malformed time (its own field reports that). */
function minutesOrNull(time: string): number | null {
  return timeOfDaySchema.safeParse(time).success ? parseTimeOfDay(time) : null;
}

/** True unless both times are well-formed and `a` is not before `b`. */
function beforeOrUnknown(a: string, b: string): boolean {
  const [ma, mb] = [minutesOrNull(a), minutesOrNull(b)];
  return ma === null || mb === null || ma < mb;
}

const quietHoursSchema = z
  .object({ start: timeOfDaySchema, end: timeOfDaySchema })
  .strict()
  .refine((q) => beforeOrUnknown(q.start, q.end), {
    message: 'giờ kết thúc phải sau giờ bắt đầu',
    path: ['end'],
    ...whenValid,
  });

const policyInputSchema = z
  .object({
    /** Replaces the whole set when given: a regime lists every period it runs. */
    periods: z
      .record(periodCodeSchema, periodPolicySchema)
      .superRefine(checkPeriods, whenValid)
      .default(() =>
        Object.fromEntries(
          DEFAULT_PERIOD_CODES.map((c) => [
            c,
            { agencyDue: { ...DEFAULT_AGENCY_DUE }, provinceDue: { ...DEFAULT_PROVINCE_DUE } },
          ]),
        ),
      ),
    /** Local time at which day-based notifications go out (inside the SMS window). */
    sendTime: timeOfDaySchema.default(DEFAULTS.sendTime),
    /** When a cycle starts and the opening notice goes out. */
    opening: z
      .object({ workingDaysBeforeCutoff: int(0, 60) })
      .strict()
      .default(copy(DEFAULTS.opening)),
    reminders: z
      .array(reminderSchema)
      .max(10, 'tối đa 10 lần nhắc')
      .superRefine(checkReminders, whenValid)
      .default(copy(DEFAULTS.reminders)),
    /** Reminder on the due day itself; null for none. */
    dueDayReminder: z
      .object({
        channels: channelsSchema,
        roles: rolesSchema.default(copy<ContactRoleName[]>(['focal_point'])),
      })
      .strict()
      .nullable()
      .default(copy(DEFAULTS.dueDayReminder)),
    /** Overdue notice to the agency once the deadline has passed. */
    overdue: z
      .object({
        workingDaysAfterDue: int(1, 30).default(1),
        channels: channelsSchema,
        roles: rolesSchema.default(copy<ContactRoleName[]>(['focal_point', 'head'])),
        /** After the escalations, the overdue notice again every N working days until the cycle ends; 0: never. */
        repeatEveryWorkingDays: int(0, 60).default(DEFAULTS.overdue.repeatEveryWorkingDays),
      })
      .strict()
      .default(copy(DEFAULTS.overdue)),
    /** Escalation levels to Sở Nội vụ (Phòng CCHC, then the Director). */
    escalations: z
      .array(escalationSchema)
      .max(9, 'tối đa 9 cấp báo cáo vượt cấp')
      .superRefine(checkEscalations, whenValid)
      .default(copy(DEFAULTS.escalations)),
    /** The window in which SMS may go out on working days (`end` excluded); outside it is quiet. */
    quietHours: quietHoursSchema.default(copy(DEFAULTS.quietHours)),
    /**
     * When Sở Nội vụ consolidates and reports to UBND tỉnh: working days before the province's
     * deadline, at `time` (late in the day, after that morning's reminders and escalations).
     */
    consolidation: z
      .object({ workingDaysBeforeProvinceDue: int(0, 30), time: timeOfDaySchema.default('16:00') })
      .strict()
      .default(copy(DEFAULTS.consolidation)),
    /**
     * After the summary, late reports are still taken: Sở Nội vụ gets a digest of those that came in
     * and those still missing every N working days (only when there is something to say); null: none.
     */
    followUp: z
      .object({
        everyWorkingDays: int(1, 60),
        roles: rolesSchema.default(copy<ContactRoleName[]>(['snv_desk'])),
        channels: channelsSchema.default(copy<Channel[]>(['email'])),
      })
      .strict()
      .nullable()
      .default(copy(DEFAULTS.followUp)),
    /**
     * When the cycle ends and its record becomes final (no report taken after it): day `day` of
     * month `month`, `yearsAfter` years after the cycle's year, at `time` (moved to a working day).
     */
    closing: z
      .object({
        month: int(1, 12),
        day: int(1, 31),
        yearsAfter: int(0, 2),
        time: timeOfDaySchema.default('17:00'),
      })
      .strict()
      .default(copy(DEFAULTS.closing)),
  })
  .strict()
  .refine(
    (p) => {
      const [send, start, end] = [p.sendTime, p.quietHours.start, p.quietHours.end].map(minutesOrNull);
      return send == null || start == null || end == null || (send >= start && send < end);
    },
    { message: 'phải nằm trong giờ gửi SMS (quietHours)', path: ['sendTime'], ...whenValid },
  );

export type PolicyInput = z.input<typeof policyInputSchema>;

/** A period as the policy runs it: its kind (window) and its two deadlines. */
export interface PeriodPolicy extends PeriodKind {
  agencyDue: DueRule;
  provinceDue: DueRule;
}

export interface ReminderRule {
  workingDaysBefore?: number;
  hoursBefore?: number;
  channels: Channel[];
  roles: ContactRoleName[];
}

export interface EscalationRule {
  level: number;
  workingDaysAfterDue: number;
  roles: ContactRoleName[];
  channels: Channel[];
}

export interface QuietHours {
  /** First minute SMS may go out on a working day, `HH:MM`. */
  start: string;
  /** First minute SMS may no longer go out, `HH:MM`. */
  end: string;
}

/** A validated policy: plain data, safe to pass to workflows. */
export interface ReportingPolicy {
  /** By period code, e.g. `Q1`. */
  periods: Record<string, PeriodPolicy>;
  sendTime: string;
  opening: { workingDaysBeforeCutoff: number };
  reminders: ReminderRule[];
  dueDayReminder: { channels: Channel[]; roles: ContactRoleName[] } | null;
  overdue: {
    workingDaysAfterDue: number;
    channels: Channel[];
    roles: ContactRoleName[];
    repeatEveryWorkingDays: number;
  };
  escalations: EscalationRule[];
  quietHours: QuietHours;
  consolidation: { workingDaysBeforeProvinceDue: number; time: string };
  followUp: { everyWorkingDays: number; roles: ContactRoleName[]; channels: Channel[] } | null;
  closing: { month: number; day: number; yearsAfter: number; time: string };
}

/** A policy that does not validate; the message names every bad field (`periods.Q1.agencyDue.days: …`). */
export class PolicyError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('; '));
    this.name = 'PolicyError';
  }
}

/** Validates a policy (parsed YAML/JSON, or a plain object) and fills in the defaults. */
export function parsePolicy(input: unknown): ReportingPolicy {
  const result = policyInputSchema.safeParse(input ?? {});
  if (!result.success) throw new PolicyError(formatZodIssues(result.error));
  const p = result.data;
  const periods: Record<string, PeriodPolicy> = {};
  for (const [code, period] of Object.entries(p.periods)) {
    const known = PERIOD_CATALOGUE[code];
    const window = period.window ?? known!;
    periods[code] = {
      code,
      name: period.name ?? known?.name ?? code,
      endMonth: window.endMonth,
      months: window.months,
      cutoffDay: window.cutoffDay,
      agencyDue: period.agencyDue,
      provinceDue: period.provinceDue,
    };
  }
  return {
    periods,
    sendTime: p.sendTime,
    opening: p.opening,
    reminders: p.reminders,
    dueDayReminder: p.dueDayReminder,
    overdue: p.overdue,
    escalations: [...p.escalations].sort((a, b) => a.level - b.level),
    quietHours: p.quietHours,
    consolidation: p.consolidation,
    followUp: p.followUp,
    closing: p.closing,
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * What runs when no policy file is given (docs/domain.md): Q1, H1, Q3, YEAR; agencies due 2 working
 * days after the cutoff, the province on day 20. Frozen: shared by every caller.
 */
export const DEFAULT_POLICY: ReportingPolicy = deepFreeze(parsePolicy({}));
