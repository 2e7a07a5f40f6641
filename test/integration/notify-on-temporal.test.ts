import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import path from 'node:path';
import { channelRegistryOf, createEmailChannel } from '../../activities/channels';
import { createNotificationActivities, type NotifyResult } from '../../activities/notifications';
import { createWorkingCalendar } from '../../domain/calendar';
import { keyOf, notifyWorld, reminder } from '../support/notify-fixture';

// notify run by a real worker on the Temporal dev server: attempts time out while their email is
// with a slow relay or still waiting for its connection; the retries neither send again nor lose.

describe('notify on Temporal', () => {
  const w = notifyWorld({ parse: false });
  let connection: NativeConnection;
  let client: Client;

  beforeAll(async () => {
    connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
    client = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS }) });
  });
  afterAll(async () => {
    await client?.connection.close();
    await connection?.close();
  });

  it('a slow relay and a timed-out attempt still deliver each email once', async () => {
    const taskQueue = `it-notify-${Date.now()}`;
    const email = createEmailChannel({ ...w.smtp.config, poolSize: 1 });
    w.opened.push(email);
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath: path.join(__dirname, '..', 'support', 'workflows', 'notify-once.ts'),
      activities: createNotificationActivities({
        db: w.db,
        notifyConnections: w.connections,
        now: () => new Date(),
        config: { timeZone: 'Asia/Ho_Chi_Minh' },
        channels: channelRegistryOf({ email }),
        calendar: createWorkingCalendar(),
      }),
    });
    // The relay takes 2.5 s for each message, an attempt may run 2 s, and there is one connection:
    // first attempts time out while sending or while waiting for the connection.
    w.smtp.fault({ kind: 'delay', ms: 2_500, times: 3 });
    const inputs = ['t-1', 't-2', 't-3'].map((step) => reminder('STP', step));
    const results: NotifyResult[] = await worker.runUntil(
      Promise.all(
        inputs.map((input) =>
          client.workflow.execute('notifyOnce', {
            taskQueue,
            workflowId: `notify-on-temporal-${input.step}-${Date.now()}`,
            args: [input, 2_000],
          }),
        ),
      ),
    );
    // Whoever recorded it, each message went out once and its row says SENT.
    expect(results.map((r) => r.sent + r.alreadySent)).toEqual([1, 1, 1]);
    expect([...w.smtp.deliveries().values()]).toEqual([1, 1, 1]);
    for (const input of inputs) {
      const row = await w.row(keyOf(input, 'email', 'daumoi.stp@dongthap.example'));
      expect(row).toMatchObject({ status: 'SENT', possibleDuplicate: false });
    }
  });
});
