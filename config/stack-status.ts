import nodemailer from 'nodemailer';
import pg from 'pg';
import { ALL_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import type { AppConfig } from '.';
import { redactUrl } from './connections';
import { connectClient } from './temporal';
import { findDevStack, layerSettings, type DevStackKey, type SettingSource } from './dev-stack';

// What the application connects to and whether each piece answers, for `cchc status` / `doctor`.
// Every check is read-only (nothing is sent, nothing is written) and bounded in time.

export type StackPiece = 'temporal' | 'postgresql' | 'smtp' | 'sms';

export interface PieceStatus {
  piece: StackPiece;
  /** What it connects to, passwords hidden (e.g. 127.0.0.1:7233 namespace default). */
  target: string;
  /**
   * Where its settings came from, when known (flag, environment, dev-stack, default): the
   * strongest of its settings' sources (one SMTP_PORT in the environment makes it `environment`).
   */
  source?: SettingSource;
  /** Each of its settings' sources, when known (`SMTP_HOST: default`, `SMTP_PORT: environment`). */
  sources?: Partial<Record<DevStackKey, SettingSource>>;
  /** true: answers; false: does not (detail says why); null: nothing to check (SMS captured). */
  ok: boolean | null;
  ms: number;
  /** Server version and facts on success, the first line of the error otherwise. */
  detail: string;
}

export interface StackStatus {
  pieces: PieceStatus[];
  /** The dev.env file of a running `npm run dev` that filled in settings, if any. */
  devStackFile?: string;
  ok: boolean;
}

/** The settings each piece is reached by, of those a dev stack file may supply. */
const PIECE_KEYS: Record<StackPiece, readonly DevStackKey[]> = {
  temporal: ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE'],
  postgresql: ['DATABASE_URL'],
  smtp: ['SMTP_HOST', 'SMTP_PORT'],
  sms: ['SMS_PROVIDER'],
};

/** Precedence of the sources, strongest first (config/dev-stack.ts). */
const PRECEDENCE: readonly SettingSource[] = ['flag', 'environment', 'dev-stack', 'default'];

/** Network failures as officials read them; the system's own words follow in parentheses. */
const NETWORK_VI: Record<string, string> = {
  ECONNREFUSED: 'từ chối kết nối: không có dịch vụ nào nghe ở cổng này',
  ECONNRESET: 'kết nối bị ngắt giữa chừng',
  ETIMEDOUT: 'hết thời gian chờ kết nối',
  ENOTFOUND: 'không tìm thấy tên máy chủ',
  EAI_AGAIN: 'không tra được tên máy chủ (DNS)',
  EHOSTUNREACH: 'không tới được máy chủ',
  ENETUNREACH: 'không tới được mạng của máy chủ',
};

/** Messages of the libraries' own, with their meaning for an official. */
const MESSAGES_VI: [RegExp, string][] = [
  [/Failed to connect before the deadline/i, 'không kết nối được trong thời gian chờ'],
  [/password authentication failed/i, 'sai tên đăng nhập hoặc mật khẩu cơ sở dữ liệu'],
  [/database .* does not exist/i, 'chưa có cơ sở dữ liệu này'],
  [/Invalid login|authentication failed/i, 'đăng nhập máy chủ thư không được'],
];

/** The network failure behind an error: its code, its cause's, or the code its message names (nodemailer's ESOCKET). */
function errorCode(err: unknown): string | undefined {
  let e = err as { code?: unknown; cause?: unknown; message?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++, e = e.cause as typeof e) {
    if (typeof e.code === 'string' && NETWORK_VI[e.code]) return e.code;
    const named = typeof e.message === 'string' ? /\b(E[A-Z_]{3,})\b/.exec(e.message)?.[1] : undefined;
    if (named && NETWORK_VI[named]) return named;
  }
  return undefined;
}

function firstLine(err: unknown): string {
  const message = (err as { message?: unknown } | undefined)?.message;
  const line = (
    (typeof message === 'string' ? message : String(err)).split('\n').find((l) => l.trim()) ?? 'lỗi không rõ'
  ).trim();
  const code = errorCode(err);
  if (code) return `${NETWORK_VI[code]} (${line})`;
  const known = MESSAGES_VI.find(([re]) => re.test(line));
  return known ? `${known[1]} (${line})` : line;
}

/** The piece's settings' sources, and the strongest of them. */
function sourcesOf(piece: StackPiece, all: Partial<Record<DevStackKey, SettingSource>>) {
  const sources: Partial<Record<DevStackKey, SettingSource>> = {};
  for (const key of PIECE_KEYS[piece]) if (all[key]) sources[key] = all[key];
  const source = PRECEDENCE.find((s) => Object.values(sources).includes(s));
  return { source, sources };
}

async function timed(
  piece: StackPiece,
  target: string,
  all: Partial<Record<DevStackKey, SettingSource>>,
  check: () => Promise<{ ok: boolean | null; detail: string }>,
): Promise<PieceStatus> {
  const t0 = Date.now();
  const { source, sources } = sourcesOf(piece, all);
  const known = source ? { source, sources } : {};
  try {
    const { ok, detail } = await check();
    return { piece, target, ...known, ok, detail, ms: Date.now() - t0 };
  } catch (err) {
    return { piece, target, ...known, ok: false, detail: firstLine(err), ms: Date.now() - t0 };
  }
}

function withTimeout<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: không trả lời sau ${ms / 1000} giây`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function checkTemporal(config: AppConfig['temporal'], timeoutMs: number) {
  const connecting = connectClient(config);
  const connection = await withTimeout(timeoutMs, 'Temporal', connecting).catch((err: unknown) => {
    // A connection that arrives after the time bound is closed, not left open.
    connecting.then(
      (c) => c.close(),
      () => undefined,
    );
    throw err;
  });
  try {
    return await withTimeout(
      timeoutMs,
      'Temporal',
      (async () => {
        const info = await connection.workflowService.getSystemInfo({});
        await connection.workflowService.describeNamespace({ namespace: config.namespace });
        const { customAttributes } = await connection.operatorService.listSearchAttributes({
          namespace: config.namespace,
        });
        const missing = ALL_SEARCH_ATTRIBUTES.map((k) => k.name).filter((n) => !customAttributes?.[n]);
        const version = `máy chủ ${info.serverVersion || '?'}`;
        return missing.length
          ? {
              ok: false,
              detail: `${version}; chưa đăng ký thuộc tính tìm kiếm (search attributes): ${missing.join(', ')}`,
            }
          : {
              ok: true,
              detail: `${version}; namespace ${config.namespace}; đã đăng ký thuộc tính tìm kiếm`,
            };
      })(),
    );
  } finally {
    await connection.close();
  }
}

async function checkPostgres(databaseUrl: string, timeoutMs: number) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    const version = (await client.query('SHOW server_version')).rows[0]?.server_version as string;
    const migrated = await client.query(`SELECT to_regclass('"Agency"') IS NOT NULL AS ok`);
    return migrated.rows[0]?.ok
      ? { ok: true, detail: `PostgreSQL ${version}; đã tạo các bảng dữ liệu (migration)` }
      : {
          ok: false,
          detail: `PostgreSQL ${version}; chưa tạo các bảng dữ liệu: chạy npm run db:migrate`,
        };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkSmtp(smtp: AppConfig['smtp'], timeoutMs: number) {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    // Connects, says EHLO, upgrades with STARTTLS when offered, logs in when credentials are set.
    await transport.verify();
    return { ok: true, detail: smtp.user ? 'trả lời; đăng nhập được' : 'trả lời' };
  } finally {
    transport.close();
  }
}

async function checkSmsGateway(sms: AppConfig['sms'], timeoutMs: number) {
  if (sms.provider === 'capture')
    return { ok: null, detail: 'chỉ lưu lại (capture), không gửi tới người nhận' };
  // A HEAD to the gateway's root, never to its send endpoint: any HTTP answer means it is reachable.
  const res = await fetch(new URL('/', sms.url), { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
  await res.body?.cancel();
  return {
    ok: true,
    detail: `${sms.provider} trả lời (HTTP ${res.status} tại ${new URL(sms.url).origin}/)`,
  };
}

function smsTarget(sms: AppConfig['sms']): string {
  if (sms.provider === 'capture') return 'capture';
  const url = new URL(sms.url);
  return `${sms.provider} ${url.origin}${url.pathname}`;
}

/**
 * Checks every piece the configuration points at, in parallel. `sources` says where each setting
 * came from (see describeSettings); without it, sources are left out.
 */
export async function checkStack(
  config: AppConfig,
  opts: {
    timeoutMs?: number;
    sources?: Partial<Record<DevStackKey, SettingSource>>;
    devStackFile?: string;
  } = {},
): Promise<StackStatus> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const src = opts.sources ?? {};
  const pieces = await Promise.all([
    timed(
      'temporal',
      `${config.temporal.address} namespace ${config.temporal.namespace}${config.temporal.tls || config.temporal.apiKey ? ' (TLS)' : ''}`,
      src,
      () => checkTemporal(config.temporal, timeoutMs),
    ),
    timed('postgresql', redactUrl(config.databaseUrl), src, () =>
      checkPostgres(config.databaseUrl, timeoutMs),
    ),
    timed('smtp', `${config.smtp.host}:${config.smtp.port}${config.smtp.secure ? ' (TLS)' : ''}`, src, () =>
      checkSmtp(config.smtp, timeoutMs),
    ),
    timed('sms', smsTarget(config.sms), src, () => checkSmsGateway(config.sms, timeoutMs)),
  ]);
  return { pieces, devStackFile: opts.devStackFile, ok: pieces.every((p) => p.ok !== false) };
}

/**
 * The environment the config loader will parse (flags > environment > dev stack file > defaults)
 * and where each connection setting came from: pass `env` to loadConfig, the rest to checkStack.
 */
export function describeSettings(
  env: NodeJS.ProcessEnv = process.env,
  flags?: Partial<Record<string, string>>,
): { env: NodeJS.ProcessEnv; sources: Record<DevStackKey, SettingSource>; devStackFile?: string } {
  const devStack = findDevStack(env);
  const layered = layerSettings({ env, flags, devStack });
  return { ...layered, devStackFile: devStack?.file };
}
