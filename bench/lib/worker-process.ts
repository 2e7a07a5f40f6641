import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// The project's worker as an operator runs it (`npm start` = node dist/worker.js, with the prebuilt
// workflow bundle), one OS process each, so a fault run can SIGKILL it and start it again.

export interface WorkerProcess {
  /** Starts it and resolves once it says "worker ready". */
  start(): Promise<void>;
  /** SIGKILL, no grace. */
  kill(): Promise<void>;
  /** SIGTERM, in-flight work finishes. */
  stop(): Promise<void>;
  running(): boolean;
  starts: number;
}

export function workerProcess(opts: {
  root: string;
  env: Record<string, string>;
  logFile: string;
  label: string;
}): WorkerProcess {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const alive = () => Boolean(child && child.exitCode === null && child.signalCode === null);
  const self: WorkerProcess = {
    starts: 0,
    running: alive,
    async start() {
      if (alive()) return;
      self.starts += 1;
      const log = fs.createWriteStream(opts.logFile, { flags: 'a' });
      log.on('error', () => undefined); // a last chunk after the exit line
      log.write(`--- ${opts.label} start #${self.starts} at ${new Date().toISOString()}\n`);
      const proc = spawn(process.execPath, [path.join(opts.root, 'dist', 'worker.js')], {
        cwd: opts.root,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...opts.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      await new Promise<void>((resolve, reject) => {
        let seen = '';
        const timer = setTimeout(() => reject(new Error(`${opts.label}: not ready within 120 s`)), 120_000);
        const onData = (chunk: Buffer) => {
          log.write(chunk);
          if (seen.length < 100_000) seen += chunk.toString();
          if (seen.includes('worker ready')) {
            clearTimeout(timer);
            resolve();
          }
        };
        proc.stdout!.on('data', onData);
        proc.stderr!.on('data', (c: Buffer) => log.write(c));
        proc.once('exit', (code, signal) => {
          clearTimeout(timer);
          log.end(`--- ${opts.label} exited code=${code} signal=${signal}\n`);
          reject(new Error(`${opts.label} exited (${code ?? signal}) before it was ready`));
        });
      });
    },
    async kill() {
      if (!alive()) return;
      child!.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!alive()) return;
      child!.kill('SIGTERM');
      const killer = setTimeout(() => child?.kill('SIGKILL'), 40_000);
      await exited;
      clearTimeout(killer);
    },
  };
  return self;
}
