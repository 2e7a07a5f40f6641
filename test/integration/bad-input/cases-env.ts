// Bad environments, as the CLI and the worker read them (config/index.ts, one schema for both): each
// row is one variable set to a value the configuration must refuse before anything connects.
// Whether a well-formed host answers or a relay speaks TLS is the channels' start-up check, not this.

export interface EnvCase {
  name: string;
  env: Record<string, string>;
  /** The variable the refusal must name. */
  field: string;
  says?: RegExp;
  gap?: string;
}

const esms = {
  SMS_PROVIDER: 'esms',
  SMS_ESMS_URL: 'https://sms.example.vn/api',
  SMS_ESMS_API_KEY: 'k',
  SMS_ESMS_SECRET_KEY: 's',
  SMS_BRANDNAME: 'SNV_DTHAP',
};

type Row = [name: string, env: Record<string, string>, field: string, more?: Partial<EnvCase>];

// prettier-ignore
const rows: Row[] = [
  ['SMTP port not a number', { SMTP_PORT: 'abc' }, 'SMTP_PORT'],
  ['SMTP port zero', { SMTP_PORT: '0' }, 'SMTP_PORT'],
  ['SMTP port above 65535', { SMTP_PORT: '70000' }, 'SMTP_PORT'],
  ['SMTP host with a space', { SMTP_HOST: 'smtp host' }, 'SMTP_HOST'],
  ['SMTP host starting with a dash', { SMTP_HOST: '-smtp.example.vn' }, 'SMTP_HOST'],
  ['SMTP host with an empty label', { SMTP_HOST: 'smtp..example.vn' }, 'SMTP_HOST'],
  ['SMTP host of 5,000 characters', { SMTP_HOST: 'a'.repeat(5000) }, 'SMTP_HOST', { says: /dài quá/ }],
  ['SMTP_SECURE neither true nor false', { SMTP_SECURE: 'maybe' }, 'SMTP_SECURE'],
  ['SMTP pool of zero', { SMTP_POOL_SIZE: '0' }, 'SMTP_POOL_SIZE'],
  ['SMTP pool fractional', { SMTP_POOL_SIZE: '1.5' }, 'SMTP_POOL_SIZE'],
  ['SMTP pool of 500', { SMTP_POOL_SIZE: '500' }, 'SMTP_POOL_SIZE'],
  ['SMTP user without a password', { SMTP_USER: 'cchc' }, 'SMTP_PASS'],
  ['SMTP password without a user', { SMTP_PASS: 'secret' }, 'SMTP_USER'],
  ['SMTP CA file missing', { SMTP_CA: '/nonexistent/ca.pem' }, 'SMTP_CA'],
  ['SMTP CA a folder', { SMTP_CA: '/tmp' }, 'SMTP_CA'],
  ['sender without a domain dot', { MAIL_FROM: 'x@y' }, 'MAIL_FROM'],
  ['two senders', { MAIL_FROM: 'a@snv.example.vn, b@snv.example.vn' }, 'MAIL_FROM'],
  ['sender not an address', { MAIL_FROM: 'Sở Nội vụ' }, 'MAIL_FROM'],
  ['Temporal address without a port', { TEMPORAL_ADDRESS: 'localhost' }, 'TEMPORAL_ADDRESS'],
  ['Temporal port zero', { TEMPORAL_ADDRESS: '127.0.0.1:0' }, 'TEMPORAL_ADDRESS'],
  ['Temporal port above 65535', { TEMPORAL_ADDRESS: '127.0.0.1:99999' }, 'TEMPORAL_ADDRESS'],
  ['Temporal address a URL', { TEMPORAL_ADDRESS: 'http://127.0.0.1:7233' }, 'TEMPORAL_ADDRESS'],
  ['namespace with a space', { TEMPORAL_NAMESPACE: 'my namespace' }, 'TEMPORAL_NAMESPACE'],
  ['task queue with a space', { TEMPORAL_TASK_QUEUE: 'cchc queue' }, 'TEMPORAL_TASK_QUEUE'],
  ['TLS certificate without its key', { TEMPORAL_TLS_CERT: __filename }, 'TEMPORAL_TLS_KEY'],
  ['TLS CA missing', { TEMPORAL_TLS_CA: '/nonexistent/ca.pem' }, 'TEMPORAL_TLS_CA'],
  ['TLS server name with a space', { TEMPORAL_TLS_SERVER_NAME: 'temporal server' }, 'TEMPORAL_TLS_SERVER_NAME'],
  ['database URL of MySQL', { DATABASE_URL: 'mysql://cchc@127.0.0.1/cchc' }, 'DATABASE_URL'],
  ['database URL without a database', { DATABASE_URL: 'postgresql://cchc@127.0.0.1:5432' }, 'DATABASE_URL'],
  ['database URL not a URL', { DATABASE_URL: 'cchc database' }, 'DATABASE_URL'],
  ['time zone that does not exist', { CCHC_TIME_ZONE: 'Mars/Olympus' }, 'CCHC_TIME_ZONE'],
  ['unknown SMS provider', { SMS_PROVIDER: 'pigeon' }, 'SMS_PROVIDER'],
  ['eSMS without its URL', { ...esms, SMS_ESMS_URL: '' }, 'SMS_ESMS_URL'],
  ['eSMS without its keys', { ...esms, SMS_ESMS_API_KEY: '' }, 'SMS_ESMS_API_KEY'],
  ['eSMS URL over FTP', { ...esms, SMS_ESMS_URL: 'ftp://sms.example.vn' }, 'SMS_ESMS_URL'],
  ['brandname longer than 11', { ...esms, SMS_BRANDNAME: 'SO_NOI_VU_DONG_THAP' }, 'SMS_BRANDNAME'],
  ['SMS type not a number', { ...esms, SMS_ESMS_SMS_TYPE: 'brand' }, 'SMS_ESMS_SMS_TYPE'],
  ['callback URL not a URL', { ...esms, SMS_CALLBACK_URL: 'callback' }, 'SMS_CALLBACK_URL'],
  ['webhook without its URL', { SMS_PROVIDER: 'webhook' }, 'SMS_WEBHOOK_URL'],
  ['webhook URL without a host', { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'http://' }, 'SMS_WEBHOOK_URL'],
  ['log level unknown', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
];

export const ENV_CASES: EnvCase[] = rows.map(([name, env, field, more]) => ({ name, env, field, ...more }));
