import { addDays, vnDateOf, weekday } from '../../../domain/calendar';
import { PLAN_REF, planYaml, TARGET } from './stack';
import type { Expectation } from './verdict';

// Bad files an official hands the CLI: reporting policies (YAML/JSON), inspection plans, the
// findings of a visit. Each row: the file (its name and content; a folder when content is null,
// and the command that reads it; no file at all when content is undefined).

export interface FileCase extends Expectation {
  name: string;
  file: string;
  content: string | Buffer | null | undefined;
  args: (file: string) => string[];
  gap?: string;
}

const long = (n: number) => 'x'.repeat(n);
const policyIn = (file: string) => ['calendar', 'show', '--year', '2027', '--policy', file];
const planIn = (file: string) => ['inspection', 'start', '--plan', file];
const findingsIn = (file: string) => [
  'inspection', 'result', '--plan', PLAN_REF, '--agency', 'STP', '--findings', file,
]; // prettier-ignore

/** The corpus plan with its inspections replaced by `inspections` (YAML lines). */
const planWith = (inspections: string[]) =>
  planYaml().replace(/inspections:\n[\s\S]*$/, `inspections:\n${inspections.join('\n')}\n`);
const inspectionOf = (agency: string, visitDate = TARGET.visit, scope = 'Cải cách thủ tục hành chính') => [
  `  - agency: ${agency}`,
  `    visitDate: ${visitDate}`,
  `    scope: ${scope}`,
];
/** A plan whose top-level `key` has `value`. */
const planSetting = (key: string, value: string) =>
  planYaml({ code: `${TARGET.planCode}-S` }).replace(new RegExp(`^${key}:.*$`, 'm'), `${key}: ${value}`);
const finding = (code: string, description = 'Chưa niêm yết thủ tục') =>
  `- { code: ${code}, description: ${description} }`;

type Row = [
  name: string,
  file: string,
  content: FileCase['content'],
  args: FileCase['args'],
  field: string,
  more?: Partial<FileCase>,
];

// prettier-ignore
const rows: Row[] = [
  // ---- reporting policies
  ['policy: unknown period', 'p-unknown.yaml', 'periods:\n  Q1: {}\n  Q5: {}\n', policyIn, 'periods.Q5'],
  ['policy: fractional days', 'p-days.json', JSON.stringify({ periods: { Q1: { agencyDue: { rule: 'workingDaysAfterCutoff', days: 1.5 } } } }), policyIn, 'periods.Q1.agencyDue.days'],
  ['policy: broken YAML', 'p-broken.yaml', 'periods: [\n', policyIn, 'YAML', { says: /dòng \d+, cột \d+/ }],
  ['policy: tab indentation', 'p-tab.yaml', 'quietHours:\n\tstart: "07:30"\n', policyIn, 'YAML'],
  ['policy: duplicate key', 'p-dup.yaml', 'sendTime: "08:00"\nsendTime: "09:00"\n', policyIn, 'YAML', { says: /khóa bị lặp/ }],
  ['policy: alias bomb', 'p-bomb.yaml', ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n'), policyIn, 'alias'],
  ['policy: file that does not exist', 'p-none.yaml', undefined, policyIn, 'không có tệp này'],
  ['policy: not YAML or JSON', 'policy.txt', 'periods: {}\n', policyIn, 'policy.txt', { says: /chỉ nhận tệp/ }],
  ['policy: empty file', 'p-empty.yaml', '  \n', policyIn, 'p-empty.yaml', { says: /tệp rỗng/ }],
  ['policy: too large', 'p-large.yaml', `# ${long(70 * 1024)}\nsendTime: "08:00"\n`, policyIn, 'p-large.yaml', { says: /lớn quá/ }],
  ['policy: a folder', 'p-folder.yaml', null, policyIn, 'p-folder.yaml', { says: /không phải tệp/ }],
  ['policy: not UTF-8', 'p-latin1.yaml', Buffer.from([0x73, 0x65, 0x6e, 0x64, 0x3a, 0x20, 0xe9, 0xff, 0x0a]), policyIn, 'UTF-8'],
  ['policy: JSON syntax', 'p-syntax.json', '{"sendTime": "08:00",}', policyIn, 'JSON'],
  ['policy: a list, not a mapping', 'p-list.yaml', '- Q1\n- Q3\n', policyIn, 'chính sách phải là một đối tượng'],
  ['policy: misspelt key', 'p-key.yaml', 'remindrs: []\n', policyIn, 'remindrs'],
  ['policy: eleven reminders', 'p-many.yaml', `reminders:\n${Array.from({ length: 11 }, (_, i) => `  - { workingDaysBefore: ${i + 1}, channels: [email] }`).join('\n')}\n`, policyIn, 'reminders', { says: /10/ }],
  ['policy: SMS window ends before it starts', 'p-quiet.yaml', 'quietHours: { start: "17:30", end: "07:30" }\nsendTime: "08:00"\n', policyIn, 'quietHours.end'],
  ['policy: send time outside the SMS window', 'p-send.yaml', 'sendTime: "06:00"\n', policyIn, 'sendTime'],
  ['policy: period name too long', 'p-name.yaml', `periods:\n  Q1: { name: ${long(200)} }\n`, policyIn, 'periods.Q1.name'],
  ['policy: twenty-five periods', 'p-periods.yaml', `periods:\n${Array.from({ length: 25 }, (_, i) => `  M${i}: { window: { endMonth: ${(i % 12) + 1}, months: 1 } }`).join('\n')}\n`, policyIn, 'periods', { says: /24/ }],
  ['policy: escalation level twice', 'p-esc.yaml', 'escalations:\n  - { level: 1, workingDaysAfterDue: 1, roles: [snv_desk] }\n  - { level: 1, workingDaysAfterDue: 2, roles: [snv_director] }\n', policyIn, 'escalations[1].level'],
  ['policy: channel fax', 'p-fax.yaml', 'reminders:\n  - { workingDaysBefore: 2, channels: [fax] }\n', policyIn, 'reminders[0].channels[0]'],
  ['policy: no roles', 'p-roles.yaml', 'reminders:\n  - { workingDaysBefore: 2, channels: [email], roles: [] }\n', policyIn, 'reminders[0].roles'],
  ['policy: time of day malformed', 'p-time.yaml', 'sendTime: "8h"\n', policyIn, 'sendTime'],
  ['policy of schedule apply', 'p-apply.yaml', 'opening: { workingDaysBeforeCutoff: -1 }\n', (f) => ['schedule', 'apply', '--year', '2031', '--policy', f], 'opening.workingDaysBeforeCutoff', { says: /--policy/ }],
  ['policy of cycle start', 'p-start.yaml', 'overdue: { workingDaysAfterDue: 99, channels: [email] }\n', (f) => ['cycle', 'start', '--year', '2031', '--period', 'Q1', '--policy', f], 'overdue.workingDaysAfterDue', { says: /--policy/ }],
  // ---- inspection plans
  ['plan: wrong shapes everywhere', 'plan-shape.yaml', 'year: "2022"\ncode: kt 01\ndecisionRef: ""\nteam: {}\ninspections: []\n', planIn, 'code', { fileProblems: true }],
  ['plan: unknown agency', 'plan-unknown.yaml', planWith(inspectionOf('SXYZ')), planIn, 'inspections[0].agency', { fileProblems: true, says: /SXYZ/ }],
  ['plan: agency twice', 'plan-twice.yaml', planWith([...inspectionOf('STP'), ...inspectionOf('STP')]), planIn, 'inspections[1].agency', { fileProblems: true }],
  ['plan: retired agency', 'plan-retired.yaml', planWith(inspectionOf('SCU')), planIn, 'inspections[0].agency', { fileProblems: true, says: /ngừng hoạt động/ }],
  ['plan: visit on a Sunday', 'plan-sunday.yaml', planWith(inspectionOf('STP', addDays(TARGET.visit, (7 - weekday(TARGET.visit)) % 7 || 7))), planIn, 'inspections[0].visitDate', { fileProblems: true }],
  ['plan: visit already past', 'plan-past.yaml', planWith(inspectionOf('STP', addDays(vnDateOf(Date.now()), -1))), planIn, 'inspections[0].visitDate', { fileProblems: true }],
  ['plan: visit outside the plan year', 'plan-year.yaml', planWith(inspectionOf('STP', `${TARGET.planYear + 1}-03-10`)), planIn, 'inspections[0].visitDate', { fileProblems: true }],
  ['plan: impossible visit day', 'plan-feb30.yaml', planWith(inspectionOf('STP', `${TARGET.planYear}-02-30`)), planIn, 'inspections[0].visitDate', { fileProblems: true }],
  ['plan: 201 inspections', 'plan-201.yaml', planWith(Array.from({ length: 201 }, (_, i) => inspectionOf(`S${String(i).padStart(3, '0')}`)).flat()), planIn, 'inspections', { fileProblems: true, says: /200/ }],
  ['plan: scope too long', 'plan-scope.yaml', planWith(inspectionOf('STP', TARGET.visit, long(600))), planIn, 'inspections[0].scope', { fileProblems: true }],
  ['plan: decision reference too long', 'plan-decision.yaml', planSetting('decisionRef', long(100)), planIn, 'decisionRef', { fileProblems: true }],
  ['plan: year out of range', 'plan-2200.yaml', planSetting('year', '2200'), planIn, 'year', { fileProblems: true }],
  ['plan: code with spaces', 'plan-code.yaml', planSetting('code', 'kế hoạch 1'), planIn, 'code', { fileProblems: true }],
  ['plan: team lead of another role', 'plan-lead.yaml', planYaml({ code: `${TARGET.planCode}-L` }).replace('role: snv_desk', 'role: head'), planIn, 'team.lead.role', { fileProblems: true }],
  ['plan: twenty-one team members', 'plan-team.yaml', planYaml({ code: `${TARGET.planCode}-T` }).replace('team:\n', `team:\n  members:\n${'    - { agency: SNV, role: snv_director }\n'.repeat(21)}`), planIn, 'team.members', { fileProblems: true, says: /20/ }],
  ['plan: unknown key', 'plan-key.yaml', planYaml({ code: `${TARGET.planCode}-K` }).replace('    scope:', '    notes: x\n    scope:'), planIn, 'inspections[0].notes', { fileProblems: true }],
  ['plan: too large', 'plan-large.yaml', `# ${long(600 * 1024)}\n${planYaml()}`, planIn, 'lớn quá', { fileProblems: true }],
  ['plan: JSON file', 'plan.json', '{}', planIn, 'chỉ nhận tệp', { fileProblems: true }],
  ['plan: empty file', 'plan-empty.yaml', '', planIn, 'tệp rỗng', { fileProblems: true }],
  ['plan: broken YAML', 'plan-broken.yaml', 'year: 2026\ninspections:\n  - agency: STP\n    visitDate: [2026-03-22\n', planIn, 'YAML', { fileProblems: true }],
  ['plan: file that does not exist', 'plan-none.yaml', undefined, planIn, 'không có tệp này', { fileProblems: true }],
  ['plan: the running plan again', 'plan-again.yaml', planYaml(), planIn, TARGET.planCode, { says: /đang chạy/ }],
  // ---- findings of a visit
  ['findings: missing description', 'f-nodesc.yaml', '- { code: F1 }\n', findingsIn, 'findings[0].description', { fileProblems: true }],
  ['findings: empty list', 'f-empty.yaml', '[]\n', findingsIn, '--no-findings'],
  ['findings: fifty-one', 'f-51.yaml', Array.from({ length: 51 }, (_, i) => finding(`F${i + 1}`)).join('\n'), findingsIn, 'findings: nhiều nhất 50', { fileProblems: true }],
  ['findings: description too long', 'f-long.yaml', finding('F1', long(600)), findingsIn, 'findings[0].description', { fileProblems: true }],
  ['findings: code twice', 'f-twice.yaml', [finding('F1'), finding('F1')].join('\n'), findingsIn, 'findings[1].code', { fileProblems: true }],
  ['findings: impossible due date', 'f-date.yaml', '- { description: Chưa niêm yết, remediationDueDate: 2027-02-30 }\n', findingsIn, 'findings[0].remediationDueDate', { fileProblems: true }],
  ['findings: unknown key', 'f-key.yaml', '- { description: Chưa niêm yết, severity: high }\n', findingsIn, 'findings[0].severity', { fileProblems: true }],
  ['findings: a mapping without findings', 'f-map.yaml', 'items: []\n', findingsIn, 'findings: mong đợi', { fileProblems: true }],
  ['findings: too large', 'f-large.yaml', `# ${long(200 * 1024)}\n${finding('F1')}\n`, findingsIn, 'lớn quá', { fileProblems: true }],
  ['findings: CSV file', 'findings.csv', 'code,description\nF1,x\n', findingsIn, 'chỉ nhận tệp', { fileProblems: true }],
];

export const FILE_CASES: FileCase[] = rows.map(([name, file, content, args, field, more]) => ({
  name,
  file,
  content,
  args,
  field,
  ...more,
}));
