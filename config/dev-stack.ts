import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

// How the CLI and the worker find the stack that `npm run dev` started, without anyone exporting
// variables: the launcher writes the connection settings it chose to <data dir>/dev.env (data dir:
// CCHC_DATA_DIR, default .data in the project) and removes the file when it stops. The config
// loader reads it when present. Precedence, per variable:
//   command-line flags  >  environment (a non-empty value)  >  dev.env of a running `npm run dev`  >  defaults
// The file only ever supplies the connection keys below, and only while the launcher that wrote it
// is alive (its PID is in the file), so a crashed launcher's file is ignored. CCHC_DEV_ENV=off
// ignores the file altogether.

/** The connection settings `npm run dev` writes, and the only keys taken from the file. */
export const DEV_STACK_KEYS = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'DATABASE_URL',
  'SMTP_HOST',
  'SMTP_PORT',
  'SMS_PROVIDER',
] as const;
export type DevStackKey = (typeof DEV_STACK_KEYS)[number];

export type SettingSource = 'flag' | 'environment' | 'dev-stack' | 'default';

export interface DevStack {
  file: string;
  /** PID of the `npm run dev` that wrote the file. */
  pid: number;
  /** dev (Temporal CLI dev server) or server (the real Temporal server on PostgreSQL). */
  engine: string;
  settings: Partial<Record<DevStackKey, string>>;
  /** Everything else it noted (DEV_* ports, Web UI URLs), for people and `cchc status`. */
  info: Record<string, string>;
}

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (dir === path.dirname(dir)) return path.resolve(from, '..');
  }
}

const projectRoot = findProjectRoot(__dirname);

/** Where `npm run dev` writes its settings for this environment's data dir. */
export function devStackFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(projectRoot, env.CCHC_DATA_DIR?.trim() || '.data', 'dev.env');
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running dev stack described by `file`; undefined if there is none or its launcher is gone. */
export function readDevStack(file: string): DevStack | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (text.length > 64 * 1024) return undefined;
  const values = parseEnv(text);
  const pid = Number(values.DEV_PID);
  if (!isAlive(pid)) return undefined;
  const settings: DevStack['settings'] = {};
  const info: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if ((DEV_STACK_KEYS as readonly string[]).includes(key)) settings[key as DevStackKey] = value;
    else if (key !== 'DEV_PID' && key !== 'DEV_ENGINE') info[key] = value;
  }
  return { file, pid, engine: values.DEV_ENGINE ?? 'dev', settings, info };
}

function quote(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('a dev.env value cannot span lines');
  return /^[A-Za-z0-9_./:@+,-]*$/.test(value)
    ? value
    : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Written by `npm run dev` once everything answers; readable by its owner only (a database URL). */
export function writeDevStack(
  file: string,
  stack: { engine: string; settings: Partial<Record<DevStackKey, string>>; info?: Record<string, string> },
): void {
  const lines = [
    '# Written by `npm run dev` for the CLI and the worker of this checkout; removed when it stops.',
    '# Environment variables and flags take precedence over these values.',
    `DEV_PID=${process.pid}`,
    `DEV_ENGINE=${quote(stack.engine)}`,
    ...DEV_STACK_KEYS.filter((k) => stack.settings[k] !== undefined).map(
      (k) => `${k}=${quote(stack.settings[k]!)}`,
    ),
    ...Object.entries(stack.info ?? {}).map(([k, v]) => `${k}=${quote(v)}`),
    '',
  ];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, lines.join('\n'), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Removes the file if this process wrote it. */
export function removeDevStack(file: string): void {
  const stack = readDevStack(file);
  if (stack?.pid === process.pid) fs.rmSync(file, { force: true });
}

/**
 * The environment the config schema parses: flags over the environment over the dev stack's file,
 * with where each connection setting came from ('default' when nobody set it).
 */
export function layerSettings(opts: {
  env: NodeJS.ProcessEnv;
  flags?: Partial<Record<string, string>>;
  devStack?: DevStack;
}): { env: NodeJS.ProcessEnv; sources: Record<DevStackKey, SettingSource> } {
  const env: NodeJS.ProcessEnv = { ...opts.env };
  const sources = {} as Record<DevStackKey, SettingSource>;
  const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';
  for (const key of DEV_STACK_KEYS) {
    sources[key] = set(opts.env[key]) ? 'environment' : 'default';
    if (!set(opts.env[key]) && set(opts.devStack?.settings[key])) {
      env[key] = opts.devStack!.settings[key];
      sources[key] = 'dev-stack';
    }
  }
  for (const [key, value] of Object.entries(opts.flags ?? {})) {
    if (!set(value)) continue;
    env[key] = value;
    if ((DEV_STACK_KEYS as readonly string[]).includes(key)) sources[key as DevStackKey] = 'flag';
  }
  return { env, sources };
}

/** The running dev stack for this environment, unless CCHC_DEV_ENV=off. */
export function findDevStack(env: NodeJS.ProcessEnv = process.env): DevStack | undefined {
  if (/^(off|0|false|no)$/i.test(env.CCHC_DEV_ENV?.trim() ?? '')) return undefined;
  return readDevStack(devStackFile(env));
}

/** The environment with a running dev stack's settings filled in where the environment has none. */
export function withDevStack(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const devStack = findDevStack(env);
  return devStack ? layerSettings({ env, devStack }).env : env;
}
