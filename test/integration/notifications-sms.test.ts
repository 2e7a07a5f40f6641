import {
  createCaptureTransport,
  createSmsChannel,
  createWebhookTransport,
  requestIdFor,
} from '../../activities/channels';
import type { NotifyInput } from '../../activities/notifications';
import {
  empty,
  expectRetryable,
  keyOf,
  notifier,
  notifyWorld,
  reminder,
  vn,
} from '../support/notify-fixture';

// notify by SMS against a real PostgreSQL and a local HTTP gateway (eSMS-style, webhook) and the
// development capture: the policy's window, deferral, usefulness, failures by kind.

describe('notify: SMS with an outbox', () => {
  const w = notifyWorld();
  const notify = (input: NotifyInput, extra: Parameters<typeof notifier>[2] = {}) =>
    notifier(w.db, () => w.clock, { ...w.channels, ...extra })(input);

  it('sends the SMS without diacritics through the eSMS API, once', async () => {
    const input = reminder('SLDTBXH', 'r-1wd', ['sms']);
    expect(await notify(input)).toMatchObject({ sent: 1, failed: [], deferred: [] });
    expect(await notify(input)).toMatchObject({ sent: 0, alreadySent: 1 });
    const delivered = w.gateway.delivered();
    expect(delivered).toHaveLength(1);
    const key = keyOf(input, 'sms', '0900000115');
    expect(delivered[0]!.body).toMatchObject({
      Phone: '0900000115',
      Brandname: 'SNV_DONGTHAP',
      IsUnicode: '0',
      RequestId: requestIdFor(key),
    });
    const content = delivered[0]!.body.Content as string;
    expect(content).toMatch(/^[\x20-\x7e]+$/);
    expect(content).toContain('So Lao dong - Thuong binh va Xa hoi: han gui bao cao CCHC Quy I nam 2022');
    expect(await w.row(key)).toMatchObject({
      status: 'SENT',
      channel: 'SMS',
      attempts: 1,
      providerId: 'esms-1',
      body: content,
    });
  });

  it('defers an SMS outside the default window to the next working day 07:30, then sends it', async () => {
    const input = reminder('STP', 'r-quiet', ['email', 'sms']);
    const key = keyOf(input, 'sms', '0900000107');
    w.clock = vn('2022-04-29T20:00:00'); // Friday evening before 30/4-3/5: next working day is Wed 4/5
    const phoneId = (await w.db.contact.findFirstOrThrow({ where: { phone: '0900000107' } })).id;
    expect(await notify(input)).toEqual({
      ...empty,
      sent: 1, // the email goes at any hour
      deferred: [{ channel: 'sms', contactId: phoneId, until: '2022-05-04T00:30:00.000Z' }],
    });
    expect(w.gateway.requests).toHaveLength(0);
    expect(await w.row(key)).toMatchObject({
      status: 'PENDING',
      attempts: 0,
      notBefore: vn('2022-05-04T07:30:00'),
    });
    w.clock = vn('2022-05-02T10:00:00'); // a holiday, in office hours: still waits
    expect(await notify(input)).toMatchObject({
      sent: 0,
      alreadySent: 1,
      deferred: [{ until: '2022-05-04T00:30:00.000Z' }],
    });
    w.clock = vn('2022-05-04T07:30:00');
    expect(await notify(input)).toMatchObject({ sent: 1, alreadySent: 1, deferred: [] });
    expect(await w.row(key)).toMatchObject({ status: 'SENT', attempts: 1, sentAt: w.clock });
  });

  it("uses the policy's SMS window that travels with the message, not the built-in one", async () => {
    const smsWindow = { start: '08:00', end: '11:00' };
    w.clock = vn('2022-03-14T10:30:00');
    expect(await notify({ ...reminder('STP', 'w-in', ['sms']), smsWindow })).toMatchObject({ sent: 1 });
    w.clock = vn('2022-03-14T11:30:00'); // inside 07:30-17:30, outside the policy's window
    const later = await notify({ ...reminder('STP', 'w-out', ['sms']), smsWindow });
    expect(later).toMatchObject({
      sent: 0,
      deferred: [{ channel: 'sms', until: vn('2022-03-15T08:00:00').toISOString() }],
    });
    w.clock = vn('2022-03-14T07:45:00'); // inside the built-in window, before the policy's
    expect(await notify({ ...reminder('STP', 'w-early', ['sms']), smsWindow })).toMatchObject({
      deferred: [{ until: vn('2022-03-14T08:00:00').toISOString() }],
    });
    expect(w.gateway.delivered()).toHaveLength(1);
  });

  it('skips an SMS the window would defer past its usefulness', async () => {
    w.clock = vn('2022-03-14T20:00:00');
    const input = {
      ...reminder('STP', 'r-night', ['email', 'sms']),
      usefulUntil: vn('2022-03-14T23:59:59').getTime(),
    };
    expect(await notify(input)).toEqual({ ...empty, sent: 1, skipped: 1 });
    expect(await w.row(keyOf(input, 'sms', '0900000107'))).toMatchObject({
      status: 'SKIPPED',
      notBefore: null,
    });
    expect(w.gateway.requests).toHaveLength(0);
  });

  it.each([503, 429])('retries after gateway HTTP %i', async (status) => {
    const input = reminder('STP', `r-${status}`, ['sms']);
    const key = keyOf(input, 'sms', '0900000107');
    w.gateway.reply({ status, body: { error: 'busy for 0900000107' } });
    const err = await expectRetryable(notify(input), new RegExp(`gateway HTTP ${status}`));
    expect(err.message).not.toContain('0900000107');
    expect(await w.row(key)).toMatchObject({ status: 'PENDING', attempts: 1, claimedUntil: null });
    expect(await notify(input)).toMatchObject({ sent: 1 });
    expect(await w.row(key)).toMatchObject({ status: 'SENT', attempts: 2, lastError: null });
  });

  it('records HTTP 400 as permanent, and a brandname refusal as a configuration failure retried with backoff', async () => {
    w.gateway.reply({ status: 400, body: { error: 'invalid phone 0900000107' } });
    const bad = await notify(reminder('STP', 'r-400', ['sms']));
    expect(bad.failed).toEqual([
      {
        channel: 'sms',
        contactId: expect.any(Number),
        error: expect.stringMatching(/eSMS HTTP 400.*\[số điện thoại\]/),
      },
    ]);

    w.gateway.reply({ status: 200, body: { CodeResult: '104', ErrorMessage: 'Brandname not exist' } });
    const input = reminder('STP', 'r-104', ['sms']);
    const err = await expectRetryable(notify(input), /cấu hình SMS_BRANDNAME/);
    expect(err.type).toBe('NotificationConfiguration');
    expect(await w.row(keyOf(input, 'sms', '0900000107'))).toMatchObject({
      status: 'PENDING',
      lastError: expect.stringContaining('104'),
    });
    expect(await notify(input)).toMatchObject({ sent: 1 });
  });

  it('records an invalid phone number as failed without calling the gateway', async () => {
    const result = await notify(reminder('STC', 'r-3wd', ['sms']));
    expect(result.failed).toEqual([
      {
        channel: 'sms',
        contactId: expect.any(Number),
        error: expect.stringMatching(/^số điện thoại không hợp lệ \(liên hệ #\d+\)$/),
      },
    ]);
    expect(w.gateway.requests).toHaveLength(0);
    expect(await w.row(keyOf(reminder('STC', 'r-3wd'), 'sms', '12345'))).toMatchObject({
      status: 'FAILED',
      attempts: 0,
    });
  });

  it('posts to a generic webhook with a bearer token; 409 counts as already delivered', async () => {
    const sms = createSmsChannel(createWebhookTransport(w.gateway.webhookConfig('s3cret')));
    const input = { ...reminder('STP', 'r-webhook', ['sms']), roles: ['snv_director' as const] };
    expect(await notify(input, { sms })).toMatchObject({ sent: 1 });
    const [request] = w.gateway.delivered();
    const key = keyOf(input, 'sms', '0900000104');
    expect(request!.headers.authorization).toBe('Bearer s3cret');
    expect(request!.body).toEqual({
      to: '+84900000104',
      text: expect.stringMatching(/^So Tu phap: han gui/),
      requestId: requestIdFor(key),
    });
    expect(await w.row(key)).toMatchObject({ status: 'SENT', providerId: 'wh-1' });
    w.gateway.reply({ status: 409, path: '/webhook' });
    expect(await notify({ ...input, step: 'r-webhook-dup' }, { sms })).toMatchObject({
      sent: 1,
      failed: [],
    });
  });

  it('captures SMS in development: logged by contact id, stored, nothing sent', async () => {
    const lines: string[] = [];
    const sms = createSmsChannel(createCaptureTransport((l) => lines.push(l)));
    const input = reminder('STP', 'r-capture', ['sms']);
    expect(await notify(input, { sms })).toMatchObject({ sent: 1 });
    const stored = await w.row(keyOf(input, 'sms', '0900000107'));
    expect(stored).toMatchObject({ status: 'SENT', providerId: 'capture' });
    expect(lines).toEqual([`[sms capture] to contact #${stored.contactId}: ${stored.body}`]);
    expect(w.gateway.requests).toHaveLength(0);
  });
});
