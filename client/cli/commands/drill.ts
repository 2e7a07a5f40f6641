import type { Command } from 'commander';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context';
import { cycleStatus } from '../../services/cycle-status';
import { cancelDrill, listDrills, parseStep, purgeDrill, startDrill } from '../../services/drills';
import { vnDeadline, vnLateness, vnTime } from '../dates';
import { CliError } from '../errors';
import { instantOption, parseOptions } from '../options';
import { formatTable, print, printJson } from '../output';
import { run } from '../run';
import { cycleFlags, cycleTarget, type CycleFlags } from './cycle-options';
import { STATUS_VI, stateText } from './cycle';

// `cchc drill …`: exercises of a period that never touch its real cycle. A drill is its own cycle
// (key `<regime>-<year>-<period>-DT<n>`), every message carries [DIỄN TẬP], and a purge removes it.

const FLAGS = { dueAt: '--due', step: '--step', drill: '--drill' };

export function registerDrillCommands(program: Command, ctx: ServiceContext): void {
  const drill = program
    .command('drill')
    .description('Diễn tập một kỳ báo cáo: hạn trong vài phút, không đụng tới kỳ thật');

  cycleFlags(drill.command('start'), { drill: false })
    .description('Bắt đầu một cuộc diễn tập: mọi thư và tin nhắn mang dấu [DIỄN TẬP]')
    .requiredOption(
      '--due <thời điểm>',
      'hạn nộp của diễn tập, trong vòng 24 giờ tới (vd. 2026-12-01T10:30:00+07:00)',
    )
    .option('--step <thời gian>', 'khoảng cách giữa các bước: nhắc, quá hạn, vượt cấp (vd. 30s, 2m)', '30s')
    .option('--json', 'in dạng JSON')
    .action(
      run(FLAGS, async (opts: CycleFlags & { due?: string; step?: string; json?: boolean }) => {
        const { due } = parseOptions(z.object({ due: instantOption }), { due: opts.due });
        const stepMs = parseStep(opts.step ?? '30s');
        if (stepMs === undefined)
          throw new CliError(`--step: mong đợi số giây, phút hoặc giờ, vd. 30s, 2m (nhận "${opts.step}")`);
        const started = await startDrill(ctx, { ...cycleTarget(opts), dueAt: Date.parse(due), stepMs });
        if (opts.json)
          return printJson({
            workflowId: started.workflowId,
            key: started.key,
            drill: started.number,
            agencies: started.agencies,
            agencyDueAt: new Date(started.agencyDueAt).toISOString(),
          });
        print(
          `Đã bắt đầu diễn tập số ${started.number} (${started.key}) cho ${started.agencies} đơn vị; hạn nộp ${vnTime(started.agencyDueAt)}.\n` +
            `Mọi thông báo mang dấu [DIỄN TẬP]. Theo dõi: cchc drill status --year … --period … --drill ${started.number}; ` +
            `xóa sạch khi xong: cchc drill purge … --drill ${started.number}.`,
        );
      }),
    );

  cycleFlags(drill.command('status'))
    .description('Tình hình của một cuộc diễn tập (--drill <số>), hoặc danh sách các cuộc diễn tập')
    .option('--json', 'in dạng JSON')
    .action(
      run(FLAGS, async (opts: CycleFlags & { json?: boolean }) => {
        const target = cycleTarget(opts);
        if (!target.drill) {
          const drills = (await listDrills(ctx, { regime: target.regime, year: target.year })).filter(
            (d) => d.period === target.period,
          );
          if (opts.json) return printJson(drills);
          if (drills.length === 0)
            return print(`Chưa có cuộc diễn tập nào của kỳ ${target.period} năm ${target.year}.`);
          return print(
            formatTable(drills, [
              { header: 'Số', value: (d) => d.drillNo },
              { header: 'Mã', value: (d) => d.key },
              { header: 'Hạn', value: (d) => vnTime(d.agencyDueAt) },
              { header: 'Tình trạng', value: (d) => STATUS_VI[d.status] ?? d.status },
              { header: 'Bắt đầu', value: (d) => vnTime(d.createdAt) },
            ]),
          );
        }
        const s = await cycleStatus(ctx, target);
        if (opts.json) return printJson(s);
        print(
          `Diễn tập ${s.key}: ${STATUS_VI[s.status] ?? s.status}; hạn nộp ${vnDeadline(s.agencyDueAt, true)}`,
        );
        print(
          formatTable(s.agencies, [
            { header: 'Mã', value: (r) => r.agency },
            { header: 'Đơn vị', value: (r) => r.name },
            { header: 'Tình trạng', value: (r) => stateText(r) },
            { header: 'Trễ', value: (r) => vnLateness(r.lateBy) },
            { header: 'Biên nhận', value: (r) => r.receiptNumber },
            { header: 'Vượt cấp', value: (r) => (r.escalationLevel > 0 ? `cấp ${r.escalationLevel}` : '') },
          ]),
        );
      }),
    );

  cycleFlags(drill.command('cancel'))
    .description('Dừng một cuộc diễn tập (--drill <số>): các quy trình dừng, kết quả còn lại để xem')
    .action(
      run(FLAGS, async (opts: CycleFlags) => {
        const target = cycleTarget(opts);
        const { stopped } = await cancelDrill(ctx, target);
        print(`Đã dừng diễn tập số ${target.drill}: ${stopped} quy trình đã dừng.`);
      }),
    );

  cycleFlags(drill.command('purge'))
    .description('Xóa sạch một cuộc diễn tập (--drill <số>): quy trình, lịch sử, thông báo, biên nhận')
    .action(
      run(FLAGS, async (opts: CycleFlags) => {
        const target = cycleTarget(opts);
        const r = await purgeDrill(ctx, target);
        print(
          `Đã xóa diễn tập số ${target.drill}: ${r.workflows} quy trình (cả lịch sử), ${r.reports} báo cáo đơn vị, ` +
            `${r.submissions} biên nhận, ${r.notifications} thông báo, ${r.auditEvents} bản ghi nhật ký.`,
        );
      }),
    );
}
