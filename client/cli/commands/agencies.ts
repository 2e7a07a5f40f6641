import type { Command } from 'commander';
import { z } from 'zod';
import { KIND_LABELS, ROLE_LABELS, type ContactRoleName } from '../../../domain/agencies';
import { isoDateSchema } from '../../../domain/calendar/date-schemas';
import { formatVnDatePadded as vn } from '../../../domain/calendar/dates';
import { importAgencies, listAgencies, type AgencyView } from '../../services/agencies';
import type { ServiceContext } from '../../services/context';
import { unitHistory } from '../../services/units';
import { parseOptions } from '../options';
import { formatTable, print, printJson } from '../output';
import { run } from '../run';
import { describeChange, registerUnitChangeCommands } from './agency-changes';

// `cchc agencies …`: load the units and their contacts from a file, list those in force on a
// date, read one unit's life, and record changes of units (agency-changes.ts).

const role = (r: string) => ROLE_LABELS[r.toLowerCase() as ContactRoleName] ?? r;
const day = (d: string | null) => (d ? vn(d) : '');
const listOptions = z.object({
  on: isoDateSchema.optional(),
  all: z.boolean().optional(),
  contacts: z.boolean().optional(),
  json: z.boolean().optional(),
});

export function registerAgencyCommands(program: Command, ctx: ServiceContext): void {
  const agencies = program
    .command('agencies')
    .description('Đơn vị báo cáo, người liên hệ và thay đổi đơn vị');

  agencies
    .command('import')
    .description(
      'Nhập / cập nhật đơn vị và các thay đổi (operations:) từ tệp YAML hoặc CSV; có dòng sai thì không nhập gì',
    )
    .argument('<tệp>', 'tệp .yaml, .yml hoặc .csv')
    .option('--json', 'in kết quả dạng JSON')
    .action(
      run({}, async (file: string, opts: { json?: boolean }) => {
        const { agencies: count, changes, ...summary } = await importAgencies(ctx, file);
        if (opts.json) return printJson({ ...summary, changes });
        print(
          `Đã nhập ${count} đơn vị: ${summary.created} mới, ${summary.updated} cập nhật, ` +
            `${summary.unchanged} không đổi; ${summary.contacts} người liên hệ.`,
        );
        if (changes.length === 0) return;
        const applied = changes.filter((c) => c.status === 'applied').length;
        print(
          `${changes.length} thay đổi đơn vị: ${applied} ghi nhận mới, ${changes.length - applied} đã có từ trước.`,
        );
        for (const change of changes.filter((c) => c.status === 'applied'))
          for (const line of describeChange(change)) print(line);
      }),
    );

  agencies
    .command('list')
    .description('Các đơn vị có hiệu lực vào một ngày (mặc định hôm nay), với tên vào ngày đó')
    .option('--on <YYYY-MM-DD>', 'ngày xem (vd. 2025-06-30)')
    .option('--all', 'mọi đơn vị đã từng có, kể cả đã kết thúc hoặc ngừng hoạt động')
    .option('--contacts', 'kèm người liên hệ')
    .option('--json', 'in dạng JSON')
    .action(
      run({}, async (raw: z.input<typeof listOptions>) => {
        const opts = parseOptions(listOptions, raw);
        const contacts = opts.contacts || opts.json;
        const result = await listAgencies(ctx, { onDate: opts.on, all: opts.all, contacts });
        if (opts.json) {
          return printJson(
            result.units.map((a) => ({
              ...a,
              contacts: a.contacts.map((c) => ({ ...c, role: c.role.toLowerCase() })),
            })),
          );
        }
        print(
          formatTable(result.units, [
            { header: 'Mã', value: (a) => a.code },
            { header: 'Mã ĐVHC', value: (a) => a.officialCode },
            { header: 'Tên đơn vị', value: (a) => a.name },
            { header: 'Loại', value: (a) => KIND_LABELS[a.kind] },
            { header: 'Báo cáo', value: (a) => (a.reporting ? 'có' : 'không') },
            { header: 'Từ ngày', value: (a) => day(a.validFrom) },
            { header: 'Đến ngày', value: (a) => day(a.validTo) },
            ...(opts.all
              ? [{ header: 'Hoạt động', value: (a: AgencyView) => (a.active ? 'có' : 'không') }]
              : []),
            ...(opts.contacts
              ? [
                  {
                    header: 'Người liên hệ',
                    value: (a: AgencyView) => a.contacts.map((c) => `${role(c.role)}: ${c.name}`).join('; '),
                  },
                ]
              : []),
          ]),
        );
        const kinds = result.byKind.map((k) => `${KIND_LABELS[k.kind]} ${k.count}`).join(', ');
        const when = result.onDate ? ` có hiệu lực ngày ${vn(result.onDate)}` : ' đã từng có';
        print(
          `Tổng: ${result.units.length} đơn vị${when} (${kinds || 'không có'}); ${result.reporting} đơn vị báo cáo.`,
        );
      }),
    );

  agencies
    .command('history')
    .description('Quá trình của một đơn vị: tên qua các thời kỳ, đơn vị tiền thân và kế thừa')
    .argument('<mã>', 'mã đơn vị')
    .option('--json', 'in dạng JSON')
    .action(
      run({ code: '<mã>' }, async (code: string, opts: { json?: boolean }) => {
        const h = await unitHistory(await ctx.db(), code.trim().toUpperCase());
        if (opts.json) return printJson(h);
        print(`${h.code}${h.officialCode ? ` (mã ĐVHC ${h.officialCode})` : ''}: ${KIND_LABELS[h.kind]}`);
        print(
          `  Hiệu lực: ${h.validFrom ? `từ ${vn(h.validFrom)}` : 'từ trước khi có dữ liệu'}${h.validTo ? ` đến hết ${vn(h.validTo)}` : ''}`,
        );
        for (const n of h.names)
          print(`  Tên ${n.validFrom ? `từ ${vn(n.validFrom)}` : 'ban đầu'}: ${n.name}`);
        for (const p of h.predecessors)
          print(`  Tiền thân: ${p.code} (${changeVi(p.change)} ngày ${vn(p.date)})`);
        for (const s of h.successors)
          print(`  Kế thừa: ${s.code} (${changeVi(s.change)} ngày ${vn(s.date)})`);
        for (const c of h.changes.filter((c) => c.kind === 'dissolve'))
          print(`  Giải thể từ ngày ${vn(c.date)}`);
        if (!h.active) print('  Đã ngừng hoạt động (active: false).');
      }),
    );

  registerUnitChangeCommands(agencies, ctx);
}

const changeVi = (kind: string) => ({ merge: 'sáp nhập', split: 'chia tách' })[kind] ?? kind;
