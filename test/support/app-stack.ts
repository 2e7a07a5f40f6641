import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { loadConfig } from '../../config';
import { createActivityDeps } from '../../worker/deps';
import { createWorker } from '../../worker/worker';
import { runCli, type CliResult } from './cli';
import { freshDatabase } from './db';
import { startSmtpServer, type TestSmtpServer } from './smtp';

// The application as an office runs it, for the end-to-end tests: a database of its own, an SMTP
// server, the project's worker in this process on a task queue of its own (on the dev server the
// integration setup started), and the CLI as separate processes with that environment.

export interface AppStack {
  database: Awaited<ReturnType<typeof freshDatabase>>;
  smtp: TestSmtpServer;
  /** The CLI's and the worker's environment. */
  env: Record<string, string>;
  client: Client;
  /** A scratch folder, removed by close(). */
  tmp: string;
  cli(...args: string[]): Promise<CliResult>;
  /**
   * What the test leaves on the shared dev server otherwise: running workflows of these cycles
   * (search attribute CchcCycle) and the schedules of these years.
   */
  cleanUp(opts: { cycleKeys?: string[]; scheduleYears?: number[] }): Promise<void>;
  close(): Promise<void>;
}

export async function startAppStack(name: string): Promise<AppStack> {
  const database = await freshDatabase();
  const smtp = await startSmtpServer();
  const taskQueue = `it-${name}-${Date.now()}`;
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    SMS_PROVIDER: 'capture',
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `cchc-${name}-`));
  const nativeConnection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const client = new Client({ connection });
  const deps = createActivityDeps(loadConfig(env), database.db);
  const worker: Worker = await createWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    deps,
  });
  const running = worker.run();

  return {
    database,
    smtp,
    env,
    client,
    tmp,
    cli: (...args) => runCli(args, env),
    async cleanUp({ cycleKeys = [], scheduleYears = [] }) {
      for (const key of cycleKeys)
        for await (const wf of client.workflow.list({
          query: `CchcCycle = "${key}" AND ExecutionStatus = "Running"`,
        }))
          await client.workflow
            .getHandle(wf.workflowId)
            .terminate('test over')
            .catch(() => undefined);
      if (scheduleYears.length === 0) return;
      for await (const s of client.schedule.list())
        if (scheduleYears.some((y) => s.scheduleId.includes(`-${y}-`)))
          await client.schedule
            .getHandle(s.scheduleId)
            .delete()
            .catch(() => undefined);
    },
    async close() {
      worker.shutdown();
      await running;
      deps.close();
      await connection.close();
      await nativeConnection.close();
      await smtp.close();
      await database.drop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Probes every half second until `ok`; after `ms`, fails saying what it waited for and what it saw. */
export async function until<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 120_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
