import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ALL_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { freePort } from '../../scripts/lib/ports';
import { bootstrapNamespace, startTemporalServer } from '../../scripts/lib/temporal-server';
import { resolveTemporalCli } from '../../scripts/lib/tools';

// The Temporal engine of a fault run, which the run may crash and bring back: the CLI dev server
// (SQLite file kept across restarts) or the real server on PostgreSQL (scripts/lib/temporal-server).

export interface Engine {
  name: 'dev' | 'postgres';
  address: string;
  /** A namespace with the project's search attributes, ready for a scenario. */
  namespace(name: string): Promise<void>;
  /** SIGKILL, stay down downMs, start again; resolves once it serves again. */
  crash(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitServing(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`Temporal at ${address} not serving: ${(err as Error).message}`);
      await sleep(250);
    }
  }
}

export async function startDevEngine(dir: string): Promise<Engine> {
  const cli = resolveTemporalCli();
  if (!cli) throw new Error('the Temporal CLI is not available (npm run tools)');
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const dbFile = path.join(dir, 'temporal-dev.sqlite');
  const logFile = path.join(dir, 'temporal-dev.log');
  let child: ChildProcess | undefined;
  const launch = async () => {
    const log = fs.openSync(logFile, 'a');
    child = spawn(
      cli,
      ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port)].concat([
        '--db-filename',
        dbFile,
        '--log-level',
        'warn',
      ]),
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    await waitServing(address, 60_000);
  };
  const kill = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    name: 'dev',
    address,
    namespace: async (name) => void (await bootstrapNamespace(address, name, ALL_SEARCH_ATTRIBUTES, 24)),
    async crash(downMs) {
      await kill();
      await sleep(downMs);
      await launch();
    },
    stop: kill,
  };
}

export async function startPostgresEngine(dir: string): Promise<Engine> {
  const server = await startTemporalServer({ dir: path.join(dir, 'temporal-server'), logLevel: 'error' });
  return {
    name: 'postgres',
    address: server.address,
    namespace: async (name) =>
      void (await bootstrapNamespace(server.address, name, ALL_SEARCH_ATTRIBUTES, 24)),
    async crash(downMs) {
      await server.restartServer({ signal: 'SIGKILL', downMs });
      await waitServing(server.address, 60_000);
    },
    stop: () => server.stop(),
  };
}
