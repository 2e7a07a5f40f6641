import { SMS_MAX_SEGMENTS, gsm7Segments, isGsm7, toSmsText } from '../../domain/sms-text';
import {
  NOTIFICATION_PURPOSES,
  REPORTING_PURPOSES,
  SMS_DRILL_MARK,
  renderSms,
  type NotificationPurpose,
  type TemplateData,
} from '../../domain/templates';
import {
  CCHC_DRILL,
  CCHC_REAL,
  KSTTHC_DRILL,
  SCENARIOS,
  UNIT_NAMES,
  fixturesFor,
  type Scenario,
} from './templates.fixtures';

// Every SMS fits in two GSM-7 segments without diacritics, naming the longest real units in full,
// for every reporting purpose in CCHC and KSTTHC, real and drill; a drill's starts with its mark.

type Unit = { code: string; name: string };
const isReporting = (p: NotificationPurpose) => (REPORTING_PURPOSES as readonly string[]).includes(p);
const dataFor = <P extends NotificationPurpose>(purpose: P, s: Scenario, agency: Unit) =>
  ({ ...fixturesFor(s)[purpose].payload, agency }) as TemplateData<P>;
const SLDTBXH = UNIT_NAMES.find((u) => u.code === 'SLDTBXH')!;
const longest = UNIT_NAMES.reduce((a, b) => (b.name.length > a.name.length ? b : a));

function expectSendable(text: string): void {
  expect(isGsm7(text)).toBe(true);
  expect(text).toMatch(/^[\x20-\x7e]+$/); // plain ASCII: no diacritics, no extension characters
  expect(gsm7Segments(text)).toBeLessThanOrEqual(SMS_MAX_SEGMENTS);
  expect(text).not.toMatch(/(?<![\d/])(\d\/\d{1,2}|\d{1,2}\/\d)\/\d{4}/); // dd/mm/yyyy, padded
  expect(text).not.toMatch(/con 0 ngay/);
}

describe('SMS templates', () => {
  it('reasons about the longest real unit names', () => {
    expect(longest.name).toBe('Trung tâm Phục vụ hành chính công tỉnh Đồng Tháp');
    expect(UNIT_NAMES.map((u) => u.name)).toEqual(
      expect.arrayContaining([
        'Sở Văn hóa, Thể thao và Du lịch',
        'Ban Quản lý Khu kinh tế tỉnh Đồng Tháp',
        'Phường Mỹ Phước Tây',
      ]),
    );
  });

  describe.each(NOTIFICATION_PURPOSES.map((p) => [p]))('%s', (purpose) => {
    const scenarios = isReporting(purpose) ? SCENARIOS : [CCHC_REAL];
    const namesAgency = fixturesFor(CCHC_REAL)[purpose].namesAgency;

    it.each(scenarios.map((s) => [s.name, s]))(
      '%s: fits two segments and names every real unit in full',
      (_name, scenario) => {
        for (const periodName of ['Quý IV', '6 tháng đầu năm']) {
          const s = { ...scenario, cycle: { ...scenario.cycle, periodName } };
          for (const unit of UNIT_NAMES) {
            const text = renderSms(purpose, dataFor(purpose, s, unit));
            expectSendable(text);
            if (namesAgency) expect(text).toContain(toSmsText(unit.name));
            if (!isReporting(purpose)) continue;
            expect(text.startsWith(SMS_DRILL_MARK)).toBe(s.cycle.drill);
            expect(text.split('DIEN TAP').length - 1).toBe(s.cycle.drill ? 1 : 0);
            expect(text).toContain(toSmsText(s.cycle.collectorName));
            // Sở Nội vụ may owe a KSTTHC report itself; the regime's words never name it.
            const words = text.replace(toSmsText(unit.name), '<unit>');
            if (s.cycle.regime !== 'CCHC') expect(words).not.toMatch(/So Noi vu|CCHC/);
          }
        }
      },
    );

    it('stays within two segments, the drill mark kept, with the longest values the schema allows', () => {
      const long = (n: number) => 'Đơn vị có tên rất dài '.repeat(20).slice(0, n);
      const agency = { code: 'H_CHAUTHANH', name: `${longest.name} và ${longest.name} và ${longest.name}` };
      const data = dataFor(purpose, CCHC_DRILL, agency) as Record<string, unknown>;
      if (isReporting(purpose)) {
        data.cycle = {
          ...CCHC_DRILL.cycle,
          reportName: long(120),
          collectorName: long(120),
          periodName: long(60),
        };
      }
      const text = renderSms(purpose, data as TemplateData<typeof purpose>);
      expectSendable(text);
      if (isReporting(purpose)) expect(text.startsWith(SMS_DRILL_MARK)).toBe(true);
    });
  });

  it('reads as registered: short, fixed wording with the facts filled in', () => {
    expect(renderSms('REPORT_REMINDER', dataFor('REPORT_REMINDER', CCHC_REAL, SLDTBXH))).toBe(
      'So Lao dong - Thuong binh va Xa hoi: han gui bao cao CCHC Quy I nam 2027 ve So Noi vu la ' +
        'het ngay 16/03/2027 (con 3 ngay lam viec). De nghi gui dung han. Neu da gui, xin bo qua tin nay.',
    );
    const today = { ...dataFor('REPORT_REMINDER', CCHC_REAL, SLDTBXH), workingDaysLeft: 0 };
    expect(renderSms('REPORT_REMINDER', today)).toContain('ve So Noi vu la hom nay, het ngay 16/03/2027.');
    const bqlkkt = UNIT_NAMES.find((u) => u.code === 'BQLKKT')!;
    expect(renderSms('REPORT_OVERDUE', dataFor('REPORT_OVERDUE', KSTTHC_DRILL, bqlkkt))).toBe(
      'DIEN TAP: Ban Quan ly Khu kinh te tinh Dong Thap: chua gui bao cao kiem soat TTHC Quy IV nam 2027 ' +
        '(han 14:35 ngay 02/12/2026), da cham 1 gio 15 phut. ' +
        'De nghi Thu truong don vi chi dao gui ngay ve Van phong UBND tinh.',
    );
    expect(renderSms('REPORT_REMINDER', dataFor('REPORT_REMINDER', CCHC_DRILL, SLDTBXH))).toBe(
      'DIEN TAP: So Lao dong - Thuong binh va Xa hoi: han gui bao cao CCHC Quy I nam 2027 ve So Noi vu la ' +
        '09:07 ngay 02/12/2026. De nghi gui dung han. Neu da gui, xin bo qua tin nay.',
    );
  });

  it('falls back to the unit code when a name would not fit', () => {
    const agency = { code: 'H_CHAUTHANH', name: 'Ủy ban nhân dân '.repeat(20) };
    const text = renderSms('REPORT_REMINDER', dataFor('REPORT_REMINDER', CCHC_DRILL, agency));
    expect(text.startsWith('DIEN TAP: H_CHAUTHANH: han gui bao cao CCHC')).toBe(true);
  });

  it('lists as many late units as fit, then counts the rest', () => {
    const lateUnit = (u: Unit) => ({
      ...u,
      dueDate: CCHC_DRILL.dueDate,
      late: { unit: 'minutes' as const, amount: 12 },
      contacts: [],
    });
    const many = Array.from({ length: 40 }, (_, i) => ({ code: `X_XA${i + 1}`, name: `Xã số ${i + 1}` }));
    const escalation = renderSms('ESCALATION_SNV', {
      ...dataFor('ESCALATION_SNV', CCHC_DRILL, SLDTBXH),
      lateAgencies: many.map(lateUnit),
    });
    expectSendable(escalation);
    expect(escalation).toMatch(
      /^DIEN TAP: So Noi vu: 40 don vi chua gui bao cao CCHC Quy I nam 2027 da qua han: /,
    );
    expect(escalation).toMatch(
      /X_XA1 \(12 phut\), X_XA2 \(12 phut\), .* va \d+ don vi khac\. Chi tiet trong email\.$/,
    );
    const digest = renderSms('FOLLOW_UP_DIGEST', {
      ...dataFor('FOLLOW_UP_DIGEST', KSTTHC_DRILL, SLDTBXH),
      missing: many.map(lateUnit),
    });
    expectSendable(digest);
    expect(digest).toMatch(
      /^DIEN TAP: Van phong UBND tinh: bao cao kiem soat TTHC Quy IV nam 2027: tu 02\/12\/2026 nhan them 1 bao cao, con 40 don vi chua gui: X_XA1, /,
    );
    expect(digest).toMatch(/ va \d+ don vi khac\. Chi tiet trong email\.$/);
  });
});
