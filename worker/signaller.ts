import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { WorkflowSignaller } from '../activities/deps';
import type { AppConfig } from '../config';
import { connectClient } from '../config/temporal';

const PARALLEL = 20;

/** Signals, queries and updates workflows through a client connection of the worker's own, opened on first use. */
export function createSignaller(
  config: AppConfig['temporal'],
): WorkflowSignaller & { close(): Promise<void> } {
  let client: Promise<Client> | undefined;
  const get = () =>
    (client ??= connectClient(config).then(
      (connection) => new Client({ connection, namespace: config.namespace }),
    ));
  return {
    async signalAll(workflowIds, signal, args) {
      const c = await get();
      const send = (workflowId: string) =>
        c.workflow
          .getHandle(workflowId)
          .signal(signal, ...args)
          .catch((err: unknown) => {
            // A report that has ended needs nothing more.
            if (!(err instanceof WorkflowNotFoundError)) throw err;
          });
      for (let i = 0; i < workflowIds.length; i += PARALLEL) {
        await Promise.all(workflowIds.slice(i, i + PARALLEL).map(send));
      }
    },
    async query<T>(workflowId: string, query: string): Promise<T | undefined> {
      const c = await get();
      try {
        return await c.workflow.getHandle(workflowId).query<T>(query);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      }
    },
    async update<T>(workflowId: string, update: string, args: unknown[]): Promise<T> {
      const c = await get();
      return c.workflow
        .getHandle(workflowId)
        .executeUpdate<T, [unknown]>(update, { args: args as [unknown] });
    },
    async close() {
      if (client) await (await client).connection.close();
    },
  };
}
