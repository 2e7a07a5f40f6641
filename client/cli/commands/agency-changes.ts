import type { Command } from 'commander';
import { KIND_LABELS, ROLE_LABELS } from '../../../domain/agencies';
import { formatVnDatePadded as vn } from '../../../domain/calendar/dates';
import type { ContactMove } from '../../../domain/unit-contacts';
import type { ServiceContext } from '../../services/context';
import { recordUnitChange, type ChangeResult } from '../../services/unit-changes';
import type { CyclesTold } from '../../services/unit-cycles';
import { print, printJson } from '../output';
import { collectValues } from '../program';
import { run } from '../run';

// `cchc agencies found|rename|merge|split|dissolve`: a change of units on a date, printed as an
// official reads it, with the contacts that passed to the successors.

const upper = (code: string) => code.trim().toUpperCase();
const list = (values: string[]) =>
  values
    .flatMap((v) => v.split(','))
    .map(upper)
    .filter(Boolean);

const CONTACTS_HELP = 'copy (mặc định: chép người liên hệ sang đơn vị kế thừa) hoặc none';

/** What one change did, in Vietnamese: a headline, then the contacts that moved. */
export function describeChange(r: ChangeResult): string[] {
  const c = r.change;
  const day = vn(r.date);
  const headline = (() => {
    switch (c.op) {
      case 'found':
        return `Thành lập ${c.code} (${c.name}, ${KIND_LABELS[c.kind]}) từ ngày ${day}`;
      case 'rename':
        return `Đổi tên ${c.code} thành "${c.name}" từ ngày ${day}`;
      case 'merge':
        return `Sáp nhập ${c.from.join(', ')} vào ${c.into} từ ngày ${day}`;
      case 'split':
        return `Chia tách ${c.from} thành ${c.into.join(', ')} từ ngày ${day}`;
      case 'dissolve':
        return `Giải thể ${c.code} từ ngày ${day}`;
    }
  })();
  const cycles = r.cycles ? describeCycles(r.cycles, c.op === 'merge' ? c.into : '', day) : [];
  if (r.status === 'unchanged') return [`${headline}: đã ghi nhận trước đó, không thay đổi gì.`, ...cycles];
  const lines = [`${headline}: đã ghi nhận.`];
  if (c.op !== 'found' && r.founded.length > 0) lines.push(`  Đơn vị mới: ${r.founded.join(', ')}.`);
  for (const e of r.ended) lines.push(`  ${e.code} hết hiệu lực sau ngày ${vn(e.validTo)}.`);
  if (c.op === 'merge' || c.op === 'split') lines.push(...describeMoves(r.moved, c.contacts ?? 'copy'));
  return [...lines, ...cycles];
}

/** What the running cycles were told: their reports still owed pass to the successor on the merge's day. */
function describeCycles(told: CyclesTold, into: string, day: string): string[] {
  const lines = told.told.map(
    (key) =>
      `  Kỳ báo cáo ${key} đang chạy: báo cáo còn nợ của đơn vị sáp nhập chuyển cho ${into} từ ngày ${day}.`,
  );
  for (const u of told.untold)
    lines.push(
      `  Chưa báo được cho kỳ ${u.key} (${u.error}): kỳ sẽ tự nhận ra ở lần rà soát hằng ngày tiếp theo, hoặc chạy lại lệnh này.`,
    );
  return lines;
}

function describeMoves(moved: ContactMove[], mode: 'copy' | 'none'): string[] {
  if (mode === 'none') return ['  Người liên hệ: không chép (contacts: none).'];
  if (moved.length === 0) return ['  Người liên hệ: đơn vị cũ không có ai đang nhận tin để chuyển.'];
  const why = (m: ContactMove) => {
    if (m.receives) return 'nhận tin';
    if (m.reason === 'already-there') return `không chép: ${m.to} đã có người này`;
    if (m.reason === 'successor-has-role') return `không nhận tin: ${m.to} đã có ${ROLE_LABELS[m.role]}`;
    return `không nhận tin: giữ ${ROLE_LABELS[m.role]} của ${m.kept}`;
  };
  return [
    '  Người liên hệ chuyển sang:',
    ...moved.map((m) => `    ${m.from} → ${m.to}  ${ROLE_LABELS[m.role]}: ${m.name} (${why(m)})`),
  ];
}

async function record(ctx: ServiceContext, input: Record<string, unknown>, json?: boolean): Promise<void> {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const result = await recordUnitChange(ctx, defined);
  if (json) return printJson(result);
  for (const line of describeChange(result)) print(line);
}

export function registerUnitChangeCommands(agencies: Command, ctx: ServiceContext): void {
  agencies
    .command('found')
    .description('Thành lập đơn vị mới từ một ngày')
    .argument('<mã>', 'mã hệ thống của đơn vị mới (vd. X_TANPHU)')
    .option('--date <YYYY-MM-DD>', 'ngày bắt đầu hiệu lực')
    .option('--name <tên>', 'tên đơn vị')
    .option('--kind <loại>', 'province, department, xa, phuong, dac_khu, district, commune')
    .option('--official-code <mã>', 'mã đơn vị hành chính (vd. 28261)')
    .option('--parent <mã>', 'đơn vị cấp trên (vd. UBND_TINH)')
    .option('--not-reporting', 'đơn vị không nộp báo cáo (vd. UBND tỉnh)')
    .option('--json', 'in kết quả dạng JSON')
    .action(
      run({ code: '<mã>' }, (code: string, o: Record<string, string | boolean | undefined>) =>
        record(
          ctx,
          {
            op: 'found',
            code: upper(code),
            date: o.date,
            name: o.name,
            kind: o.kind,
            officialCode: o.officialCode,
            parent: typeof o.parent === 'string' ? upper(o.parent) : undefined,
            reporting: o.notReporting ? false : undefined,
          },
          Boolean(o.json),
        ),
      ),
    );

  agencies
    .command('rename')
    .description('Đổi tên đơn vị từ một ngày (tên cũ vẫn dùng cho các ngày trước đó)')
    .argument('<mã>', 'mã đơn vị')
    .option('--date <YYYY-MM-DD>', 'ngày tên mới có hiệu lực')
    .option('--name <tên>', 'tên mới')
    .option('--json', 'in kết quả dạng JSON')
    .action(
      run({ code: '<mã>' }, (code: string, o: { date?: string; name?: string; json?: boolean }) =>
        record(ctx, { op: 'rename', code: upper(code), date: o.date, name: o.name }, o.json),
      ),
    );

  agencies
    .command('merge')
    .description('Sáp nhập đơn vị vào một đơn vị (có sẵn, hoặc lập mới với --name và --kind)')
    .argument('<mã...>', 'các đơn vị được sáp nhập: kết thúc vào ngày trước --date')
    .option('--into <mã>', 'đơn vị nhận sáp nhập, có hiệu lực từ --date')
    .option('--date <YYYY-MM-DD>', 'ngày sáp nhập có hiệu lực')
    .option('--name <tên>', 'tên đơn vị mới (khi --into chưa có)')
    .option('--kind <loại>', 'loại đơn vị mới (khi --into chưa có)')
    .option('--official-code <mã>', 'mã đơn vị hành chính của đơn vị mới')
    .option('--parent <mã>', 'đơn vị cấp trên của đơn vị mới')
    .option('--contacts <copy|none>', CONTACTS_HELP)
    .option('--lead <mã>', 'đơn vị giữ đầu mối và thủ trưởng cho đơn vị mới (mặc định: đơn vị đầu tiên)')
    .option('--json', 'in kết quả dạng JSON')
    .action(
      run({ from: '<mã...>' }, (from: string[], o: Record<string, string | boolean | undefined>) =>
        record(
          ctx,
          {
            op: 'merge',
            from: list(from),
            into: typeof o.into === 'string' ? upper(o.into) : undefined,
            date: o.date,
            name: o.name,
            kind: o.kind,
            officialCode: o.officialCode,
            parent: typeof o.parent === 'string' ? upper(o.parent) : undefined,
            contacts: o.contacts,
            lead: typeof o.lead === 'string' ? upper(o.lead) : undefined,
          },
          Boolean(o.json),
        ),
      ),
    );

  agencies
    .command('split')
    .description('Chia tách một đơn vị thành các đơn vị kế thừa (lập chúng trước bằng "found")')
    .argument('<mã>', 'đơn vị bị chia tách: kết thúc vào ngày trước --date')
    .option('--into <mã>', 'đơn vị kế thừa (nhắc lại --into, hoặc mã cách nhau bằng dấu phẩy)', collectValues)
    .option('--date <YYYY-MM-DD>', 'ngày chia tách có hiệu lực')
    .option('--contacts <copy|none>', CONTACTS_HELP)
    .option('--json', 'in kết quả dạng JSON')
    .action(
      run(
        { from: '<mã>' },
        (from: string, o: { into?: string[]; date?: string; contacts?: string; json?: boolean }) =>
          record(
            ctx,
            {
              op: 'split',
              from: upper(from),
              into: o.into ? list(o.into) : undefined,
              date: o.date,
              contacts: o.contacts,
            },
            o.json,
          ),
      ),
    );

  agencies
    .command('dissolve')
    .description('Giải thể đơn vị (không có đơn vị kế thừa)')
    .argument('<mã>', 'mã đơn vị: kết thúc vào ngày trước --date')
    .option('--date <YYYY-MM-DD>', 'ngày giải thể có hiệu lực')
    .option('--json', 'in kết quả dạng JSON')
    .action(
      run({ code: '<mã>' }, (code: string, o: { date?: string; json?: boolean }) =>
        record(ctx, { op: 'dissolve', code: upper(code), date: o.date }, o.json),
      ),
    );
}
