import fs from 'node:fs';
import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';
import defaults from './defaults.json';
import { withDevStack } from './dev-stack';

// The one schema for the environment, parsed once by the worker and the CLI (see .env.example).

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** "true"/"false"/"1"/"0" only: z.coerce.boolean() would read "false" as true. */
const flag = (defaultValue: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { message: 'expected true or false' })
    .optional()
    .transform((v) =>
      v === undefined || v === '' ? defaultValue : v === 'true' || v === '1' || v === 'yes',
    );

const port = (defaultValue: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return defaultValue;
      const n = Number(v);
      if (!/^\d+$/.test(v.trim()) || n < 1 || n > 65535) {
        ctx.addIssue({ code: 'custom', message: `expected a port number 1-65535, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const existingFile = optionalString.refine((v) => v === undefined || fs.existsSync(v), {
  message: 'no such file',
});

/** A whole number in [min, max]; unset or empty: the default. */
const wholeNumber = (defaultValue: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return defaultValue;
      const n = Number(v);
      if (!/^\d+$/.test(v.trim()) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number ${min}-${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

/** One sender, `Name <a@b.vn>` or `a@b.vn`, whose address has a domain with a dot (`x@y` is no address). */
const mailFrom = z
  .string()
  .trim()
  .optional()
  .default('"Sở Nội vụ Đồng Tháp (CCHC)" <cchc@snv.dongthap.example>')
  .superRefine((v, ctx) => {
    const parsed = addressparser(v, { flatten: true });
    const [first] = parsed;
    if (parsed.length !== 1 || !first?.address || !z.email().safeParse(first.address).success) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected one sender address, e.g. "Name" <cchc@snv.example.vn>',
      });
    }
  });

const hostPort = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:7233');

const url = (what: string) =>
  optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: `expected an http(s) URL for ${what}`,
  });

const timeZone = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const zone = v?.trim() || 'Asia/Ho_Chi_Minh';
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      ctx.addIssue({ code: 'custom', message: `unknown IANA time zone "${zone}"` });
      return z.NEVER;
    }
    return zone;
  });

export const envSchema = z
  .object({
    TEMPORAL_ADDRESS: hostPort.optional().default(defaults.temporalAddress),
    TEMPORAL_NAMESPACE: z.string().trim().min(1).optional().default(defaults.namespace),
    TEMPORAL_TASK_QUEUE: z.string().trim().min(1).optional().default(defaults.taskQueue),
    TEMPORAL_TLS_CERT: existingFile,
    TEMPORAL_TLS_KEY: existingFile,
    TEMPORAL_TLS_CA: existingFile,
    TEMPORAL_TLS_SERVER_NAME: optionalString,
    TEMPORAL_API_KEY: optionalString,
    DATABASE_URL: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : defaults.embeddedDatabaseUrl))
      .refine((v) => /^postgres(ql)?:\/\/\S+$/.test(v), {
        message: 'expected postgresql://user:pass@host:port/db',
      }),
    SMTP_HOST: z.string().trim().min(1).optional().default('127.0.0.1'),
    SMTP_PORT: port(defaults.mailSmtpPort),
    SMTP_SECURE: flag(false),
    SMTP_USER: optionalString,
    SMTP_PASS: optionalString,
    SMTP_CA: existingFile,
    SMTP_POOL_SIZE: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === '') return 5;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 100) {
          ctx.addIssue({ code: 'custom', message: `expected a whole number 1-100, got "${v}"` });
          return z.NEVER;
        }
        return n;
      }),
    MAIL_FROM: mailFrom,
    CCHC_WORKER_MAX_CACHED_WORKFLOWS: wholeNumber(1_000, 2, 100_000),
    CCHC_WORKER_MAX_WORKFLOW_TASKS: wholeNumber(20, 2, 1_000),
    CCHC_WORKER_MAX_ACTIVITIES: wholeNumber(100, 1, 10_000),
    SMS_PROVIDER: z
      .enum(['capture', 'esms', 'webhook'], { message: 'expected capture, esms or webhook' })
      .optional()
      .default('capture'),
    SMS_ESMS_URL: url('SMS_ESMS_URL'),
    SMS_ESMS_API_KEY: optionalString,
    SMS_ESMS_SECRET_KEY: optionalString,
    SMS_BRANDNAME: optionalString,
    SMS_ESMS_SMS_TYPE: z
      .string()
      .trim()
      .regex(/^\d+$/, 'expected a number (2 = brandname)')
      .optional()
      .default('2'),
    SMS_CALLBACK_URL: url('SMS_CALLBACK_URL'),
    SMS_WEBHOOK_URL: url('SMS_WEBHOOK_URL'),
    SMS_WEBHOOK_TOKEN: optionalString,
    CCHC_TIME_ZONE: timeZone,
    CCHC_DATA_DIR: z.string().trim().min(1).optional().default('.data'),
    LOG_LEVEL: z
      .enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'], {
        message: 'expected TRACE, DEBUG, INFO, WARN or ERROR',
      })
      .optional()
      .default('INFO'),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
      const missing = env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together',
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
          ctx.addIssue({ code: 'custom', path: [key], message: 'required when SMS_PROVIDER=esms' });
      }
    }
    if (env.SMS_PROVIDER === 'webhook' && !env.SMS_WEBHOOK_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMS_WEBHOOK_URL'],
        message: 'required when SMS_PROVIDER=webhook',
      });
    }
  });

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
    super(`Invalid environment: ${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once; the first bad variable becomes a ConfigError naming it. Without an
 * argument it reads process.env over the settings of a running `npm run dev` (config/dev-stack.ts).
 */
export function loadConfig(source: NodeJS.ProcessEnv = withDevStack(process.env)): AppConfig {
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
