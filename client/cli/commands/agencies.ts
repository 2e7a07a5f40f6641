import type { Command } from 'commander';
import { importAgencies, listAgencies, type AgencyView } from '../../services/agencies';
import type { ServiceContext } from '../../services/context';
import { formatTable, print, printJson } from '../output';
import { run } from '../run';

// `cchc agencies …`: load the units and their contacts from a file, list them.

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

export function registerAgencyCommands(program: Command, ctx: ServiceContext): void {
  const agencies = program.command('agencies').description('Đơn vị báo cáo và người liên hệ');

  agencies
    .command('import')
    .description('Nhập / cập nhật đơn vị từ tệp YAML hoặc CSV (không nhập gì nếu có dòng sai)')
    .argument('<file>', 'tệp .yaml, .yml hoặc .csv')
    .option('--json', 'in kết quả dạng JSON')
    .action(
      run({}, async (file: string, opts: { json?: boolean }) => {
        const { agencies: count, ...summary } = await importAgencies(ctx, file);
        if (opts.json) return printJson(summary);
        print(
          `Đã nhập ${count} đơn vị: ${summary.created} mới, ${summary.updated} cập nhật, ` +
            `${summary.unchanged} không đổi; ${summary.contacts} người liên hệ.`,
        );
      }),
    );

  agencies
    .command('list')
    .description('Danh sách đơn vị')
    .option('--all', 'gồm cả đơn vị ngừng hoạt động')
    .option('--contacts', 'kèm người liên hệ')
    .option('--json', 'in dạng JSON')
    .action(
      run({}, async (opts: { all?: boolean; contacts?: boolean; json?: boolean }) => {
        const rows = await listAgencies(ctx, { all: opts.all });
        if (opts.json) {
          return printJson(
            rows.map((a) => ({
              ...a,
              kind: a.kind.toLowerCase(),
              contacts: a.contacts.map((c) => ({ ...c, role: c.role.toLowerCase() })),
            })),
          );
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
                    value: (a: AgencyView) =>
                      a.contacts.map((c) => `${ROLE_VI[c.role]}: ${c.name}`).join('; '),
                  },
                ]
              : []),
          ]),
        );
        print(`Tổng: ${rows.length} đơn vị (${rows.filter((a) => a.reporting).length} đơn vị báo cáo).`);
      }),
    );
}
