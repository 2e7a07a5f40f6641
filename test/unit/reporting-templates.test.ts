import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseRegime, regimeWording } from '../../domain/regime';
import {
  cycleContextSchema,
  formatDate,
  formatLateness,
  formatLongDate,
  formatVnDateTime,
  periodOf,
  renderEmail,
  templateSchemas,
  type CycleContext,
  type NotificationPurpose,
  type TemplateData,
} from '../../domain/templates';
import {
  CCHC_DRILL,
  CCHC_REAL,
  KSTTHC_DRILL,
  KSTTHC_REAL,
  reportingFixtures,
  type Scenario,
} from './templates.fixtures';

// Wording that depends on the data: deadlines at any timescale, escalation addressees, the
// contacts in digests, the summary's categories, the follow-up digest, where to submit.

const SLDTBXH = { code: 'SLDTBXH', name: 'Sở Lao động - Thương binh và Xã hội' };
const UBND = { code: 'UBND_TINH', name: 'Ủy ban nhân dân tỉnh Đồng Tháp' };

function dataFor<P extends keyof ReturnType<typeof reportingFixtures>>(
  purpose: P,
  s: Scenario,
  agency = SLDTBXH,
) {
  return { ...reportingFixtures(s)[purpose].payload, agency } as TemplateData<P>;
}

describe('dates, times, periods and lateness', () => {
  it('writes dates dd/mm/yyyy, zero-padded, with the weekday when asked', () => {
    expect(formatDate('2027-03-06')).toBe('06/03/2027');
    expect(formatDate('2021-12-15')).toBe('15/12/2021');
    expect(formatLongDate('2027-03-16')).toBe('thứ Ba, 16/03/2027');
    expect(formatLongDate('2027-03-21')).toBe('Chủ nhật, 21/03/2027');
    expect(formatLongDate('2027-03-20')).toBe('thứ Bảy, 20/03/2027');
  });

  it('reads instants on Vietnam time (UTC+7), across midnight too', () => {
    expect(formatVnDateTime('2027-03-15T03:05:00Z')).toBe('10:05 ngày 15/03/2027');
    expect(formatVnDateTime(Date.parse('2027-03-15T17:30:00Z'))).toBe('00:30 ngày 16/03/2027');
    expect(formatVnDateTime('2027-01-01T06:59:00+07:00')).toBe('06:59 ngày 01/01/2027');
  });

  it.each([
    [{ unit: 'workingDays', amount: 3 }, '3 ngày làm việc'],
    [{ unit: 'minutes', amount: 2 }, '2 phút'],
    [{ unit: 'minutes', amount: 60 }, '1 giờ'],
    [{ unit: 'minutes', amount: 75 }, '1 giờ 15 phút'],
  ] as const)('%j late reads "%s"', (late, text) => {
    expect(formatLateness(late)).toBe(text);
  });

  it.each([
    ['Quý I', 'Quý I năm 2027'],
    ['6 tháng đầu năm', '6 tháng đầu năm 2027'],
    ['9 tháng', '9 tháng năm 2027'],
    ['Năm', 'năm 2027'],
    ['Tháng 4', 'Tháng 4 năm 2027'],
  ])('the period "%s" reads "%s"', (name, text) => {
    expect(periodOf(name, 2027)).toBe(text);
  });
});

describe('deadlines at any timescale', () => {
  it('says "today" rather than "còn 0 ngày" on the due day', () => {
    const email = renderEmail('REPORT_REMINDER', {
      ...dataFor('REPORT_REMINDER', CCHC_REAL),
      workingDaysLeft: 0,
    });
    expect(email.subject).toBe(
      '[CCHC] Nhắc hạn gửi báo cáo CCHC Quý I năm 2027 – hạn là hôm nay, 16/03/2027',
    );
    expect(email.text).toContain(
      'Hạn gửi báo cáo CCHC Quý I năm 2027 về Sở Nội vụ là hôm nay, hết ngày thứ Ba, 16/03/2027.',
    );
  });

  it("gives a drill's deadline to the minute and counts no days", () => {
    const email = renderEmail('REPORT_REMINDER', dataFor('REPORT_REMINDER', CCHC_DRILL));
    expect(email.subject).toBe(
      '[DIỄN TẬP] [CCHC] Nhắc hạn gửi báo cáo CCHC Quý I năm 2027 – hạn 09:07 ngày 02/12/2026',
    );
    expect(email.text).toContain('về Sở Nội vụ là 09:07 ngày 02/12/2026. Đến thời điểm này');
    expect(email.text).not.toMatch(/ngày làm việc|hết ngày/);
  });

  it("says how late in the cycle's unit", () => {
    const drill = renderEmail('REPORT_OVERDUE', dataFor('REPORT_OVERDUE', KSTTHC_DRILL));
    expect(drill.text).toContain('đã chậm 1 giờ 15 phút so với hạn gửi (14:35 ngày 02/12/2026).');
    expect(drill.text).not.toContain('kết quả thực hiện chế độ báo cáo'); // a drill is recorded nowhere
    const real = renderEmail('REPORT_OVERDUE', dataFor('REPORT_OVERDUE', CCHC_REAL));
    expect(real.text).toContain('đã chậm 3 ngày làm việc so với hạn gửi (hết ngày thứ Ba, 16/03/2027).');
    expect(real.text).toContain('kết quả thực hiện chế độ báo cáo năm 2027 của đơn vị');
  });

  it('tells a late receipt from an on-time one, in working days or minutes', () => {
    const late = { ...dataFor('SUBMISSION_RECEIPT', CCHC_REAL), onTime: false, version: 2 };
    expect(
      renderEmail('SUBMISSION_RECEIPT', { ...late, late: { unit: 'workingDays', amount: 2 } }).text,
    ).toContain('- Tình trạng: Chậm 2 ngày làm việc\n- Lần gửi: 2 (báo cáo bổ sung, thay thế lần trước)');
    const drill = { ...dataFor('SUBMISSION_RECEIPT', CCHC_DRILL), onTime: false };
    expect(
      renderEmail('SUBMISSION_RECEIPT', { ...drill, late: { unit: 'minutes', amount: 4 } }).text,
    ).toContain('- Tình trạng: Chậm 4 phút');
  });

  it("shows both of a drill's deadlines to the minute when one is extended", () => {
    const email = renderEmail('DEADLINE_EXTENDED', dataFor('DEADLINE_EXTENDED', CCHC_DRILL));
    expect(email.text).toContain('- Hạn mới: 09:37 ngày 02/12/2026\n- Hạn trước đây: 09:07 ngày 02/12/2026');
    const real = renderEmail('DEADLINE_EXTENDED', dataFor('DEADLINE_EXTENDED', KSTTHC_REAL));
    expect(real.text).toContain('- Hạn mới: hết ngày thứ Tư, 29/12/2027\n- Hạn trước đây: 20/12/2027');
  });
});

describe('where and how to submit', () => {
  it.each([
    'CYCLE_OPENING',
    'REPORT_REMINDER',
    'REPORT_DUE_TODAY',
    'REPORT_OVERDUE',
    'DEADLINE_EXTENDED',
  ] as const)('%s says it, with the exact deadline', (purpose) => {
    const cchc = renderEmail(purpose, dataFor(purpose, CCHC_REAL)).text;
    expect(cchc).toContain('Cách gửi báo cáo:\n\nGửi báo cáo có chữ ký số của Thủ trưởng đơn vị');
    expect(cchc).toContain('- Hệ thống: Hệ thống quản lý văn bản và điều hành tỉnh Đồng Tháp');
    expect(cchc).toContain('- Địa chỉ nhận: phongcchc.snv@dongthap.example');
    expect(cchc).toContain('- Mẫu báo cáo: Đề cương báo cáo CCHC định kỳ');
    expect(cchc).toMatch(/(hết ngày|Hôm nay,) thứ (Ba, 16\/03|Sáu, 19\/03)\/2027/);
    const ksthc = renderEmail(purpose, dataFor(purpose, KSTTHC_DRILL)).text;
    expect(ksthc).toContain('Nhập số liệu trên Hệ thống thông tin báo cáo của tỉnh');
    expect(ksthc).not.toContain('Địa chỉ nhận'); // the regime names no address
    expect(ksthc).toMatch(/1[45]:[03]5 ngày 02\/12\/2026/);
  });

  it('falls back to one sentence when the regime says nothing', () => {
    const { submission: _none, ...cycle } = CCHC_REAL.cycle;
    const email = renderEmail('CYCLE_OPENING', { ...dataFor('CYCLE_OPENING', CCHC_REAL), cycle });
    expect(email.text).toContain('Đơn vị gửi báo cáo về Sở Nội vụ theo hướng dẫn hiện hành.');
    expect(email.text).not.toContain('Cách gửi báo cáo:');
  });
});

describe('escalations to the collector', () => {
  it.each([
    [CCHC_REAL.name, 1, 'Phòng Cải cách hành chính, Sở Nội vụ', CCHC_REAL],
    [CCHC_REAL.name, 2, 'Giám đốc Sở Nội vụ', CCHC_REAL],
    [KSTTHC_REAL.name, 1, 'Phòng Kiểm soát thủ tục hành chính, Văn phòng UBND tỉnh', KSTTHC_REAL],
    [KSTTHC_DRILL.name, 3, 'Chánh Văn phòng UBND tỉnh', KSTTHC_DRILL],
  ] as const)('%s, level %i: addresses %s', (_name, level, addressee, s) => {
    const email = renderEmail('ESCALATION_SNV', { ...dataFor('ESCALATION_SNV', s), level });
    expect(email.text.startsWith(`Kính gửi: ${addressee}.\n`)).toBe(true);
    if (level >= 2) {
      expect(email.subject).toContain(`Đề nghị đôn đốc 2 đơn vị chậm gửi ${s.report}`);
      expect(email.text).toContain(`Đề nghị ${addressee} xem xét ban hành văn bản đôn đốc các đơn vị trên.`);
    } else {
      expect(email.subject).toContain(`Danh sách 2 đơn vị chậm gửi ${s.report}`);
    }
  });

  it('lists each late unit with its deadline, how late, and whom to call, the focal point first', () => {
    const email = renderEmail('ESCALATION_SNV', dataFor('ESCALATION_SNV', CCHC_REAL));
    expect(email.text).toContain('STT | Mã | Đơn vị | Hạn gửi | Thời gian chậm | Liên hệ\n');
    expect(email.text).toContain(
      '1 | STP | Sở Tư pháp | 16/03/2027 | 3 ngày làm việc | ' +
        'Đầu mối: Nguyễn Thị Lan, 0900000101, daumoi.stp@dongthap.example; ' +
        'Thủ trưởng: Trần Văn Bình, 0900000102, giamdoc.stp@dongthap.example\n',
    );
    expect(email.text).toContain(
      '2 | P_MYPHUOCTAY | Phường Mỹ Phước Tây | 16/03/2027 | 3 ngày làm việc | chưa có thông tin liên hệ',
    );
    // One contact a line in the HTML cell.
    expect(email.html).toContain('daumoi.stp@dongthap.example<br>Thủ trưởng: Trần Văn Bình');
  });

  it("gives a drill's deadline in the table to the minute", () => {
    const email = renderEmail('ESCALATION_SNV', dataFor('ESCALATION_SNV', KSTTHC_DRILL));
    expect(email.text).toContain('1 | STP | Sở Tư pháp | 14:35 ngày 02/12/2026 | 1 giờ 15 phút | Đầu mối');
  });
});

describe('the summary to UBND tỉnh', () => {
  const summary = (s: Scenario) => renderEmail('UBND_SUMMARY', dataFor('UBND_SUMMARY', s, UBND));

  it('addresses UBND tỉnh by name and counts every category, extended included', () => {
    const email = summary(CCHC_REAL);
    expect(email.text.startsWith('Kính gửi: Ủy ban nhân dân tỉnh Đồng Tháp.\n')).toBe(true);
    expect(email.text).toContain(
      '- Tổng số đơn vị: 6\n- Gửi đúng hạn: 1\n- Gửi chậm hạn: 1\n- Chưa gửi (đã quá hạn): 2\n' +
        '- Được gia hạn, chưa gửi: 1\n- Được miễn báo cáo: 1',
    );
    expect(email.text).toContain('Sở Nội vụ kính báo cáo Ủy ban nhân dân tỉnh Đồng Tháp xem xét, chỉ đạo.');
  });

  it('lists the units not submitted and late with how late, the extended with their new date', () => {
    const text = summary(KSTTHC_REAL).text;
    expect(text).toContain(
      'Đơn vị chưa gửi báo cáo (2):\n\nSTT | Đơn vị | Thời gian chậm\n1 | Sở Y tế | 1 ngày làm việc\n2 | Phường Mỹ Phước Tây | —',
    );
    expect(text).toContain(
      'Đơn vị gửi chậm hạn (1):\n\nSTT | Đơn vị | Thời gian chậm\n1 | Sở Tư pháp | 1 ngày làm việc',
    );
    expect(text).toContain(
      'Đơn vị được gia hạn, còn phải gửi (1):\n\nSTT | Đơn vị | Hạn mới\n1 | Sở Xây dựng | 29/12/2027',
    );
    expect(text).toContain('1 | Ban Quản lý Khu kinh tế tỉnh Đồng Tháp | hợp nhất');
    expect(text).toContain('Đơn vị gửi đúng hạn (1):\n\nSở Tài chính.');
    expect(text).toContain('Văn phòng UBND tỉnh tiếp tục theo dõi, đôn đốc các đơn vị chưa gửi');
    expect(summary(CCHC_DRILL).text).toContain('1 | Sở Xây dựng | 09:37 ngày 02/12/2026');
  });

  it('leaves empty categories out', () => {
    const data = {
      ...dataFor('UBND_SUMMARY', CCHC_REAL, UBND),
      late: [],
      notSubmitted: [],
      exempt: [],
      extended: [],
    };
    const email = renderEmail('UBND_SUMMARY', data);
    expect(email.text).not.toMatch(/Đơn vị (chưa gửi báo cáo|gửi chậm hạn|được gia hạn|được miễn)/);
    expect(email.text).not.toContain('tiếp tục theo dõi');
    expect(email.text).toContain('Đơn vị gửi đúng hạn (1):');
  });
});

describe('the follow-up digest', () => {
  it('tells the desk what came in since the last digest and who still owes it, with contacts', () => {
    const email = renderEmail('FOLLOW_UP_DIGEST', dataFor('FOLLOW_UP_DIGEST', KSTTHC_REAL));
    expect(email.subject).toBe(
      '[KSTTHC] Theo dõi báo cáo kiểm soát TTHC Quý IV năm 2027 sau tổng hợp: nhận thêm 1 báo cáo, còn 2 đơn vị chưa gửi',
    );
    expect(
      email.text.startsWith('Kính gửi: Phòng Kiểm soát thủ tục hành chính, Văn phòng UBND tỉnh.\n'),
    ).toBe(true);
    expect(email.text).toContain('Tình hình từ ngày 23/12/2027 đến ngày 30/12/2027:');
    expect(email.text).toContain('1 | SYT | Sở Y tế | 09:30 ngày 27/12/2027 | 1 ngày làm việc');
    expect(email.text).toContain(
      '1 | STP | Sở Tư pháp | 20/12/2027 | 1 ngày làm việc | Đầu mối: Nguyễn Thị Lan',
    );
  });

  it('says so when nothing came in, or nobody still owes it', () => {
    const none = renderEmail('FOLLOW_UP_DIGEST', { ...dataFor('FOLLOW_UP_DIGEST', CCHC_REAL), arrived: [] });
    expect(none.text).toContain(
      'Báo cáo đã nhận thêm (0):\n\nKhông có báo cáo nào được gửi thêm trong thời gian này.',
    );
    const done = renderEmail('FOLLOW_UP_DIGEST', { ...dataFor('FOLLOW_UP_DIGEST', CCHC_REAL), missing: [] });
    expect(done.text).toContain(
      'Đơn vị vẫn chưa gửi báo cáo (0):\n\nTất cả các đơn vị phải báo cáo đã gửi báo cáo.',
    );
    expect(done.text).not.toContain('Đề nghị tiếp tục liên hệ');
  });

  it("reads a drill's digest, minutes after the summary, as one day", () => {
    const email = renderEmail('FOLLOW_UP_DIGEST', dataFor('FOLLOW_UP_DIGEST', CCHC_DRILL));
    expect(email.text).toContain('Tình hình trong ngày 02/12/2026:');
    expect(email.text).toContain('1 | SYT | Sở Y tế | 09:41 ngày 02/12/2026 | 2 phút');
  });
});

describe('the shipped regimes', () => {
  const regimeContext = (file: string, drill: boolean): CycleContext => {
    const regime = parseRegime(
      parse(fs.readFileSync(path.resolve(__dirname, '../../regimes', file), 'utf8')),
    );
    const w = regimeWording(regime);
    return {
      key: `${w.code}-2027-Q4${drill ? '-DT1' : ''}`,
      regime: w.code,
      reportName: w.reportName,
      collectorName: w.collectorName,
      deskName: w.deskName,
      directorName: w.directorName,
      signature: w.signature,
      year: 2027,
      period: 'Q4',
      periodName: 'Quý IV',
      drill,
      submission: w.submission,
    };
  };

  it.each([
    ['CCHC.yaml', false],
    ['KSTTHC.yaml', true],
  ])('%s (drill: %s) fills a cycle context every reporting message renders', (file, drill) => {
    const cycle = regimeContext(file, drill);
    expect(cycleContextSchema.safeParse(cycle).success).toBe(true);
    const base = drill ? KSTTHC_DRILL : CCHC_REAL;
    const fixtures = reportingFixtures({ ...base, cycle });
    for (const purpose of Object.keys(fixtures) as NotificationPurpose[]) {
      const payload = { ...fixtures[purpose as keyof typeof fixtures].payload, cycle };
      expect(templateSchemas[purpose].safeParse(payload).success).toBe(true);
      const email = renderEmail(purpose, { ...payload, agency: SLDTBXH } as TemplateData<typeof purpose>);
      expect(email.subject.startsWith(`${drill ? '[DIỄN TẬP] ' : ''}[${cycle.regime}] `)).toBe(true);
      expect(email.text).toContain(cycle.signature);
    }
  });
});
