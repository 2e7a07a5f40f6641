import {
  classifySmtpError,
  createEsmsTransport,
  createWebhookTransport,
  redactContacts,
  type FailureKind,
} from '../../activities/channels';
import { Gate } from '../../activities/channels/gate';

// What each provider failure means: permanent for the message, transient, the settings, or
// uncertain; and the gate a message waits at instead of a transport's own queue.

const smtpError = (fields: object) =>
  Object.assign(new Error(String((fields as { message?: string }).message ?? 'failed')), fields);

describe('classifySmtpError', () => {
  it.each<[object, FailureKind, string?]>([
    [
      { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 no such user' },
      'permanent',
    ],
    [{ code: 'EMESSAGE', responseCode: 554, command: 'DATA', response: '554 5.7.1 spam' }, 'permanent'],
    [{ code: 'EMESSAGE', responseCode: 552, command: 'MAIL FROM', response: '552 too big' }, 'permanent'],
    [{ code: 'EENVELOPE', command: 'API' }, 'permanent'], // nodemailer refused the address before sending
    [
      { code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM', response: '553 sender not allowed' },
      'configuration',
      'MAIL_FROM',
    ],
    [
      { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', response: '535 bad credentials' },
      'configuration',
      'SMTP_USER',
    ],
    [
      { code: 'EENVELOPE', responseCode: 530, command: 'MAIL FROM', response: '530 authentication required' },
      'configuration',
      'SMTP_USER',
    ],
    [
      { code: 'ETLS', responseCode: 502, command: 'STARTTLS', response: '502 not implemented' },
      'configuration',
      'SMTP_HOST',
    ],
    [
      { code: 'EPROTOCOL', responseCode: 554, command: 'CONN', response: '554 no service for you' },
      'configuration',
      'SMTP_HOST',
    ],
    [
      { code: 'ESOCKET', message: 'self-signed certificate in certificate chain' },
      'configuration',
      'SMTP_CA',
    ],
    [{ code: 'ESOCKET', message: 'ssl3_get_record:wrong version number' }, 'configuration', 'SMTP_SECURE'],
    [{ code: 'EDNS', message: 'getaddrinfo ENOTFOUND relay.invalid' }, 'configuration', 'SMTP_HOST'],
    [{ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO', response: '451 try later' }, 'transient'],
    [{ code: 'EPROTOCOL', responseCode: 421, command: 'CONN', response: '421 busy' }, 'transient'],
    [{ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:25' }, 'transient'],
    [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, 'transient'],
    [{ code: 'ECANCELLED', message: 'attempt stopped before sending' }, 'transient'],
    [
      { code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly', contentSent: true },
      'uncertain',
    ],
    [{ code: 'ETIMEDOUT', command: 'CONN', message: 'Timeout', contentSent: true }, 'uncertain'],
    [{ code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }, 'transient'],
  ])('%j → %s %s', (fields, kind, ...[variable]) => {
    const failure = classifySmtpError(smtpError(fields));
    expect(failure.kind).toBe(kind);
    expect(failure.variable).toBe(variable);
  });

  it("says the code, the command and the server's words, without the address", () => {
    const err = smtpError({
      code: 'EENVELOPE',
      responseCode: 550,
      command: 'RCPT TO',
      response: '550 5.1.1 <a.b@dongthap.example.vn> no such user',
    });
    expect(classifySmtpError(err).message).toBe('SMTP 550 (RCPT TO): 5.1.1 <[email]> no such user');
  });
});

describe('gateway replies', () => {
  afterEach(() => jest.restoreAllMocks());
  const reply = (status: number, body: unknown) =>
    jest
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(new Response(typeof body === 'string' ? body : JSON.stringify(body), { status }));
  const esms = createEsmsTransport({
    url: 'http://gw.example/esms',
    apiKey: 'k',
    secretKey: 's',
    brandname: 'B',
    smsType: '2',
  });
  const webhook = createWebhookTransport({ url: 'http://gw.example/hook', token: 't' });
  const sms = { phone: '0900000107', content: 'x', requestId: 'r', contactId: 1 };
  const kindOf = (p: Promise<unknown>) =>
    p.then(
      () => 'accepted',
      (e: { kind?: string; variable?: string }) => `${e.kind}${e.variable ? ` ${e.variable}` : ''}`,
    );

  it.each<[number, unknown, string]>([
    [200, { CodeResult: '100', SMSID: 'a' }, 'accepted'],
    [200, { CodeResult: '124' }, 'accepted'],
    [200, { CodeResult: '99', ErrorMessage: 'loi he thong' }, 'transient'],
    [200, { CodeResult: '101', ErrorMessage: 'sai key' }, 'configuration SMS_ESMS_API_KEY'],
    [200, { CodeResult: '103', ErrorMessage: 'het tien' }, 'configuration SMS_ESMS_API_KEY'],
    [200, { CodeResult: '104', ErrorMessage: 'Brandname not exist' }, 'configuration SMS_BRANDNAME'],
    [200, { CodeResult: '789', ErrorMessage: 'so bi chan' }, 'permanent'],
    [400, { error: 'bad phone' }, 'permanent'],
    [401, 'unauthorized', 'configuration SMS_ESMS_API_KEY'],
    [403, 'forbidden', 'configuration SMS_ESMS_API_KEY'],
    [404, 'no route', 'configuration SMS_ESMS_URL'],
    [429, 'slow down', 'transient'],
    [502, 'bad gateway', 'transient'],
  ])('eSMS HTTP %i %j → %s', async (status, body, expected) => {
    reply(status, body);
    expect(await kindOf(esms.send(sms))).toBe(expected);
  });

  it.each<[number, string]>([
    [200, 'accepted'],
    [409, 'accepted'],
    [401, 'configuration SMS_WEBHOOK_TOKEN'],
    [403, 'configuration SMS_WEBHOOK_TOKEN'],
    [404, 'configuration SMS_WEBHOOK_URL'],
    [422, 'permanent'],
    [503, 'transient'],
  ])('webhook HTTP %i → %s', async (status, expected) => {
    reply(status, { id: 1 });
    expect(await kindOf(webhook.send(sms))).toBe(expected);
  });
});

describe('redactContacts', () => {
  it.each([
    ['550 <daumoi.stp@dongthap.example> rejected', '550 <[email]> rejected'],
    ['x@y refused', '[email] refused'],
    [
      'to 0900000107 and +84 900 000 108, 84900000109',
      'to [số điện thoại] and [số điện thoại], [số điện thoại]',
    ],
    ['SMTP 421 (RCPT TO): 4.7.0 try later', 'SMTP 421 (RCPT TO): 4.7.0 try later'],
    ['due 2022-03-16T09:00:00Z, step r-3wd', 'due 2022-03-16T09:00:00Z, step r-3wd'],
  ])('%s', (text, expected) => expect(redactContacts(text)).toBe(expected));
});

describe('Gate', () => {
  it('lets `places` through, queues the rest in order, and drops a waiter whose signal aborts', async () => {
    const gate = new Gate(1);
    const order: string[] = [];
    const first = await gate.acquire();
    const controller = new AbortController();
    const b = gate.acquire(controller.signal).then(
      () => order.push('b'),
      () => order.push('b aborted'),
    );
    const c = gate.acquire().then((release) => {
      order.push('c');
      release();
    });
    controller.abort();
    await b;
    first();
    await c;
    expect(order).toEqual(['b aborted', 'c']);
    expect(gate.inUse).toBe(0);
  });
});
