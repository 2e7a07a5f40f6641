import { z } from 'zod';
import { isoDateSchema } from './calendar/date-schemas';
import { compareDates } from './calendar/dates';
import { normalizeVnPhone } from './phone';

// What an official's agency file may contain (YAML or CSV); parsed here, stored by `cchc agencies import`.

/**
 * Kinds of unit: the province (UBND tỉnh), its departments (sở, ban, ngành), the district level
 * (abolished on 1/7/2025, kept for history), the commune level since 1/7/2025 (xã, phường, đặc khu)
 * and `commune` for a commune-level unit of unstated kind (files written before 2025).
 */
export const AGENCY_KINDS = [
  'province',
  'department',
  'district',
  'commune',
  'xa',
  'phuong',
  'dac_khu',
] as const;
export type AgencyKindName = (typeof AGENCY_KINDS)[number];
/** The commune level, whatever its kind: what a regime means by "communes". */
export const COMMUNE_LEVEL_KINDS = [
  'xa',
  'phuong',
  'dac_khu',
  'commune',
] as const satisfies readonly AgencyKindName[];
/** The database's names of the kinds (the Prisma enum). */
export type AgencyKindValue = Uppercase<AgencyKindName>;
export const kindValue = (kind: AgencyKindName) => kind.toUpperCase() as AgencyKindValue;
export const kindName = (kind: string) => kind.toLowerCase() as AgencyKindName;

export const CONTACT_ROLES = ['focal_point', 'head', 'snv_desk', 'snv_director', 'ubnd'] as const;
export type ContactRoleName = (typeof CONTACT_ROLES)[number];

/** What officials read for each kind and role. */
export const KIND_LABELS: Record<AgencyKindName, string> = {
  province: 'tỉnh',
  department: 'sở/ngành',
  district: 'huyện (cũ)',
  commune: 'cấp xã',
  xa: 'xã',
  phuong: 'phường',
  dac_khu: 'đặc khu',
};
export const ROLE_LABELS: Record<ContactRoleName, string> = {
  focal_point: 'đầu mối',
  head: 'thủ trưởng',
  snv_desk: 'Phòng CCHC',
  snv_director: 'Giám đốc SNV',
  ubnd: 'UBND tỉnh',
};

export const agencyCode = z
  .string()
  .trim()
  .regex(
    /^[A-Z][A-Z0-9_]{1,19}$/,
    'mã đơn vị: 2-20 ký tự in hoa, số hoặc _, bắt đầu bằng chữ (vd. STP, H_CAOLANH)',
  );

export const agencyKind = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(AGENCY_KINDS, { message: `loại phải là một trong: ${AGENCY_KINDS.join(', ')}` }));

/** Mã đơn vị hành chính: 2 digits for a province, 3 for a district, 5 for a commune. */
export const officialCode = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^(\d{2}|\d{3}|\d{5})$/, 'mã đơn vị hành chính: 2, 3 hoặc 5 chữ số (vd. 28261)'));

/** A unit's name: what officials read in every notice. */
export const unitName = z
  .string()
  .trim()
  .min(3, 'tên đơn vị quá ngắn')
  .max(200, 'tên đơn vị quá dài (tối đa 200 ký tự)');

const optionalDate = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(isoDateSchema.optional())
  .optional();

const boolish = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .refine(
      (v) => ['true', 'false', 'yes', 'no', '1', '0', 'có', 'không', ''].includes(v),
      'mong đợi true hoặc false',
    )
    .transform((v) => ['true', 'yes', '1', 'có'].includes(v)),
]);

export const contactSchema = z
  .object({
    role: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(CONTACT_ROLES, { message: `vai trò phải là một trong: ${CONTACT_ROLES.join(', ')}` })),
    name: z.string().trim().min(2, 'họ tên quá ngắn'),
    email: z
      .string()
      .trim()
      .transform((v) => (v === '' ? undefined : v.toLowerCase()))
      .pipe(z.email('địa chỉ email không hợp lệ').optional())
      .optional(),
    phone: z
      .union([z.string(), z.number()])
      .transform((v, ctx) => {
        const raw = String(v).trim();
        if (raw === '') return undefined;
        const normalized = normalizeVnPhone(raw.length === 9 && /^\d+$/.test(raw) ? `0${raw}` : raw);
        if (!normalized) {
          ctx.addIssue({
            code: 'custom',
            message: `số điện thoại di động không hợp lệ: "${raw}" (0xxxxxxxxx hoặc +84xxxxxxxxx)`,
          });
          return z.NEVER;
        }
        return normalized;
      })
      .optional(),
    active: boolish.optional().default(true),
  })
  .strict()
  .refine((c) => c.email || c.phone, { message: 'cần ít nhất email hoặc số điện thoại', path: ['email'] });

export const agencyRowSchema = z
  .object({
    code: agencyCode,
    officialCode: z
      .union([z.string(), z.number()])
      .transform((v) => (String(v).trim() === '' ? undefined : v))
      .pipe(officialCode.optional())
      .optional(),
    name: unitName,
    kind: agencyKind,
    validFrom: optionalDate,
    validTo: optionalDate,
    parent: z
      .string()
      .trim()
      .transform((v) => (v === '' ? undefined : v))
      .pipe(agencyCode.optional())
      .optional()
      .nullable()
      .transform((v) => v ?? undefined),
    reporting: boolish.optional(),
    active: boolish.optional().default(true),
    contacts: z
      .array(contactSchema)
      .max(50, 'tối đa 50 người liên hệ một đơn vị')
      .superRefine((contacts, ctx) => {
        const seen = new Map<string, number>();
        contacts.forEach((c, i) => {
          const key = `${c.role}\u0000${c.name}`;
          const first = seen.get(key);
          if (first === undefined) seen.set(key, i);
          else
            ctx.addIssue({
              code: 'custom',
              path: [i, 'name'],
              message: `trùng vai trò và họ tên với contacts[${first}]`,
            });
        });
      })
      .optional(),
  })
  .strict()
  .refine((row) => !row.validFrom || !row.validTo || compareDates(row.validFrom, row.validTo) <= 0, {
    message: 'ngày kết thúc trước ngày bắt đầu hiệu lực',
    path: ['validTo'],
  })
  .transform((row) => ({ ...row, reporting: row.reporting ?? row.kind !== 'province' }));

export type AgencyRow = z.infer<typeof agencyRowSchema>;
export type ContactRow = z.infer<typeof contactSchema>;
