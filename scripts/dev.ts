import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { seed } from '../prisma/seed';
import defaults from '../config/defaults.json';
import { ConfigError, loadConfig } from '../config';
import { createDb, redactUrl } from '../config/connections';
import { devStackFile, removeDevStack, writeDevStack } from '../config/dev-stack';
import { startMailCatcher, type MailCatcher } from './lib/mail-catcher';
import { startEmbeddedPostgres, type RunningPostgres } from './lib/postgres';
import { waitForPort } from './lib/ports';
import { startTemporalDevServer } from './lib/temporal-dev';
import { startTemporalServer } from './lib/temporal-server';
import { describeBinary, projectRoot, resolveTemporalCli, TEMPORAL_SERVER_VERSION } from './lib/tools';

// `npm run dev`: everything on embedded defaults, data kept under .data/ between runs.
// PostgreSQL (unless DATABASE_URL is set), migrations and seed, Temporal with its Web UI (unless
// TEMPORAL_ADDRESS is set), a mail catcher (unless SMTP_HOST is set), the worker.
// `--engine dev` (default): the Temporal CLI dev server (SQLite). `--engine server`: the production
// engine, the real Temporal server on a PostgreSQL of its own with SQL visibility (the shape of
// docker-compose.yml), and the Temporal Web UI server beside it.
// Once everything answers, the settings it chose go to <data dir>/dev.env, which the CLI and the
// worker of this checkout read (config/dev-stack.ts); the file is removed when it stops.

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
  /** PostgreSQL of the real Temporal server (--engine server); the application's is DEV_PG_PORT. */
  DEV_TEMPORAL_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54330),
  DEV_ENGINE: z.enum(['dev', 'server'], { message: 'expected dev or server' }).default('dev'),
});

/** `npm run dev -- --engine server`: the flag wins over DEV_ENGINE. */
function engineFlag(argv: string[]): string | undefined {
  const { values } = parseArgs({ args: argv, options: { engine: { type: 'string' } }, strict: true });
  return values.engine;
}

const log = (message: string) => process.stdout.write(`[dev] ${message}\n`);

async function main(): Promise<void> {
  let engine: string | undefined;
  try {
    engine = engineFlag(process.argv.slice(2));
  } catch (err) {
    throw new Error(`bad option: ${(err as Error).message} (npm run dev -- --engine dev|server)`);
  }
  const devParsed = devSchema.safeParse({ ...process.env, ...(engine ? { DEV_ENGINE: engine } : {}) });
  if (!devParsed.success) {
    const issue = devParsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    if (variable === 'DEV_ENGINE' && engine) throw new Error(`--engine: ${issue.message}`);
    throw new ConfigError(variable, issue.message);
  }
  const dev = devParsed.data;
  const env: NodeJS.ProcessEnv = { ...process.env };
  const dataDir = path.resolve(projectRoot, env.CCHC_DATA_DIR || '.data');
  fs.mkdirSync(dataDir, { recursive: true });
  const stackFile = devStackFile(env);
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  let worker: ChildProcess | undefined;
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    // Native teardown callbacks do not keep Node's event loop alive: hold it open until the end.
    const keepAlive = setInterval(() => undefined, 1000);
    removeDevStack(stackFile);
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
    let engineLine = '';
    if (env.TEMPORAL_ADDRESS) {
      if (dev.DEV_ENGINE === 'server')
        log(`TEMPORAL_ADDRESS is set: using ${env.TEMPORAL_ADDRESS}, --engine is ignored`);
    } else if (dev.DEV_ENGINE === 'server') {
      const t0 = Date.now();
      log('starting the Temporal server on PostgreSQL (the production engine)…');
      const server = await startTemporalServer({
        dir: path.join(dataDir, 'temporal-server'),
        port: dev.DEV_TEMPORAL_PORT,
        pgPort: dev.DEV_TEMPORAL_PG_PORT,
        ui: { port: dev.DEV_TEMPORAL_UI_PORT },
      });
      stops.push({ name: 'Temporal server', stop: () => server.stop() });
      env.TEMPORAL_ADDRESS = server.address;
      temporalUi = server.uiUrl;
      engineLine = `Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL 127.0.0.1:${server.pg.port}, SQL visibility (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)`;
    } else {
      log(`Temporal CLI: ${describeBinary(resolveTemporalCli())}`);
      const temporal = await startTemporalDevServer({
        port: dev.DEV_TEMPORAL_PORT,
        uiPort: dev.DEV_TEMPORAL_UI_PORT,
        dbFilename: path.join(dataDir, 'temporal.sqlite'),
      });
      stops.push({ name: 'Temporal dev server', stop: () => temporal.teardown() });
      env.TEMPORAL_ADDRESS = `127.0.0.1:${dev.DEV_TEMPORAL_PORT}`;
      temporalUi = `http://127.0.0.1:${dev.DEV_TEMPORAL_UI_PORT}`;
      engineLine = 'Temporal CLI dev server (SQLite)';
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

    const mailCatcher = stops.some((s) => s.name === 'mail catcher');
    writeDevStack(stackFile, {
      engine: engineLine ? dev.DEV_ENGINE : 'external',
      settings: {
        TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
        TEMPORAL_NAMESPACE: config.temporal.namespace,
        DATABASE_URL: env.DATABASE_URL,
        SMTP_HOST: env.SMTP_HOST,
        SMTP_PORT: env.SMTP_PORT,
        SMS_PROVIDER: env.SMS_PROVIDER,
      },
      info: {
        ...Object.fromEntries(
          Object.entries(dev)
            .filter(([k]) => k !== 'DEV_ENGINE')
            .map(([k, v]) => [k, String(v)]),
        ),
        ...(temporalUi ? { DEV_TEMPORAL_UI_URL: temporalUi } : {}),
        ...(mailCatcher ? { DEV_MAIL_UI_URL: `http://127.0.0.1:${dev.DEV_MAIL_UI_PORT}` } : {}),
      },
    });

    const lines = [
      '',
      'CCHC Đồng Tháp is running:',
      `  Temporal Web UI   ${temporalUi ?? `(external server ${env.TEMPORAL_ADDRESS})`}`,
      `  Temporal server   ${env.TEMPORAL_ADDRESS} (namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue})`,
      ...(engineLine ? [`  Engine            ${engineLine}`] : []),
      `  Mail (read here)  ${mailCatcher ? `http://127.0.0.1:${dev.DEV_MAIL_UI_PORT}` : `(SMTP ${env.SMTP_HOST})`}`,
      `  PostgreSQL        ${redactUrl(env.DATABASE_URL)}`,
      `  SMS               ${config.sms.provider === 'capture' ? 'captured (logged by the worker, stored in the notification log)' : config.sms.provider}`,
      `  Data              ${dataDir}`,
      `  Settings          ${stackFile} (read by npx cchc in this checkout)`,
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

main().catch((err: unknown) => {
  // Bad flags or DEV_* variables, before anything was started.
  process.stderr.write(`[dev] ${(err as Error).message}\n`);
  process.exit(1);
});
