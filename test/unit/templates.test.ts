import {
  NOTIFICATION_PURPOSES,
  escapeHtml,
  formatDate,
  formatLongDate,
  periodLabel,
  renderEmail,
  reportName,
  templateSchemas,
  type NotificationPurpose,
  type TemplateData,
} from '../../domain/templates';
import { formatZodIssues } from '../../domain/zod-format';
import { FIXTURES } from './templates.fixtures';

const SLDTBXH = { code: 'SLDTBXH', name: 'Sở Lao động - Thương binh và Xã hội' };
const dataFor = <P extends NotificationPurpose>(purpose: P, agency = SLDTBXH) =>
  ({ ...FIXTURES[purpose].payload, agency }) as TemplateData<P>;

describe('labels and dates', () => {
  it.each([
    ['Q1', 'Quý I', 'Quý I năm 2022'],
    ['H1', '6 tháng đầu năm', '6 tháng đầu năm 2022'],
    ['Q3', 'Quý III', 'Quý III năm 2022'],
    ['YEAR', 'năm', 'năm 2022'],
    ['M9', '9 tháng', '9 tháng năm 2022'],
    ['K2', 'K2', 'K2 năm 2022'],
  ])('%s reads as "%s" and its report as "%s"', (code, label, report) => {
    expect(periodLabel(code)).toBe(label);
    expect(reportName(code, 2022)).toBe(report);
  });

  it('lets a configured period carry its own label', () => {
    expect(reportName('K2', 2022, 'Kỳ 2 (Nghị định 09)')).toBe('Kỳ 2 (Nghị định 09) năm 2022');
  });

  it('writes dates the Vietnamese way, with the weekday when asked', () => {
    expect(formatDate('2022-03-16')).toBe('16/3/2022');
    expect(formatDate('2021-12-05')).toBe('5/12/2021');
    expect(formatLongDate('2022-03-16')).toBe('thứ Tư, 16/3/2022');
    expect(formatLongDate('2022-03-20')).toBe('Chủ nhật, 20/3/2022');
    expect(formatLongDate('2022-03-19')).toBe('thứ Bảy, 19/3/2022');
  });

  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });
});

describe.each(NOTIFICATION_PURPOSES.map((p) => [p]))('%s email', (purpose) => {
  const fixture = FIXTURES[purpose];

  it('accepts its fixture and rejects a missing field or an unknown one, naming it', () => {
    const schema = templateSchemas[purpose];
    expect(schema.safeParse(fixture.payload).success).toBe(true);
    const { year: _year, ...withoutYear } = fixture.payload as Record<string, unknown>;
    const missing = schema.safeParse(withoutYear);
    expect(missing.success).toBe(false);
    expect(formatZodIssues(missing.error!).join('\n')).toMatch(/^year:/m);
    const extra = schema.safeParse({ ...fixture.payload, phone: '0900000107' });
    expect(formatZodIssues(extra.error!).join('\n')).toContain('phone');
  });

  it('has a one-line subject an official would write, and both parts carry the facts', () => {
    const email = renderEmail(purpose, dataFor(purpose));
    expect(email.subject).toMatch(/^\[CCHC\] \S/);
    expect(email.subject).not.toMatch(/[\r\n]/);
    for (const expected of fixture.subject) expect(email.subject).toContain(expected);
    for (const expected of fixture.body) {
      expect(email.text).toContain(expected);
      expect(email.html).toContain(escapeHtml(expected));
    }
    if (fixture.namesAgency) {
      expect(email.text).toContain(SLDTBXH.name);
      expect(email.html).toContain(SLDTBXH.name);
    }
    expect(email.text).toContain('Sở Nội vụ tỉnh Đồng Tháp');
    expect(email.html).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
  });

  it('escapes every value in the HTML part and keeps it verbatim in the text part', () => {
    const hostile = { code: 'STP', name: 'Sở <script>alert("x")</script> & Co' };
    // The consolidated messages name agencies in their lists: make those hostile too.
    const json = JSON.stringify(dataFor(purpose, hostile)).replace(
      /Sở Tư pháp|Sở Y tế/g,
      JSON.stringify(hostile.name).slice(1, -1),
    );
    const data = JSON.parse(json) as TemplateData<typeof purpose>;
    const email = renderEmail(purpose, data);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('Sở &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(email.text).toContain(hostile.name);
  });
});

describe('wording that depends on the data', () => {
  it('addresses the Director of Sở Nội vụ from escalation level 2', () => {
    const level2 = renderEmail('ESCALATION_SNV', { ...dataFor('ESCALATION_SNV'), level: 2 });
    expect(level2.subject).toBe('[CCHC] Đề nghị đôn đốc 2 đơn vị chậm gửi báo cáo CCHC năm 2022');
    expect(level2.text).toMatch(/^Kính gửi: Giám đốc Sở Nội vụ\./);
    expect(level2.text).toContain('ban hành văn bản đôn đốc');
    const level1 = renderEmail('ESCALATION_SNV', dataFor('ESCALATION_SNV'));
    expect(level1.text).toMatch(/^Kính gửi: Phòng Cải cách hành chính, Sở Nội vụ\./);
  });

  it('lists late agencies with code, name, due date and working days late', () => {
    const email = renderEmail('ESCALATION_SNV', dataFor('ESCALATION_SNV'));
    expect(email.text).toContain('STT | Mã | Đơn vị | Hạn gửi | Số ngày làm việc chậm');
    expect(email.text).toContain('1 | STP | Sở Tư pháp | 16/12/2022 | 2');
    // A name the activity could not find falls back to the code.
    expect(email.text).toContain('2 | H_LAPVO | H_LAPVO | 16/12/2022 | 2');
  });

  it('tells a late submission from an on-time one in the receipt', () => {
    const late = renderEmail('SUBMISSION_RECEIPT', {
      ...dataFor('SUBMISSION_RECEIPT'),
      onTime: false,
      workingDaysLate: 2,
      version: 2,
    });
    expect(late.text).toContain('- Tình trạng: Chậm 2 ngày làm việc');
    expect(late.text).toContain('- Lần gửi: 2 (báo cáo bổ sung, thay thế lần trước)');
  });

  it('leaves empty categories out of the summary to UBND tỉnh', () => {
    const data = { ...dataFor('UBND_SUMMARY'), late: [], notSubmitted: [], exempt: [] };
    const email = renderEmail('UBND_SUMMARY', data);
    expect(email.text).not.toContain('Đơn vị chưa gửi báo cáo:');
    expect(email.text).toContain('Đơn vị gửi đúng hạn:');
    expect(email.text).toMatch(/^Kính gửi: Ủy ban nhân dân tỉnh Đồng Tháp\./);
  });

  it('uses the plan when the inspection notice has no decision number', () => {
    const { decisionRef: _ref, ...payload } = FIXTURES.INSPECTION_NOTICE.payload;
    const email = renderEmail('INSPECTION_NOTICE', { ...payload, agency: SLDTBXH });
    expect(email.text).toContain('Thực hiện Kế hoạch kiểm tra công tác CCHC năm 2022, Đoàn kiểm tra');
  });

  it('never lets a value break the subject line', () => {
    const email = renderEmail('INSPECTION_NOTICE', {
      ...dataFor('INSPECTION_NOTICE'),
      agency: { code: 'X', name: 'Sở\r\nBcc: a@b' },
    });
    expect(email.subject).toContain('Sở Bcc: a@b');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});
