import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { firstLine, rejection, ServiceError, unavailable } from './errors';

// One mapping from Temporal's failures to the service's typed errors, for every workflow call.

export interface CallOptions {
  /** Payload fields a validator may name (its message then says which). */
  fields?: readonly string[];
  /** The workflow does not exist. */
  notFound: () => ServiceError;
  /** The workflow exists but has ended. */
  ended: () => ServiceError;
}

/** Runs `call` on the workflow `workflowId`; a refusal, a missing or ended workflow each become one typed error. */
export async function callWorkflow<T>(
  client: Client,
  workflowId: string,
  call: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>,
  opts: CallOptions,
): Promise<T> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    return await call(handle);
  } catch (err) {
    if (err instanceof ServiceError) throw err;
    if (err instanceof WorkflowUpdateFailedError) {
      throw rejection(err.cause instanceof Error ? err.cause.message : err.message, opts.fields ?? []);
    }
    if (err instanceof WorkflowNotFoundError) {
      // Not found for an update or a signal also means "already completed": ask which.
      const exists = await handle.describe().then(
        () => true,
        (e: unknown) => (e instanceof WorkflowNotFoundError ? false : Promise.reject(e)),
      );
      throw exists ? opts.ended() : opts.notFound();
    }
    throw unavailable(`không gửi được tới ${workflowId}: ${firstLine(err)}`);
  }
}

/** A Temporal call with no particular target (list, count, schedules); any failure is one line saying what failed. */
export async function temporalCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ServiceError) throw err;
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    throw unavailable(`${what}: ${firstLine(cause)}`);
  }
}
