import { SMS_MAX_SEGMENTS, gsm7Segments, isGsm7 } from '../../domain/sms-text';
import { renderEmail, renderSms, templateSchemas } from '../../domain/templates';

// What the inspection workflows add to the templates: the revised notice after a reschedule, and
// the overdue notices escalated to Sở Nội vụ.

const agency = { code: 'SLDTBXH', name: 'Sở Lao động - Thương binh và Xã hội' };
const notice = {
  year: 2022,
  visitDate: '2022-04-05',
  decisionRef: '123/QĐ-UBND ngày 10/01/2022',
  scope: 'Cải cách thể chế',
  selfReportDueDate: '2022-03-31',
};

describe('revised inspection notice', () => {
  const revised = { ...notice, previousVisitDate: '2022-03-22', reason: 'Trùng lịch họp UBND tỉnh' };

  it('says the visit moved, from when to when, and why', () => {
    expect(templateSchemas.INSPECTION_NOTICE.safeParse(revised).success).toBe(true);
    const email = renderEmail('INSPECTION_NOTICE', { ...revised, agency });
    expect(email.subject).toBe(
      '[CCHC] Thông báo thay đổi lịch kiểm tra công tác CCHC năm 2022 tại Sở Lao động - Thương binh và Xã hội – ngày 05/04/2022',
    );
    expect(email.text).toContain('từ ngày 22/03/2022 sang ngày 05/04/2022');
    expect(email.text).toContain('- Thời gian kiểm tra (mới): thứ Ba, 05/04/2022');
    expect(email.text).toContain('- Hạn gửi báo cáo tự kiểm tra: thứ Năm, 31/03/2022');
    expect(email.text).toContain('- Lý do thay đổi: Trùng lịch họp UBND tỉnh');
  });

  it('keeps the first notice as it was', () => {
    const email = renderEmail('INSPECTION_NOTICE', { ...notice, agency });
    expect(email.subject).toMatch(/^\[CCHC\] Thông báo kiểm tra công tác CCHC năm 2022/);
    expect(email.text).not.toContain('thay đổi');
  });

  it('fits the SMS in two segments, with both dates', () => {
    const sms = renderSms('INSPECTION_NOTICE', { ...revised, agency });
    expect(sms).toBe(
      'So Lao dong - Thuong binh va Xa hoi: lich kiem tra CCHC nam 2022 doi tu ngay 22/03/2022 sang ngay 05/04/2022. ' +
        'Han gui bao cao tu kiem tra 31/03/2022. Chi tiet trong email.',
    );
    expect(isGsm7(sms)).toBe(true);
    expect(gsm7Segments(sms)).toBeLessThanOrEqual(SMS_MAX_SEGMENTS);
  });
});

describe('overdue notices escalated to Sở Nội vụ', () => {
  const selfReport = {
    year: 2022,
    visitDate: '2022-03-22',
    selfReportDueDate: '2022-03-17',
    workingDaysLate: 2,
  };
  const remediation = {
    year: 2022,
    visitDate: '2022-03-22',
    findings: [
      { code: 'F1', description: 'Chưa ban hành kế hoạch CCHC', dueDate: '2022-04-08', workingDaysLate: 5 },
    ],
  };

  it('addresses Phòng CCHC at level 1 and the Director from level 2', () => {
    const desk = renderEmail('SELF_REPORT_OVERDUE', { ...selfReport, escalationLevel: 1, agency });
    expect(desk.text).toMatch(/^Kính gửi: Phòng Cải cách hành chính, Sở Nội vụ\./);
    expect(desk.subject).toBe(
      '[CCHC] Đề nghị đôn đốc Sở Lao động - Thương binh và Xã hội chậm gửi báo cáo tự kiểm tra công tác CCHC năm 2022',
    );
    expect(desk.text).toContain('đã chậm 2 ngày làm việc');
    const director = renderEmail('REMEDIATION_OVERDUE', { ...remediation, escalationLevel: 2, agency });
    expect(director.text).toMatch(/^Kính gửi: Giám đốc Sở Nội vụ\./);
    expect(director.text).toContain('ban hành văn bản đôn đốc');
    expect(director.text).toContain('F1 | Chưa ban hành kế hoạch CCHC | 08/04/2022 | 5');
  });

  it('still addresses the agency without a level', () => {
    expect(renderEmail('SELF_REPORT_OVERDUE', { ...selfReport, agency }).text).toMatch(
      /^Kính gửi: Sở Lao động - Thương binh và Xã hội\./,
    );
    expect(renderEmail('REMEDIATION_OVERDUE', { ...remediation, agency }).text).toMatch(
      /^Kính gửi: Sở Lao động - Thương binh và Xã hội\./,
    );
  });

  it('refuses a level out of range', () => {
    expect(templateSchemas.SELF_REPORT_OVERDUE.safeParse({ ...selfReport, escalationLevel: 0 }).success).toBe(
      false,
    );
  });
});

describe('reminders on the due day', () => {
  it('say "today" rather than "còn 0 ngày làm việc"', () => {
    const selfReport = {
      year: 2022,
      visitDate: '2022-04-05',
      selfReportDueDate: '2022-03-31',
      workingDaysLeft: 0,
    };
    const email = renderEmail('SELF_REPORT_REMINDER', { ...selfReport, agency });
    expect(email.text).toContain('năm 2022 là hôm nay, thứ Năm, 31/03/2022.');
    expect(renderSms('SELF_REPORT_REMINDER', { ...selfReport, agency })).toContain('la 31/03/2022 (hom nay)');
    const visit = renderEmail('VISIT_REMINDER', {
      year: 2022,
      visitDate: '2022-04-05',
      workingDaysLeft: 0,
      agency,
    });
    expect(visit.text).toContain('vào hôm nay, thứ Ba, 05/04/2022.');
    for (const text of [email.text, visit.text]) expect(text).not.toContain('còn 0');
  });
});
