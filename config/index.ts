import { z } from 'zod';
import { whenValid } from '../domain/zod-format';
import defaults from './defaults.json';
import { withDevStack } from './dev-stack';
import {
  databaseUrl,
  existingFile,
  flag,
  host,
  hostPort,
  MAX_ENV_VALUE_LENGTH,
  mailFrom,
  oneOf,
  optionalString,
  port,
  temporalName,
  timeZone,
  url,
  wholeNumber,
} from './env-values';

// The one schema for the environment, parsed once by the worker and the CLI (see .env.example).

export const envSchema = z
  .object({
    TEMPORAL_ADDRESS: hostPort.optional().default(defaults.temporalAddress),
    TEMPORAL_NAMESPACE: temporalName('default').optional().default(defaults.namespace),
    TEMPORAL_TASK_QUEUE: temporalName('cchc').optional().default(defaults.taskQueue),
    TEMPORAL_TLS_CERT: existingFile,
    TEMPORAL_TLS_KEY: existingFile,
    TEMPORAL_TLS_CA: existingFile,
    TEMPORAL_TLS_SERVER_NAME: optionalString.refine((v) => v === undefined || host.safeParse(v).success, {
      message: 'cần tên máy, vd. temporal.example.vn',
    }),
    TEMPORAL_API_KEY: optionalString,
    DATABASE_URL: databaseUrl(defaults.embeddedDatabaseUrl),
    SMTP_HOST: optionalString.pipe(host.optional()).transform((v) => v ?? '127.0.0.1'),
    SMTP_PORT: port(defaults.mailSmtpPort),
    SMTP_SECURE: flag(false),
    SMTP_USER: optionalString,
    SMTP_PASS: optionalString,
    SMTP_CA: existingFile,
    SMTP_POOL_SIZE: wholeNumber(5, 1, 100),
    MAIL_FROM: mailFrom,
    CCHC_WORKER_MAX_CACHED_WORKFLOWS: wholeNumber(1_000, 2, 100_000),
    CCHC_WORKER_MAX_WORKFLOW_TASKS: wholeNumber(20, 2, 1_000),
    CCHC_WORKER_MAX_ACTIVITIES: wholeNumber(100, 1, 10_000),
    SMS_PROVIDER: oneOf(['capture', 'esms', 'webhook'], 'capture'),
    SMS_ESMS_URL: url('https://sms.example.vn/api'),
    SMS_ESMS_API_KEY: optionalString,
    SMS_ESMS_SECRET_KEY: optionalString,
    SMS_BRANDNAME: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9 ._-]{1,11}$/.test(v), {
      message: 'tên thương hiệu (brandname) đã đăng ký: tối đa 11 ký tự chữ, số, dấu cách, . _ -',
    }),
    SMS_ESMS_SMS_TYPE: optionalString
      .refine((v) => v === undefined || /^\d{1,2}$/.test(v), { message: 'cần một số (2 = brandname)' })
      .transform((v) => v ?? '2'),
    SMS_CALLBACK_URL: url('https://cchc.example.vn/sms-callback'),
    SMS_WEBHOOK_URL: url('https://sms.example.vn/send'),
    SMS_WEBHOOK_TOKEN: optionalString,
    CCHC_TIME_ZONE: timeZone,
    CCHC_DATA_DIR: optionalString.transform((v) => v ?? '.data'),
    CCHC_CALENDAR_SOURCE: oneOf(['published', 'shipped'], 'published'),
    LOG_LEVEL: oneOf(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'], 'INFO'),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
      const missing = env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'TEMPORAL_TLS_CERT và TEMPORAL_TLS_KEY phải đặt cùng nhau',
      });
    }
    if (env.SMS_PROVIDER === 'esms') {
      for (const key of [
        'SMS_ESMS_URL',
        'SMS_ESMS_API_KEY',
        'SMS_ESMS_SECRET_KEY',
        'SMS_BRANDNAME',
      ] as const) {
        if (!env[key])
          ctx.addIssue({ code: 'custom', path: [key], message: 'bắt buộc khi SMS_PROVIDER=esms' });
      }
    }
    if (env.SMS_PROVIDER === 'webhook' && !env.SMS_WEBHOOK_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMS_WEBHOOK_URL'],
        message: 'bắt buộc khi SMS_PROVIDER=webhook',
      });
    }
    if (Boolean(env.SMTP_USER) !== Boolean(env.SMTP_PASS)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.SMTP_USER ? 'SMTP_PASS' : 'SMTP_USER'],
        message: 'SMTP_USER và SMTP_PASS phải đặt cùng nhau',
      });
    }
  }, whenValid);

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tls?: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
    apiKey?: string;
  };
  databaseUrl: string;
  smtp: {
    host: string;
    port: number;
    secure: boolean;
    user?: string;
    pass?: string;
    /** PEM file of the CA that signed the relay's certificate (a private CA). */
    caFile?: string;
    poolSize: number;
    from: string;
  };
  sms:
    | { provider: 'capture' }
    | {
        provider: 'esms';
        url: string;
        apiKey: string;
        secretKey: string;
        brandname: string;
        smsType: string;
        callbackUrl?: string;
      }
    | { provider: 'webhook'; url: string; token?: string };
  timeZone: string;
  dataDir: string;
  /** Where the calendar commands read the days off: the versions published in the database, or the shipped data only. */
  calendarSource: 'published' | 'shipped';
  logLevel: Env['LOG_LEVEL'];
  /** The worker's capacity; see worker/worker.ts for why these values. */
  worker: {
    maxCachedWorkflows: number;
    maxConcurrentWorkflowTasks: number;
    maxConcurrentActivities: number;
  };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`biến môi trường ${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once; the first bad variable becomes a ConfigError naming it. Without an
 * argument it reads process.env over the settings of a running `npm run dev` (config/dev-stack.ts).
 */
export function loadConfig(source: NodeJS.ProcessEnv = withDevStack(process.env)): AppConfig {
  for (const key of Object.keys(envSchema.shape)) {
    const length = source[key]?.length ?? 0;
    if (length > MAX_ENV_VALUE_LENGTH)
      throw new ConfigError(key, `dài quá ${MAX_ENV_VALUE_LENGTH} ký tự (nhận ${length})`);
  }
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const env = parsed.data;
  const tlsWanted = env.TEMPORAL_TLS_CERT || env.TEMPORAL_TLS_CA || env.TEMPORAL_TLS_SERVER_NAME;
  return {
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      tls: tlsWanted
        ? {
            certPath: env.TEMPORAL_TLS_CERT,
            keyPath: env.TEMPORAL_TLS_KEY,
            caPath: env.TEMPORAL_TLS_CA,
            serverName: env.TEMPORAL_TLS_SERVER_NAME,
          }
        : undefined,
      apiKey: env.TEMPORAL_API_KEY,
    },
    databaseUrl: env.DATABASE_URL,
    smtp: {
      host: env.SMTP_HOST,
      port: env.SMTP_PORT,
      secure: env.SMTP_SECURE,
      user: env.SMTP_USER,
      pass: env.SMTP_PASS,
      caFile: env.SMTP_CA,
      poolSize: env.SMTP_POOL_SIZE,
      from: env.MAIL_FROM,
    },
    sms:
      env.SMS_PROVIDER === 'esms'
        ? {
            provider: 'esms',
            url: env.SMS_ESMS_URL!,
            apiKey: env.SMS_ESMS_API_KEY!,
            secretKey: env.SMS_ESMS_SECRET_KEY!,
            brandname: env.SMS_BRANDNAME!,
            smsType: env.SMS_ESMS_SMS_TYPE,
            callbackUrl: env.SMS_CALLBACK_URL,
          }
        : env.SMS_PROVIDER === 'webhook'
          ? { provider: 'webhook', url: env.SMS_WEBHOOK_URL!, token: env.SMS_WEBHOOK_TOKEN }
          : { provider: 'capture' },
    timeZone: env.CCHC_TIME_ZONE,
    dataDir: env.CCHC_DATA_DIR,
    calendarSource: env.CCHC_CALENDAR_SOURCE,
    logLevel: env.LOG_LEVEL,
    worker: {
      maxCachedWorkflows: env.CCHC_WORKER_MAX_CACHED_WORKFLOWS,
      // A workflow task needs its workflow in the cache: never more tasks at once than cached workflows.
      maxConcurrentWorkflowTasks: Math.min(
        env.CCHC_WORKER_MAX_WORKFLOW_TASKS,
        env.CCHC_WORKER_MAX_CACHED_WORKFLOWS,
      ),
      maxConcurrentActivities: env.CCHC_WORKER_MAX_ACTIVITIES,
    },
  };
}
