import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_REGIME, parseCycleKey } from '../../../domain/reporting/identity';
import type { ServiceContext } from '../../services/context';
import {
  DEFAULT_NOTIFICATION_LIMIT,
  listNotifications,
  NOTIFICATION_STATUSES,
} from '../../services/notifications';
import { CliError } from '../errors';
import { run } from '../run';
import { formatTable, print, printJson } from '../output';

// `cchc notifications list`: the delivery log, so an official can check who was told what, when.

const STATUSES = NOTIFICATION_STATUSES;
const STATUS_VI: Record<string, string> = {
  PENDING: 'chờ gửi',
  SENT: 'đã gửi',
  FAILED: 'lỗi',
  UNCERTAIN: 'không chắc đã nhận',
  SKIPPED: 'bỏ qua (quá hạn hữu ích)',
};

const listOptionsSchema = z.object({
  agency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z][A-Z0-9_]{1,19}$/, 'mã đơn vị không hợp lệ (vd. STP, H_CAOLANH)')
    .optional(),
  /** A cycle's key, `CCHC-2022-Q1` (a drill: `CCHC-2022-Q1-DT1`), or its workflow ID; `2022-Q1` is CCHC's. */
  cycle: z
    .string()
    .trim()
    .max(80)
    .transform((v) => v.replace(/^cycle-/i, '').toUpperCase())
    .transform((v) => (/^\d{4}-/.test(v) ? `${DEFAULT_REGIME}-${v}` : v))
    .pipe(
      z
        .string()
        .refine(
          (v) => parseCycleKey(v) !== undefined,
          'mong đợi mã kỳ báo cáo dạng CCHC-2022-Q1 (diễn tập: CCHC-2022-Q1-DT1)',
        ),
    )
    .optional(),
  status: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(STATUSES, { message: `mong đợi một trong: ${STATUSES.join(', ')}` }))
    .optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'mong đợi một số nguyên dương')
    .transform(Number)
    .pipe(z.number().int().min(1, 'ít nhất 1').max(10_000, 'nhiều nhất 10000'))
    .optional(),
  json: z.boolean().optional(),
});

type ListOptions = z.input<typeof listOptionsSchema>;

function parseOptions(raw: ListOptions): z.infer<typeof listOptionsSchema> {
  const parsed = listOptionsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const option = String(issue.path[0]);
  const given = raw[option as keyof ListOptions];
  throw new CliError(`--${option}: ${issue.message} (nhận "${String(given)}")`);
}

export function registerNotificationCommands(program: Command, ctx: ServiceContext): void {
  const notifications = program.command('notifications').description('Nhật ký gửi thông báo (email, SMS)');

  notifications
    .command('list')
    .description('Thông báo đã gửi, chờ gửi và lỗi; cũ trước, mới sau')
    .option('--agency <mã>', 'chỉ thông báo về đơn vị này (vd. STP)')
    .option(
      '--cycle <mã kỳ>',
      'chỉ kỳ báo cáo này, vd. CCHC-2022-Q1 (diễn tập: CCHC-2022-Q1-DT1): gồm cycle-CCHC-2022-Q1 và báo cáo từng đơn vị report-CCHC-2022-Q1-*',
    )
    .option('--status <trạng thái>', `chỉ trạng thái này: ${STATUSES.join(' | ')}`)
    .option('--limit <số>', `số dòng mới nhất tối đa (mặc định ${DEFAULT_NOTIFICATION_LIMIT})`)
    .option('--json', 'in dạng JSON')
    .action(
      run({}, async (raw: ListOptions) => {
        const opts = parseOptions(raw);
        const { rows, total } = await listNotifications(ctx, opts);

        if (opts.json) {
          printJson(
            rows.map((n) => ({
              id: n.id,
              createdAt: n.createdAt.toISOString(),
              sentAt: n.sentAt?.toISOString() ?? null,
              notBefore: n.notBefore?.toISOString() ?? null,
              channel: n.channel.toLowerCase(),
              agencyCode: n.agencyCode,
              recipient: n.recipient,
              purpose: n.purpose,
              purposeName: PURPOSE_VI[n.purpose] ?? n.purpose,
              workflowId: n.workflowId,
              status: n.status.toLowerCase(),
              possibleDuplicate: n.possibleDuplicate,
              attempts: n.attempts,
              lastError: n.lastError,
              providerId: n.providerId,
              subject: n.subject,
              // An SMS is short (two segments at most): its text as sent. An email's body stays out.
              ...(n.channel === 'SMS' ? { body: n.body } : {}),
            })),
          );
          return;
        }
        if (rows.length === 0) {
          print('Không có thông báo nào.');
          return;
        }
        const time = localTime(ctx.config.timeZone);
        print(
          formatTable(rows, [
            { header: 'Thời gian', value: (n) => time(n.sentAt ?? n.updatedAt) },
            { header: 'Kênh', value: (n) => (n.channel === 'EMAIL' ? 'email' : 'SMS') },
            { header: 'Đơn vị', value: (n) => n.agencyCode },
            { header: 'Người nhận', value: (n) => n.recipient },
            { header: 'Nội dung', value: (n) => contentOf(n) },
            {
              header: 'Trạng thái',
              value: (n) =>
                STATUS_VI[n.status] +
                (n.possibleDuplicate ? ' (có thể trùng)' : '') +
                (n.status === 'PENDING' && n.notBefore ? ` (từ ${time(n.notBefore)})` : ''),
            },
            { header: 'Lần thử', value: (n) => n.attempts },
            { header: 'Lỗi', value: (n) => (n.lastError ? truncate(n.lastError, 70) : '') },
          ]),
        );
        const count = (s: string) => rows.filter((n) => n.status === s).length;
        print(
          `Tổng: ${rows.length} thông báo: ${count('SENT')} đã gửi, ${count('PENDING')} chờ gửi, ${count('FAILED')} lỗi.` +
            (total > rows.length
              ? ` Chỉ hiện ${rows.length}/${total} dòng mới nhất (dùng --limit để xem thêm).`
              : ''),
        );
      }),
    );
}

/** 'dd/mm/yyyy HH:mm' on the province's clock (the one format officials read everywhere). */
function localTime(timeZone: string): (d: Date) => string {
  const format = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  return (d) => {
    const [date, time] = format.format(d).split(' ') as [string, string];
    const [y, m, day] = date.split('-');
    return `${day}/${m}/${y} ${time}`;
  };
}

/** What each notice is, as officials call it. */
const PURPOSE_VI: Record<string, string> = {
  CYCLE_OPENING: 'Triển khai kỳ báo cáo',
  REPORT_REMINDER: 'Nhắc hạn',
  REPORT_DUE_TODAY: 'Hôm nay là hạn',
  REPORT_OVERDUE: 'Quá hạn',
  ESCALATION_SNV: 'Báo cáo vượt cấp',
  SUBMISSION_RECEIPT: 'Biên nhận',
  UBND_SUMMARY: 'Báo cáo tổng hợp',
  DEADLINE_EXTENDED: 'Gia hạn',
  EXEMPTED: 'Miễn báo cáo',
  FOLLOW_UP_DIGEST: 'Tình hình sau tổng hợp',
  INSPECTION_NOTICE: 'Thông báo kiểm tra',
  SELF_REPORT_REMINDER: 'Nhắc báo cáo tự kiểm tra',
  SELF_REPORT_OVERDUE: 'Quá hạn báo cáo tự kiểm tra',
  VISIT_REMINDER: 'Nhắc lịch kiểm tra',
  VISIT_RESULT_REMINDER: 'Nhắc ghi kết quả kiểm tra',
  REMEDIATION_REMINDER: 'Nhắc khắc phục',
  REMEDIATION_OVERDUE: 'Quá hạn khắc phục',
  INSPECTION_CONCLUSION: 'Kết luận kiểm tra',
  INSPECTION_CANCELLED: 'Hủy kiểm tra',
};

/** The notice's name, and for an SMS its whole text as sent (at most two segments), on one line. */
function contentOf(n: { purpose: string; channel: string; body: string | null }): string {
  const name = PURPOSE_VI[n.purpose] ?? n.purpose;
  return n.channel === 'SMS' && n.body ? `${name}: "${n.body.replace(/\s+/g, ' ').trim()}"` : name;
}

function truncate(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
