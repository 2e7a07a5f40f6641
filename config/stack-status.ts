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
  /** Where the setting came from, when known (flag, environment, dev-stack, default). */
  source?: SettingSource;
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

const firstLine = (err: unknown) =>
  (
    (err instanceof Error ? err.message : String(err)).split('\n').find((l) => l.trim()) ?? 'unknown error'
  ).trim();

async function timed(
  piece: StackPiece,
  target: string,
  source: SettingSource | undefined,
  check: () => Promise<{ ok: boolean | null; detail: string }>,
): Promise<PieceStatus> {
  const t0 = Date.now();
  try {
    const { ok, detail } = await check();
    return { piece, target, source, ok, detail, ms: Date.now() - t0 };
  } catch (err) {
    return { piece, target, source, ok: false, detail: firstLine(err), ms: Date.now() - t0 };
  }
}

function withTimeout<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
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
        const version = `server ${info.serverVersion || '?'}`;
        return missing.length
          ? { ok: false, detail: `${version}; search attributes not registered: ${missing.join(', ')}` }
          : { ok: true, detail: `${version}; namespace ${config.namespace}; search attributes registered` };
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
      ? { ok: true, detail: `PostgreSQL ${version}; migrations applied` }
      : { ok: false, detail: `PostgreSQL ${version}; migrations not applied (npm run db:migrate)` };
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
    return { ok: true, detail: smtp.user ? 'answers; login accepted' : 'answers' };
  } finally {
    transport.close();
  }
}

async function checkSmsGateway(sms: AppConfig['sms'], timeoutMs: number) {
  if (sms.provider === 'capture') return { ok: null, detail: 'captured (stored, never sent)' };
  // A HEAD to the gateway's root, never to its send endpoint: any HTTP answer means it is reachable.
  const res = await fetch(new URL('/', sms.url), { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
  await res.body?.cancel();
  return { ok: true, detail: `${sms.provider} answers (HTTP ${res.status} at ${new URL(sms.url).origin}/)` };
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
      src.TEMPORAL_ADDRESS,
      () => checkTemporal(config.temporal, timeoutMs),
    ),
    timed('postgresql', redactUrl(config.databaseUrl), src.DATABASE_URL, () =>
      checkPostgres(config.databaseUrl, timeoutMs),
    ),
    timed(
      'smtp',
      `${config.smtp.host}:${config.smtp.port}${config.smtp.secure ? ' (TLS)' : ''}`,
      src.SMTP_HOST,
      () => checkSmtp(config.smtp, timeoutMs),
    ),
    timed('sms', smsTarget(config.sms), src.SMS_PROVIDER, () => checkSmsGateway(config.sms, timeoutMs)),
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
