import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { NotifyResult } from '../../activities/notifications';
import { keyOf, notifyWorld, reminder } from '../support/notify-fixture';

// The worst fault of the chaos runs: the worker process is SIGKILLed once the relay has the whole
// email and before its answer reaches the worker. The retry, on another worker process, must not
// send it again (it is recorded UNCERTAIN: most likely delivered), and must not lose one whose
// content never left.

const STP_EMAIL = 'daumoi.stp@dongthap.example';

describe('a worker killed while the relay holds its email', () => {
  const w = notifyWorld({ parse: false });
  let client: Client;
  const children: ChildProcess[] = [];
  const taskQueue = `it-crash-${Date.now()}`;

  /** The notify worker as an OS process; resolves once it polls. */
  function startWorker(): Promise<ChildProcess> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, '..', 'support', 'notify-worker.ts')],
      {
        env: {
          ...process.env,
          DATABASE_URL: w.url,
          TASK_QUEUE: taskQueue,
          SMTP_PORT: String(w.smtp.port),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    return new Promise((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
      child.once('exit', (code) => reject(new Error(`notify worker exited (${code}): ${err}`)));
    });
  }
  const kill = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });

  beforeAll(async () => {
    client = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS }) });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await client?.connection.close();
  });

  it('SIGKILL after the relay received the whole email: delivered once, recorded UNCERTAIN', async () => {
    const first = await startWorker();
    // The relay takes 4 s to answer the final dot: the kill lands in that window.
    w.smtp.fault({ kind: 'delay', ms: 4_000, times: 1 });
    const input = reminder('STP', 'crash-after-content');
    const handle = await client.workflow.start('notifyOnce', {
      taskQueue,
      workflowId: `it-crash-${Date.now()}`,
      args: [input, 60_000],
    });
    await w.smtp.waitForContent(1, 60_000);
    await kill(first);
    await startWorker();
    // The heartbeat timeout (10 s) hands the activity to the second worker; the claim lapses (20 s).
    const result = (await handle.result()) as NotifyResult;
    expect([...w.smtp.deliveries().values()]).toEqual([1]);
    expect(result).toMatchObject({ sent: 0, alreadySent: 0 });
    expect(result.uncertain).toHaveLength(1);
    expect(await w.row(keyOf(input, 'email', STP_EMAIL))).toMatchObject({
      status: 'UNCERTAIN',
      attempts: 1,
      lastError: expect.stringContaining('có thể đã đến'),
    });
  }, 110_000);
});
