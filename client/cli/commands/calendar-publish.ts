import os from 'node:os';
import readline from 'node:readline/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import type { DataCalendar } from '../../../domain/calendar';
import { calendarForQueries, listCalendarVersions } from '../../services/calendar';
import type { ServiceContext } from '../../services/context';
import { momentVi, previewLines } from '../calendar-preview';
import { CliError } from '../errors';
import { parseOptions, yearOption } from '../options';
import { formatTable, print, printJson } from '../output';
import { run } from '../run';

// `cchc calendar publish <file>` and `cchc calendar versions`: the calendar as published data, with
// versions in the database. Added to the `calendar` command by registerCalendarPublishCommands.

const publishOptions = z.object({
  by: z.string().trim().min(2, 'tên người công bố quá ngắn').max(100, 'dài quá 100 ký tự'),
  note: z.string().trim().min(1, 'ghi chú trống').max(500, 'dài quá 500 ký tự').optional(),
});

function defaultPublisher(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'không rõ';
  }
}

async function confirmOnTerminal(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^(c|có|co|y|yes)$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/**
 * The calendar `calendar show/check/add-working-days` answer with: the one in force, or the shipped
 * data with a warning on stderr when the database cannot be read.
 */
export async function calendarForCommand(ctx: ServiceContext): Promise<DataCalendar> {
  const { calendar, warning } = await calendarForQueries(ctx);
  if (warning) process.stderr.write(`Cảnh báo: ${warning}\n`);
  return calendar;
}

export function registerCalendarPublishCommands(calendar: Command, ctx: ServiceContext): void {
  calendar
    .command('publish')
    .description(
      'Công bố lịch nghỉ của một năm (tệp .yaml hoặc .json): kiểm tra, cho xem thay đổi, lưu thành bản mới và báo các quy trình đang chạy',
    )
    .argument('<tệp>', 'tệp lịch nghỉ của một năm, cùng dạng domain/calendar/data/<năm>.json')
    .option('--yes', 'không hỏi xác nhận (cho script)')
    .option('--by <tên>', 'người công bố (mặc định: tên người dùng máy)')
    .option('--note <ghi chú>', 'ghi chú kèm bản này')
    .action(
      run({}, async (file: string, opts: { yes?: boolean; by?: string; note?: string }) => {
        const { by, note } = parseOptions(publishOptions, {
          by: opts.by ?? defaultPublisher(),
          note: opts.note,
        });
        // Loaded here only: it brings Temporal's client, which the other calendar commands never need.
        const { previewCalendarPublish, publishCalendarVersion } =
          await import('../../services/calendar-publish');
        const preview = await previewCalendarPublish(ctx, file);
        for (const line of previewLines(preview)) print(line);
        if (!opts.yes) {
          if (!process.stdin.isTTY || !process.stdout.isTTY)
            throw new CliError(
              'cần xác nhận: không có terminal để hỏi, chạy lại với --yes (chưa công bố gì)',
            );
          const ok = await confirmOnTerminal(
            `Công bố bản ${preview.nextVersion} của lịch nghỉ năm ${preview.year}? (c/k) `,
          );
          if (!ok) {
            print('Đã hủy: chưa công bố gì.');
            return;
          }
        }
        const result = await publishCalendarVersion(ctx, preview, { by, ...(note ? { note } : {}) });
        print(
          `Đã lưu bản ${result.version} của lịch nghỉ năm ${result.year} (người công bố: ${result.publishedBy}, lúc ${momentVi(result.publishedAt.getTime())}).`,
        );
        print(
          result.told.length > 0
            ? `Đã báo ${result.told.length} quy trình đang chạy: ${result.told.join(', ')}.`
            : 'Không có quy trình đang chạy nào cần báo.',
        );
        if (result.ended.length > 0)
          print(`${result.ended.length} quy trình đã kết thúc, không cần báo: ${result.ended.join(', ')}.`);
        if (result.failed.length > 0) {
          for (const f of result.failed) process.stderr.write(`${f.workflowId}: ${f.error}\n`);
          throw new CliError(
            `đã lưu bản ${result.version} nhưng chưa báo được ${result.failed.length} quy trình (xem các dòng trên)`,
          );
        }
      }),
    );

  calendar
    .command('versions')
    .description('Các bản lịch nghỉ: bản 0 kèm phần mềm và các bản đã công bố, bản nào đang áp dụng')
    .option('--year <năm>', 'chỉ một năm, vd. 2026')
    .option('--json', 'in dạng JSON')
    .action(
      run({}, async (opts: { year?: string; json?: boolean }) => {
        const { year } = parseOptions(z.object({ year: yearOption.optional() }), { year: opts.year });
        const rows = await listCalendarVersions(ctx, year === undefined ? {} : { year });
        if (opts.json) {
          printJson(rows.map((r) => ({ ...r, publishedAt: r.publishedAt?.toISOString() ?? null })));
          return;
        }
        if (rows.length === 0) {
          print(`Năm ${year} chưa có lịch nghỉ nào (dùng đề xuất từ âm lịch).`);
          return;
        }
        print(
          formatTable(rows, [
            { header: 'Năm', value: (r) => r.year },
            { header: 'Bản', value: (r) => r.version },
            { header: 'Áp dụng', value: (r) => (r.inForce ? 'đang áp dụng' : '') },
            { header: 'Trạng thái', value: (r) => (r.confirmed ? 'đã xác nhận' : 'chưa xác nhận') },
            { header: 'Văn bản', value: (r) => r.notices.map((n) => n.number).join(', ') },
            { header: 'Người công bố', value: (r) => r.publishedBy ?? '(kèm phần mềm)' },
            { header: 'Lúc', value: (r) => (r.publishedAt ? momentVi(r.publishedAt.getTime()) : '') },
            { header: 'Ghi chú', value: (r) => r.comment ?? '' },
          ]),
        );
      }),
    );
}
