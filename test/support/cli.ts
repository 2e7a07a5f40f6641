import { spawn } from 'node:child_process';
import path from 'node:path';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const cliBinary = path.resolve(__dirname, '..', '..', 'bin', 'cchc.js');

/** Runs `cchc` as an official would: a separate process, its own environment, exit code and output. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBinary, ...args], {
      // A developer's own `npm run dev` (its .data/dev.env) must not steer the tests.
      env: { ...process.env, CCHC_DEV_ENV: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let previous: Promise<unknown> = Promise.resolve();

/**
 * Runs `cchc` inside the test process: the same main() the binary calls, with process.stdout and
 * process.stderr captured and `env` applied to process.env for the duration of the call. Calls are
 * serialised (they share the process's streams and environment). Much faster than runCli; keep
 * runCli for the few tests that are about the binary itself.
 */
export function runCliInProcess(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  const run = previous.then(() => runNow(args, env));
  previous = run.catch(() => undefined);
  return run;
}

async function runNow(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const { main } = await import('../../client/cli');
  const savedEnv = Object.fromEntries(['CCHC_DEV_ENV', ...Object.keys(env)].map((k) => [k, process.env[k]]));
  const output = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      output[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  setEnv({ CCHC_DEV_ENV: 'off', ...env });
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    const code = await main(['node', 'cchc', ...args]);
    return { code, ...output };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    setEnv(savedEnv);
  }
}

function setEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
