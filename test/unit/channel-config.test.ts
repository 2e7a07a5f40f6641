import path from 'node:path';
import { smtpConnectionOptions } from '../../activities/channels';
import { ConfigError, loadConfig } from '../../config';

// The email settings the channel is built from: one real sender address, a CA file that exists,
// and STARTTLS required whenever credentials are set.

function refused(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('email settings', () => {
  it.each([
    '"Sở Nội vụ Đồng Tháp (CCHC)" <cchc@snv.dongthap.gov.vn>',
    'cchc@snv.dongthap.gov.vn',
    'CCHC <cchc@snv.dongthap.gov.vn>',
  ])('MAIL_FROM=%s is a sender', (from) => {
    expect(loadConfig({ MAIL_FROM: from }).smtp.from).toBe(from);
  });

  it.each(['x@y', 'Sở Nội vụ', '"Tên" <>', 'a@b.vn, c@d.vn', '<cchc@snv>'])(
    'MAIL_FROM=%s is refused',
    (from) => {
      expect(refused({ MAIL_FROM: from })).toMatchObject({ variable: 'MAIL_FROM' });
    },
  );

  it('SMTP_CA must be a file that exists', () => {
    expect(refused({ SMTP_CA: '/no/such/ca.pem' })).toMatchObject({
      variable: 'SMTP_CA',
      reason: 'không có tệp này (hoặc không phải tệp)',
    });
    const file = path.join(__dirname, '..', 'fixtures', 'agencies-good.csv'); // any existing file
    expect(loadConfig({ SMTP_CA: file }).smtp.caFile).toBe(file);
  });

  it('requires STARTTLS when credentials are set, unless the connection is TLS from the start', () => {
    const base = loadConfig({}).smtp;
    expect(smtpConnectionOptions(base)).toMatchObject({ requireTLS: false, secure: false });
    expect(smtpConnectionOptions({ ...base, user: 'cchc', pass: 'p' })).toMatchObject({ requireTLS: true });
    expect(smtpConnectionOptions({ ...base, user: 'cchc', secure: true })).toMatchObject({
      requireTLS: false,
      secure: true,
    });
    const file = path.join(__dirname, '..', 'fixtures', 'agencies-good.csv');
    expect(smtpConnectionOptions({ ...base, caFile: file }).tls).toMatchObject({
      ca: [expect.any(Buffer)],
      minVersion: 'TLSv1.2',
    });
  });
});
