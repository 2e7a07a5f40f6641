import { Runtime, DefaultLogger, type LogLevel } from '@temporalio/worker';
import { loadConfig, ConfigError } from '../config';
import { checkDb, createDb, redactUrl } from '../config/connections';
import { connectWorker } from './connection';
import { createActivityDeps } from './deps';
import { createWorker, resolveWorkflowSource } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const workflows = resolveWorkflowSource();
  if (workflows.note) console.warn(`worker: ${workflows.note}`);
  Runtime.install({ logger: new DefaultLogger(config.logLevel as LogLevel) });
  const db = createDb(config.databaseUrl);
  const deps = createActivityDeps(config, db);
  let connection: Awaited<ReturnType<typeof connectWorker>> | undefined;
  try {
    await checkDb(config.databaseUrl).catch((err: unknown) => {
      throw new Error(
        `database ${redactUrl(config.databaseUrl)} not ready: ${(err as Error).message.split('\n')[0]}`,
      );
    });
    await deps.channels.check();
    connection = await connectWorker(config.temporal).catch((err: unknown) => {
      throw new Error(`Temporal server ${config.temporal.address} not reachable: ${(err as Error).message}`);
    });
    const worker = await createWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      deps,
      // Production: the bundle `npm run build` made; development: the sources, bundled now.
      workflowBundle: workflows.kind === 'bundle' ? { codePath: workflows.codePath } : undefined,
    });
    console.log(
      `worker ready: server=${config.temporal.address} namespace=${config.temporal.namespace} ` +
        `queue=${config.temporal.taskQueue} database=${redactUrl(config.databaseUrl)} ` +
        `workflows=${workflows.kind === 'bundle' ? workflows.codePath : 'sources'}`,
    );
    // Runtime's default shutdown signals (SIGINT, SIGTERM) stop polling; run() resolves once
    // in-flight activities and workflow tasks have finished.
    await worker.run();
    console.log('worker stopped');
  } finally {
    await connection?.close();
    await db.$disconnect();
    deps.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `worker failed: ${(err as Error).message}`);
  process.exit(1);
});
