import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { channelRegistryOf, createEmailChannel } from '../../activities/channels';
import { createNotificationActivities } from '../../activities/notifications';
import { createNotifyConnections } from '../../activities/notify/connections';
import { createDb } from '../../config/connections';
import { createWorkingCalendar } from '../../domain/calendar';

// A worker process of its own (so a test can SIGKILL it) running the notify activity against the
// database and SMTP server named in its environment, with the notifyOnce test workflow. Notify runs
// on its own connections, as in the real worker: the transmission mark leaves in the tick of the
// final dot only on them (the Prisma fallback is a round trip behind it, and a kill in between sends
// the email twice).
//   DATABASE_URL TEMPORAL_ADDRESS TASK_QUEUE SMTP_PORT  →  prints "ready" once polling

async function main(): Promise<void> {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const db = createDb(env('DATABASE_URL'));
  const notifyConnections = createNotifyConnections(env('DATABASE_URL'));
  const email = createEmailChannel({
    host: '127.0.0.1',
    port: Number(env('SMTP_PORT')),
    secure: false,
    poolSize: 1,
    from: '"Sở Nội vụ Đồng Tháp (CCHC)" <cchc@snv.dongthap.example>',
  });
  const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    taskQueue: env('TASK_QUEUE'),
    workflowsPath: path.join(__dirname, 'workflows', 'notify-once.ts'),
    activities: createNotificationActivities({
      db,
      notifyConnections,
      now: () => new Date(),
      config: { timeZone: 'Asia/Ho_Chi_Minh' },
      channels: channelRegistryOf({ email }),
      calendar: createWorkingCalendar(),
    }),
  });
  const running = worker.run();
  console.log('ready');
  await running;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
