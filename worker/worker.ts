import fs from 'node:fs';
import path from 'node:path';
import { Worker, type WorkerOptions, type NativeConnection } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { ConfigError } from '../config';
import bundleOptions from './workflow-bundle.json';

/** The workflow sources: bundled by the worker at start-up in development and tests. */
export const workflowsPath = path.resolve(__dirname, '..', 'workflows', 'index.ts');

/** The file `npm run build` writes next to the compiled worker (dist/workflow-bundle.js). */
export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';

export type WorkflowSource =
  | { kind: 'bundle'; codePath: string; note?: string }
  | { kind: 'sources'; workflowsPath: string; note?: string };

/**
 * Where the worker takes its workflow code from:
 * - `CCHC_WORKFLOW_BUNDLE=<file>`: that prebuilt bundle (the file must exist);
 * - else a prebuilt bundle beside the running worker code (dist/ after `npm run build`): production;
 * - else, when the workflow sources are there, the sources (bundled at start-up): development,
 *   `npm run worker`; the compiled worker says so when its bundle is missing;
 * - else an error: the compiled worker without a bundle and without sources cannot run.
 */
export function resolveWorkflowSource(
  env: NodeJS.ProcessEnv = process.env,
  codeDir: string = __dirname,
): WorkflowSource {
  const explicit = env.CCHC_WORKFLOW_BUNDLE?.trim();
  if (explicit) {
    const codePath = path.resolve(explicit);
    if (!fs.existsSync(codePath)) {
      throw new ConfigError('CCHC_WORKFLOW_BUNDLE', `no such file: ${codePath} (npm run build writes one)`);
    }
    return { kind: 'bundle', codePath };
  }
  const beside = path.join(codeDir, WORKFLOW_BUNDLE_FILE);
  if (fs.existsSync(beside)) return { kind: 'bundle', codePath: beside };
  const compiled = path.basename(codeDir) === 'dist';
  const sources = path.resolve(codeDir, '..', 'workflows', 'index.ts');
  if (fs.existsSync(sources)) {
    return {
      kind: 'sources',
      workflowsPath: sources,
      note: compiled
        ? `no prebuilt workflow bundle at ${beside}: bundling the sources (npm run build)`
        : undefined,
    };
  }
  throw new ConfigError(
    'CCHC_WORKFLOW_BUNDLE',
    `no prebuilt workflow bundle at ${beside} and no workflow sources: run npm run build`,
  );
}

/**
 * How the workflow bundle is built, wherever it is (scripts/build.js and the tests read the same
 * file): `preloadModules` evaluates domain/preload.ts, i.e. zod, once per workflow thread instead
 * of once per workflow. Temporal keeps each workflow's module state apart by evaluating the
 * bundle's modules for every workflow it creates; zod, a pure library holding no per-workflow
 * state, was 0.85 MB of the 1.2 MB of modules each report evaluated. Preloaded modules are shared,
 * frozen, by every workflow of the thread.
 */
export const workflowBundlerOptions: { preloadModules: string[] } = bundleOptions;

/**
 * The one worker definition, shared by the worker process and the tests. Its capacity comes from
 * the configuration (CCHC_WORKER_*), chosen for workflows that sleep for weeks: the cache holds
 * the workflows busy now (a fan-out, a broadcast), not every waiting report, since a report whose
 * timer fires weeks later has long left any cache and replays its short history in milliseconds.
 */
export async function createWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  workflowBundle?: WorkerOptions['workflowBundle'];
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
}): Promise<Worker> {
  const capacity = opts.deps.config.worker;
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.workflowBundle
      ? { workflowBundle: opts.workflowBundle }
      : { workflowsPath, bundlerOptions: workflowBundlerOptions }),
    activities: createActivities(opts.deps),
    ...(capacity
      ? {
          maxCachedWorkflows: capacity.maxCachedWorkflows,
          maxConcurrentWorkflowTaskExecutions: capacity.maxConcurrentWorkflowTasks,
          maxConcurrentActivityTaskExecutions: capacity.maxConcurrentActivities,
        }
      : {}),
    // Heartbeats reach the server at least every 2 s (the SDK's default is 80% of the timeout: 8 s of
    // a notify's 10 s), so a heartbeat timeout means a stalled attempt, not a busy machine.
    maxHeartbeatThrottleInterval: '2 seconds',
    // In-flight activities get this long to finish after SIGINT/SIGTERM.
    shutdownGraceTime: opts.shutdownGraceTime ?? '30 seconds',
  });
}
