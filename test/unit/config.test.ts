import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, envSchema, loadConfig } from '../../config';

describe('environment configuration', () => {
  it('runs on the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.temporal).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'cchc',
    });
    expect(config.databaseUrl).toBe('postgresql://postgres:postgres@127.0.0.1:54329/cchc');
    expect(config.smtp).toMatchObject({ host: '127.0.0.1', port: 1025, secure: false, poolSize: 5 });
    expect(config.sms).toEqual({ provider: 'capture' });
    expect(config.timeZone).toBe('Asia/Ho_Chi_Minh');
  });

  it('reads "false" as false, not as true', () => {
    expect(loadConfig({ SMTP_SECURE: 'false' }).smtp.secure).toBe(false);
    expect(loadConfig({ SMTP_SECURE: 'true' }).smtp.secure).toBe(true);
  });

  it.each([
    [{ SMTP_PORT: 'abc' }, 'SMTP_PORT'],
    [{ SMTP_PORT: '70000' }, 'SMTP_PORT'],
    [{ SMTP_SECURE: 'maybe' }, 'SMTP_SECURE'],
    [{ TEMPORAL_ADDRESS: 'localhost' }, 'TEMPORAL_ADDRESS'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ CCHC_TIME_ZONE: 'Mars/Olympus' }, 'CCHC_TIME_ZONE'],
    [{ SMS_PROVIDER: 'pigeon' }, 'SMS_PROVIDER'],
    [{ SMS_PROVIDER: 'esms' }, 'SMS_ESMS_URL'],
    [{ SMS_PROVIDER: 'webhook' }, 'SMS_WEBHOOK_URL'],
    [{ TEMPORAL_TLS_CERT: __filename }, 'TEMPORAL_TLS_KEY'],
    [{ TEMPORAL_TLS_CA: '/no/such/ca.pem' }, 'TEMPORAL_TLS_CA'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SMTP_POOL_SIZE: '0' }, 'SMTP_POOL_SIZE'],
  ])('rejects %j naming %s', (env, variable) => {
    let caught: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toMatch(new RegExp(`^biến môi trường ${variable}: `));
    expect((caught as ConfigError).message).not.toContain('\n');
  });

  it('says one error for one bad variable: the rules across variables wait until each is valid', () => {
    // A certificate path that is no file would otherwise also read as "set without its key".
    const parsed = envSchema.safeParse({ TEMPORAL_TLS_CERT: '/no/such/cert.pem' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toEqual(['TEMPORAL_TLS_CERT']);
  });

  it('builds the eSMS gateway settings when all of them are given', () => {
    const config = loadConfig({
      SMS_PROVIDER: 'esms',
      SMS_ESMS_URL: 'http://127.0.0.1:9/api',
      SMS_ESMS_API_KEY: 'k',
      SMS_ESMS_SECRET_KEY: 's',
      SMS_BRANDNAME: 'SNV_DTHAP',
    });
    expect(config.sms).toMatchObject({ provider: 'esms', brandname: 'SNV_DTHAP', smsType: '2' });
  });

  it('documents every variable of the schema in .env.example', () => {
    const example = fs.readFileSync(path.resolve(__dirname, '..', '..', '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const schemaKeys = Object.keys(envSchema.shape);
    expect(schemaKeys.filter((k) => !documented.has(k))).toEqual([]);
  });
});
