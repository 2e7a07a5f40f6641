import { z } from 'zod';
import { AGENCY_KINDS, COMMUNE_LEVEL_KINDS, CONTACT_ROLES, type AgencyKindName } from './agencies';
import { parsePolicy, PolicyError, type ReportingPolicy } from './calendar/policy';
import { REGIME_CODE_RE } from './reporting/identity';
import { formatZodIssues } from './zod-format';
import type { CycleContext } from './templates';

// A report regime (chế độ báo cáo) as data: which units report to whom, when, how they submit, and
// the words the messages use. The CCHC report to Sở Nội vụ is one regime; the quarterly report on
// administrative-procedure control (kiểm soát TTHC) to Văn phòng UBND tỉnh is another. The same
// workflows run every regime.

const text = (max: number) =>
  z.string().trim().min(1, 'không được để trống').max(max, `dài quá ${max} ký tự`);
const unitCode = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{1,19}$/, 'mã đơn vị: 2-20 ký tự in hoa, số hoặc _ (vd. SNV, VPUBND)');

const recipientSchema = z.strictObject({
  /** The unit whose contacts are meant; for roles held in one place (snv_desk, ubnd) any unit. */
  unit: unitCode,
  roles: z
    .array(z.enum(CONTACT_ROLES, { message: `vai trò phải là một trong: ${CONTACT_ROLES.join(', ')}` }))
    .min(1, 'cần ít nhất một vai trò'),
});

export const regimeFileSchema = z.strictObject({
  code: z.string().trim().regex(REGIME_CODE_RE, 'mã chế độ báo cáo: 2-12 chữ in hoa hoặc số (vd. CCHC)'),
  /** `Báo cáo công tác cải cách hành chính`. */
  name: text(200),
  /** How messages name the report: `báo cáo CCHC`. */
  reportName: text(120),
  /** The collecting agency (Sở Nội vụ, Văn phòng UBND tỉnh): consolidated messages are "about" it. */
  collector: z.strictObject({
    unit: unitCode,
    /** `Sở Nội vụ`: where units send the report. */
    name: text(120),
    /** Addressed by the first escalation level: `Phòng Cải cách hành chính, Sở Nội vụ`. */
    deskName: text(160),
    /** Addressed from the second level: `Giám đốc Sở Nội vụ`. */
    directorName: text(160),
    /** Signs the messages: `Sở Nội vụ tỉnh Đồng Tháp (Phòng Cải cách hành chính)`. */
    signature: text(200),
  }),
  /** Who receives the consolidated summary at the consolidation point. */
  summaryTo: recipientSchema,
  /** Which units owe the report: by kind, plus named units, minus named units. */
  participants: z.strictObject({
    kinds: z
      .array(z.enum(AGENCY_KINDS, { message: `loại đơn vị phải là một trong: ${AGENCY_KINDS.join(', ')}` }))
      .min(1, 'cần ít nhất một loại đơn vị'),
    include: z.array(unitCode).max(500).default([]),
    exclude: z.array(unitCode).max(500).default([]),
  }),
  /** Where and how to submit, said in every notice. */
  submission: z.strictObject({
    how: text(500),
    system: text(200).optional(),
    address: text(200).optional(),
    template: text(300).optional(),
  }),
  /** The reporting policy (periods, deadlines, reminders, escalations…): only what differs from the default. */
  policy: z.record(z.string(), z.unknown()).default({}),
});

export type RegimeFile = z.input<typeof regimeFileSchema>;

/** A validated regime, its policy parsed: plain data, safe to carry in a workflow's input. */
export interface Regime extends Omit<z.output<typeof regimeFileSchema>, 'policy'> {
  policy: ReportingPolicy;
}

/** What a message needs to speak of the regime. */
export interface RegimeWording {
  code: string;
  reportName: string;
  collectorName: string;
  deskName: string;
  directorName: string;
  signature: string;
  submission: Regime['submission'];
}

export class RegimeError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('; '));
    this.name = 'RegimeError';
  }
}

/** Validates a regime (parsed YAML/JSON) and its policy; the error names every bad field. */
export function parseRegime(raw: unknown): Regime {
  const result = regimeFileSchema.safeParse(raw);
  if (!result.success) throw new RegimeError(formatZodIssues(result.error));
  try {
    return { ...result.data, policy: parsePolicy(result.data.policy) };
  } catch (err) {
    if (err instanceof PolicyError) throw new RegimeError(err.issues.map((i) => `policy.${i}`));
    throw err;
  }
}

export function regimeWording(r: Regime): RegimeWording {
  return {
    code: r.code,
    reportName: r.reportName,
    collectorName: r.collector.name,
    deskName: r.collector.deskName,
    directorName: r.collector.directorName,
    signature: r.collector.signature,
    submission: r.submission,
  };
}

/** The regime's words and the cycle's identity, as reporting messages speak of them. */
export function cycleContext(
  r: Regime,
  c: { key: string; year: number; period: string; drill: boolean },
): CycleContext {
  const { code, ...words } = regimeWording(r);
  return {
    key: c.key,
    regime: code,
    ...words,
    year: c.year,
    period: c.period,
    periodName: r.policy.periods[c.period]?.name ?? c.period,
    drill: c.drill,
  };
}

/** The unit kinds a regime's `kinds` name: `commune` is every commune-level kind (xã, phường, đặc khu). */
export function regimeKinds(kinds: readonly AgencyKindName[]): AgencyKindName[] {
  const out = new Set<AgencyKindName>(kinds);
  if (out.has('commune')) for (const k of COMMUNE_LEVEL_KINDS) out.add(k);
  return [...out];
}

/** Whether a unit of `kind` with `code` owes the regime's report. */
export function participates(r: Pick<Regime, 'participants'>, unit: { code: string; kind: string }): boolean {
  const p = r.participants;
  if (p.exclude.includes(unit.code)) return false;
  return p.include.includes(unit.code) || (regimeKinds(p.kinds) as string[]).includes(unit.kind);
}

/**
 * The regime as a workflow carries it (its input, the schedule's action, the history): without the
 * submission mailbox, since histories hold codes and ids, never an email address. The notify
 * activity adds the address back from the regime file when it writes a notice.
 */
export function regimeForWorkflow(r: Regime): Regime {
  if (r.submission.address === undefined) return r;
  const { address: _address, ...submission } = r.submission;
  return { ...r, submission };
}
