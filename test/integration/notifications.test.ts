import { messageIdFor } from '../../activities/channels';
import { loadRegime } from '../../config/regimes';
import type { NotifyInput } from '../../activities/notifications';
import {
  SLDTBXH,
  empty,
  expectRetryable,
  keyOf,
  notifier,
  notifyWorld,
  reminder,
  vn,
} from '../support/notify-fixture';
import { contextOf, reminderData } from '../support/report-payloads';

// notify by email against a real PostgreSQL and a real SMTP server: the outbox, the content,
// permanent failures and usefulness. SMS: notifications-sms.test.ts; faults and leases:
// notifications-faults.test.ts.

describe('notify: email with an outbox', () => {
  const w = notifyWorld();
  const notify = (input: NotifyInput, extra: Parameters<typeof notifier>[2] = {}) =>
    notifier(w.db, () => w.clock, { ...w.channels, ...extra })(input);
  const contactId = async (email: string) => (await w.db.contact.findFirstOrThrow({ where: { email } })).id;

  it('sends one email per key even when the same activity runs twice', async () => {
    const input = reminder('STP', 'r-3wd');
    expect(await notify(input)).toEqual({ ...empty, sent: 1 });
    expect(await notify(input)).toEqual({ ...empty, alreadySent: 1 });

    expect(w.smtp.messages).toHaveLength(1);
    const key = keyOf(input, 'email', 'daumoi.stp@dongthap.example');
    expect(w.smtp.messages[0]!.envelope.to).toEqual(['daumoi.stp@dongthap.example']);
    expect(w.smtp.messages[0]!.parsed!.messageId).toBe(messageIdFor(key));
    expect(await w.row(key)).toMatchObject({
      status: 'SENT',
      attempts: 1,
      channel: 'EMAIL',
      agencyCode: 'STP',
      providerId: messageIdFor(key),
      sentAt: w.clock,
      lastError: null,
      possibleDuplicate: false,
    });
    // The inactive former focal point gets nothing.
    expect(await w.db.notification.count({ where: { recipient: 'daumoi.cu.stp@dongthap.example' } })).toBe(0);
  });

  it('sends once when two runs of the same activity overlap', async () => {
    const input = reminder('STP', 'r-overlap');
    const results = await Promise.allSettled([notify(input), notify(input)]);
    expect(w.smtp.messages).toHaveLength(1);
    expect((await w.row(keyOf(input, 'email', 'daumoi.stp@dongthap.example'))).attempts).toBe(1);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ nonRetryable: false });
    expect(await notify(input)).toMatchObject({ sent: 0, alreadySent: 1 });
    expect(w.smtp.messages).toHaveLength(1);
  });

  it('delivers Vietnamese subject, plain text and HTML to the focal point', async () => {
    // The cycle's words as the expander gives them (the regime file's mailbox included).
    await notify({ ...reminder('SLDTBXH', 'r-3wd'), data: reminderData(2022, 'Q1', '2022-03-16') });
    const mail = w.smtp.messages[0]!.parsed!;
    expect(mail.subject).toBe('[CCHC] Nhắc hạn gửi báo cáo CCHC Quý I năm 2022 – hạn 16/03/2022');
    expect(mail.from!.text).toContain('Sở Nội vụ Đồng Tháp (CCHC)');
    expect(mail.to).toMatchObject({
      value: [{ address: 'daumoi.sldtbxh@dongthap.example', name: 'Đầu mối CCHC SLDTBXH' }],
    });
    expect(mail.text).toContain(`Kính gửi: ${SLDTBXH}.`);
    expect(mail.text).toContain(
      'Hạn gửi báo cáo CCHC Quý I năm 2022 về Sở Nội vụ là hết ngày thứ Tư, 16/03/2022, còn 3 ngày làm việc.',
    );
    // The regime's words: how to submit, and its signature.
    expect(mail.text).toContain('Cách gửi báo cáo:');
    expect(mail.text).toContain('- Địa chỉ nhận: phongcchc.snv@dongthap.example');
    expect(mail.text).toContain('Sở Nội vụ tỉnh Đồng Tháp (Phòng Cải cách hành chính)');
    expect(mail.html).toContain(`<p>Kính gửi: ${SLDTBXH}.</p>`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    const stored = await w.row(
      keyOf(reminder('SLDTBXH', 'r-3wd'), 'email', 'daumoi.sldtbxh@dongthap.example'),
    );
    expect(stored.subject).toBe(mail.subject);
    expect(stored.body).toBe(mail.text);
  });

  it('escalates to Sở Nội vụ with the late agencies named, and their contacts, from the database', async () => {
    // As the cycle sends it: the cycle by key, the step; the activity reads the cycle's record, the
    // units escalated under that step and their focal points and heads.
    const cycle = await w.db.reportingCycle.create({
      data: {
        workflowId: 'cycle-CCHC-2022-Q1',
        key: 'CCHC-2022-Q1',
        year: 2022,
        period: 'Q1',
        regimeData: loadRegime('CCHC') as never,
        windowStart: new Date('2021-12-15'),
        cutoff: new Date('2022-03-14'),
        opensAt: vn('2022-02-28T08:00:00'),
        agencyDueAt: vn('2022-03-16T23:59:59'),
        provinceDueAt: vn('2022-03-18T23:59:59'),
      },
    });
    for (const code of ['STP', 'SLDTBXH', 'SYT']) {
      const agency = await w.db.agency.findUniqueOrThrow({ where: { code } });
      await w.db.cycleAgency.create({
        data: {
          workflowId: `report-CCHC-2022-Q1-${code}`,
          cycleId: cycle.id,
          agencyId: agency.id,
          state: 'OVERDUE',
          dueAt: vn('2022-03-16T23:59:59'),
          escalationLevel: 1,
          escalations: {
            create: {
              key: `report-CCHC-2022-Q1-${code}:REPORT_OVERDUE:1`,
              workflowId: `report-CCHC-2022-Q1-${code}`,
              subject: 'REPORT_OVERDUE',
              agencyCode: code,
              level: 1,
              toRole: 'SNV_DESK',
              escalatedAt: vn('2022-03-17T08:00:00'),
              // SYT was told of in an earlier digest: not listed again.
              digestStep: `cycle-CCHC-2022-Q1:${code === 'SYT' ? 'esc-0' : 'esc-1'}`,
            },
          },
        },
      });
    }
    w.clock = vn('2022-03-18T09:00:00');
    const result = await notify({
      workflowId: 'cycle-CCHC-2022-Q1',
      purpose: 'ESCALATION_SNV',
      step: 'esc-1',
      agencyCode: 'SNV',
      roles: ['snv_desk'],
      channels: ['email'],
      data: { cycleKey: 'CCHC-2022-Q1', step: 'esc-1', level: 1 },
    });
    expect(result).toMatchObject({ sent: 1, failed: [] });
    const mail = w.smtp.messages[0]!.parsed!;
    expect(w.smtp.messages[0]!.envelope.to).toEqual(['phongcchc.snv@dongthap.example']);
    expect(mail.subject).toBe('[CCHC] Danh sách 2 đơn vị chậm gửi báo cáo CCHC Quý I năm 2022');
    expect(mail.text).toContain(
      `1 | SLDTBXH | ${SLDTBXH} | 16/03/2022 | 2 ngày làm việc | ` +
        'Đầu mối: Đầu mối CCHC SLDTBXH, 0900000115, daumoi.sldtbxh@dongthap.example\n',
    );
    expect(mail.text).toContain(
      '2 | STP | Sở Tư pháp | 16/03/2022 | 2 ngày làm việc | ' +
        'Đầu mối: Đầu mối CCHC STP, 0900000107, daumoi.stp@dongthap.example; ' +
        'Thủ trưởng: Thủ trưởng STP, 0900000108, thutruong.stp@dongthap.example\n',
    );
    expect(mail.text).not.toContain('Sở Y tế');
    expect(mail.text).not.toContain('daumoi.cu.stp'); // the former focal point is no contact any more
  });

  it('escapes values in the HTML', async () => {
    await notify({
      ...reminder('STP', 'exempt'),
      purpose: 'EXEMPTED',
      data: {
        cycle: contextOf('CCHC', 2022, 'Q1'),
        reason: 'Sáp nhập <script>alert("x")</script> & tổ chức lại',
      },
    });
    const exempt = w.smtp.messages[0]!.parsed!;
    expect(exempt.html).toContain(
      'Sáp nhập &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; tổ chức lại',
    );
    expect(exempt.html).not.toContain('<script>');
  });

  it('records 550 as permanent for that recipient, names it by contact id, serves the others', async () => {
    const input: NotifyInput = {
      ...reminder('STP', 'overdue'),
      purpose: 'REPORT_OVERDUE',
      roles: ['focal_point', 'head'],
      data: {
        cycle: contextOf('CCHC', 2022, 'Q1'),
        dueDate: '2022-03-16',
        dueAt: vn('2022-03-16T23:59:59').getTime(),
        late: { unit: 'workingDays', amount: 1 },
      },
    };
    const head = 'thutruong.stp@dongthap.example';
    w.smtp.refuse({
      code: 550,
      stage: 'rcpt',
      to: head,
      message: `5.1.1 <${head}>: Mailbox does not exist`,
      times: Infinity,
    });

    const first = await notify(input);
    expect(first).toMatchObject({ sent: 1, alreadySent: 0, deferred: [] });
    expect(first.failed).toEqual([
      { channel: 'email', contactId: await contactId(head), error: expect.stringContaining('SMTP 550') },
    ]);
    expect(first.failed[0]!.error).not.toContain('@');
    expect(await w.row(keyOf(input, 'email', head))).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      lastError: expect.stringContaining('5.1.1 <[email]>: Mailbox does not exist'),
    });
    // Running again neither resends the delivered one nor retries the failed one.
    expect(await notify(input)).toMatchObject({ sent: 0, alreadySent: 1, failed: first.failed });
    expect(w.smtp.refused).toEqual(['550 at rcpt']);
    expect(w.smtp.messages.map((m) => m.envelope.to)).toEqual([['daumoi.stp@dongthap.example']]);
  });

  it('reports no recipients when the agency has no contact with an address', async () => {
    expect(await notify(reminder('SYT', 'r-3wd'))).toEqual({ ...empty, noRecipients: true });
    expect(await w.db.notification.count({ where: { agencyCode: 'SYT' } })).toBe(0);
  });

  it('rejects a bad call as non-retryable, naming the field, and writes nothing', async () => {
    const { dueDate: _dueDate, ...noDueDate } = reminderData(2022, 'Q1', '2022-03-16');
    const bad = { ...reminder('STP', 'bad'), data: noDueDate };
    await expect(notify(bad)).rejects.toMatchObject({
      nonRetryable: true,
      message: expect.stringContaining('data.dueDate'),
    });
    await expect(notify(reminder('XYZ', 'bad'))).rejects.toMatchObject({
      nonRetryable: true,
      message: expect.stringContaining('XYZ'),
    });
    const window = { ...reminder('STP', 'bad'), smsWindow: { start: '17:30', end: '07:30' } };
    await expect(notify(window)).rejects.toMatchObject({
      nonRetryable: true,
      message: expect.stringContaining('smsWindow.end'),
    });
    expect(await w.db.notification.count({ where: { idempotencyKey: { contains: ':bad:' } } })).toBe(0);
  });

  it('records a message no longer useful as SKIPPED and sends nothing', async () => {
    const input = { ...reminder('STP', 'r-late'), usefulUntil: w.clock.getTime() - 1 };
    expect(await notify(input)).toEqual({ ...empty, skipped: 1 });
    expect(w.smtp.received).toHaveLength(0);
    expect(await w.row(keyOf(input, 'email', 'daumoi.stp@dongthap.example'))).toMatchObject({
      status: 'SKIPPED',
      attempts: 0,
      lastError: expect.stringContaining('quá thời hạn hữu ích'),
    });
    expect(await notify(input)).toEqual({ ...empty, skipped: 1 });
  });

  it('skips on retry once a failing delivery has outlived its usefulness, keeping the reason', async () => {
    const input = { ...reminder('STP', 'r-outlived'), usefulUntil: w.clock.getTime() + 60_000 };
    w.smtp.refuse({ code: 421, stage: 'rcpt' });
    await expectRetryable(notify(input), /SMTP 421/);
    w.clock = new Date(w.clock.getTime() + 120_000);
    expect(await notify(input)).toEqual({ ...empty, skipped: 1 });
    expect((await w.row(keyOf(input, 'email', 'daumoi.stp@dongthap.example'))).lastError).toMatch(
      /quá thời hạn hữu ích.*lỗi trước: SMTP 421/,
    );
    expect(w.smtp.received).toHaveLength(0);
  });
});
