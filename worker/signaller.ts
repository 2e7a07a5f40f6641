import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { WorkflowSignaller } from '../activities/deps';
import type { AppConfig } from '../config';
import { connectClient } from '../config/temporal';

const PARALLEL = 20;

/** Signals workflows through a client connection of the worker's own, opened on first use. */
export function createSignaller(config: AppConfig['temporal']): WorkflowSignaller & { close(): Promise<void> } {
  let client: Promise<Client> | undefined;
  const get = () =>
    (client ??= connectClient(config).then((connection) => new Client({ connection, namespace: config.namespace })));
  return {
    async forEach(query, fn) {
      const c = await get();
      const running = new Set<Promise<void>>();
      for await (const wf of c.workflow.list({ query })) {
        const p = fn(wf.workflowId).finally(() => running.delete(p));
        running.add(p);
        if (running.size >= PARALLEL) await Promise.race(running);
      }
      await Promise.all(running);
    },
    async signal(workflowId, signal, args) {
      const c = await get();
      // A report that ended between the list and the signal needs nothing more.
      await c.workflow
        .getHandle(workflowId)
        .signal(signal, ...args)
        .catch((err: unknown) => {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        });
    },
    async close() {
      if (client) await (await client).connection.close();
    },
  };
}
