import path from 'node:path';
import { Worker, type WorkerOptions, type NativeConnection } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';

export const workflowsPath = path.resolve(__dirname, '..', 'workflows', 'index.ts');

/** The one worker definition, shared by the worker process and the tests. */
export async function createWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  workflowBundle?: WorkerOptions['workflowBundle'];
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
    activities: createActivities(opts.deps),
    // In-flight activities get this long to finish after SIGINT/SIGTERM.
    shutdownGraceTime: opts.shutdownGraceTime ?? '30 seconds',
  });
}
