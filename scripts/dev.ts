import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { seed } from '../prisma/seed';
import defaults from '../config/defaults.json';
import { ConfigError, loadConfig } from '../config';
import { createDb, redactUrl } from '../config/connections';
import { startMailCatcher, type MailCatcher } from './lib/mail-catcher';
import { startEmbeddedPostgres, type RunningPostgres } from './lib/postgres';
import { waitForPort } from './lib/ports';
import { startTemporalDevServer } from './lib/temporal-dev';
import { describeBinary, projectRoot, resolveTemporalCli } from './lib/tools';

// `npm run dev`: everything on embedded defaults, data kept under .data/ between runs.
// PostgreSQL (unless DATABASE_URL is set), migrations and seed, the Temporal dev server with its
// Web UI (unless TEMPORAL_ADDRESS is set), a mail catcher (unless SMTP_HOST is set), the worker.

const devSchema = z.object({
  DEV_PG_PORT: z.coerce.number().int().min(1).max(65535).default(defaults.embeddedPgPort),
  DEV_TEMPORAL_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .default(Number(defaults.temporalAddress.split(':')[1])),
  DEV_TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(defaults.temporalUiPort),
  DEV_MAIL_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(defaults.mailSmtpPort),
  DEV_MAIL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(defaults.mailUiPort),
});

const log = (message: string) => process.stdout.write(`[dev] ${message}\n`);

async function main(): Promise<void> {
  const devParsed = devSchema.safeParse(process.env);
  if (!devParsed.success) {
    const issue = devParsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const dev = devParsed.data;
  const env: NodeJS.ProcessEnv = { ...process.env };
  const dataDir = path.resolve(projectRoot, env.CCHC_DATA_DIR || '.data');
  fs.mkdirSync(dataDir, { recursive: true });
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  let worker: ChildProcess | undefined;
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    // Native teardown callbacks do not keep Node's event loop alive: hold it open until the end.
    const keepAlive = setInterval(() => undefined, 1000);
    if (worker && worker.exitCode === null) {
      const exited = new Promise<void>((r) => worker!.once('exit', () => r()));
      worker.kill('SIGTERM');
      await exited;
    }
    for (const { name, stop } of stops.reverse()) {
      log(`stopping ${name}`);
      await stop().catch((err: unknown) => log(`could not stop ${name}: ${(err as Error).message}`));
    }
    clearInterval(keepAlive);
    log('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    if (!env.DATABASE_URL) {
      const pg: RunningPostgres = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: dev.DEV_PG_PORT,
        database: 'cchc',
      });
      stops.push({ name: 'PostgreSQL', stop: () => pg.stop() });
      env.DATABASE_URL = pg.url;
    }
    if (!env.SMTP_HOST) {
      const mail: MailCatcher = await startMailCatcher({
        dir: path.join(dataDir, 'mail'),
        smtpPort: dev.DEV_MAIL_SMTP_PORT,
        httpPort: dev.DEV_MAIL_UI_PORT,
      });
      stops.push({ name: 'mail catcher', stop: () => mail.stop() });
      env.SMTP_HOST = '127.0.0.1';
      env.SMTP_PORT = String(mail.smtpPort);
    }
    env.SMS_PROVIDER ||= 'capture';
    env.LOG_LEVEL ||= 'WARN'; // the worker's INFO lines (bundling, state changes) drown the URLs
    let temporalUi: string | undefined;
    if (!env.TEMPORAL_ADDRESS) {
      log(`Temporal CLI: ${describeBinary(resolveTemporalCli())}`);
      const temporal = await startTemporalDevServer({
        port: dev.DEV_TEMPORAL_PORT,
        uiPort: dev.DEV_TEMPORAL_UI_PORT,
        dbFilename: path.join(dataDir, 'temporal.sqlite'),
      });
      stops.push({ name: 'Temporal dev server', stop: () => temporal.teardown() });
      env.TEMPORAL_ADDRESS = `127.0.0.1:${dev.DEV_TEMPORAL_PORT}`;
      temporalUi = `http://127.0.0.1:${dev.DEV_TEMPORAL_UI_PORT}`;
      await waitForPort(dev.DEV_TEMPORAL_UI_PORT, 30_000);
    }

    const config = loadConfig(env); // the same validation the worker will do, before anything else starts
    const migrated = spawnSync(
      process.execPath,
      [path.join(projectRoot, 'scripts', 'prisma.js'), 'migrate', 'deploy'],
      {
        env,
        encoding: 'utf8',
      },
    );
    if (migrated.status !== 0) throw new Error(`migrations failed:\n${migrated.stdout}${migrated.stderr}`);
    log('migrations applied');
    const db = createDb(config.databaseUrl);
    try {
      log(await seed(db));
    } finally {
      await db.$disconnect();
    }

    worker = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(projectRoot, 'worker', 'main.ts')], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ready = new Promise<void>((resolve, reject) => {
      worker!.stdout!.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          process.stdout.write(`[worker] ${line}\n`);
          if (line.startsWith('worker ready')) resolve();
        }
      });
      worker!.once('exit', (code) =>
        reject(new Error(`the worker exited (code ${code}) before it was ready`)),
      );
    });
    worker.once('exit', (code) => {
      if (!stopping) {
        log(`the worker exited unexpectedly (code ${code})`);
        void shutdown(1);
      }
    });
    await ready;

    const lines = [
      '',
      'CCHC Đồng Tháp is running:',
      `  Temporal Web UI   ${temporalUi ?? `(external server ${env.TEMPORAL_ADDRESS})`}`,
      `  Temporal server   ${env.TEMPORAL_ADDRESS} (namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue})`,
      `  Mail (read here)  ${stops.some((s) => s.name === 'mail catcher') ? `http://127.0.0.1:${dev.DEV_MAIL_UI_PORT}` : `(SMTP ${env.SMTP_HOST})`}`,
      `  PostgreSQL        ${redactUrl(env.DATABASE_URL)}`,
      `  SMS               ${config.sms.provider === 'capture' ? 'captured (logged by the worker, stored in the notification log)' : config.sms.provider}`,
      `  Data              ${dataDir}`,
      '',
      'In another terminal: npx cchc agencies list   ·   Ctrl-C stops everything.',
      '',
    ];
    process.stdout.write(lines.join('\n'));
  } catch (err) {
    process.stderr.write(`[dev] ${err instanceof ConfigError ? err.message : (err as Error).message}\n`);
    await shutdown(1);
  }
}

void main();
