import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  ChannelCheckError,
  createChannelRegistry,
  createEmailChannel,
  createEsmsTransport,
  createWebhookTransport,
  smtpConnectionOptions,
  type Channel,
  type OutgoingMessage,
} from '../../activities/channels';
import type { AppConfig } from '../../config';
import { freePort } from '../../scripts/lib/ports';
import { startSmsGateway, type TestSmsGateway } from '../support/sms-gateway';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { selfSignedCertificate, type TestCertificate } from '../support/tls-cert';

// Unusable channel settings are found before anything is sent: each channel's check() connects
// and names the variable to fix, and credentials never travel in clear (STARTTLS is required
// whenever SMTP_USER is set). Real SMTP servers (one without STARTTLS, one with a private CA) and
// the gateway stub.

const root = path.resolve(__dirname, '..', '..');
const message: OutgoingMessage = {
  contactId: 1,
  contactName: 'Đầu mối',
  address: 'daumoi.stp@dongthap.example',
  content: { subject: 'Thử', body: 'Nội dung', html: '<p>Nội dung</p>' },
  idempotencyKey: 'channel-settings:test',
};
const go = { mayTransmit: () => true };

async function checkError(channel: Channel): Promise<ChannelCheckError> {
  const err = await channel.check().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ChannelCheckError);
  return err as ChannelCheckError;
}

describe('channel settings: start-up checks and SMTP security', () => {
  const credentials = { user: 'cchc', pass: 'right-password' };
  let plain: TestSmtpServer;
  let secured: TestSmtpServer;
  let gateway: TestSmsGateway;
  let cert: TestCertificate;
  const opened: Channel[] = [];
  const email = (smtp: AppConfig['smtp'], connection?: Parameters<typeof createEmailChannel>[1]) => {
    const channel = createEmailChannel(smtp, connection);
    opened.push(channel);
    return channel;
  };

  beforeAll(async () => {
    cert = selfSignedCertificate();
    [plain, secured, gateway] = await Promise.all([
      startSmtpServer({ auth: credentials }),
      startSmtpServer({ auth: credentials, tls: { key: cert.key, cert: cert.cert } }),
      startSmsGateway(),
    ]);
  });
  afterAll(async () => {
    for (const c of opened) await c.close();
    await Promise.all([plain?.close(), secured?.close(), gateway?.close()]);
    cert?.remove();
  });

  it('never sends credentials to a relay that does not offer STARTTLS', async () => {
    const channel = email(plain.config);
    expect(await checkError(channel)).toMatchObject({
      variable: 'SMTP_HOST',
      message: expect.stringMatching(/STARTTLS/),
    });
    const failure = channel.classify(await channel.send(message, go).catch((e: unknown) => e));
    expect(failure).toMatchObject({ kind: 'configuration', variable: 'SMTP_HOST' });
    expect(plain.authAttempts).toEqual([]);
    expect(plain.received).toEqual([]);

    // The same relay with STARTTLS not required would have been given the password in clear.
    const careless = email(plain.config, {
      connection: { ...smtpConnectionOptions(plain.config), requireTLS: false },
    });
    await careless.send(message, go);
    expect(plain.authAttempts).toEqual(['cchc']);
  });

  it('trusts a relay with a private certificate only through SMTP_CA, then logs in over TLS', async () => {
    expect(await checkError(email(secured.config))).toMatchObject({ variable: 'SMTP_CA' });
    expect(secured.authAttempts).toEqual([]);

    const trusted = email({ ...secured.config, caFile: cert.certFile });
    await trusted.check();
    expect(await trusted.send(message, go)).toMatchObject({
      providerId: expect.stringMatching(/^<[0-9a-f]{64}@cchc\.dongthap>$/),
    });
    expect(secured.messages).toHaveLength(1);

    const wrong = email({ ...secured.config, caFile: cert.certFile, pass: 'wrong' });
    expect(await checkError(wrong)).toMatchObject({ variable: 'SMTP_PASS' });
    const failure = wrong.classify(await wrong.send(message, go).catch((e: unknown) => e));
    expect(failure).toMatchObject({
      kind: 'configuration',
      message: expect.stringContaining('SMTP_USER/SMTP_PASS'),
    });
  });

  it('names SMTP_HOST, SMTP_PORT or SMTP_SECURE when the relay cannot be reached as configured', async () => {
    const base = { ...plain.config, user: undefined, pass: undefined };
    expect(await checkError(email({ ...base, host: 'no-such-relay.invalid' }))).toMatchObject({
      variable: 'SMTP_HOST',
    });
    const closed = await freePort();
    expect(await checkError(email({ ...base, port: closed }))).toMatchObject({
      variable: 'SMTP_PORT',
      message: expect.stringContaining(`127.0.0.1:${closed}`),
    });
    expect(await checkError(email({ ...base, secure: true }))).toMatchObject({ variable: 'SMTP_SECURE' });
    await email(base).check();
  });

  it('checks that a gateway answers at its URL', async () => {
    const dead = `http://127.0.0.1:${await freePort()}/sms`;
    await expect(createWebhookTransport({ url: dead }).check()).rejects.toMatchObject({
      variable: 'SMS_WEBHOOK_URL',
    });
    await expect(createEsmsTransport({ ...gateway.esmsConfig(), url: dead }).check()).rejects.toMatchObject({
      variable: 'SMS_ESMS_URL',
    });
    await createWebhookTransport(gateway.webhookConfig('t')).check();
    await createEsmsTransport(gateway.esmsConfig()).check();
    expect(gateway.requests).toEqual([]); // a check sends no SMS

    const registry = createChannelRegistry({
      smtp: { ...plain.config, user: undefined },
      sms: gateway.webhookConfig(),
    });
    await registry.check();
    await registry.close();
  });

  it('the worker refuses to start with one line naming the variable', async () => {
    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(root, 'worker', 'main.ts')], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: process.env.CCHC_TEST_TEMPLATE_DB_URL,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(await freePort()),
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^biến môi trường SMTP_PORT: nothing accepts connections at 127\.0\.0\.1:\d+$/),
    ]);
    expect(run.stdout).not.toContain('worker ready');
  });
});
