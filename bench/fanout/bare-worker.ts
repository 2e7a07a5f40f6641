import { NativeConnection, Worker } from '@temporalio/worker';

// The bare baseline's worker (a process of its own, so its memory and CPU are measured alone):
// the SDK's default settings, a prebuilt bundle of ./bare-workflows.ts.
async function main(): Promise<void> {
  const env = (name: string) => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set`);
    return v;
  };
  const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    namespace: env('TEMPORAL_NAMESPACE'),
    taskQueue: env('TEMPORAL_TASK_QUEUE'),
    workflowBundle: { codePath: env('BENCH_BARE_BUNDLE') },
    activities: {
      noop: async () => {
        done += 1;
        lastAt = Date.now();
      },
    },
  });
  // The bench counts the no-op activities done (and when the last one was) from these lines.
  let done = 0;
  let lastAt = 0;
  let told = 0;
  const progress = setInterval(() => {
    if (done !== told) console.log(`noop ${(told = done)} ${lastAt}`);
  }, 200);
  console.log('bare worker ready');
  await worker.run();
  clearInterval(progress);
  await connection.close();
}

main().catch((err: unknown) => {
  console.error(`bare worker failed: ${(err as Error).message}`);
  process.exit(1);
});
