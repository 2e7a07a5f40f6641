import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { healthCheck } from '../../workflows';
import { loadConfig } from '../../config';
import { createActivityDeps } from '../../worker/deps';
import { createWorker } from '../../worker/worker';
import { freshDatabase } from '../support/db';

// The whole stack once: a workflow on the real dev server, a worker whose activity writes to the
// real PostgreSQL, and the row read back.
describe('foundation: dev server + worker + PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let nativeConnection: NativeConnection;
  let connection: Connection;

  beforeAll(async () => {
    database = await freshDatabase();
    nativeConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  });
  afterAll(async () => {
    await connection?.close();
    await nativeConnection?.close();
    await database?.drop();
  });

  it('runs healthCheck and its activity writes an audit row', async () => {
    const taskQueue = `it-foundation-${Date.now()}`;
    // The worker's own dependencies; no mail or SMS is sent (the pooled transport connects on a first send).
    const deps = createActivityDeps(loadConfig({ DATABASE_URL: database.url }), database.db);
    const worker = await createWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      deps,
    });
    const client = new Client({ connection });
    const workflowId = `health-${Date.now()}`;
    const rowId = await worker.runUntil(
      client.workflow.execute(healthCheck, { taskQueue, workflowId, args: ['xin chào'] }),
    );
    const row = await database.db.auditEvent.findUniqueOrThrow({ where: { id: rowId } });
    expect(row).toMatchObject({ workflowId, kind: 'HEALTH_CHECK', detail: { note: 'xin chào' } });
    deps.close();
    const description = await client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('COMPLETED');
  });
});
