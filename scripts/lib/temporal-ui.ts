import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { resolveTemporalUiServer } from './tools';

// The Temporal Web UI for a server started by temporal-server.ts. The Temporal CLI serves its UI
// only for its own dev server (start-dev has no option to point it elsewhere), so this runs the
// UI server itself (github.com/temporalio/ui-server, the same code the CLI embeds and the
// temporalio/ui image runs), on 127.0.0.1. Write actions (terminate, cancel, signal, update,
// reset, batch, start) are off unless asked for, as in docker-compose.yml.

export interface TemporalUi {
  url: string;
  stop(): Promise<void>;
}

export async function startTemporalUi(opts: {
  dir: string;
  temporalAddress: string;
  port: number;
  namespace: string;
  writeActions: boolean;
}): Promise<TemporalUi> {
  const binary = resolveTemporalUiServer();
  if (!binary)
    throw new Error('the Temporal Web UI server is not built and Go is not available (npm run tools)');
  const url = `http://127.0.0.1:${opts.port}`;
  const readOnly = !opts.writeActions;
  const config = {
    temporalGrpcAddress: opts.temporalAddress,
    host: '127.0.0.1',
    port: opts.port,
    enableUi: true,
    defaultNamespace: opts.namespace,
    notifyOnNewVersion: false,
    showTemporalSystemNamespace: false,
    refreshInterval: '0s',
    disableWriteActions: readOnly,
    workflowTerminateDisabled: readOnly,
    workflowCancelDisabled: readOnly,
    workflowSignalDisabled: readOnly,
    workflowUpdateDisabled: readOnly,
    workflowResetDisabled: readOnly,
    batchActionsDisabled: readOnly,
    startWorkflowDisabled: readOnly,
    activityCommandsDisabled: readOnly,
    cors: {
      cookieInsecure: false,
      unsafeAllowAllOrigins: false,
      allowOrigins: [url, `http://localhost:${opts.port}`],
    },
    auth: { enabled: false },
  };
  fs.mkdirSync(path.join(opts.dir, 'config'), { recursive: true });
  fs.writeFileSync(path.join(opts.dir, 'config', 'cchc.yaml'), stringify(config));
  const logFile = path.join(opts.dir, 'ui.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(binary, ['--root', opts.dir, '--config', 'config', '--env', 'cchc', 'start'], {
    cwd: opts.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `the Temporal Web UI server exited: ${fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n')}`,
      );
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the Temporal Web UI did not answer on ${url} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop };
}
