import type { Command } from 'commander';
import { loadConfig } from '../../../config';
import type { SettingSource } from '../../../config/dev-stack';
import { checkStack, describeSettings, type PieceStatus } from '../../../config/stack-status';
import type { ServiceContext } from '../../services/context';
import { CliError } from '../errors';
import { formatTable, print, printJson } from '../output';
import { run } from '../run';

// `cchc status`: what the CLI and the worker connect to (and where each setting came from: a flag,
// the environment, a running `npm run dev`'s .data/dev.env, or the default), and whether each piece
// answers. Read-only and bounded in time: nothing is sent or written.

const PIECE_VI = { temporal: 'Temporal', postgresql: 'PostgreSQL', smtp: 'Máy chủ thư (SMTP)', sms: 'SMS' };
const SOURCE_VI: Record<string, string> = {
  flag: 'tham số dòng lệnh',
  env: 'biến môi trường',
  environment: 'biến môi trường',
  'dev-stack': 'npm run dev (.data/dev.env)',
  default: 'mặc định',
};

const sourceVi = (s: string) => SOURCE_VI[s] ?? s;

/**
 * Where a piece's settings came from: one source when all agree (`biến môi trường`), else those
 * not left at their default with their variables, strongest first
 * (`biến môi trường (SMTP_PORT); còn lại: mặc định`).
 */
export function sourceText(p: Pick<PieceStatus, 'source' | 'sources'>): string {
  const byKey = Object.entries(p.sources ?? {});
  const distinct = new Set(byKey.map(([, s]) => s));
  if (distinct.size <= 1) return p.source ? sourceVi(p.source) : '';
  const set = ['flag', 'environment', 'dev-stack']
    .filter((s) => distinct.has(s as SettingSource))
    .map(
      (s) =>
        `${sourceVi(s)} (${byKey
          .filter(([, v]) => v === s)
          .map(([k]) => k)
          .join(', ')})`,
    );
  return [...set, ...(distinct.has('default') ? ['còn lại: mặc định'] : [])].join('; ');
}

export function registerStatusCommands(program: Command, _ctx: ServiceContext): void {
  program
    .command('status')
    .description('Kết nối tới đâu (Temporal, PostgreSQL, thư, SMS) và từng phần có trả lời không')
    .option('--json', 'in dạng JSON')
    .action(
      run({}, async (opts: { json?: boolean }) => {
        const { env, sources, devStackFile } = describeSettings(process.env);
        const status = await checkStack(loadConfig(env), {
          sources,
          ...(devStackFile ? { devStackFile } : {}),
        });
        if (opts.json) printJson(status);
        else
          print(
            formatTable(status.pieces, [
              { header: 'Thành phần', value: (p) => PIECE_VI[p.piece] },
              { header: 'Kết nối tới', value: (p) => p.target },
              { header: 'Theo', value: (p) => sourceText(p) },
              {
                header: 'Tình trạng',
                value: (p) => (p.ok === null ? 'không kiểm tra' : p.ok ? 'trả lời' : 'không trả lời'),
              },
              { header: 'Chi tiết', value: (p) => p.detail },
            ]),
          );
        if (devStackFile && !opts.json) print(`\nĐọc thêm cấu hình của npm run dev: ${devStackFile}`);
        if (!status.ok) throw new CliError('có thành phần không trả lời (xem bảng trên)');
      }),
    );
}
