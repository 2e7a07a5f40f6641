import type { Command } from 'commander';
import { z } from 'zod';
import { formatVnInstant } from '../../../domain/calendar';
import { cycleWorkflowId } from '../../../workflows/reporting/ids';
import type { ServiceContext } from '../../services/context';
import {
  applyYearSchedules,
  listSchedules,
  setSchedulePaused,
  triggerSchedule,
} from '../../services/schedule-actions';
import {
  formatVnDateTime,
  TRIGGER_WAIT_MS,
  type AppliedSchedule,
  type CycleScheduleInfo,
} from '../../services/schedules';
import { loadPolicy, parseOptions, periodOption, yearOption } from '../options';
import { formatTable, print, printJson } from '../output';
import { run } from '../run';
import { regimeOption } from './cycle-options';

// `cchc schedule …`: the Temporal Schedules that open each period's reporting cycle on its date.

const noteOption = z
  .string()
  .trim()
  .min(1, 'ghi chú không được để trống')
  .max(500, 'ghi chú tối đa 500 ký tự');

const OUTCOME_VI: Record<AppliedSchedule['outcome'], string> = {
  created: 'tạo mới',
  updated: 'cập nhật',
  unchanged: 'không đổi',
  past: 'đã qua thời điểm mở kỳ',
};

function outcomeVi(r: AppliedSchedule): string {
  if (r.outcome === 'updated') return `cập nhật (${r.changed?.join(', ')})`;
  if (r.outcome !== 'past') return OUTCOME_VI[r.outcome];
  return r.exists ? 'đã qua thời điểm mở kỳ: giữ nguyên lịch' : 'đã qua thời điểm mở kỳ: không tạo lịch';
}

const yesNo = (v: boolean) => (v ? 'có' : 'không');

function scheduleJson(s: CycleScheduleInfo) {
  return {
    scheduleId: s.scheduleId,
    year: s.year,
    period: s.period,
    opensAt: s.opensAt !== undefined ? formatVnInstant(s.opensAt) : null,
    nextActionAt: s.nextActionAt !== undefined ? formatVnInstant(s.nextActionAt) : null,
    paused: s.paused,
    note: s.note ?? null,
    actionsTaken: s.actionsTaken,
    recentRuns: s.recentRuns.map((r) => ({
      workflowId: r.workflowId,
      runId: r.runId,
      takenAt: formatVnInstant(r.takenAt),
    })),
  };
}

export function registerScheduleCommands(program: Command, ctx: ServiceContext): void {
  const schedule = program
    .command('schedule')
    .description('Lịch tự động mở kỳ báo cáo (Temporal Schedule): mỗi kỳ mở vào ngày mở kỳ của nó');

  schedule
    .command('apply')
    .description('Tạo hoặc cập nhật lịch mở kỳ cho mọi kỳ báo cáo của một năm (chạy lại không thay đổi gì)')
    .requiredOption('--year <năm>', 'năm báo cáo, vd. 2031')
    .option('--regime <mã>', 'chế độ báo cáo (mặc định CCHC)')
    .option('--policy <tệp>', 'tệp chính sách (.yaml, .yml, .json) thay chính sách của chế độ báo cáo')
    .option('--json', 'in dạng JSON')
    .action(
      run({}, async (opts: { year: string; regime?: string; policy?: string; json?: boolean }) => {
        const { year } = parseOptions(z.object({ year: yearOption }), { year: opts.year });
        const { regime } = parseOptions(z.object({ regime: regimeOption.optional() }), {
          regime: opts.regime,
        });
        const { results, warnings } = await applyYearSchedules(ctx, {
          ...(regime ? { regime } : {}),
          year,
          ...(opts.policy ? { policy: loadPolicy(opts.policy) } : {}),
        });
        for (const warning of warnings) process.stderr.write(`Cảnh báo: ${warning}\n`);
        const count = (o: AppliedSchedule['outcome']) => results.filter((r) => r.outcome === o).length;
        if (opts.json) {
          printJson({
            year,
            schedules: results.map((r) => ({
              scheduleId: r.scheduleId,
              period: r.period,
              opensAt: formatVnInstant(r.opensAt),
              outcome: r.outcome,
              exists: r.exists,
              ...(r.changed ? { changed: r.changed } : {}),
            })),
            created: count('created'),
            updated: count('updated'),
            unchanged: count('unchanged'),
            past: count('past'),
          });
          return;
        }
        print(
          formatTable(results, [
            { header: 'Lịch', value: (r) => r.scheduleId },
            { header: 'Kỳ', value: (r) => `${r.periodName} (${r.period})` },
            { header: 'Mở kỳ lúc', value: (r) => formatVnDateTime(r.opensAt) },
            { header: 'Kết quả', value: outcomeVi },
          ]),
        );
        print('');
        print(
          `Lịch năm ${year}: ${count('created')} tạo mới, ${count('updated')} cập nhật, ` +
            `${count('unchanged')} không đổi, ${count('past')} đã qua thời điểm mở kỳ.`,
        );
        const missed = results.filter((r) => r.outcome === 'past' && !r.exists);
        for (const r of missed)
          print(
            `Kỳ ${r.period}: thời điểm mở kỳ ${formatVnDateTime(r.opensAt)} đã qua nên không tạo lịch; ` +
              `nếu kỳ này chưa mở, mở bằng "cchc cycle start --year ${year} --period ${r.period}".`,
          );
        print('Giờ Việt Nam (UTC+7).');
      }),
    );

  schedule
    .command('list')
    .description('Các lịch mở kỳ: thời điểm mở, lần chạy tới, tạm dừng, số lần đã chạy')
    .option('--year <năm>', 'chỉ năm này, vd. 2031')
    .option('--regime <mã>', 'chỉ chế độ báo cáo này')
    .option('--json', 'in dạng JSON')
    .action(
      run({}, async (opts: { year?: string; regime?: string; json?: boolean }) => {
        const { year, regime } = parseOptions(
          z.object({ year: yearOption.optional(), regime: regimeOption.optional() }),
          {
            year: opts.year,
            regime: opts.regime,
          },
        );
        const schedules = await listSchedules(ctx, {
          ...(year ? { year } : {}),
          ...(regime ? { regime } : {}),
        });
        if (opts.json) {
          printJson(schedules.map(scheduleJson));
          return;
        }
        if (schedules.length === 0) {
          print(
            year === undefined
              ? 'Chưa có lịch mở kỳ nào (tạo bằng "cchc schedule apply --year <năm>").'
              : `Chưa có lịch mở kỳ nào của năm ${year} (tạo bằng "cchc schedule apply --year ${year}").`,
          );
          return;
        }
        const time = (ms: number | undefined) => (ms === undefined ? '—' : formatVnDateTime(ms));
        print(
          formatTable(schedules, [
            { header: 'Lịch', value: (s) => s.scheduleId },
            { header: 'Kỳ', value: (s) => s.period },
            { header: 'Mở kỳ lúc', value: (s) => time(s.opensAt) },
            { header: 'Lần chạy tới', value: (s) => time(s.nextActionAt) },
            { header: 'Tạm dừng', value: (s) => yesNo(s.paused) },
            { header: 'Đã chạy', value: (s) => s.actionsTaken },
            { header: 'Ghi chú', value: (s) => (s.paused ? s.note : '') },
          ]),
        );
        print('');
        print(
          `Tổng: ${schedules.length} lịch (${schedules.filter((s) => s.paused).length} đang tạm dừng). Giờ Việt Nam (UTC+7).`,
        );
      }),
    );

  const target = (opts: { year: string; period: string; regime?: string }) =>
    parseOptions(z.object({ year: yearOption, period: periodOption, regime: regimeOption.optional() }), {
      regime: opts.regime,
      year: opts.year,
      period: opts.period,
    });

  for (const [verb, pause] of [
    ['pause', true],
    ['unpause', false],
  ] as const) {
    schedule
      .command(verb)
      .description(
        pause
          ? 'Tạm dừng lịch mở kỳ của một kỳ (kỳ sẽ không tự mở cho đến khi tiếp tục)'
          : 'Tiếp tục lịch mở kỳ đã tạm dừng',
      )
      .requiredOption('--year <năm>', 'năm báo cáo, vd. 2031')
      .requiredOption('--period <kỳ>', 'mã kỳ, vd. Q1, H1, Q3, YEAR')
      .option('--regime <mã>', 'chế độ báo cáo (mặc định CCHC)')
      .option('--note <ghi chú>', 'lý do, hiện trong danh sách lịch và trên Temporal Web UI')
      .action(
        run({}, async (opts: { year: string; period: string; regime?: string; note?: string }) => {
          const { year, period, regime } = target(opts);
          const { note } = parseOptions(z.object({ note: noteOption.optional() }), { note: opts.note });
          const found = await setSchedulePaused(ctx, {
            ...(regime ? { regime } : {}),
            year,
            period,
            paused: pause,
            ...(note ? { note } : {}),
          });
          const when = found.opensAt !== undefined ? ` (mở kỳ lúc ${formatVnDateTime(found.opensAt)})` : '';
          print(
            pause
              ? `Đã tạm dừng lịch ${found.scheduleId}${when}: kỳ ${period} năm ${year} sẽ không tự mở.`
              : `Đã tiếp tục lịch ${found.scheduleId}${when}.`,
          );
        }),
      );
  }

  schedule
    .command('trigger')
    .description('Chạy lịch ngay: kỳ báo cáo mở ngay bây giờ (không mở lại kỳ đã mở)')
    .requiredOption('--year <năm>', 'năm báo cáo, vd. 2031')
    .requiredOption('--period <kỳ>', 'mã kỳ, vd. Q1, H1, Q3, YEAR')
    .option('--regime <mã>', 'chế độ báo cáo (mặc định CCHC)')
    .option('--json', 'in dạng JSON')
    .action(
      run({}, async (opts: { year: string; period: string; regime?: string; json?: boolean }) => {
        const { year, period, regime } = target(opts);
        const cycleId = cycleWorkflowId({ regime: regime ?? 'CCHC', year, period });
        const triggered = await triggerSchedule(ctx, { year, period, ...(regime ? { regime } : {}) });
        const outcome = triggered.result?.outcome ?? 'pending';
        if (opts.json) {
          printJson({
            scheduleId: triggered.scheduleId,
            launcherWorkflowId: triggered.launcher?.workflowId ?? null,
            cycleWorkflowId: cycleId,
            outcome,
          });
          return;
        }
        if (outcome === 'started')
          print(`Đã mở kỳ ${period} năm ${year} ngay bây giờ: quy trình ${cycleId} đã bắt đầu.`);
        else if (outcome === 'already-exists')
          print(`Kỳ ${period} năm ${year} đã được mở trước đó (quy trình ${cycleId}); không mở lại.`);
        else
          print(
            `Đã yêu cầu chạy lịch ${triggered.scheduleId}, nhưng quy trình mở kỳ chưa xong sau ${TRIGGER_WAIT_MS / 1000} giây ` +
              `(worker có đang chạy không?). Xem lại bằng "cchc schedule list --year ${year}".`,
          );
      }),
    );
}
