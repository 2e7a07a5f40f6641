import { createWorkingCalendar } from '../../domain/calendar';
import { channelRegistryOf, createEmailChannel, type Channel } from '../../activities/channels';
import { createNotificationActivities } from '../../activities/notifications';
import { freshDatabase } from '../support/db';
import { docxParagraphs, docxTables } from '../support/documents';
import { contextOf } from '../support/report-payloads';
import { seedUnits } from '../support/report-seed';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

// The UBND_SUMMARY email, sent by the notify activity through a real SMTP server, carries the
// consolidated report as a DOCX built from the same payload (codes only; names looked up at send time).

describe('the summary email carries the summary document', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let smtp: TestSmtpServer;
  let email: Channel;

  beforeAll(async () => {
    database = await freshDatabase();
    const { db } = database;
    await seedUnits(db);
    await db.agency.create({
      data: {
        code: 'UBND_TINH',
        name: 'Ủy ban nhân dân tỉnh Đồng Tháp',
        kind: 'PROVINCE',
        reporting: false,
        contacts: {
          create: [{ role: 'UBND', name: 'Văn phòng UBND tỉnh', email: 'vanphong@dongthap.example' }],
        },
      },
    });
    smtp = await startSmtpServer();
    email = createEmailChannel(smtp.config);
  });
  afterAll(async () => {
    await email?.close();
    await smtp?.close();
    await database?.drop();
  });

  it('attaches bao-cao-tong-hop-CCHC-2027-Q1.docx with the totals and the late units with days late', async () => {
    const { notify } = createNotificationActivities({
      db: database.db,
      now: () => new Date('2027-03-24T16:00:00+07:00'),
      config: { timeZone: 'Asia/Ho_Chi_Minh' },
      channels: channelRegistryOf({ email }),
      calendar: createWorkingCalendar(),
    });
    const result = await notify({
      workflowId: 'cycle-CCHC-2027-Q1',
      purpose: 'UBND_SUMMARY',
      step: 'summary',
      agencyCode: 'UBND_TINH',
      roles: ['ubnd'],
      channels: ['email'],
      data: {
        cycle: contextOf('CCHC', 2027, 'Q1'),
        dueDate: '2027-03-16',
        asOf: '2027-03-24',
        totals: { agencies: 5, onTime: 2, late: 2, notSubmitted: 1, exempt: 0, extended: 0 },
        onTime: [{ code: 'STP' }, { code: 'SYT' }],
        late: [
          { code: 'SXD', late: { unit: 'workingDays', amount: 2 } },
          { code: 'X_MYTHO', late: { unit: 'workingDays', amount: 5 } },
        ],
        notSubmitted: [{ code: 'X_CAOLANH' }],
        extended: [],
        exempt: [],
      },
    });
    expect(result).toMatchObject({ sent: 1, failed: [] });
    const [mail] = await smtp.waitForMessages(1);
    const parsed = mail!.parsed!;
    expect(parsed.subject).toBe(
      '[CCHC] Tổng hợp tình hình gửi báo cáo CCHC Quý I năm 2027 của các cơ quan, đơn vị',
    );
    expect(parsed.text).toContain('Đơn vị gửi chậm hạn');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [
        'bao-cao-tong-hop-CCHC-2027-Q1.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
    ]);
    const docx = parsed.attachments[0]!.content;
    const tables = await docxTables(docx);
    expect(tables[1]!.slice(1, 3)).toEqual([
      ['Tổng số cơ quan, đơn vị phải báo cáo', '5', '100%'],
      ['Gửi đúng hạn', '2', '40,0%'],
    ]);
    expect(tables[2]).toEqual([
      ['STT', 'Cơ quan, đơn vị', 'Số ngày làm việc trễ'],
      ['1', 'Sở Xây dựng', '2'],
      ['2', 'Phường Mỹ Tho', '5'],
    ]);
    expect(await docxParagraphs(docx)).toEqual(
      expect.arrayContaining([
        'BÁO CÁO',
        'Quý I năm 2027 của các cơ quan, đơn vị',
        'Không có cơ quan, đơn vị được miễn báo cáo.',
      ]),
    );
    // The outbox keeps the text of the email, not the file.
    const row = await database.db.notification.findFirstOrThrow({ where: { purpose: 'UBND_SUMMARY' } });
    expect(row).toMatchObject({ status: 'SENT', recipient: 'vanphong@dongthap.example' });
    expect(row.body).not.toContain('PK');
  });
});
