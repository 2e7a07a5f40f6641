import fs from 'node:fs';
import type { Command } from 'commander';
import { readAgencyFile } from '../../files/agency-file';
import { checkParents, upsertAgencies } from '../../services/agency-store';
import type { CliContext } from '../../services/context';
import { CliError } from '../../services/errors';
import { formatTable, print, printJson } from '../output';

const KIND_VI: Record<string, string> = {
  PROVINCE: 'tỉnh',
  DEPARTMENT: 'sở/ngành',
  DISTRICT: 'huyện/thành phố',
  COMMUNE: 'xã',
};
const ROLE_VI: Record<string, string> = {
  FOCAL_POINT: 'đầu mối',
  HEAD: 'thủ trưởng',
  SNV_DESK: 'Phòng CCHC',
  SNV_DIRECTOR: 'Giám đốc SNV',
  UBND: 'UBND tỉnh',
};

export function registerAgencyCommands(program: Command, ctx: CliContext): void {
  const agencies = program.command('agencies').description('Đơn vị báo cáo và người liên hệ');

  agencies
    .command('import')
    .description('Nhập / cập nhật đơn vị từ tệp YAML hoặc CSV (không nhập gì nếu có dòng sai)')
    .argument('<file>', 'tệp .yaml, .yml hoặc .csv')
    .option('--json', 'in kết quả dạng JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliError(`không có tệp ${file}`);
      let parsed;
      try {
        parsed = readAgencyFile(file);
      } catch (err) {
        throw new CliError(`${file}: ${(err as Error).message}`);
      }
      const db = await ctx.db();
      const errors = [...parsed.errors, ...(await checkParents(db, parsed.rows))].sort(
        (a, b) => a.line - b.line,
      );
      if (errors.length > 0) {
        for (const e of errors) process.stderr.write(`${file}:${e.line}: ${e.field}: ${e.message}\n`);
        throw new CliError(`${errors.length} lỗi trong ${file}; không nhập dòng nào`);
      }
      const summary = await upsertAgencies(
        db,
        parsed.rows.map((r) => r.agency),
      );
      if (opts.json) printJson(summary);
      else
        print(
          `Đã nhập ${parsed.rows.length} đơn vị: ${summary.created} mới, ${summary.updated} cập nhật, ` +
            `${summary.unchanged} không đổi; ${summary.contacts} người liên hệ.`,
        );
    });

  agencies
    .command('list')
    .description('Danh sách đơn vị')
    .option('--all', 'gồm cả đơn vị ngừng hoạt động')
    .option('--contacts', 'kèm người liên hệ')
    .option('--json', 'in dạng JSON')
    .action(async (opts: { all?: boolean; contacts?: boolean; json?: boolean }) => {
      const db = await ctx.db();
      const rows = await db.agency.findMany({
        where: opts.all ? {} : { active: true },
        orderBy: [{ kind: 'asc' }, { code: 'asc' }],
        include: {
          parent: { select: { code: true } },
          contacts: { where: { active: true }, orderBy: [{ role: 'asc' }, { name: 'asc' }] },
        },
      });
      if (opts.json) {
        printJson(
          rows.map((a) => ({
            code: a.code,
            name: a.name,
            kind: a.kind.toLowerCase(),
            parent: a.parent?.code ?? null,
            reporting: a.reporting,
            active: a.active,
            contacts: a.contacts.map((c) => ({
              role: c.role.toLowerCase(),
              name: c.name,
              email: c.email,
              phone: c.phone,
            })),
          })),
        );
        return;
      }
      print(
        formatTable(rows, [
          { header: 'Mã', value: (a) => a.code },
          { header: 'Tên đơn vị', value: (a) => a.name },
          { header: 'Loại', value: (a) => KIND_VI[a.kind] },
          { header: 'Báo cáo', value: (a) => (a.reporting ? 'có' : 'không') },
          { header: 'Hoạt động', value: (a) => (a.active ? 'có' : 'không') },
          ...(opts.contacts
            ? [
                {
                  header: 'Người liên hệ',
                  value: (a: (typeof rows)[number]) =>
                    a.contacts.map((c) => `${ROLE_VI[c.role]}: ${c.name}`).join('; '),
                },
              ]
            : []),
        ]),
      );
      print(`Tổng: ${rows.length} đơn vị (${rows.filter((a) => a.reporting).length} đơn vị báo cáo).`);
    });
}
