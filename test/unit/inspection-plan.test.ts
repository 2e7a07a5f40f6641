import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { FileError, loadPlanFile, readFindingsFile, readPlanFile } from '../../client/files/plan-file';
import { createWorkingCalendar } from '../../domain/calendar';
import {
  findingCodeSchema,
  rescheduleInputSchema,
  selfReportInputSchema,
  visitResultInputSchema,
  type AgencyFacts,
} from '../../domain/inspection-plan';
import { inspectionWorkflowId, planWorkflowId } from '../../workflows/inspection/ids';

// Plan files as officials write them: every problem named by file, line and field, nothing
// accepted that would only fail later (unknown or retired agency, a visit on a day off).

z.config(z.locales.vi()); // as the CLI does
const dir = path.resolve(__dirname, '../fixtures/plans');
const fixture = (name: string) => path.join(dir, name);
const calendar = createWorkingCalendar();

const agencies = new Map<string, AgencyFacts>([
  ['SNV', { name: 'Sở Nội vụ', active: true, roles: ['focal_point', 'head', 'snv_desk', 'snv_director'] }],
  ['STP', { name: 'Sở Tư pháp', active: true, roles: ['focal_point', 'head'] }],
  ['STC', { name: 'Sở Tài chính', active: true, roles: ['focal_point', 'head'] }],
  ['SYT', { name: 'Sở Y tế', active: true, roles: ['head'] }],
  ['SXD', { name: 'Sở Xây dựng', active: true, roles: [] }],
  ['SCU', { name: 'Sở Cũ', active: false, roles: ['focal_point'] }],
]);

/** The lines the CLI prints for a file, or [] when it loads. */
function problems(name: string, today = '2022-03-01'): string[] {
  try {
    loadPlanFile(fixture(name), { calendar, agencies, today });
    return [];
  } catch (err) {
    if (err instanceof FileError) return err.lines().map((l) => l.slice(dir.length + 1));
    throw err;
  }
}

describe('plan files', () => {
  it('loads a good plan with its defaults, keeping the decision number without the words', () => {
    const { plan, warnings } = loadPlanFile(fixture('good.yaml'), {
      calendar,
      agencies,
      today: '2022-03-01',
    });
    expect(warnings).toEqual([]);
    expect(plan).toMatchObject({
      year: 2022,
      code: 'KT-2022-01',
      decisionRef: '123/QĐ-UBND ngày 10/01/2022',
      team: { lead: { agency: 'SNV', role: 'snv_desk' }, members: [{ agency: 'SNV', role: 'snv_director' }] },
      inspections: [
        { agency: 'STP', visitDate: '2022-03-22' },
        { agency: 'STC', visitDate: '2022-04-12', scope: 'Cải cách tài chính công' },
      ],
    });
    expect(plan.policy).toEqual({
      sendTime: '08:00',
      noticeWorkingDaysBeforeVisit: 10,
      selfReportDueWorkingDaysBeforeVisit: 3,
      selfReportReminderWorkingDaysBefore: [2, 1],
      visitReminderWorkingDaysBefore: 1,
      resultGraceWorkingDays: 3,
      defaultRemediationWorkingDays: 20,
      remediationReminderWorkingDaysBefore: [5, 1],
      overdueWorkingDaysAfterDue: 1,
      selfReportEscalations: [
        { level: 1, workingDaysAfterDue: 1, role: 'snv_desk' },
        { level: 2, workingDaysAfterDue: 2, role: 'snv_director' },
      ],
      remediationEscalations: [
        { level: 1, workingDaysAfterDue: 1, role: 'snv_desk' },
        { level: 2, workingDaysAfterDue: 5, role: 'snv_director' },
      ],
      sms: true,
    });
    expect(planWorkflowId(plan.year, plan.code)).toBe('inspection-plan-2022-KT-2022-01');
    expect(inspectionWorkflowId(plan.year, plan.code, 'STP')).toBe('inspection-2022-KT-2022-01-STP');
  });

  it('names every bad field with its line, in file order', () => {
    expect(problems('bad-shape.yaml')).toEqual([
      'bad-shape.yaml:1: decisionRef: bắt buộc, chưa có',
      'bad-shape.yaml:2: code: mã kế hoạch: 2-30 ký tự in hoa, số hoặc - (vd. KT-2022-01)',
      'bad-shape.yaml:4: team.lead.role: vai trò trong đoàn kiểm tra phải là một trong: snv_desk, snv_director (người liên hệ của Sở Nội vụ)',
      'bad-shape.yaml:6: policy.sms: mong đợi true hoặc false',
      'bad-shape.yaml:9: inspections[0].visitDate: ngày không tồn tại trong lịch',
      'bad-shape.yaml:13: inspections[1].scope: nội dung kiểm tra không được để trống',
      'bad-shape.yaml:14: inspections[1].inspector: Khóa không được nhận dạng: "inspector"',
    ]);
  });

  it('refuses unknown and retired agencies, and a team member without that contact', () => {
    expect(problems('unknown-agency.yaml')).toEqual([
      'unknown-agency.yaml:7: team.members[0].role: STP không có người liên hệ vai trò snv_director đang hoạt động (có email hoặc điện thoại)',
      'unknown-agency.yaml:12: inspections[1].agency: không có đơn vị mã SXYZ (xem "cchc agencies list")',
      'unknown-agency.yaml:15: inspections[2].agency: đơn vị SCU đã ngừng hoạt động',
    ]);
  });

  it('refuses a visit on a holiday or a weekend, saying which, and one outside the plan year', () => {
    expect(problems('holiday-visit.yaml')).toEqual([
      'holiday-visit.yaml:11: inspections[1].visitDate: 11/4/2022 là ngày nghỉ Giỗ Tổ Hùng Vương (nghỉ bù): ngày kiểm tra phải là ngày làm việc',
      'holiday-visit.yaml:14: inspections[2].visitDate: 19/3/2022 là Thứ Bảy, ngày nghỉ cuối tuần: ngày kiểm tra phải là ngày làm việc',
      'holiday-visit.yaml:17: inspections[3].visitDate: ngày kiểm tra 21/3/2023 không thuộc năm 2022 của kế hoạch',
    ]);
  });

  it('refuses a second inspection of the same agency', () => {
    expect(problems('duplicate-agency.yaml')).toEqual([
      'duplicate-agency.yaml:13: inspections[2].agency: đơn vị STP đã có ở inspections[0]: mỗi đơn vị một cuộc kiểm tra trong kế hoạch',
    ]);
  });

  it('refuses a policy whose steps would not fit between the notice and the visit', () => {
    expect(problems('bad-policy.yaml')).toEqual([
      'bad-policy.yaml:7: policy.noticeWorkingDaysBeforeVisit: thông báo phải trước hạn báo cáo tự kiểm tra và các lần nhắc (cần lớn hơn 3 + 2 = 5)',
      'bad-policy.yaml:11: policy.selfReportEscalations[1].workingDaysAfterDue: phải trước ngày kiểm tra (cần nhỏ hơn selfReportDueWorkingDaysBeforeVisit = 3)',
    ]);
  });

  it('refuses visits that are past, or too close for the self-report, given today', () => {
    // STP visits Tue 22/3/2022; its self-report is due 3 working days before: Thu 17/3.
    expect(problems('good.yaml', '2022-03-17')).toEqual([]);
    expect(problems('good.yaml', '2022-03-18')).toEqual([
      'good.yaml:14: inspections[0].visitDate: quá gần: hạn báo cáo tự kiểm tra (3 ngày làm việc trước, 17/3/2022) đã qua',
    ]);
    expect(problems('good.yaml', '2022-03-22')).toEqual([
      'good.yaml:14: inspections[0].visitDate: ngày kiểm tra 22/3/2022 đã qua hoặc là hôm nay',
    ]);
  });

  it('points at the line of broken YAML', () => {
    // Written here rather than kept as a fixture: the formatter would choke on it.
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-plan-')), 'broken.yaml');
    fs.writeFileSync(
      broken,
      'year: 2022\ncode: KT-2022-06\ninspections:\n  - agency: STP\n    visitDate: [2022-03-22\n    scope: x\n',
    );
    let lines: string[] = [];
    try {
      readPlanFile(broken);
    } catch (err) {
      lines = (err as FileError).lines();
    }
    expect(lines).toEqual([
      expect.stringMatching(/broken\.yaml:[56]: \(YAML\): YAML không hợp lệ ở dòng [56], cột \d+: \S/),
    ]);
  });

  it('warns about an inspected agency nobody there would hear from', () => {
    const { plan } = readPlanFile(fixture('holiday-visit.yaml'));
    expect(plan.inspections.map((i) => i.agency)).toEqual(['STP', 'STC', 'SYT', 'SXD']);
    const facts = new Map(agencies);
    const { warnings } = loadPlanFile(fixture('good.yaml'), {
      calendar,
      agencies: facts.set('STC', { name: 'Sở Tài chính', active: true, roles: ['snv_desk'] }),
      today: '2022-03-01',
    });
    expect(warnings.map((w) => w.slice(dir.length + 1))).toEqual([
      'good.yaml:16: inspections[1].agency: STC chưa có đầu mối CCHC hay thủ trưởng có email/điện thoại: đơn vị sẽ không nhận được thông báo',
    ]);
  });

  it('takes only .yaml files', () => {
    expect(() => readPlanFile(fixture('plan.json'))).toThrow(FileError);
  });
});

describe('findings files and update payloads', () => {
  it('reads a list of findings, codes optional', () => {
    expect(readFindingsFile(fixture('findings.yaml'))).toEqual([
      { description: 'Chưa niêm yết đầy đủ thủ tục hành chính tại bộ phận một cửa' },
      { code: 'F2', description: 'Chưa số hóa hồ sơ tiếp nhận', remediationDueDate: '2022-05-06' },
    ]);
  });

  it('names the bad findings with their lines', () => {
    let lines: string[] = [];
    try {
      readFindingsFile(fixture('findings-bad.yaml'));
    } catch (err) {
      lines = (err as FileError).lines().map((l) => l.slice(dir.length + 1));
    }
    expect(lines).toEqual([
      'findings-bad.yaml:4: findings[1].code: mã tồn tại F1 bị lặp',
      'findings-bad.yaml:5: findings[1].description: nội dung tồn tại không được để trống',
      'findings-bad.yaml:6: findings[1].remediationDueDate: ngày phải có dạng YYYY-MM-DD (vd. 2022-03-16)',
    ]);
  });

  it('refuses repeated finding codes and normalises them', () => {
    const repeated = visitResultInputSchema.safeParse({
      findings: [
        { code: 'f1', description: 'a' },
        { code: 'F1', description: 'b' },
      ],
    });
    expect(repeated.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'findings.1.code: mã tồn tại F1 bị lặp',
    ]);
    expect(findingCodeSchema.parse(' f2 ')).toBe('F2');
  });

  it('checks the self-report and reschedule payloads field by field', () => {
    expect(selfReportInputSchema.safeParse({ documentNumber: ' ' }).error?.issues[0]).toMatchObject({
      path: ['documentNumber'],
      message: 'số văn bản không được để trống',
    });
    expect(
      selfReportInputSchema.safeParse({ documentNumber: '1/BC', signedDate: '2022-13-01' }).success,
    ).toBe(false);
    expect(selfReportInputSchema.safeParse({ documentNumber: '1/BC', phone: '0900000000' }).success).toBe(
      false,
    );
    expect(rescheduleInputSchema.safeParse({ visitDate: '2022-04-05' }).error?.issues[0]).toMatchObject({
      path: ['reason'],
      message: 'bắt buộc, chưa có',
    });
  });
});
