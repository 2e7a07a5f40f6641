import type { Command } from 'commander';
import { listRegimeCodes, loadRegime, readRegimeFile, regimesDir } from '../../../config/regimes';
import type { Regime } from '../../../domain/regime';
import type { ServiceContext } from '../../services/context';
import { CliError } from '../errors';
import { formatTable, print, printJson } from '../output';
import { run } from '../run';

// `cchc regime …`: the report regimes (chế độ báo cáo) are files an official may edit; these
// commands show which are in force and check a file before it is put in the regimes folder.

const FLAGS = {};

const summaryOf = (r: Regime) => ({
  code: r.code,
  name: r.name,
  collector: r.collector.name,
  periods: Object.keys(r.policy.periods),
  participants: r.participants.kinds,
});

function describe(r: Regime): string {
  const periods = Object.entries(r.policy.periods)
    .map(([code, p]) => `${code} (${p.name})`)
    .join(', ');
  return [
    `${r.code}: ${r.name}`,
    `  Nơi nhận báo cáo: ${r.collector.name} (${r.collector.deskName})`,
    `  Kỳ báo cáo: ${periods}`,
    `  Đơn vị phải báo cáo: loại ${r.participants.kinds.join(', ')}` +
      (r.participants.include.length ? `; thêm ${r.participants.include.join(', ')}` : '') +
      (r.participants.exclude.length ? `; trừ ${r.participants.exclude.join(', ')}` : ''),
    `  Báo cáo tổng hợp gửi: ${r.summaryTo.unit} (${r.summaryTo.roles.join(', ')})`,
  ].join('\n');
}

export function registerRegimeCommands(program: Command, _ctx: ServiceContext): void {
  const regime = program
    .command('regime')
    .description('Chế độ báo cáo (CCHC, kiểm soát TTHC…): mỗi chế độ là một tệp trong thư mục regimes/');

  regime
    .command('list')
    .description('Các chế độ báo cáo đang dùng: nơi nhận, kỳ báo cáo, đơn vị phải báo cáo')
    .option('--json', 'in dạng JSON')
    .action(
      run(FLAGS, (opts: { json?: boolean }) => {
        let regimes: Regime[];
        try {
          regimes = listRegimeCodes().map((code) => loadRegime(code));
        } catch (err) {
          throw new CliError((err as Error).message);
        }
        if (opts.json) return printJson(regimes.map(summaryOf));
        if (regimes.length === 0) throw new CliError(`không có chế độ báo cáo nào trong ${regimesDir()}`);
        print(
          formatTable(regimes, [
            { header: 'Mã', value: (r) => r.code },
            { header: 'Chế độ báo cáo', value: (r) => r.name },
            { header: 'Nơi nhận', value: (r) => r.collector.name },
            { header: 'Kỳ', value: (r) => Object.keys(r.policy.periods).join(', ') },
          ]),
        );
      }),
    );

  regime
    .command('check <tệp>')
    .description('Kiểm tra một tệp chế độ báo cáo (YAML) trước khi đưa vào thư mục regimes/')
    .option('--json', 'in dạng JSON')
    .action(
      run(FLAGS, (file: string, opts: { json?: boolean }) => {
        let r: Regime;
        try {
          r = readRegimeFile(file);
        } catch (err) {
          throw new CliError((err as Error).message); // names the file and every bad field
        }
        if (opts.json) return printJson(summaryOf(r));
        print(`Tệp hợp lệ.\n${describe(r)}`);
      }),
    );
}
