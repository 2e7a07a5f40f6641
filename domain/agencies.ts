import { z } from 'zod';
import { normalizeVnPhone } from './phone';

// What an official's agency file may contain (YAML or CSV); parsed here, stored by `cchc agencies import`.

export const AGENCY_KINDS = ['province', 'department', 'district', 'commune'] as const;
export const CONTACT_ROLES = ['focal_point', 'head', 'snv_desk', 'snv_director', 'ubnd'] as const;
export type ContactRoleName = (typeof CONTACT_ROLES)[number];

const agencyCode = z
  .string()
  .trim()
  .regex(
    /^[A-Z][A-Z0-9_]{1,19}$/,
    'mã đơn vị: 2-20 ký tự in hoa, số hoặc _, bắt đầu bằng chữ (vd. STP, H_CAOLANH)',
  );

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
    name: z.string().trim().min(3, 'tên đơn vị quá ngắn'),
    kind: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(AGENCY_KINDS, { message: `loại phải là một trong: ${AGENCY_KINDS.join(', ')}` })),
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
    contacts: z.array(contactSchema).optional(),
  })
  .strict()
  .transform((row) => ({ ...row, reporting: row.reporting ?? row.kind !== 'province' }));

export type AgencyRow = z.infer<typeof agencyRowSchema>;
export type ContactRow = z.infer<typeof contactSchema>;
