// The agencies file the CLI tests import: UBND tỉnh, Sở Nội vụ with its desk and director, then the
// departments a test needs. Every contact is fictitious, on the reserved .example domain.

/** A department's entry: its focal point and (unless `head: false`) its head, named after its code. */
export function department(code: string, name: string, opts: { head?: boolean } = {}): string {
  const mail = code.toLowerCase();
  return [
    `  - code: ${code}`,
    `    name: ${name}`,
    `    kind: department`,
    `    contacts:`,
    `      - { role: focal_point, name: Đầu mối ${code} (giả định), email: daumoi@${mail}.example }`,
    ...(opts.head === false
      ? []
      : [`      - { role: head, name: Giám đốc ${code} (giả định), email: giamdoc@${mail}.example }`]),
    '',
  ].join('\n');
}

/** Sở Tư pháp and Sở Y tế: the two departments most tests report with. */
export const STP_AND_SYT = [department('STP', 'Sở Tư pháp'), department('SYT', 'Sở Y tế')];

/** The whole file: the province and Sở Nội vụ, then `units` (entries from `department` or written out). */
export function agenciesYaml(units: string[] = STP_AND_SYT): string {
  return `agencies:
  - code: UBND_TINH
    name: Ủy ban nhân dân tỉnh Đồng Tháp
    kind: province
    contacts:
      - { role: ubnd, name: Văn thư UBND (giả định), email: vanthu@ubnd.example }
  - code: SNV
    name: Sở Nội vụ
    kind: department
    contacts:
      - { role: focal_point, name: Đầu mối SNV (giả định), email: daumoi@snv.example }
      - { role: snv_desk, name: Phòng CCHC (giả định), email: phongcchc@snv.example }
      - { role: snv_director, name: Giám đốc SNV (giả định), email: giamdoc@snv.example }
${units.join('')}`;
}
